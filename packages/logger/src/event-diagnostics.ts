import { diag, metrics, type Counter } from '@opentelemetry/api';

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

export function recordInvalidEvent(eventName: string, errors: string[]): void {
  state.invalid += 1;
  state.byEvent[eventName] = (state.byEvent[eventName] ?? 0) + 1;
  state.lastErrors = errors.slice(0, 10);
  // Created on first use, so it binds to the MeterProvider the preload registered.
  counter ??= metrics.getMeter('@jewelry/logger').createCounter('jewelry.events.invalid', {
    description: 'Business event calls whose fields did not match the schema (the record was still written).',
  });
  counter.add(1, { 'event.name': eventName });
  if (!warned.has(eventName)) {
    warned.add(eventName);
    diag.warn(`@jewelry/logger: event ${eventName} called with fields that do not match the schema: ${errors.join('; ')}`);
    process.emitWarning(`event ${eventName} called with fields that do not match the schema: ${errors.join('; ')}`, {
      code: 'JEWELRY_EVENT_SCHEMA',
    });
  }
}

export function getEventDiagnostics(): EventDiagnostics {
  return { invalid: state.invalid, byEvent: { ...state.byEvent }, lastErrors: [...state.lastErrors] };
}
