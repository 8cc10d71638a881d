// `stack up` on a fresh machine spends minutes installing: apt-get for
// RabbitMQ, PostgreSQL, Alertmanager and Prometheus, a Maven download of
// Elasticsearch, Go builds of the S3 server and the collector. Done one
// component after the other, the network waits while the CPU builds and the
// other way round. Here every install starts at once, with one rule: apt
// installs run one at a time (dpkg takes one lock for the machine). The Go
// builds run side by side (`nice`d; their module downloads overlap the other's
// compiling), beside the downloads and the apt installs.
import type { Component, ComponentContext, ComponentName } from './component';

export interface InstallQueue {
  /** The install of a component, when this queue started one. It never rejects unobserved. */
  get(name: ComponentName): Promise<void> | undefined;
  /** Components whose install runs now. */
  pending(): ComponentName[];
  /** Installs that have not started yet will not (a component failed: `stack up` stops). */
  cancel(): void;
  /** Resolves once every install has ended, however. */
  settled(): Promise<void>;
}

export function startInstalls(components: readonly Component[], ctx: ComponentContext): InstallQueue {
  const promises = new Map<ComponentName, Promise<void>>();
  const started = new Set<ComponentName>();
  const ended = new Set<ComponentName>();
  let cancelled = false;
  let aptFailed: string | undefined;
  let aptChain: Promise<unknown> | undefined;
  for (const c of components) {
    const run = async (): Promise<void> => {
      try {
        if (cancelled) throw new Error(`${c.name}: install not started, stack up stopped`);
        // stack up stops at the first component that fails; the apt installs queued behind it would be wasted.
        if (c.installKind === 'apt' && aptFailed) throw new Error(`${c.name}: install not started, the install of ${aptFailed} failed`);
        started.add(c.name);
        await c.install(ctx);
      } finally {
        ended.add(c.name);
      }
    };
    let promise: Promise<void>;
    if (c.installKind === 'apt') {
      promise = aptChain ? aptChain.then(run) : run();
      aptChain = promise.catch(() => {
        aptFailed ??= c.name;
      });
    } else {
      promise = run();
    }
    // Whoever awaits it sees the error; until then it is not an unhandled rejection.
    promise.catch(() => undefined);
    promises.set(c.name, promise);
  }
  return {
    get: (name) => promises.get(name),
    cancel: () => {
      cancelled = true;
    },
    pending: () => [...started].filter((name) => !ended.has(name)),
    settled: async () => {
      await Promise.allSettled(promises.values());
    },
  };
}
