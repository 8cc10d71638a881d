/**
 * Shared by the collector-masking tests: raw OTLP/JSON payloads (as a client
 * that is not our SDK would send them), and a private collector process on
 * free ports for the checks that need their own pipeline config.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCollector, resolveSettings } from '@jewelry/cli';
import { freePort } from '../support/free-port';

// ---- OTLP/JSON ----------------------------------------------------------------

type Json = Record<string, unknown>;

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

// ---- a private collector -------------------------------------------------------

/**
 * Our collector distribution (the cached build) with the given config files,
 * on free ports and in its own temporary directory; never the stack's collector.
 */
export class PrivateCollector {
  private child: ChildProcess | undefined;
  private output = '';
  readonly dir = mkdtempSync(join(tmpdir(), 'jewelry-mask-collector-'));
  ports: { otlpHttp: number; otlpGrpc: number; health: number; metrics: number; telemetry: number } | undefined;

  get otlpHttpEndpoint(): string {
    return `http://127.0.0.1:${this.ports!.otlpHttp}`;
  }

  get log(): string {
    return this.output;
  }

  /** `configs` are file paths or YAML texts (written into the temporary directory). */
  async start(configs: string[], env: Record<string, string> = {}): Promise<void> {
    const build = await buildCollector(resolveSettings());
    this.ports = { otlpHttp: await freePort(), otlpGrpc: await freePort(), health: await freePort(), metrics: await freePort(), telemetry: await freePort() };
    const files = configs.map((c, i) => {
      if (!c.includes('\n')) return c;
      const file = join(this.dir, `config-${i}.yaml`);
      writeFileSync(file, c);
      return file;
    });
    this.child = spawn(build.binary, files.flatMap((f) => ['--config', f]), {
      cwd: this.dir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: this.dir,
        OTLP_HTTP_PORT: String(this.ports.otlpHttp),
        OTLP_GRPC_PORT: String(this.ports.otlpGrpc),
        COLLECTOR_HEALTH_PORT: String(this.ports.health),
        COLLECTOR_METRICS_PORT: String(this.ports.metrics),
        COLLECTOR_TELEMETRY_PORT: String(this.ports.telemetry),
        JEWELRY_COLLECTOR_STORAGE: join(this.dir, 'storage'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (!this.output.includes('Everything is ready')) {
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`private collector did not start:\n${this.output.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
