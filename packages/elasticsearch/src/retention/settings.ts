// What `jewelry-otel retention` keeps, rolls over and deletes (ST-2, ST-3),
// read from the environment. The per-class defaults are the schema's
// (`retentionClasses[cls].defaultRetentionDays`: logs 180, errors 365,
// audit 365, traces 180 — document 001); `JEWELRY_RETENTION_ALL_DAYS=90` is
// document 000's "3 months for everything", and a class's own variable still
// wins over it ("shorten later", one class at a time).
import { retentionClasses, type RetentionClass } from '@jewelry/schema';
import { parseByteSize, tryParseDuration, UsageError } from '@jewelry/ops-kit';
import { esByteSize, esTimeValue } from './units';

export const RETENTION_CLASSES = Object.keys(retentionClasses) as RetentionClass[];

/** How the size cap groups indices: all of a service's classes together, or each family (service and class) alone. */
export type SizeCapScope = 'service' | 'class';

export interface RolloverConditions {
  /** Roll over when the write index's largest primary shard reaches this (JEWELRY_ROLLOVER_MAX_SIZE, default 1gb). */
  readonly maxPrimaryShardSizeBytes: number;
  /** …or when the write index is this old since its creation (JEWELRY_ROLLOVER_MAX_AGE; unset: never by age). */
  readonly maxAgeMs?: number | undefined;
  /** …or when it holds this many documents (JEWELRY_ROLLOVER_MAX_DOCS; unset: never by count). */
  readonly maxDocs?: number | undefined;
}

export interface RetentionSettings {
  readonly rollover: RolloverConditions;
  /** Per class: an index is deleted when even its newest record is older than this. */
  readonly retentionMs: Readonly<Record<RetentionClass, number>>;
  /** Where each class's retention came from, for the log and --json. */
  readonly retentionSource: Readonly<Record<RetentionClass, string>>;
  /** Per service (or per family, see sizeCapScope); unset: no cap (JEWELRY_SERVICE_SIZE_CAP). */
  readonly sizeCapBytes?: number | undefined;
  /** JEWELRY_SERVICE_SIZE_CAP_SCOPE, default `service`. */
  readonly sizeCapScope: SizeCapScope;
}

export const DEFAULT_ROLLOVER_MAX_SIZE = '1gb';
const DAY_MS = 86_400_000;

type Env = Record<string, string | undefined>;

/** The variable that overrides one class's retention: JEWELRY_RETENTION_LOGS_DAYS, …_ERRORS_DAYS, …_AUDIT_DAYS, …_TRACES_DAYS. */
export function classRetentionVariable(cls: RetentionClass): string {
  return `JEWELRY_RETENTION_${cls.toUpperCase()}_DAYS`;
}
export const ALL_RETENTION_VARIABLE = 'JEWELRY_RETENTION_ALL_DAYS';

function set(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function duration(env: Env, name: string, bareUnit?: 'd'): number | undefined {
  const raw = set(env, name);
  if (raw === undefined) return undefined;
  const ms = tryParseDuration(raw, bareUnit ? { bareUnit } : {});
  if (ms === undefined) {
    throw new UsageError(`${name} must be a duration such as ${bareUnit ? '90 (days), ' : ''}180d, 12h, 10m or 30s, got '${env[name]}'`);
  }
  return ms;
}

function size(env: Env, name: string): number | undefined {
  const raw = set(env, name);
  if (raw === undefined) return undefined;
  const bytes = parseByteSize(raw);
  if (bytes === undefined) throw new UsageError(`${name} must be a size such as 1gb, 500mb, 64kb or 4096 (bytes), got '${env[name]}'`);
  return bytes;
}

/**
 * Settings from the environment:
 *
 * | variable | default |
 * |---|---|
 * | JEWELRY_ROLLOVER_MAX_SIZE | 1gb |
 * | JEWELRY_ROLLOVER_MAX_AGE, JEWELRY_ROLLOVER_MAX_DOCS | unset |
 * | JEWELRY_RETENTION_ALL_DAYS | unset (90 = document 000) |
 * | JEWELRY_RETENTION_<CLASS>_DAYS | the schema's days; wins over ALL |
 * | JEWELRY_SERVICE_SIZE_CAP | unset (no cap) |
 * | JEWELRY_SERVICE_SIZE_CAP_SCOPE | service |
 *
 * The `_DAYS` variables take a bare number as days, or a duration with its unit
 * (`30s`, `10m`, `12h`, `180d`), so a test can expire an index in seconds.
 */
export function retentionSettingsFromEnv(env: Env = process.env): RetentionSettings {
  const maxSize = size(env, 'JEWELRY_ROLLOVER_MAX_SIZE') ?? (parseByteSize(DEFAULT_ROLLOVER_MAX_SIZE) as number);
  const maxAgeMs = duration(env, 'JEWELRY_ROLLOVER_MAX_AGE');
  const docsRaw = set(env, 'JEWELRY_ROLLOVER_MAX_DOCS');
  let maxDocs: number | undefined;
  if (docsRaw !== undefined) {
    maxDocs = Number(docsRaw);
    if (!Number.isSafeInteger(maxDocs) || maxDocs < 1) {
      throw new UsageError(`JEWELRY_ROLLOVER_MAX_DOCS must be a whole number of documents (1 or more), got '${docsRaw}'`);
    }
  }
  const all = duration(env, ALL_RETENTION_VARIABLE, 'd');
  const retentionMs = {} as Record<RetentionClass, number>;
  const retentionSource = {} as Record<RetentionClass, string>;
  for (const cls of RETENTION_CLASSES) {
    const own = duration(env, classRetentionVariable(cls), 'd');
    if (own !== undefined) {
      retentionMs[cls] = own;
      retentionSource[cls] = classRetentionVariable(cls);
    } else if (all !== undefined) {
      retentionMs[cls] = all;
      retentionSource[cls] = ALL_RETENTION_VARIABLE;
    } else {
      retentionMs[cls] = retentionClasses[cls].defaultRetentionDays * DAY_MS;
      retentionSource[cls] = 'default';
    }
  }
  const scopeRaw = set(env, 'JEWELRY_SERVICE_SIZE_CAP_SCOPE') ?? 'service';
  if (scopeRaw !== 'service' && scopeRaw !== 'class') {
    throw new UsageError(`JEWELRY_SERVICE_SIZE_CAP_SCOPE must be 'service' or 'class', got '${scopeRaw}'`);
  }
  return {
    rollover: { maxPrimaryShardSizeBytes: maxSize, maxAgeMs, maxDocs },
    retentionMs,
    retentionSource,
    sizeCapBytes: size(env, 'JEWELRY_SERVICE_SIZE_CAP'),
    sizeCapScope: scopeRaw,
  };
}

/** The defaults (no variable set): what the schema says, 1gb rollover, no cap. */
export function defaultRetentionSettings(): RetentionSettings {
  return retentionSettingsFromEnv({});
}

/** The conditions as the rollover API and ILM's rollover action take them. */
export function rolloverConditionsBody(r: RolloverConditions): Record<string, string | number> {
  const out: Record<string, string | number> = { max_primary_shard_size: esByteSize(r.maxPrimaryShardSizeBytes) };
  if (r.maxAgeMs !== undefined) out.max_age = esTimeValue(r.maxAgeMs);
  if (r.maxDocs !== undefined) out.max_docs = r.maxDocs;
  // Never roll over an empty index: a quiet service would collect a chain of empty ones.
  out.min_docs = 1;
  return out;
}

/** A JSON-friendly summary for --json and the logs. */
export function describeSettings(s: RetentionSettings): Record<string, unknown> {
  return {
    rollover: rolloverConditionsBody(s.rollover),
    retention: Object.fromEntries(
      RETENTION_CLASSES.map((cls) => [cls, { after: esTimeValue(s.retentionMs[cls]), from: s.retentionSource[cls] }]),
    ),
    sizeCap: s.sizeCapBytes === undefined ? null : { bytes: s.sizeCapBytes, size: esByteSize(s.sizeCapBytes), per: s.sizeCapScope },
  };
}
