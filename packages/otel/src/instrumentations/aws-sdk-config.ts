import { overridingMethods } from './override-methods';

/** The instrumentation's own wrapper builders the override calls. */
interface StackPatches {
  _getV3MiddlewareStackResolvePatch(moduleVersion: string | undefined, original: unknown): unknown;
  _getV3MiddlewareStackClonePatch(moduleVersion: string | undefined, original: unknown): unknown;
}
interface MiddlewareStack {
  resolve: unknown;
  clone: unknown;
  concat: unknown;
}

/**
 * Marks the `resolve` this patch installs, so a stack (the client's own, and the one each
 * command builds) is patched once. A mark on the new wrapper, not a WeakSet of the stacks:
 * adding each command's short-lived stack to a WeakSet was 21 of this function's 25 samples
 * in issue 16's realistic profile.
 */
const PATCHED = Symbol('@jewelry/otel.patchedStack');
type Marked = { [PATCHED]?: true };

/**
 * The aws-sdk instrumentation with each middleware stack patched by plain
 * assignment. The AWS SDK builds a new stack for every command it sends (the
 * client's stack concatenated with the command's), and the instrumentation
 * wraps that stack's `resolve`, `clone` and `concat` through shimmer, which
 * defines four properties per wrapped function: twelve `defineProperty` calls
 * per S3 put, 2 % of what the distribution added to an order in issue 16's
 * realistic profile. The wrappers are the instrumentation's own, built by its
 * `_getV3MiddlewareStackResolvePatch`/`_getV3MiddlewareStackClonePatch`
 * (0.7x); a version without them keeps its own behaviour.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule: a base class is `new (...args: any[])`
export function patchingStacksByAssignment<C extends new (...args: any[]) => object>(base: C): C {
  return overridingMethods(
    base,
    {
      patchV3MiddlewareStack: () =>
        function patchV3MiddlewareStack(this: StackPatches, moduleVersion: string | undefined, stack: MiddlewareStack): void {
          if ((stack.resolve as Marked | undefined)?.[PATCHED] === true) return;
          const resolve = this._getV3MiddlewareStackResolvePatch(moduleVersion, stack.resolve);
          if (typeof resolve === 'function') (resolve as Marked)[PATCHED] = true;
          stack.resolve = resolve;
          stack.clone = this._getV3MiddlewareStackClonePatch(moduleVersion, stack.clone);
          stack.concat = this._getV3MiddlewareStackClonePatch(moduleVersion, stack.concat);
        },
    },
    ['_getV3MiddlewareStackResolvePatch', '_getV3MiddlewareStackClonePatch'],
  );
}
