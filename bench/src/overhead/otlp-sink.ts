import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SIGNALS = ['traces', 'logs', 'metrics'] as const;
export type SinkSignal = (typeof SIGNALS)[number];

export interface SignalTally {
  requests: number;
  bytes: number;
}

export type SinkTally = Record<SinkSignal, SignalTally>;

function emptyTally(): SinkTally {
  return { traces: { requests: 0, bytes: 0 }, logs: { requests: 0, bytes: 0 }, metrics: { requests: 0, bytes: 0 } };
}

/** b − a, per signal: what arrived between two snapshots. */
export function tallyDelta(a: SinkTally, b: SinkTally): SinkTally {
  const d = emptyTally();
  for (const s of SIGNALS) d[s] = { requests: b[s].requests - a[s].requests, bytes: b[s].bytes - a[s].bytes };
  return d;
}

/**
 * The OTLP receiver every variant exports to: POST /v1/traces|logs|metrics
 * over http/protobuf, answered at once with 200 and an empty protobuf body
 * (an Export*ServiceResponse with no partial success), so that no variant
 * waits on a collector. It counts requests and body bytes per signal and
 * parses nothing. Anything else gets 404 and is counted as `other`.
 */
export class OtlpSink {
  private readonly server: Server;
  private readonly tally = emptyTally();
  private otherRequests = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const signal = SIGNALS.find((s) => req.url === `/v1/${s}`);
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      req.on('end', () => {
        if (req.method === 'POST' && signal) {
          this.tally[signal].requests += 1;
          this.tally[signal].bytes += bytes;
          res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
        } else {
          this.otherRequests += 1;
          res.writeHead(404).end();
        }
      });
    });
    this.server.keepAliveTimeout = 30_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    return this.endpoint;
  }

  /** `http://127.0.0.1:<port>` — the value of OTEL_EXPORTER_OTLP_ENDPOINT. */
  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  snapshot(): SinkTally {
    return { traces: { ...this.tally.traces }, logs: { ...this.tally.logs }, metrics: { ...this.tally.metrics } };
  }

  /** Requests to paths other than the three OTLP ones (a variant exporting elsewhere, e.g. OpAMP). */
  get other(): number {
    return this.otherRequests;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
