import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import * as protobuf from 'protobufjs';
import { OTLP_PROTO } from './otlp-schema';

/**
 * An in-test OTLP/HTTP receiver (protobuf and JSON) for tests of the SDK
 * side. It keeps what it received as plain objects; end-to-end tests use the
 * real collector instead.
 */

export type Attrs = Record<string, unknown>;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Attrs;
  events: { name: string; attributes: Attrs }[];
  status: { code: number; message: string };
  resource: Attrs;
  scope: string;
}

export interface ReceivedLog {
  traceId: string;
  spanId: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Attrs;
  resource: Attrs;
  scope: string;
}

export interface ReceiverOptions {
  /** Answer every request with this HTTP status instead of 200. */
  status?: number;
  /** Hold every answer this long (a slow collector). */
  delayMillis?: number;
}

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const types = {
  traces: root.lookupType('otlp.ExportTraceServiceRequest'),
  logs: root.lookupType('otlp.ExportLogsServiceRequest'),
  metrics: root.lookupType('otlp.ExportMetricsServiceRequest'),
};

type Json = Record<string, any>;

const hex = (v: unknown): string =>
  typeof v === 'string' ? v : Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('hex') : '';

function anyValue(v: Json | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return ((v.arrayValue?.values ?? []) as Json[]).map(anyValue);
  if ('kvlistValue' in v) return attrs(v.kvlistValue?.values);
  if ('bytesValue' in v) return hex(v.bytesValue);
  return undefined;
}

function attrs(list: Json[] | undefined): Attrs {
  const out: Attrs = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

function decode(signal: keyof typeof types, body: Buffer, contentType: string): Json {
  if (contentType.includes('json')) return JSON.parse(body.toString('utf8')) as Json;
  const type = types[signal];
  return type.toObject(type.decode(body), { longs: String, defaults: false, oneofs: false }) as Json;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly logs: ReceivedLog[] = [];
  readonly metricNames = new Set<string>();
  /** Every raw request body decoded to JSON, for "nothing personal anywhere" checks. */
  readonly rawBodies: string[] = [];
  requests = 0;
  private server: Server | undefined;
  options: ReceiverOptions;

  constructor(options: ReceiverOptions = {}) {
    this.options = options;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.endpoint;
  }

  get endpoint(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Polls until `predicate` holds or the time is up; returns whether it held. */
  async waitFor(predicate: () => boolean, timeoutMillis = 15000): Promise<boolean> {
    const deadline = Date.now() + timeoutMillis;
    while (Date.now() < deadline) {
      if (predicate()) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return predicate();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    this.requests += 1;
    if (this.options.delayMillis) await new Promise((r) => setTimeout(r, this.options.delayMillis));
    if (this.options.status && this.options.status !== 200) {
      res.writeHead(this.options.status).end();
      return;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    const signal = req.url?.endsWith('/v1/traces')
      ? 'traces'
      : req.url?.endsWith('/v1/logs')
        ? 'logs'
        : req.url?.endsWith('/v1/metrics')
          ? 'metrics'
          : undefined;
    if (!signal) {
      res.writeHead(404).end();
      return;
    }
    try {
      const message = decode(signal, body, contentType);
      this.rawBodies.push(JSON.stringify(message, (_k, v: unknown) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? hex(v) : v)));
      this.collect(signal, message);
    } catch (err) {
      res.writeHead(400).end(String(err));
      return;
    }
    res.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' });
    res.end(contentType.includes('json') ? '{}' : undefined);
  }

  private collect(signal: 'traces' | 'logs' | 'metrics', message: Json): void {
    if (signal === 'traces') {
      for (const rs of message.resourceSpans ?? []) {
        const resource = attrs(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            this.spans.push({
              traceId: hex(s.traceId),
              spanId: hex(s.spanId),
              parentSpanId: hex(s.parentSpanId),
              name: s.name,
              kind: Number(s.kind ?? 0),
              attributes: attrs(s.attributes),
              events: ((s.events ?? []) as Json[]).map((e) => ({ name: e.name, attributes: attrs(e.attributes) })),
              status: { code: Number(s.status?.code ?? 0), message: s.status?.message ?? '' },
              resource,
              scope: ss.scope?.name ?? '',
            });
          }
        }
      }
    } else if (signal === 'logs') {
      for (const rl of message.resourceLogs ?? []) {
        const resource = attrs(rl.resource?.attributes);
        for (const sl of rl.scopeLogs ?? []) {
          for (const l of sl.logRecords ?? []) {
            this.logs.push({
              traceId: hex(l.traceId),
              spanId: hex(l.spanId),
              severityNumber: Number(l.severityNumber ?? 0),
              severityText: l.severityText ?? '',
              body: anyValue(l.body),
              attributes: attrs(l.attributes),
              resource,
              scope: sl.scope?.name ?? '',
            });
          }
        }
      }
    } else {
      for (const rm of message.resourceMetrics ?? [])
        for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) this.metricNames.add(m.name);
    }
  }
}
