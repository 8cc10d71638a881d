import { context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { recordExpressRoute } from './express-route';

/**
 * An outgoing request made where tracing is suppressed gets no span anyway —
 * the OTLP exporters' own requests, the HTTP requests underneath an S3 span
 * (aws-sdk's suppressInternalInstrumentation) — but the HTTP instrumentation
 * still computed its attributes, started a non-recording span and bound the
 * request to a context for it (issue 16's realistic endpoint: a tenth of what
 * the distribution added per order). Skipped now, with the same result.
 */
export function outgoingRequestIsSuppressed(): boolean {
  return isTracingSuppressed(context.active());
}

/** The HTTP instrumentation's options: the Express route on the server span when `express` is selected (express-route.ts). */
export function httpConfig(options: { expressRoutes: boolean }): HttpInstrumentationConfig {
  return {
    ignoreOutgoingRequestHook: outgoingRequestIsSuppressed,
    ...(options.expressRoutes ? { applyCustomAttributesOnSpan: recordExpressRoute } : {}),
  };
}
