import type { Instrumentation } from '@opentelemetry/instrumentation';
import { amqplibConfig } from './amqplib-hooks';
import { patchingStacksByAssignment } from './aws-sdk-config';
import { bypassingSuppressedRequests, httpConfig } from './http-config';
import { withLeanServerSpans } from './http-server-span';
import { withoutPgMetrics } from './pg-config';
import { winstonConfig } from './winston-config';

/** What a factory may need to know about the rest of the selection. */
export interface Selection {
  has(name: InstrumentationName): boolean;
  /** Whether the instrumentations' own metrics are exported (JEWELRY_INSTRUMENTATION_METRICS). */
  readonly metrics: boolean;
}

/**
 * Every instrumentation the distribution can load, by the short name the
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS / _DISABLED_ variables use. Each package
 * is required only when its instrumentation is selected, so a preset pays
 * only for what it loads. A factory returns undefined when the name is a
 * feature of another instrumentation rather than one of its own (`express`:
 * the route on the HTTP server span, see express-route.ts).
 */
const factories = {
  http: (selection: Selection): Instrumentation => {
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    const Http = withLeanServerSpans(bypassingSuppressedRequests(HttpInstrumentation));
    return new Http(httpConfig({ expressRoutes: selection.has('express') }));
  },
  express: (): undefined => undefined,
  amqplib: (): Instrumentation => {
    const { AmqplibInstrumentation } =
      require('@opentelemetry/instrumentation-amqplib') as typeof import('@opentelemetry/instrumentation-amqplib');
    return new AmqplibInstrumentation(amqplibConfig());
  },
  'aws-sdk': (): Instrumentation => {
    const { AwsInstrumentation: Stock } =
      require('@opentelemetry/instrumentation-aws-sdk') as typeof import('@opentelemetry/instrumentation-aws-sdk');
    const AwsInstrumentation = patchingStacksByAssignment(Stock);
    // One S3 span per call, without the HTTP spans underneath it.
    return new AwsInstrumentation({ suppressInternalInstrumentation: true });
  },
  pg: (selection: Selection): Instrumentation => {
    const { PgInstrumentation: Stock } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
    const PgInstrumentation = selection.metrics ? Stock : withoutPgMetrics(Stock);
    // Queries outside a request (pool health checks) would each be a one-span trace. No
    // `pg-pool.connect` span beside every query's: it doubled the spans, context work and
    // attributes of a pooled query (issue 16's realistic profile) to time taking a pooled
    // connection, which the gap before the query span already shows.
    return new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true });
  },
  winston: (): Instrumentation => {
    const { WinstonInstrumentation } =
      require('@opentelemetry/instrumentation-winston') as typeof import('@opentelemetry/instrumentation-winston');
    return new WinstonInstrumentation(winstonConfig());
  },
} as const;

export type InstrumentationName = keyof typeof factories;

export const instrumentationNames = Object.keys(factories) as InstrumentationName[];

/** What reports a loaded name whose work another instrumentation does (the start-up line, getTelemetryStats' callers, the tests). */
export const BUILT_IN_FEATURES: Partial<Record<InstrumentationName, string>> = {
  express: '@jewelry/otel/express-route',
};

export function isInstrumentationName(name: string): name is InstrumentationName {
  return Object.prototype.hasOwnProperty.call(factories, name);
}

export function createInstrumentation(name: InstrumentationName, selection: Selection): Instrumentation | undefined {
  return factories[name](selection);
}
