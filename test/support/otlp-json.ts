/**
 * Raw OTLP/JSON payloads, as a client that is not our SDK would send them
 * (the collector and pipeline tests post them straight to a collector).
 */
export type Json = Record<string, unknown>;

/** An OTLP AnyValue for a JavaScript value (integers as intValue, Buffers as bytesValue, objects as kvlistValue). */
export function anyValue(v: unknown): Json {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  if (Buffer.isBuffer(v)) return { bytesValue: v.toString('base64') };
  if (v !== null && typeof v === 'object') return { kvlistValue: { values: keyValues(v as Json) } };
  return {};
}

export const keyValues = (attrs: Json): Json[] => Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));

/** Nested objects as dotted keys, the way most SDKs send attributes ({customer: {name}} → customer.name). */
export function flatten(obj: Json, prefix = ''): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, flatten(v as Json, key));
    else out[key] = v;
  }
  return out;
}

export const nowNanos = (): string => String(BigInt(Date.now()) * 1_000_000n);

export interface RawLog {
  body: unknown;
  attributes?: Json;
  traceId?: string;
  spanId?: string;
  severityNumber?: number;
  /** Default: now; null: none sent. */
  timeUnixNano?: string | null;
  observedTimeUnixNano?: string;
}

/** The resource of a raw request: service.name unless `service` is null (none sent), then `resource`. */
const resourceOf = (service: string | null, resource: Json): Json => ({
  attributes: keyValues(service === null ? resource : { 'service.name': service, ...resource }),
});

export function logsRequest(service: string | null, logs: RawLog[], resource: Json = {}): Json {
  return {
    resourceLogs: [
      {
        resource: resourceOf(service, resource),
        scopeLogs: [
          {
            scope: { name: 'raw-otlp-client' },
            logRecords: logs.map((l) => ({
              ...(l.timeUnixNano === null ? {} : { timeUnixNano: l.timeUnixNano ?? nowNanos() }),
              ...(l.observedTimeUnixNano ? { observedTimeUnixNano: l.observedTimeUnixNano } : {}),
              severityNumber: l.severityNumber ?? 9,
              severityText: 'INFO',
              body: anyValue(l.body),
              attributes: keyValues(l.attributes ?? {}),
              ...(l.traceId ? { traceId: l.traceId } : {}),
              ...(l.spanId ? { spanId: l.spanId } : {}),
            })),
          },
        ],
      },
    ],
  };
}

export interface RawSpan {
  traceId: string;
  spanId: string;
  name: string;
  attributes?: Json;
  status?: { code: number; message?: string };
  events?: { name: string; attributes?: Json }[];
  links?: { traceId: string; spanId: string; attributes?: Json }[];
}

export function tracesRequest(service: string | null, spans: RawSpan[], resource: Json = {}): Json {
  const start = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: resourceOf(service, resource),
        scopeSpans: [
          {
            scope: { name: 'raw-otlp-client' },
            spans: spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              name: s.name,
              kind: 2,
              startTimeUnixNano: String(start),
              endTimeUnixNano: String(start + 5_000_000n),
              attributes: keyValues(s.attributes ?? {}),
              events: (s.events ?? []).map((e) => ({
                timeUnixNano: String(start + 1_000_000n),
                name: e.name,
                attributes: keyValues(e.attributes ?? {}),
              })),
              links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: keyValues(l.attributes ?? {}) })),
              status: s.status ?? { code: 0 },
            })),
          },
        ],
      },
    ],
  };
}

/** Several raw requests of one signal as one request (their resources side by side). */
export function mergeRequests(...requests: Json[]): Json {
  const out: Record<string, unknown[]> = {};
  for (const r of requests) for (const [k, v] of Object.entries(r)) out[k] = [...(out[k] ?? []), ...(v as unknown[])];
  return out;
}

export async function postOtlp(endpoint: string, signal: 'logs' | 'traces' | 'metrics', payload: Json): Promise<number> {
  const res = await fetch(`${endpoint}/v1/${signal}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  await res.arrayBuffer();
  return res.status;
}

export const randomHex = (bytes: number): string =>
  Array.from({ length: bytes * 2 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
