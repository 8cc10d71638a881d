/*
 * The context-floor variant's preload: no tracer, only an AsyncLocalStorage
 * entered for each request the service serves, as every Node tracer enters
 * one (ours, OpenTelemetry's, dd-trace, Elastic's) so that a span started
 * after an `await` finds its request. On Node 20 and 22 that switches on V8's
 * promise hooks: from then on every promise the process makes (the service's,
 * pg's, the aws-sdk's) runs a hook. The variant measures that cost alone, the
 * floor under any tracer on the line; on Node 24 (AsyncContextFrame) there
 * are no promise hooks.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Server } from 'node:http';

const storage = new AsyncLocalStorage<{ request: unknown }>();
// Where a test can see that the request is found again after the service's awaits (test/context-floor.test.ts).
(globalThis as Record<symbol, unknown>)[Symbol.for('jewelry.bench.contextFloor')] = storage;
const emit = Server.prototype.emit;

// No closure or argument copy per event: the floor should hold only what entering a context costs.
/* eslint-disable prefer-rest-params */
Server.prototype.emit = function emitInContext(this: Server, event: string | symbol): boolean {
  if (event !== 'request') return Reflect.apply(emit, this, arguments) as boolean;
  return storage.run({ request: arguments[1] }, Reflect.apply, emit, this, arguments) as boolean;
};
/* eslint-enable prefer-rest-params */
