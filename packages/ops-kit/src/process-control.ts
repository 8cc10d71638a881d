// Our handle on the processes we start: detached spawn with output to a log,
// pid files, "is that pid still ours", and stopping with SIGTERM then SIGKILL.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sleep } from './wait-for';

export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // Removed meanwhile (PostgreSQL deletes its own on shutdown).
    return undefined;
  }
  // The first line: PostgreSQL's postmaster.pid goes on with the data dir, port, socket dir, ...
  const pid = Number(text.split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function writePidFile(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

export function removePidFile(file: string): void {
  rmSync(file, { force: true });
}

/** True for a live process; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may contain spaces).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}

/** The process's command line, NULs turned into spaces; undefined when it is gone. */
export function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

/**
 * The pid in `pidFile` if that process is alive and its command line contains
 * `marker` (pids are reused after a reboot or a crash: a bare "is alive" could
 * name a stranger). A stale pid file is removed.
 */
export function livePid(pidFile: string, marker: string): number | undefined {
  const pid = readPidFile(pidFile);
  if (pid === undefined) return undefined;
  if (isAlive(pid)) {
    const cmd = commandLine(pid);
    if (cmd === undefined || cmd.includes(marker)) return pid;
  }
  removePidFile(pidFile);
  return undefined;
}

export interface DetachedSpec {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** stdout and stderr are appended here. */
  logFile: string;
  /** Written with the child's pid, when given. */
  pidFile?: string;
  uid?: number;
  gid?: number;
}

/**
 * Starts a long-running process in its own process group, detached from ours,
 * so it outlives the CLI; returns its pid.
 */
export function spawnDetached(spec: DetachedSpec): number {
  const out = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      uid: spec.uid,
      gid: spec.gid,
      detached: true,
      stdio: ['ignore', out, out],
    });
    // spawn reports ENOENT asynchronously; the pid is undefined in that case.
    child.on('error', () => undefined);
    if (child.pid === undefined) throw new Error(`cannot start ${spec.command}`);
    child.unref();
    if (spec.pidFile) writePidFile(spec.pidFile, child.pid);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/** SIGTERM, wait up to `graceMs`, then SIGKILL and wait for it to disappear. */
export async function stopProcess(pid: number, graceMs = 30_000): Promise<StopOutcome> {
  if (!isAlive(pid)) return 'not-running';
  signal(pid, 'SIGTERM');
  if (await waitGone(pid, graceMs)) return 'terminated';
  signal(pid, 'SIGKILL');
  await waitGone(pid, 10_000);
  return 'killed';
}

export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** Stops, at once, every live process of ours named by these pid files (a cluster's nodes, gateways); returns how many there were. */
export async function stopPidFiles(pidFiles: readonly string[], marker: string, graceMs = 30_000): Promise<number> {
  const stopped = await Promise.all(
    pidFiles.map(async (file) => {
      const pid = livePid(file, marker);
      if (pid === undefined) return 0;
      await stopProcess(pid, graceMs);
      removePidFile(file);
      return 1;
    }),
  );
  return stopped.reduce((a: number, b) => a + b, 0);
}
