import { join } from 'node:path';
import { FixtureProcess, httpRequest } from './fixture-process';

const FIXTURE = join(__dirname, '..', 'e2e', 'fixtures', 'numbered-log-service.js');
const REPO = join(__dirname, '..', '..');

export interface StreamResult {
  /** Records the service was asked to write and confirmed. */
  written: number;
  /** Latency of every request, in order. */
  latencies: number[];
  /** Requests that did not answer 200. */
  failures: number;
}

/**
 * An instrumented service (`node --require @jewelry/otel`) that writes
 * uniquely numbered log records (`<run>-<seq>` as order.id), driven at a
 * steady rate, so a test can count in Elasticsearch exactly which arrived.
 */
export class NumberedStream {
  readonly service: FixtureProcess;
  private port = 0;
  private next = 0;
  private running: Promise<void> | undefined;
  private stopRequested = false;
  private readonly result: StreamResult = { written: 0, latencies: [], failures: 0 };

  /** The fixture as crm-api, logs only, exporting to `otlpEndpoint` with 100 ms batch delays; `env` adds to or overrides that. */
  constructor(
    readonly run: string,
    otlpEndpoint: string,
    env: Record<string, string> = {},
  ) {
    this.service = new FixtureProcess(
      ['--require', '@jewelry/otel', FIXTURE],
      {
        OTEL_SERVICE_NAME: 'crm-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_BLRP_SCHEDULE_DELAY: '100',
        ...env,
      },
      REPO,
    );
  }

  async start(): Promise<this> {
    this.port = await this.service.port();
    return this;
  }

  /** Writes `perRequest` records every `everyMillis` until stop(). */
  begin(perRequest: number, everyMillis: number): void {
    this.stopRequested = false;
    this.running = (async () => {
      while (!this.stopRequested) {
        const tickStart = Date.now();
        await this.write(perRequest);
        await new Promise((r) => setTimeout(r, Math.max(0, everyMillis - (Date.now() - tickStart))));
      }
    })();
  }

  async stop(): Promise<StreamResult> {
    this.stopRequested = true;
    await this.running;
    return { ...this.result, latencies: [...this.result.latencies] };
  }

  /** One request writing `count` records. */
  async write(count: number): Promise<void> {
    const from = this.next;
    this.next += count;
    try {
      const answer = await httpRequest(this.port, 'POST', `/write?run=${this.run}&from=${from}&count=${count}`);
      this.result.latencies.push(answer.millis);
      if (answer.status === 200) this.result.written += count;
      else this.result.failures += 1;
    } catch {
      this.result.failures += 1;
    }
  }

  async stats(): Promise<{ logs: { accepted: number; exported: number; failed: number; droppedQueueFull: number; inFlight: number } }> {
    return JSON.parse((await httpRequest(this.port, 'GET', '/stats')).body) as never;
  }

  /** Waits until the SDK has nothing in flight (delivered or lost). */
  async settled(timeoutMillis: number): Promise<void> {
    const deadline = Date.now() + timeoutMillis;
    while (Date.now() < deadline) {
      if ((await this.stats()).logs.inFlight === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
