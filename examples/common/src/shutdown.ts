import type { JewelryLogger } from '@jewelry/logger';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

export interface GracefulShutdown {
  /** Runs the steps once, flushes telemetry and exits with `code`. */
  shutdown(reason: string, code?: number): Promise<void>;
  readonly stopping: boolean;
}

/** Symbol the distribution keeps its running instance under; present only when it was loaded. */
const DISTRO = Symbol.for('@jewelry/otel.started');

/**
 * Flushes the distribution if it runs in this process. The distribution's own
 * SIGTERM handler re-raises the signal only when nobody else listens; we do
 * listen, so we must flush and exit ourselves. Requiring `@jewelry/otel`
 * when it was not preloaded would start it, hence the check.
 */
export async function flushTelemetry(): Promise<void> {
  if (!(DISTRO in globalThis)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const otel = require('@jewelry/otel') as { shutdown(): Promise<void> };
  await otel.shutdown();
}

/**
 * Graceful stop on SIGTERM/SIGINT: the steps run in order (stop taking HTTP
 * requests, stop consuming and finish the messages in hand, close the pool),
 * each failure logged and skipped, the whole bounded by `timeoutMs`; then
 * telemetry is flushed and the process exits.
 */
export function installGracefulShutdown(log: JewelryLogger, steps: ShutdownStep[], options: { timeoutMs: number }): GracefulShutdown {
  let running: Promise<void> | undefined;
  const control: GracefulShutdown = {
    get stopping() {
      return running !== undefined;
    },
    shutdown(reason, code = 0) {
      running ??= (async () => {
        const started = Date.now();
        log.info('service stopping', { 'event.reason': reason });
        const timer = setTimeout(() => {
          log.error('graceful stop took too long, exiting', { 'event.reason': reason, 'event.duration': (Date.now() - started) * 1e6 });
          void flushTelemetry().finally(() => process.exit(code || 1));
        }, options.timeoutMs);
        timer.unref();
        for (const step of steps) {
          try {
            await step.run();
          } catch (err) {
            log.error(`stop step failed: ${step.name}`, { err });
          }
        }
        log.info('service stopped', { 'event.reason': reason, 'event.duration': (Date.now() - started) * 1e6 });
        clearTimeout(timer);
        await flushTelemetry().catch(() => undefined);
        process.exit(code);
      })();
      return running;
    },
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void control.shutdown(signal, 0));
  return control;
}
