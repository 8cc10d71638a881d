import {
  diag,
  SpanStatusCode,
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  type HrTime,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
  type TimeInput,
} from '@opentelemetry/api';
import { isAttributeValue } from '@opentelemetry/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanLimits, TimedEvent } from '@opentelemetry/sdk-trace';

/** The SDK's span limits with its defaults filled in (TracerProvider's constructor). */
export type ResolvedSpanLimits = Required<Omit<SpanLimits, 'attributeValueLengthLimit'>> & { attributeValueLengthLimit: number };

/** What a span hands itself to, as the SDK's MultiSpanProcessor: onStart once it is set up, onEnding while still writable, onEnd once ended. */
export interface LeanSpanProcessor {
  onStart(span: LeanSpan, parentContext: Context): void;
  onEnding(span: LeanSpan): void;
  onEnd(span: LeanSpan): void;
}

/** What every span of one tracer shares. */
export interface LeanTracerParts {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly limits: ResolvedSpanLimits;
  readonly processor: LeanSpanProcessor;
}

const EXCEPTION_EVENT = 'exception';

/*
 * The time helpers of @opentelemetry/core (millisToHrTime, addHrTimes,
 * hrTimeDuration, hrTime, isTimeInput), with the same rounding, on the global
 * `performance` (core's otperformance is the same object): reached through
 * core's re-exports, each call went through two property getters, and the
 * times were a seventh of a lean span's cost.
 */
const NANOS_PER_SECOND = 1e9;

function millisToHrTime(epochMillis: number): HrTime {
  return [Math.trunc(epochMillis / 1000), Math.round((epochMillis % 1000) * 1e6)];
}

function addHrTimes(a: HrTime, b: HrTime): HrTime {
  const out: HrTime = [a[0] + b[0], a[1] + b[1]];
  if (out[1] >= NANOS_PER_SECOND) {
    out[1] -= NANOS_PER_SECOND;
    out[0] += 1;
  }
  return out;
}

function hrTimeDuration(start: HrTime, end: HrTime): HrTime {
  let seconds = end[0] - start[0];
  let nanos = end[1] - start[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += NANOS_PER_SECOND;
  }
  return [seconds, nanos];
}

function isTimeInputHrTime(value: unknown): value is HrTime {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function isTimeInput(value: unknown): value is TimeInput {
  return isTimeInputHrTime(value) || typeof value === 'number' || value instanceof Date;
}

/** A performance timestamp as epoch time: core's hrTime(). */
function performanceToHrTime(performanceMillis: number): HrTime {
  return addHrTimes(millisToHrTime(performance.timeOrigin), millisToHrTime(performanceMillis));
}

/** What a span holds until it has more: shared, frozen, replaced (never changed) by the calls that give it more. */
const UNSET_STATUS: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NOT_ENDED: HrTime = Object.freeze([0, 0]) as unknown as HrTime;
const NO_DURATION: HrTime = Object.freeze([-1, -1]) as unknown as HrTime;
export const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];
const NO_EVENTS: TimedEvent[] = Object.freeze([]) as unknown as TimedEvent[];

/**
 * A recording span, doing what the SDK's SpanImpl (@opentelemetry/sdk-trace
 * 2.x) does — the same limits, truncation, warnings, times, status rules and
 * exception events, read by the same processors and exporters as a
 * ReadableSpan — with an attribute validated once. Through the SDK's Tracer
 * each attribute a span starts with was checked and copied three times
 * (sanitizeAttributes twice, then setAttribute), links were mapped into a new
 * array even when there were none, and every span allocated its option
 * defaults and empty lists: an order's four spans and three events took 7.7
 * µs on Node 24 through the SDK and take 4.8 here; with the logger's masking
 * and the export, an order's span path is 0.89× the SDK's
 * (bench/micro/span-path-bench.js, issue 16). test/lean-span.test.ts runs
 * the same calls on both and compares what ends.
 */
export class LeanSpan implements Span, ReadableSpan {
  name: string;
  readonly kind: SpanKind;
  readonly parentSpanContext: SpanContext | undefined;
  readonly attributes: Attributes = {};
  links: Link[] = NO_LINKS;
  events: TimedEvent[] = NO_EVENTS;
  readonly startTime: HrTime;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  status: SpanStatus = UNSET_STATUS;
  endTime: HrTime = NOT_ENDED;
  duration: HrTime = NO_DURATION;
  ended = false;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  private attributeCount = 0;
  private readonly limits: ResolvedSpanLimits;
  private readonly processor: LeanSpanProcessor;
  private readonly performanceStart: number;
  private readonly performanceOffset: number;
  private readonly startTimeProvided: boolean;

  constructor(
    parts: LeanTracerParts,
    private readonly context: SpanContext,
    name: string,
    kind: SpanKind,
    parentSpanContext: SpanContext | undefined,
    startTime: TimeInput | undefined,
  ) {
    const now = Date.now();
    this.name = name;
    this.kind = kind;
    this.parentSpanContext = parentSpanContext;
    this.resource = parts.resource;
    this.instrumentationScope = parts.scope;
    this.limits = parts.limits;
    this.processor = parts.processor;
    this.performanceStart = performance.now();
    this.performanceOffset = now - (this.performanceStart + performance.timeOrigin);
    this.startTimeProvided = startTime != null;
    // Date.now() is past performance.now(): the SDK takes it as epoch milliseconds.
    this.startTime = startTime == null ? millisToHrTime(now) : this.timeOf(startTime);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value?: AttributeValue): this {
    if (value == null || this.endedAlready()) return this;
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      return this;
    }
    // Strings, numbers and booleans — nearly every value — are valid without the array walk.
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && !isAttributeValue(value)) {
      diag.warn(`Invalid attribute value set for key: ${key}`);
      return this;
    }
    const isNewKey = !Object.prototype.hasOwnProperty.call(this.attributes, key);
    if (isNewKey && this.attributeCount >= this.limits.attributeCountLimit) {
      this.droppedAttributesCount++;
      return this;
    }
    this.attributes[key] = this.truncated(value);
    if (isNewKey) this.attributeCount++;
    return this;
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key)) this.setAttribute(key, attributes[key]);
    }
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: SpanAttributes | TimeInput, timeStamp?: TimeInput): this {
    if (this.endedAlready()) return this;
    const { eventCountLimit } = this.limits;
    if (eventCountLimit === 0) {
      diag.warn('No events allowed.');
      this.droppedEventsCount++;
      return this;
    }
    if (this.events === NO_EVENTS) this.events = [];
    else if (this.events.length >= eventCountLimit) {
      if (this.droppedEventsCount === 0) diag.debug('Dropping extra events.');
      this.events.shift();
      this.droppedEventsCount++;
    }
    let given = attributesOrStartTime as SpanAttributes | undefined;
    if (isTimeInput(attributesOrStartTime)) {
      if (!isTimeInput(timeStamp)) timeStamp = attributesOrStartTime;
      given = undefined;
    }
    const { attributes, dropped } = this.limitedAttributes(given, this.limits.attributePerEventCountLimit);
    this.events.push({ name, attributes, time: this.timeOf(timeStamp), droppedAttributesCount: dropped });
    return this;
  }

  addLink(link: Link): this {
    if (this.endedAlready()) return this;
    const { linkCountLimit } = this.limits;
    if (linkCountLimit === 0) {
      this.droppedLinksCount++;
      return this;
    }
    if (this.links === NO_LINKS) this.links = [];
    else if (this.links.length >= linkCountLimit) {
      if (this.droppedLinksCount === 0) diag.debug('Dropping extra links.');
      this.links.shift();
      this.droppedLinksCount++;
    }
    const { attributes, dropped } = this.limitedAttributes(link.attributes, this.limits.attributePerLinkCountLimit);
    const kept: Link = { context: link.context };
    if (Object.keys(attributes).length > 0) kept.attributes = attributes;
    if (dropped > 0) kept.droppedAttributesCount = dropped;
    this.links.push(kept);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.endedAlready()) return this;
    if (status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    const next: SpanStatus = { code: status.code };
    if (status.code === SpanStatusCode.ERROR) {
      // `status.message` often comes from a catch block, typed `any`: only a string is kept.
      if (typeof status.message === 'string') next.message = status.message;
      else if (status.message != null) diag.warn(`Dropping invalid status.message of type '${typeof status.message}', expected 'string'`);
    }
    this.status = next;
    return this;
  }

  updateName(name: string): this {
    if (this.endedAlready()) return this;
    this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.endedAlready()) {
      diag.error(`${this.name} ${this.context.traceId}-${this.context.spanId} - You can only call end() on a span once.`);
      return;
    }
    this.endTime = this.timeOf(endTime);
    this.duration = hrTimeDuration(this.startTime, this.endTime);
    if (this.duration[0] < 0) {
      diag.warn('Inconsistent start and end time, startTime > endTime. Setting span duration to 0ms.', this.startTime, this.endTime);
      this.endTime = [this.startTime[0], this.startTime[1]];
      this.duration = [0, 0];
    }
    if (this.droppedEventsCount > 0) diag.warn(`Dropped ${this.droppedEventsCount} events because eventCountLimit reached`);
    if (this.droppedLinksCount > 0) diag.warn(`Dropped ${this.droppedLinksCount} links because linkCountLimit reached`);
    this.processor.onEnding(this);
    this.ended = true;
    this.processor.onEnd(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      if (exception.code) attributes['exception.type'] = exception.code.toString();
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    // The specification's minimum: a type or a message.
    if (attributes['exception.type'] || attributes['exception.message']) this.addEvent(EXCEPTION_EVENT, attributes, time);
    else diag.warn(`Failed to record an exception ${String(exception)}`);
  }

  private endedAlready(): boolean {
    if (this.ended) {
      const where = `{traceId: ${this.context.traceId}, spanId: ${this.context.spanId}}`;
      diag.warn(`Cannot execute the operation on ended Span ${where}`, new Error(`Operation attempted on ended Span ${where}`));
    }
    return this.ended;
  }

  /** An event's or link's attributes: the valid ones, up to `limit`, truncated; what the SDK's sanitizeAttributes and its loop after it keep. */
  private limitedAttributes(given: Attributes | undefined, limit: number): { attributes: Attributes; dropped: number } {
    const attributes: Attributes = {};
    let count = 0;
    let dropped = 0;
    if (typeof given !== 'object' || given === null) return { attributes, dropped };
    for (const key in given) {
      if (!Object.prototype.hasOwnProperty.call(given, key)) continue;
      if (key === '') {
        diag.warn(`Invalid attribute key: ${key}`);
        continue;
      }
      const value = given[key];
      if (!isAttributeValue(value)) {
        diag.warn(`Invalid attribute value set for key: ${key}`);
        continue;
      }
      if (count >= limit) {
        dropped++;
        continue;
      }
      attributes[key] = this.truncated(Array.isArray(value) ? value.slice() : value);
      count++;
    }
    return { attributes, dropped };
  }

  /** Strings (and the strings of an array) cut to attributeValueLengthLimit; a limit of 0 or less is invalid and cuts nothing. */
  private truncated<T extends AttributeValue | undefined>(value: T): T {
    const limit = this.limits.attributeValueLengthLimit;
    if (limit <= 0) {
      diag.warn(`Attribute value limit must be positive, got ${limit}`);
      return value;
    }
    if (typeof value === 'string') return (value.length <= limit ? value : value.substring(0, limit)) as T;
    if (Array.isArray(value))
      return value.map((item: unknown) => (typeof item === 'string' && item.length > limit ? item.substring(0, limit) : item)) as T;
    return value;
  }

  /** A time given to the span as the SDK's SpanImpl reads it; none is now, measured from the start on the monotonic clock. */
  private timeOf(input: TimeInput | undefined): HrTime {
    if (typeof input === 'number') {
      // At most performance.now(): a performance timestamp, moved onto the epoch the span started on.
      if (input <= performance.now()) return performanceToHrTime(input + this.performanceOffset);
      return millisToHrTime(input);
    }
    if (input instanceof Date) return millisToHrTime(input.getTime());
    if (isTimeInputHrTime(input)) return input;
    // A span given its start time cannot measure from it.
    if (this.startTimeProvided) return millisToHrTime(Date.now());
    return addHrTimes(this.startTime, millisToHrTime(performance.now() - this.performanceStart));
  }
}
