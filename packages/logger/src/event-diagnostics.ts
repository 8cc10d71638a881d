import { diag, metrics, type Counter } from '@opentelemetry/api';
import { defaultMasker } from '@jewelry/masking';

/**
 * Counts event calls that did not match the schema. The service is never
 * interrupted for it (the record is written, marked with
 * `event.schema_errors`); this makes the problem visible instead: a counter
 * readable in-process, an OTel metric, and one diagnostic line per event name.
 */
export interface EventDiagnostics {
  invalid: number;
  byEvent: Record<string, number>;
  lastErrors: string[];
}

const state: EventDiagnostics = { invalid: 0, byEvent: {}, lastErrors: [] };
const warned = new Set<string>();
let counter: Counter | undefined;

/** Longest problem shown in a warning or in `lastErrors`. */
const MAX_SHOWN_CHARS = 300;

/**
 * A problem as the diagnostics show it. The schema's problems quote the
 * value the caller gave where it is not one of a field's allowed values, and
 * that value may be anything — a name, an e-mail. The warning goes to stderr,
 * which is collected like any log but never passes the logger's masking: so
 * quoted values are left out, the rest is masked and bounded. (The record
 * itself keeps the full problem in `event.schema_errors`, masked with the record.)
 */
function shown(problem: string): string {
  const text = defaultMasker.maskText(problem.replace(/"(?:[^"\\]|\\.)*"/g, '"…"'));
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
}

export function recordInvalidEvent(eventName: string, errors: string[]): void {
  state.invalid += 1;
  state.byEvent[eventName] = (state.byEvent[eventName] ?? 0) + 1;
  const problems = errors.slice(0, 10).map(shown);
  state.lastErrors = problems;
  // Created on first use, so it binds to the MeterProvider the preload registered.
  counter ??= metrics.getMeter('@jewelry/logger').createCounter('jewelry.events.invalid', {
    description: 'Business event calls whose fields did not match the schema (the record was still written).',
  });
  counter.add(1, { 'event.name': eventName });
  if (!warned.has(eventName)) {
    warned.add(eventName);
    diag.warn(`@jewelry/logger: event ${eventName} called with fields that do not match the schema: ${problems.join('; ')}`);
    process.emitWarning(`event ${eventName} called with fields that do not match the schema: ${problems.join('; ')}`, {
      code: 'JEWELRY_EVENT_SCHEMA',
    });
  }
}

export function getEventDiagnostics(): EventDiagnostics {
  return { invalid: state.invalid, byEvent: { ...state.byEvent }, lastErrors: [...state.lastErrors] };
}
