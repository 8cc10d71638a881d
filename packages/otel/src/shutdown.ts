import type { DistroLog } from './diagnostics/distro-log';

export interface ShutdownDeps {
  /** Flushes and stops the SDK. */
  shutdownSdk: () => Promise<void>;
  /** Exports what is queued, leaving the SDK running. */
  flush: () => Promise<void>;
  timeoutMillis: number;
  log: DistroLog;
  /** What was still undelivered when time ran out, for the report. */
  undelivered: () => string | undefined;
  /** Final totals of what was lost, if anything. */
  lostSummary: () => string | undefined;
}

export interface ShutdownControl {
  /** Flush within the time bound; safe to call more than once. */
  shutdown(): Promise<void>;
  /** What a signal does when the service has its own handler: export what is queued, within the bound, and keep running. */
  flush(): Promise<void>;
}

/**
 * Flush on SIGTERM/SIGINT and at the natural end of the process, bounded in
 * time so an unreachable collector cannot keep a stopping service alive.
 * After a signal, if no one else listens for it, the signal is raised again
 * with the default action, so the process ends exactly as it would have
 * without us (the stock SDK handler flushes but never exits). A service with
 * its own handler keeps control of its exit: the signal only flushes what is
 * queued and the SDK keeps running, so the records the service writes while
 * it stops are still exported — at the natural end of the process, or when
 * the service awaits shutdown() before process.exit().
 */
export function installShutdown(deps: ShutdownDeps): ShutdownControl {
  let running: Promise<void> | undefined;
  let ranOutOfTime = false;
  /** A signal's flush still under way. */
  let flushing: Promise<void> | undefined;

  const shutdown = (): Promise<void> => {
    running ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), deps.timeoutMillis);
        timer.unref();
      });
      // The batch processors return at once from a flush asked while another runs, so a shutdown
      // started during a signal's flush would stop the SDK without exporting what was written meanwhile.
      const stopSdk = async (): Promise<void> => {
        await flushing;
        await deps.shutdownSdk();
      };
      const outcome = await Promise.race([
        stopSdk().then(
          () => 'done' as const,
          (err: unknown) => {
            deps.log.warn(`shutdown: ${err instanceof Error ? err.message : String(err)}`);
            return 'done' as const;
          },
        ),
        timedOut,
      ]);
      if (timer) clearTimeout(timer);
      if (outcome === 'timeout') {
        ranOutOfTime = true;
        // Spans and log records are accounted; with none of them pending, what did not finish is the
        // meter provider's last export (metrics are not held and retried).
        const pending =
          deps.undelivered() ?? 'every span and log record was delivered; the last metrics export did not finish (collector unreachable?)';
        deps.log.warn(`telemetry flush did not finish within ${deps.timeoutMillis} ms; exiting anyway — ${pending}`);
      } else {
        // Finished in time, yet something accepted was never delivered nor booked as lost: say so.
        const pending = deps.undelivered();
        if (pending) deps.log.warn(`telemetry shutdown finished with ${pending}`);
      }
      const lost = deps.lostSummary();
      if (lost) deps.log.warn(lost);
    })();
    return running;
  };

  const boundedFlush = (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, deps.timeoutMillis);
      timer.unref();
    });
    const done = Promise.race([deps.flush().catch(() => undefined), timedOut]).finally(() => {
      clearTimeout(timer);
      if (flushing === done) flushing = undefined;
    });
    flushing = done;
    return done;
  };

  const onSignal = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) {
      void boundedFlush();
      return;
    }
    void shutdown().finally(() => {
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    });
  };

  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // At the natural end the service has nothing left to run: if the flush ran out of time, the
  // exporter's retries are all that keeps the process alive, so it ends now, with its exit code.
  process.once('beforeExit', () => {
    void shutdown().then(() => {
      if (ranOutOfTime) process.exit();
    });
  });
  return { shutdown, flush: boundedFlush };
}
