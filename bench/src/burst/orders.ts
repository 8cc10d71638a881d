import { ringMesh, toBinaryStl } from '@jewelry-examples/common/models';
import { setTimeout as sleep } from 'node:timers/promises';

export type Phase = 'warm' | 'burst' | 'cool';

export interface OrderOutcome {
  phase: Phase;
  /** When the request was sent (ms since epoch). */
  sentAt: number;
  millis: number;
  status: number;
  orderId?: string;
}

/** A shop order as a customer's browser sends it: contact data (masked on the way), two lines, a small STL model. */
function orderBody(n: number): string {
  const model = toBinaryStl(ringMesh(18, 2.2, 24, 6));
  return JSON.stringify({
    customerId: `cus_burst_${n % 500}`,
    customer: {
      name: 'Анна Сергеевна Смирнова',
      email: 'anna.smirnova@example.com',
      phone: '+7 (916) 123-45-67',
      address: 'г. Москва, ул. Большая Никитская, д. 12, кв. 34',
    },
    items: [
      { sku: 'RING-585-18', title: 'ring in gold 585', quantity: 1, unitPrice: 42000 },
      { sku: 'ENGRAVE', title: 'engraving', quantity: 1, unitPrice: 3000 },
    ],
    totalCost: 45000,
    currency: 'RUB',
    model: { fileName: 'ring-18mm.stl', format: 'stl', contentBase64: model.toString('base64') },
  });
}

/**
 * POST /orders against shop-api: at a fixed rate (open loop: the usual ~4/s,
 * whatever the answers take) or as fast as `connections` requests in flight
 * are answered (closed loop: what the machine sustains).
 */
export class OrderLoad {
  readonly outcomes: OrderOutcome[] = [];
  private n = 0;

  constructor(
    private readonly shopUrl: string,
    private readonly onOrder: (o: OrderOutcome) => void = () => undefined,
  ) {}

  async one(phase: Phase): Promise<OrderOutcome> {
    const sentAt = Date.now();
    let outcome: OrderOutcome;
    try {
      const res = await fetch(`${this.shopUrl}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: orderBody(this.n++),
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json().catch(() => ({}))) as { orderId?: string };
      outcome = { phase, sentAt, millis: Date.now() - sentAt, status: res.status, orderId: body.orderId };
    } catch {
      outcome = { phase, sentAt, millis: Date.now() - sentAt, status: 0 };
    }
    this.outcomes.push(outcome);
    this.onOrder(outcome);
    return outcome;
  }

  async paced(phase: Phase, perSecond: number, seconds: number): Promise<void> {
    const inFlight: Promise<unknown>[] = [];
    const start = Date.now();
    for (let i = 0; i < perSecond * seconds; i++) {
      const due = start + (i * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      inFlight.push(this.one(phase));
    }
    await Promise.all(inFlight);
  }

  async closed(phase: Phase, connections: number, seconds: number): Promise<void> {
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < end) await this.one(phase);
      }),
    );
  }
}
