/**
 * Raw OTLP/JSON payloads, as a client that is not our SDK would send them
 * (the collector and pipeline tests post them straight to a collector).
 */
export type Json = Record<string, unknown>;

/** An OTLP AnyValue for a JavaScript value (integers as intValue, objects as kvlistValue). */
export function anyValue(v: unknown): Json {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
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
}

export function logsRequest(service: string, logs: RawLog[], resource: Json = {}): Json {
  return {
    resourceLogs: [
      {
        resource: { attributes: keyValues({ 'service.name': service, ...resource }) },
        scopeLogs: [
          {
            scope: { name: 'raw-otlp-client' },
            logRecords: logs.map((l) => ({
              timeUnixNano: nowNanos(),
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
}

export function tracesRequest(service: string, spans: RawSpan[], resource: Json = {}): Json {
  const start = BigInt(Date.now()) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues({ 'service.name': service, ...resource }) },
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
              events: (s.events ?? []).map((e) => ({ timeUnixNano: String(start + 1_000_000n), name: e.name, attributes: keyValues(e.attributes ?? {}) })),
              status: s.status ?? { code: 0 },
            })),
          },
        ],
      },
    ],
  };
}

export async function postOtlp(endpoint: string, signal: 'logs' | 'traces', payload: Json): Promise<number> {
  const res = await fetch(`${endpoint}/v1/${signal}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  await res.arrayBuffer();
  return res.status;
}

export const randomHex = (bytes: number): string => Array.from({ length: bytes * 2 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
