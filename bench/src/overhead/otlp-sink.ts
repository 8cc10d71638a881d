import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { countDatadogSpans } from './msgpack-count';
import { countOtlpItems } from './otlp-count';

/** Where dd-trace sends spans (DD_TRACE_AGENT_URL + this path), MessagePack v0.4. */
export const DATADOG_TRACES_PATH = '/v0.4/traces';
/** What the Datadog agent answers a trace payload with: no sampling rates to apply. */
const DATADOG_TRACES_ANSWER = '{"rate_by_service":{}}';

export const SIGNALS = ['traces', 'logs', 'metrics'] as const;
export type SinkSignal = (typeof SIGNALS)[number];

export interface SignalTally {
  requests: number;
  /** Body bytes as received (compressed if the exporter compressed). */
  bytes: number;
  /** Spans, log records or metrics in those bodies. */
  items: number;
}

export type SinkTally = Record<SinkSignal, SignalTally>;

function emptyTally(): SinkTally {
  return {
    traces: { requests: 0, bytes: 0, items: 0 },
    logs: { requests: 0, bytes: 0, items: 0 },
    metrics: { requests: 0, bytes: 0, items: 0 },
  };
}

/** b − a, per signal: what arrived between two snapshots. */
export function tallyDelta(a: SinkTally, b: SinkTally): SinkTally {
  const d = emptyTally();
  for (const s of SIGNALS)
    d[s] = { requests: b[s].requests - a[s].requests, bytes: b[s].bytes - a[s].bytes, items: b[s].items - a[s].items };
  return d;
}

/**
 * The receiver every variant exports to: POST /v1/traces|logs|metrics over
 * OTLP http/protobuf, answered at once with 200 and an empty protobuf body
 * (an Export*ServiceResponse with no partial success), so that no variant
 * waits on a collector — and, as the fake Datadog agent of the `datadog`
 * variant (DD_TRACE_AGENT_URL), PUT /v0.4/traces answered 200
 * `{"rate_by_service":{}}`, its spans counted as traces. It counts requests,
 * body bytes and the spans, log records or metrics in them per signal
 * (otlp-count.ts and msgpack-count.ts walk only the nesting, they decode no
 * item). A body it cannot read is answered 400 and counted as `malformed`;
 * other paths get 404 and count as `other` (a tracer asking the agent for
 * its /info or remote configuration, say).
 */
export class OtlpSink {
  private readonly server: Server;
  private readonly tally = emptyTally();
  private otherRequests = 0;
  private malformedRequests = 0;

  constructor() {
    this.server = createServer((req, res) => {
      const otlpSignal = req.method === 'POST' ? SIGNALS.find((s) => req.url === `/v1/${s}`) : undefined;
      const datadog = (req.method === 'PUT' || req.method === 'POST') && req.url === DATADOG_TRACES_PATH;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (otlpSignal || datadog) {
          const body = Buffer.concat(chunks);
          let items: number;
          try {
            items = datadog
              ? countDatadogSpans(body)
              : countOtlpItems(req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body);
          } catch {
            this.malformedRequests += 1;
            res.writeHead(400).end();
            return;
          }
          const t = this.tally[otlpSignal ?? 'traces'];
          t.requests += 1;
          t.bytes += body.length;
          t.items += items;
          if (datadog) res.writeHead(200, { 'content-type': 'application/json' }).end(DATADOG_TRACES_ANSWER);
          else res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
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

  /** POSTs to an OTLP path whose body was not OTLP protobuf (a variant exporting JSON, say). */
  get malformed(): number {
    return this.malformedRequests;
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
