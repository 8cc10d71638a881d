// Runs a command to completion: output to a log file (for long, noisy work such
// as apt-get, mvn, the collector build) and kept in memory (last 64 KiB) for
// error messages.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, writeSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StackError } from './errors';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  timeoutMs?: number;
  /** Appended to, with a header naming the command. */
  logFile?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stdout and stderr interleaved, last 64 KiB. */
  output: string;
}

const KEEP = 64 * 1024;

/** Absolute path of `name` on PATH (plus the sbin dirs, which a non-login root shell may lack), or undefined. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const extra of ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin']) {
    if (!dirs.includes(extra)) dirs.push(extra);
  }
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    let logFd: number | undefined;
    if (options.logFile) {
      logFd = openSync(options.logFile, 'a');
      writeSync(logFd, `\n$ ${[command, ...args].join(' ')}   # ${new Date().toISOString()}\n`);
    }
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (logFd !== undefined) writeSync(logFd, chunk);
      output += chunk.toString('utf8');
      if (output.length > KEEP * 2) output = output.slice(-KEEP);
    };
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      if (logFd !== undefined) closeSync(logFd);
      reject(
        err.code === 'ENOENT'
          ? new StackError(`${command} not found (is it installed and on PATH?)`)
          : new StackError(`cannot run ${command}: ${err.message}`),
      );
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (logFd !== undefined) {
        writeSync(logFd, `# exit ${code ?? signal}${timedOut ? ' (timed out)' : ''}\n`);
        closeSync(logFd);
      }
      resolvePromise({ code, signal, timedOut, output: output.slice(-KEEP) });
    });
  });
}

/** The last non-empty lines of a command's output, for a one-line error message. */
export function lastLines(output: string, count = 1): string {
  return output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-count)
    .join(' | ');
}
