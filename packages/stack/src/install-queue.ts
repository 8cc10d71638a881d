// `stack up` on a fresh machine spends minutes installing: apt-get for
// RabbitMQ, PostgreSQL, Alertmanager and Prometheus, a Maven download of
// Elasticsearch, Go builds of the S3 server and the collector. Done one
// component after the other, the network waits while the CPU builds and the
// other way round. Here every install starts at once, in two chains and one
// free lane:
//   apt       one at a time: dpkg takes one lock for the machine;
//   build     one at a time, in start order (the S3 server's ~1.5 min first,
//             then the collector's minutes): both are CPU-bound and each uses
//             every core, so side by side they only finish later -- measured
//             on 2 cores, the S3 server came up after 5.8 min instead of 1.5,
//             and everything started after it waited with it;
//   download  at once, beside both chains.
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
  const chains = new Map<Component['installKind'], { tail: Promise<unknown>; failed?: ComponentName }>();
  for (const c of components) {
    const chained = c.installKind !== 'download';
    const run = async (): Promise<void> => {
      try {
        if (cancelled) throw new Error(`${c.name}: install not started, stack up stopped`);
        // stack up stops at the first component that fails; the installs queued behind it would be wasted.
        const failed = chains.get(c.installKind)?.failed;
        if (chained && failed) throw new Error(`${c.name}: install not started, the install of ${failed} failed`);
        started.add(c.name);
        await c.install(ctx);
      } finally {
        ended.add(c.name);
      }
    };
    let promise: Promise<void>;
    const chain = chains.get(c.installKind);
    if (chained) {
      promise = chain ? chain.tail.then(run) : run();
      const entry = chain ?? { tail: promise };
      entry.tail = promise.catch(() => {
        entry.failed ??= c.name;
      });
      chains.set(c.installKind, entry);
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
