import { ringMesh, toBinaryStl, toObj } from './models';
import type { CustomerContact, OrderItem } from './orders';
import { itemsTotal } from './orders';
import type { ServiceUrls } from './services';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The order scenario of the demo and the end-to-end test: real HTTP requests
 * against the four running services, exercising every business event
 * (EV-1…EV-10), masking (realistic Russian and international customers),
 * a failed S3 upload, a redelivered message, a partner order (and a refused
 * one), a dashboard query and an order update. It returns what happened to
 * each request, with order and trace ids, so a demo can pick an order to
 * show and a test can assert on it.
 */

export type ScenarioKind = 'customer' | 'redelivered' | 'partner' | 'failed-upload' | 'partner-rejected';

export interface ScenarioOrder {
  kind: ScenarioKind;
  /** What this request shows, one line for the demo. */
  label: string;
  httpStatus: number;
  orderId?: string;
  traceId?: string;
  customerId: string;
  partnerId?: string;
  /** `confirmed` for orders that must go through; `none` for refused ones. */
  expectedStatus: 'confirmed' | 'none';
  /** Status in CRM when the scenario finished waiting. */
  finalStatus?: string;
  price?: number;
  millis: number;
}

export interface ScenarioResult {
  orders: ScenarioOrder[];
  dashboard: { httpStatus: number; traceId?: string; ordersLoaded?: number; filters: Record<string, string>; userId: string };
  update: { httpStatus: number; orderId: string; traceId?: string; changedFields: string[] };
  /** Every name, e-mail, phone and address the scenario sent: none of it may appear unmasked in any log or span. */
  personalData: string[];
  timings: { sendMs: number; confirmMs: number; dashboardMs: number; updateMs: number; totalMs: number };
}

export interface ScenarioOptions {
  /** Bound on the wait until every accepted order is confirmed (default 60 s). */
  confirmTimeoutMs?: number;
  /** Progress lines (the demo prints them). */
  onProgress?: (line: string) => void;
  /** Unknown partner id for the refused partner order. */
  unknownPartnerId?: string;
  /** Known partner id for the accepted partner order (must be in the services' PARTNER_IDS). */
  partnerId?: string;
}

interface Person {
  customerId: string;
  contact: CustomerContact;
}

/** The customers of the scenario: personal data that must be masked in every record. */
export const SCENARIO_PEOPLE: Record<'anna' | 'dmitry' | 'sarah' | 'lukas' | 'aiko' | 'maria', Person> = {
  anna: {
    customerId: 'cus_1001',
    contact: {
      name: 'Анна Сергеевна Смирнова',
      email: 'anna.smirnova@example.com',
      phone: '+7 (916) 123-45-67',
      address: 'г. Москва, ул. Большая Никитская, д. 12, кв. 34, 125009',
    },
  },
  dmitry: {
    customerId: 'cus_1002',
    contact: {
      name: 'Дмитрий Иванович Кузнецов',
      email: 'd.kuznetsov@example.org',
      phone: '8 903 555 12 34',
      address: 'Санкт-Петербург, Невский проспект, д. 28, кв. 5, 191186',
    },
  },
  sarah: {
    customerId: 'cus_2001',
    contact: {
      name: "Sarah O'Connor",
      email: 'sarah.oconnor@example.co.uk',
      phone: '+44 20 7946 0958',
      address: '221B Baker Street, London NW1 6XE, United Kingdom',
    },
  },
  lukas: {
    customerId: 'cus_2002',
    contact: {
      name: 'Lukas Müller',
      email: 'lukas.mueller@example.de',
      phone: '+49 30 901820',
      address: 'Friedrichstraße 43, 10117 Berlin, Germany',
    },
  },
  aiko: {
    customerId: 'cus_3001',
    contact: {
      name: 'Aiko Tanaka',
      email: 'aiko.tanaka@example.jp',
      phone: '+81 3 1234 5678',
      address: '1-1 Marunouchi, Chiyoda-ku, Tokyo 100-0005, Japan',
    },
  },
  maria: {
    customerId: 'prt_aurum',
    contact: {
      name: 'Мария Петрова',
      email: 'm.petrova@aurum-jewels.example.com',
      phone: '+7 495 123-45-67',
      address: 'Екатеринбург, ул. Малышева, д. 51, офис 1204',
    },
  },
};

/** New contact data of the PATCH (personal too). */
export const SCENARIO_UPDATE = {
  deliveryAddress: 'г. Москва, Кутузовский проспект, д. 30, кв. 7, 121165',
  phone: '+7 (925) 765-43-21',
  comment: 'Позвонить за час до доставки',
};

export function scenarioPersonalData(): string[] {
  const values = Object.values(SCENARIO_PEOPLE).flatMap((p) => [p.contact.name, p.contact.email, p.contact.phone, p.contact.address]);
  return [...values, SCENARIO_UPDATE.deliveryAddress, SCENARIO_UPDATE.phone];
}

const ring = (sku: string, title: string, quantity: number, unitPrice: number): OrderItem => ({ sku, title, quantity, unitPrice });

function model(kind: 'stl' | 'obj', diameterMm: number, density: number): { fileName: string; format: string; contentBase64: string } {
  const mesh = ringMesh(diameterMm, 2.2, 16 * density, 4 * density);
  const bytes = kind === 'stl' ? toBinaryStl(mesh) : toObj(mesh);
  return { fileName: `ring-${diameterMm}mm.${kind}`, format: kind, contentBase64: bytes.toString('base64') };
}

function shopOrder(person: Person, items: OrderItem[], currency: string, m: ReturnType<typeof model>): Record<string, unknown> {
  return { customerId: person.customerId, customer: person.contact, items, totalCost: itemsTotal(items), currency, model: m };
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  millis: number;
}

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = Date.now();
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { raw: text };
  }
  return { status: res.status, body: parsed, millis: Date.now() - started };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A bucket that does not exist: the real S3 server refuses the upload (NoSuchBucket). */
export function missingBucketName(): string {
  return `jewelry-missing-${Date.now().toString(36)}`;
}

export async function runScenario(urls: ServiceUrls, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const say = options.onProgress ?? (() => undefined);
  const started = Date.now();
  const orders: ScenarioOrder[] = [];
  const P = SCENARIO_PEOPLE;

  const customer = async (
    kind: 'customer' | 'redelivered' | 'failed-upload',
    label: string,
    person: Person,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    const a = await call('POST', `${urls.shopApi}/orders`, body, headers);
    const order: ScenarioOrder = {
      kind,
      label,
      httpStatus: a.status,
      orderId: str(a.body.orderId),
      traceId: str(a.body.traceId),
      customerId: person.customerId,
      expectedStatus: kind === 'failed-upload' ? 'none' : 'confirmed',
      millis: a.millis,
    };
    const expected = kind === 'failed-upload' ? 502 : 201;
    if (a.status !== expected)
      throw new Error(`scenario: ${label}: shop-api answered ${a.status} (expected ${expected}): ${JSON.stringify(a.body)}`);
    say(`${label}: HTTP ${a.status} order ${order.orderId ?? '-'} trace ${order.traceId ?? '-'} (${a.millis} ms)`);
    orders.push(order);
  };

  await customer(
    'customer',
    'shop order, ring in gold 585 (RUB)',
    P.anna,
    shopOrder(
      P.anna,
      [ring('RING-AU585-AURORA', 'Кольцо «Аврора», золото 585', 1, 48500), ring('ENGRAVE-01', 'Гравировка', 1, 1500)],
      'RUB',
      model('stl', 18, 3),
    ),
  );
  await customer(
    'redelivered',
    'shop order whose message MES refuses once (redelivered, LV-3)',
    P.dmitry,
    shopOrder(P.dmitry, [ring('RING-PT950-SOLO', 'Обручальное кольцо, платина 950', 2, 64000)], 'RUB', model('stl', 19, 2)),
    { 'x-simulate-transient-failure': 'true' },
  );
  await customer(
    'customer',
    'shop order, signet ring (GBP)',
    P.sarah,
    shopOrder(P.sarah, [ring('RING-AG925-SIGNET', 'Signet ring, sterling silver', 1, 420)], 'GBP', model('obj', 20, 2)),
  );
  await customer(
    'customer',
    'shop order, two bands (EUR)',
    P.lukas,
    shopOrder(
      P.lukas,
      [ring('RING-AU750-BAND', 'Wedding band, 18k gold', 2, 1150.5), ring('BOX-GIFT', 'Gift box', 1, 12)],
      'EUR',
      model('stl', 17, 4),
    ),
  );
  await customer(
    'failed-upload',
    'shop order whose 3D model S3 refuses (unknown bucket)',
    P.aiko,
    shopOrder(P.aiko, [ring('PEND-AU585-SAKURA', 'Pendant "Sakura", 14k gold', 1, 890)], 'USD', model('stl', 16, 2)),
    { 'x-s3-bucket': missingBucketName() },
  );

  const partnerId = options.partnerId ?? 'prt_aurum';
  const partnerBody = {
    partnerOrderRef: 'AUR-2026-0457',
    contact: P.maria.contact,
    items: [ring('RING-AU585-BLANK', 'Заготовка кольца, золото 585', 10, 9800)],
    totalCost: 98000,
    currency: 'RUB',
    model: { format: 'stl', size: 184_084 },
  };
  const partner = await call('POST', `${urls.partnerApi}/partner/orders`, partnerBody, { 'x-partner-id': partnerId });
  if (partner.status !== 201)
    throw new Error(`scenario: partner order: partner-api answered ${partner.status}: ${JSON.stringify(partner.body)}`);
  orders.push({
    kind: 'partner',
    label: `partner order from ${partnerId}`,
    httpStatus: partner.status,
    orderId: str(partner.body.orderId),
    traceId: str(partner.body.traceId),
    customerId: partnerId,
    partnerId,
    expectedStatus: 'confirmed',
    millis: partner.millis,
  });
  say(`partner order (${partnerId}): HTTP ${partner.status} order ${str(partner.body.orderId)} trace ${str(partner.body.traceId)}`);

  const unknown = options.unknownPartnerId ?? 'prt_unknown_42';
  const refused = await call('POST', `${urls.partnerApi}/partner/orders`, partnerBody, { 'x-partner-id': unknown });
  if (refused.status !== 403) throw new Error(`scenario: unknown partner: partner-api answered ${refused.status} (expected 403)`);
  orders.push({
    kind: 'partner-rejected',
    label: `partner order from unknown ${unknown}`,
    httpStatus: refused.status,
    orderId: str(refused.body.orderId),
    traceId: str(refused.body.traceId),
    customerId: unknown,
    partnerId: unknown,
    expectedStatus: 'none',
    millis: refused.millis,
  });
  say(`partner order from unknown partner: HTTP ${refused.status} (refused, EV-9 rejected)`);
  const sendMs = Date.now() - started;

  const accepted = orders.filter((o) => o.expectedStatus === 'confirmed');
  const confirmStarted = Date.now();
  const final = await waitForOrders(
    urls.crmApi,
    accepted.map((o) => o.orderId!),
    { timeoutMs: options.confirmTimeoutMs ?? 60000 },
  );
  for (const o of accepted) {
    o.finalStatus = String(final[o.orderId!]!.status);
    const price = final[o.orderId!]!.price;
    if (typeof price === 'number') o.price = price;
  }
  const confirmMs = Date.now() - confirmStarted;
  say(`all ${accepted.length} accepted orders confirmed in CRM (${confirmMs} ms)`);

  const dashStarted = Date.now();
  const filters = { status: 'priced', source: 'shop-api', dateFrom: new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10) };
  const dashUser = 'usr_mes_operator_7';
  const dash = await call('GET', `${urls.mesApi}/dashboard?${new URLSearchParams(filters).toString()}`, undefined, {
    'x-user-id': dashUser,
  });
  if (dash.status !== 200) throw new Error(`scenario: dashboard: mes-api answered ${dash.status}: ${JSON.stringify(dash.body)}`);
  const dashboardMs = Date.now() - dashStarted;
  say(`MES dashboard (${new URLSearchParams(filters).toString()}): ${String(dash.body.count)} orders loaded`);

  const updStarted = Date.now();
  const target = orders.find((o) => o.kind === 'customer')!;
  const upd = await call('PATCH', `${urls.crmApi}/orders/${target.orderId}`, SCENARIO_UPDATE, { 'x-user-id': 'usr_crm_manager_3' });
  if (upd.status !== 200) throw new Error(`scenario: order update: crm-api answered ${upd.status}: ${JSON.stringify(upd.body)}`);
  const updateMs = Date.now() - updStarted;
  const changedFields = Array.isArray(upd.body.changedFields) ? (upd.body.changedFields as string[]) : [];
  say(`order ${target.orderId} updated in CRM: ${changedFields.join(', ')}`);

  return {
    orders,
    dashboard: {
      httpStatus: dash.status,
      traceId: str(dash.body.traceId),
      ordersLoaded: typeof dash.body.count === 'number' ? dash.body.count : undefined,
      filters,
      userId: dashUser,
    },
    update: { httpStatus: upd.status, orderId: target.orderId!, traceId: str(upd.body.traceId), changedFields },
    personalData: scenarioPersonalData(),
    timings: { sendMs, confirmMs, dashboardMs, updateMs, totalMs: Date.now() - started },
  };
}

export interface WaitOptions {
  /** Default 60 s. */
  timeoutMs?: number;
  intervalMs?: number;
  /** Status every order must reach (default `confirmed`). */
  status?: string;
}

/** An order as crm-api GET /orders/:id returns it. */
export type CrmOrderView = Record<string, unknown> & { orderId: string; status: string; price?: number };

/**
 * Polls crm-api GET /orders/:id until every order has `status` (default
 * confirmed). Throws, after `timeoutMs`, an error that lists each order that
 * did not get there and where it was last seen.
 */
export async function waitForOrders(
  crmUrl: string,
  orderIds: readonly string[],
  options: WaitOptions = {},
): Promise<Record<string, CrmOrderView>> {
  const timeoutMs = options.timeoutMs ?? 60000;
  const intervalMs = options.intervalMs ?? 200;
  const wanted = options.status ?? 'confirmed';
  const deadline = Date.now() + timeoutMs;
  const last: Record<string, string> = {};
  const done: Record<string, CrmOrderView> = {};
  for (;;) {
    for (const id of orderIds) {
      if (done[id]) continue;
      try {
        const a = await call('GET', `${crmUrl}/orders/${encodeURIComponent(id)}`);
        if (a.status === 200 && a.body.status === wanted) done[id] = a.body as CrmOrderView;
        else last[id] = a.status === 200 ? `status ${String(a.body.status)}` : a.status === 404 ? 'not in CRM yet' : `HTTP ${a.status}`;
      } catch (err) {
        last[id] = `request failed: ${(err as Error).message}`;
      }
    }
    if (orderIds.every((id) => done[id])) return done;
    if (Date.now() >= deadline) {
      const missing = orderIds.filter((id) => !done[id]).map((id) => `${id}: ${last[id] ?? 'never seen'}`);
      throw new Error(
        `waitForOrders: ${missing.length} of ${orderIds.length} orders not ${wanted} after ${timeoutMs} ms — ${missing.join('; ')}`,
      );
    }
    await sleep(intervalMs);
  }
}
