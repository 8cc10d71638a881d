import { diag, DiagLogLevel, type DiagLogger, type Exception } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';

export type DistroLogLevel = 'error' | 'warn' | 'info' | 'debug';

const ORDER: Record<DistroLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** OTEL_LOG_LEVEL as the SDK spells it (NONE, ERROR, WARN, INFO, DEBUG, VERBOSE, ALL); ours defaults to info. */
function thresholdFromEnv(env: NodeJS.ProcessEnv): number {
  switch ((env.OTEL_LOG_LEVEL ?? '').trim().toUpperCase()) {
    case 'NONE':
      return -1;
    case 'ERROR':
      return ORDER.error;
    case 'WARN':
      return ORDER.warn;
    case 'DEBUG':
    case 'VERBOSE':
    case 'ALL':
      return ORDER.debug;
    default:
      return ORDER.info;
  }
}

/**
 * The distribution's own lines go to stderr: stdout carries the service's
 * JSON log lines, which one stray text line would break for a log shipper.
 */
export class DistroLog {
  private readonly threshold: number;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.threshold = thresholdFromEnv(env);
  }

  write(level: DistroLogLevel, message: string): void {
    if (ORDER[level] > this.threshold) return;
    try {
      process.stderr.write(`@jewelry/otel ${level}: ${message}\n`);
    } catch {
      // stderr closed: nowhere left to report to.
    }
  }

  error = (message: string): void => this.write('error', message);
  warn = (message: string): void => this.write('warn', message);
  info = (message: string): void => this.write('info', message);
  debug = (message: string): void => this.write('debug', message);
}

/**
 * Routes the SDK's own diagnostics (diag) to stderr too: the stock console
 * logger writes info/debug to stdout, where the service's JSON log lines go.
 * Without OTEL_LOG_LEVEL only warnings and errors of the SDK are shown.
 */
export function routeSdkDiagnostics(env: NodeJS.ProcessEnv = process.env): void {
  const toStderr =
    (level: string) =>
    (message: string, ...args: unknown[]): void => {
      const extra = args.length
        ? ` ${args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : safeJson(a))).join(' ')}`
        : '';
      try {
        process.stderr.write(`@opentelemetry ${level}: ${message}${extra}\n`);
      } catch {
        // as above
      }
    };
  const logger: DiagLogger = {
    error: toStderr('error'),
    warn: toStderr('warn'),
    info: toStderr('info'),
    debug: toStderr('debug'),
    verbose: toStderr('verbose'),
  };
  const raw = (env.OTEL_LOG_LEVEL ?? '').trim().toUpperCase();
  const level = raw && raw in DiagLogLevel ? DiagLogLevel[raw as keyof typeof DiagLogLevel] : DiagLogLevel.WARN;
  diag.disable();
  diag.setLogger(logger, { logLevel: level, suppressOverrideMessage: true });
  // The SDK's default handler prints an error as one JSON line with its stack
  // (e.g. every failed metrics export while the collector is down): one
  // readable line instead, the stack only at OTEL_LOG_LEVEL=debug.
  setGlobalErrorHandler((ex: Exception) => {
    diag.error(describeException(ex));
    if (typeof ex === 'object' && ex.stack) diag.debug(ex.stack);
  });
}

/** "PeriodicExportingMetricReader: metrics export failed (error Error: connect ECONNREFUSED 127.0.0.1:4318)" */
function describeException(ex: Exception): string {
  if (typeof ex === 'string') return ex;
  const message = ex.message ?? (ex.code !== undefined ? `code ${ex.code}` : 'unknown error');
  return ex.name && ex.name !== 'Error' && !message.startsWith(ex.name) ? `${ex.name}: ${message}` : message;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
