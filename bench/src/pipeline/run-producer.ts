import { join } from 'node:path';
import { spawnTracked, stopChild } from '../child-processes';

export interface ProducerOutcome {
  /** From the producer's first record to its last write. */
  writtenMillis: number;
  /** …to the SDK confirming every record delivered to the collector. */
  deliveredMillis: number;
  /** CPU the producer process used (user + system), from its own process.cpuUsage(). */
  cpuSeconds: number;
  stats: { accepted: number; exported: number; failed: number; droppedQueueFull: number; inFlight: number };
}

export interface ProducerRun {
  pid: number;
  outcome: Promise<ProducerOutcome>;
  stop(): Promise<void>;
}

/** The SDK settings a person running the bench may vary (batch sizes, export concurrency, protocol). */
function sdkSettingsFromEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([k]) => /^(OTEL_BLRP_|JEWELRY_EXPORT_|OTEL_EXPORTER_OTLP_(LOGS_)?(PROTOCOL|COMPRESSION|TIMEOUT)$)/.test(k)),
  );
}

/** Starts the producer process under `--require @jewelry/otel`, exporting to `otlpEndpoint`. */
export function startProducer(run: string, records: number, otlpEndpoint: string, extraEnv: NodeJS.ProcessEnv = {}): ProducerRun {
  const child = spawnTracked(process.execPath, ['--require', '@jewelry/otel', join(__dirname, 'producer.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      OTEL_SERVICE_NAME: 'mes-api',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOG_LEVEL: 'warn',
      ...sdkSettingsFromEnv(process.env),
      BENCH_RUN: run,
      BENCH_RECORDS: String(records),
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  const outcome = new Promise<ProducerOutcome>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const line = /BENCH_PRODUCER=(.*)/.exec(stderr);
      if (line) resolve(JSON.parse(line[1]!) as ProducerOutcome);
      else reject(new Error(`the producer exited (${code ?? signal}) without a result: ${stderr.trim().slice(-800) || 'no stderr'}`));
    });
  });
  return { pid: child.pid ?? 0, outcome, stop: () => stopChild(child, 'SIGKILL') };
}
