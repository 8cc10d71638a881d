import { trace, type Attributes } from '@opentelemetry/api';
import { buildEvent, events, type EventInput, type EventKey, type OutputValue } from '@jewelry/schema';
import { defaultMasker } from '@jewelry/masking';
import { recordInvalidEvent } from './event-diagnostics';
import { limitValue, sizeLimitsFromEnv, TRUNCATED_FIELD, type SizeLimits, type Truncation } from './size-limits';
import { spanEventAttributes } from './span-event-attributes';

/** One typed function per SPEC event (EV-1…EV-10). */
export type EventFunctions = { [K in EventKey]: (fields: EventInput<K>) => void };

/** The part of a logger the event functions need. */
export interface InfoWriter {
  info(message: string, fields: Record<string, unknown>): unknown;
}

function emit(logger: InfoWriter, key: EventKey, input: unknown, limits: SizeLimits): void {
  const built = buildEvent(key, input);
  const attributes: Record<string, OutputValue> = built.attributes;
  if (built.errors.length > 0) {
    attributes['event.schema_errors'] = built.errors;
    recordInvalidEvent(built.name, built.errors);
  }
  logger.info(built.message, attributes);
  // The event (its ids and outcome) on the active span, so a trace view shows it in place —
  // masked and bounded like the record (the collector's limits do not reach span-event
  // attributes), and marked when cut. Not on a span that has ended: a request whose client went
  // away has its span ended while the handler still runs, and each event was a warning on stderr.
  const span = trace.getActiveSpan();
  if (span?.isRecording()) {
    const cut: Truncation = { truncated: false };
    const eventAttributes = limitValue(defaultMasker.maskAttributes(spanEventAttributes(attributes)), limits.valueChars, cut) as Attributes;
    span.addEvent(built.name, cut.truncated ? { ...eventAttributes, [TRUNCATED_FIELD]: true } : eventAttributes);
  }
}

/**
 * Event functions writing through `logger`. A call never throws into the
 * service: bad input is written anyway and marked (see buildEvent); an
 * unexpected failure still writes a minimal marked record.
 */
export function createEventFunctions(logger: InfoWriter, limits: SizeLimits = sizeLimitsFromEnv()): EventFunctions {
  const functions = {} as Record<EventKey, (fields: unknown) => void>;
  for (const key of Object.keys(events) as EventKey[]) {
    functions[key] = (input: unknown) => {
      try {
        emit(logger, key, input, limits);
      } catch (err) {
        const reason = `internal: ${err instanceof Error ? err.message : String(err)}`;
        recordInvalidEvent(events[key].name, [reason]);
        try {
          logger.info(events[key].message, { 'event.name': events[key].name, 'event.schema_errors': [reason] });
        } catch {
          // Nothing left to do without risking the caller; the counter above has it.
        }
      }
    };
  }
  return functions as EventFunctions;
}
