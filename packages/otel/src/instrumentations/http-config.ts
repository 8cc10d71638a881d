import { context } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { recordExpressRoute } from './express-route';
import { overridingMethods } from './override-methods';

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

type RequestFunction = (this: unknown, ...args: unknown[]) => unknown;
type OutgoingWrapperFactory = (this: unknown, component: string, original: RequestFunction) => RequestFunction;

/**
 * The HTTP instrumentation class with outgoing requests made where tracing
 * is suppressed handed straight to Node's own `http.request`/`https.request`.
 * The ignore hook above gives the same result, but only after the
 * instrumentation has parsed the request's options into a URL (issue 16's
 * realistic profile: 2 % of what the distribution adds to an order, for the
 * S3 requests alone). The instrumentation builds every outgoing wrapper with
 * its `_outgoingRequestFunction(component, original)` (0.2xx); a version
 * without it keeps its own behaviour, the ignore hook included.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule: a base class is `new (...args: any[])`
export function bypassingSuppressedRequests<C extends new (...args: any[]) => object>(base: C): C {
  return overridingMethods(base, {
    _outgoingRequestFunction: (traced: OutgoingWrapperFactory) =>
      function outgoingWrapper(this: unknown, component: string, original: RequestFunction): RequestFunction {
        const instrumented = traced.call(this, component, original);
        return function outgoingRequest(this: unknown, ...args: unknown[]): unknown {
          return Reflect.apply(outgoingRequestIsSuppressed() ? original : instrumented, this, args);
        };
      },
  });
}

/** The HTTP instrumentation's options: the Express route on the server span when `express` is selected (express-route.ts). */
export function httpConfig(options: { expressRoutes: boolean }): HttpInstrumentationConfig {
  return {
    ignoreOutgoingRequestHook: outgoingRequestIsSuppressed,
    ...(options.expressRoutes ? { applyCustomAttributesOnSpan: recordExpressRoute } : {}),
  };
}
