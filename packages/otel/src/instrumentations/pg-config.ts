import { overridingMethods, type Method } from './override-methods';

/**
 * The pg instrumentation without its pool and operation metrics when the
 * instrumentations' metrics are off (JEWELRY_INSTRUMENTATION_METRICS, the
 * default): it gets a no-op meter then, but still listened to every pool's
 * connect/acquire/release/remove, read the pool's three counts and built two
 * attribute objects per event, and copied each query's attributes for a
 * duration it never recorded — a quarter of what the instrumentation cost per
 * pooled query in issue 16's realistic profile. The collector's span metrics
 * give query counts and latencies from the `pg.query` spans.
 *
 * The instrumentation (0.7x) routes this work through
 * `_setPoolConnectEventListeners(pool)` and `recordOperationDuration(...)`;
 * a version without them keeps its own behaviour.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule: a base class is `new (...args: any[])`
export function withoutPgMetrics<C extends new (...args: any[]) => object>(base: C): C {
  const nothing = (): Method => function noMetrics(): void {};
  return overridingMethods(base, { _setPoolConnectEventListeners: nothing, recordOperationDuration: nothing });
}
