import type { Instrumentation } from '@opentelemetry/instrumentation';
import { amqplibConfig } from './amqplib-hooks';
import { winstonConfig } from './winston-config';

/**
 * Every instrumentation the distribution can load, by the short name the
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS / _DISABLED_ variables use. Each package
 * is required only when its instrumentation is selected, so a preset pays
 * only for what it loads.
 */
const factories = {
  http: (): Instrumentation => {
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    return new HttpInstrumentation();
  },
  express: (): Instrumentation => {
    const { ExpressInstrumentation, ExpressLayerType } =
      require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
    // A span per middleware (body parser, cors, …) costs per request and says little; routes and handlers stay.
    return new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] });
  },
  amqplib: (): Instrumentation => {
    const { AmqplibInstrumentation } = require('@opentelemetry/instrumentation-amqplib') as typeof import('@opentelemetry/instrumentation-amqplib');
    return new AmqplibInstrumentation(amqplibConfig());
  },
  'aws-sdk': (): Instrumentation => {
    const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk') as typeof import('@opentelemetry/instrumentation-aws-sdk');
    // One S3 span per call, without the HTTP spans underneath it.
    return new AwsInstrumentation({ suppressInternalInstrumentation: true });
  },
  pg: (): Instrumentation => {
    const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
    // Queries outside a request (pool health checks) would each be a one-span trace.
    return new PgInstrumentation({ requireParentSpan: true });
  },
  winston: (): Instrumentation => {
    const { WinstonInstrumentation } = require('@opentelemetry/instrumentation-winston') as typeof import('@opentelemetry/instrumentation-winston');
    return new WinstonInstrumentation(winstonConfig());
  },
} as const;

export type InstrumentationName = keyof typeof factories;

export const instrumentationNames = Object.keys(factories) as InstrumentationName[];

export function isInstrumentationName(name: string): name is InstrumentationName {
  return Object.prototype.hasOwnProperty.call(factories, name);
}

export function createInstrumentation(name: InstrumentationName): Instrumentation {
  return factories[name]();
}
