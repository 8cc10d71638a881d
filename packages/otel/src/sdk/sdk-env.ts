import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanLimits,
} from '@opentelemetry/sdk-trace';

/*
 * The OTEL_* variables the NodeSDK used to read for us, read here with the
 * same meaning (the providers of OTel JS 2.x read none of them themselves).
 * A bad value is reported and ignored, never thrown.
 */

export type Warn = (message: string) => void;

export type PropagatorName = 'tracecontext' | 'baggage';

const SUPPORTED_PROPAGATORS: readonly PropagatorName[] = ['tracecontext', 'baggage'];
const DEFAULT_PROPAGATORS: readonly PropagatorName[] = ['tracecontext', 'baggage'];

function list(env: NodeJS.ProcessEnv, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * OTEL_PROPAGATORS: the W3C propagators to register, in order, or [] for
 * `none` (no global propagator: nothing is injected or extracted). Unset or
 * empty means tracecontext,baggage. Other values (b3, jaeger, xray, …) are
 * not part of the distribution: one warning names them and they are
 * ignored; if nothing usable is left, the default applies, as for an empty
 * variable — trace context between our services keeps working.
 */
export function propagatorsFromEnv(env: NodeJS.ProcessEnv, warn: Warn): PropagatorName[] {
  const values = [...new Set(list(env, 'OTEL_PROPAGATORS'))];
  if (values.includes('none')) return [];
  const known = values.filter((v): v is PropagatorName => (SUPPORTED_PROPAGATORS as readonly string[]).includes(v));
  const unknown = values.filter((v) => !known.includes(v as PropagatorName));
  const result = known.length ? known : [...DEFAULT_PROPAGATORS];
  if (unknown.length) {
    warn(
      `OTEL_PROPAGATORS=${env.OTEL_PROPAGATORS?.trim()}: ${unknown.join(', ')} not supported (only tracecontext, baggage, none) and ignored; using ${result.join(',')}`,
    );
  }
  return result;
}

function samplerRatio(env: NodeJS.ProcessEnv, warn: Warn): number {
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (!raw) return 1;
  const ratio = Number(raw);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  warn(`OTEL_TRACES_SAMPLER_ARG=${raw} is not a ratio between 0 and 1; using 1`);
  return 1;
}

/**
 * OTEL_TRACES_SAMPLER (+ OTEL_TRACES_SAMPLER_ARG for the ratio samplers);
 * undefined leaves the provider's default, parentbased_always_on.
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv, warn: Warn): Sampler | undefined {
  const name = env.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  switch (name) {
    case undefined:
    case '':
      return undefined;
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(samplerRatio(env, warn));
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(samplerRatio(env, warn)) });
    default:
      warn(
        `OTEL_TRACES_SAMPLER=${name} is not supported (always_on, always_off, traceidratio and their parentbased_ forms); using parentbased_always_on`,
      );
      return undefined;
  }
}

/** A non-negative number, or undefined (unset, or reported as invalid). */
function limit(env: NodeJS.ProcessEnv, names: string[], warn: Warn): number | undefined {
  for (const name of names) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= 0) return value;
    warn(`${name}=${raw} is not a non-negative number; ignored`);
  }
  return undefined;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** OTEL_SPAN_* / OTEL_ATTRIBUTE_* limits; what is unset keeps the provider's default (128, no length limit). */
export function spanLimitsFromEnv(env: NodeJS.ProcessEnv, warn: Warn): SpanLimits {
  return defined({
    attributeCountLimit: limit(env, ['OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'], warn),
    attributeValueLengthLimit: limit(env, ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'], warn),
    eventCountLimit: limit(env, ['OTEL_SPAN_EVENT_COUNT_LIMIT'], warn),
    linkCountLimit: limit(env, ['OTEL_SPAN_LINK_COUNT_LIMIT'], warn),
    attributePerEventCountLimit: limit(env, ['OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT'], warn),
    attributePerLinkCountLimit: limit(env, ['OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT'], warn),
  });
}

export interface LogRecordLimits {
  attributeCountLimit?: number;
  attributeValueLengthLimit?: number;
}

/** OTEL_LOGRECORD_* / OTEL_ATTRIBUTE_* limits; unset keeps the provider's default (128, no length limit). */
export function logRecordLimitsFromEnv(env: NodeJS.ProcessEnv, warn: Warn): LogRecordLimits {
  return defined({
    attributeCountLimit: limit(env, ['OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'], warn),
    attributeValueLengthLimit: limit(env, ['OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'], warn),
  });
}

/** OTEL_NODE_EXPERIMENTAL_SDK_METRICS: the SDK's own metrics (queue sizes, exported counts), opt-in as in the NodeSDK. */
export function sdkMetricsEnabled(env: NodeJS.ProcessEnv): boolean {
  return env.OTEL_NODE_EXPERIMENTAL_SDK_METRICS?.trim().toLowerCase() === 'true';
}
