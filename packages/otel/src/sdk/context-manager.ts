import { EventEmitter } from 'node:events';
import type { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * Marks the `emit` bindEmitter installs, so an emitter is bound once. A mark on our own new
 * function: a WeakSet of the emitters (every request and response) was most of what binding
 * cost in issue 16's profile, defining a property on each emitter cost more still.
 */
const BOUND_EMIT = Symbol('@jewelry/otel.boundEmit');

/**
 * The stock AsyncLocalStorage context manager, with two costs per request
 * taken out (issue 16's profile: context propagation was the largest single
 * layer the SDK added to a request):
 *
 * - Binding an EventEmitter (the HTTP instrumentation binds every request and
 *   response, so that their 'data', 'end', 'close' listeners run in the
 *   request's context) patched six listener methods on the instance and
 *   wrapped every listener added afterwards in two closures, with a map to
 *   find them again on removal. Here only `emit` is patched: every listener
 *   runs in the bound context, whenever it was added — the stock behaviour
 *   too (its wrappers use the context given at bind time, not the one active
 *   when the listener was added) — and listeners stay the caller's own
 *   functions. As there, an emitter keeps the first context it was bound to.
 * - `with(context, fn, thisArg)` bound `fn` to `thisArg` (a new function per
 *   call); here the call goes through Reflect.apply. Binding a function is
 *   cheaper the same way (WRAPPERS below).
 */
export class JewelryContextManager extends AsyncLocalStorageContextManager {
  private get storage(): AsyncLocalStorage<Context> {
    return (this as unknown as { _asyncLocalStorage: AsyncLocalStorage<Context> })._asyncLocalStorage;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return runIn(this.storage, context, fn, thisArg, args) as ReturnType<F>;
  }

  override bind<T>(context: Context, target: T): T {
    if (target instanceof EventEmitter) return bindEmitter(this.storage, context, target) as T;
    if (typeof target === 'function') {
      const wrap = WRAPPERS[target.length];
      if (wrap) return wrap(this.storage, context, target as unknown as AnyFunction) as T;
    }
    return super.bind(context, target);
  }
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Every entry into a context goes through here: with(), a bound emitter, a bound function. A
 * context already active is not entered again — that would only cost a new frame (Node 24) or a
 * store swap (20, 22). Node emits most of a request's and response's events ('end', 'finish',
 * 'close') from code already running in the request's context: 5 of the 12 contexts entered per
 * order on the realistic path (issue 16).
 */
function runIn(
  storage: AsyncLocalStorage<Context>,
  context: Context,
  fn: (...args: never[]) => unknown,
  thisArg: unknown,
  args: ArrayLike<unknown>,
): unknown {
  if (storage.getStore() === context) return Reflect.apply(fn, thisArg, args);
  return storage.run(context, Reflect.apply, fn, thisArg, args);
}
type Wrap = (storage: AsyncLocalStorage<Context>, context: Context, target: AnyFunction) => AnyFunction;

/*
 * A bound function, as the stock manager makes it (the pg instrumentation binds a callback per
 * query), without its two costs: a closure per call, and `Object.defineProperty(wrapper, 'length')`
 * so that arity-sensitive callers (Express tells error handlers by their length) see the target's.
 * Here the wrapper declares as many parameters as the target, so its length is already right;
 * targets with more than three go to the stock code.
 */
/* eslint-disable prefer-rest-params */
const WRAPPERS: readonly Wrap[] = [
  (storage, context, target) =>
    function contextWrapper(this: unknown) {
      return runIn(storage, context, target, this, arguments);
    },
  (storage, context, target) =>
    function contextWrapper(this: unknown, _1: unknown) {
      return runIn(storage, context, target, this, arguments);
    },
  (storage, context, target) =>
    function contextWrapper(this: unknown, _1: unknown, _2: unknown) {
      return runIn(storage, context, target, this, arguments);
    },
  (storage, context, target) =>
    function contextWrapper(this: unknown, _1: unknown, _2: unknown, _3: unknown) {
      return runIn(storage, context, target, this, arguments);
    },
];
/* eslint-enable prefer-rest-params */

function bindEmitter(storage: AsyncLocalStorage<Context>, context: Context, emitter: EventEmitter): EventEmitter {
  // Bound already. (Wrapped again by someone else since, it is bound twice: the inner, first context still wins.)
  if ((emitter.emit as { [BOUND_EMIT]?: true })[BOUND_EMIT] === true) return emitter;
  const emit = emitter.emit;
  const boundEmit = function boundEmit(this: EventEmitter): boolean {
    // eslint-disable-next-line prefer-rest-params
    return runIn(storage, context, emit, this, arguments) as boolean;
  };
  (boundEmit as { [BOUND_EMIT]?: true })[BOUND_EMIT] = true;
  emitter.emit = boundEmit;
  return emitter;
}
