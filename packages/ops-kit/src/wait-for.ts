// Polling with a deadline, and the tiny HTTP client the health checks use.
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './errors';

/** A pause of `ms` (Node's own timers/promises; re-exported for the packages that wait). */
export { sleep };

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked on every round: a string is a reason to stop waiting (the process died, say). */
  abortIf?: () => Promise<string | undefined> | string | undefined;
  /** Added to the error, e.g. the log to read. */
  component?: string;
  logPath?: string;
  logTail?: () => string;
}

/** Calls `probe` until it returns true; throws a StackError naming `what` on timeout or abort. */
export async function waitFor(what: string, probe: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 500;
  for (;;) {
    if (await probe().catch(() => false)) return;
    const reason = await options.abortIf?.();
    if (reason) throw failure(`${what}: ${reason}`, options);
    if (Date.now() >= deadline) {
      throw failure(`${what}: not ready after ${Math.round(options.timeoutMs / 1000)}s`, options);
    }
    await sleep(interval);
  }
}

function failure(message: string, options: WaitOptions): StackError {
  return new StackError(message, {
    component: options.component,
    logPath: options.logPath,
    logTail: options.logTail?.(),
  });
}

export interface HttpResponse {
  status: number;
  body: string;
}

export function httpGet(url: string, timeoutMs = 2000, headers: Record<string, string> = {}): Promise<HttpResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = request(url, { method: 'GET', headers, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 1_000_000) body += chunk;
      });
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs}ms: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** True when `url` answers 2xx within the timeout. */
export async function httpOk(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await httpGet(url, timeoutMs);
    return res.status >= 200 && res.status < 300;
  } catch {
    return false;
  }
}
