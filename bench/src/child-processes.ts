import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Every process a bench section starts goes through here, so that none
 * outlives the bench: sections kill theirs in `finally` blocks, and on
 * SIGINT/SIGTERM (Ctrl-C during a long run) or an uncaught error the ones
 * still alive are killed by pid before the bench exits.
 */
const live = new Map<number, ChildProcess>();
let handlersInstalled = false;

function killAllNow(): void {
  for (const [pid, child] of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    live.delete(pid);
    child.removeAllListeners();
  }
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAllNow();
      process.stderr.write(`bench: ${signal}, killed the processes it had started\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
  process.once('exit', killAllNow);
}

/** spawn(), remembered until the child exits. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  installHandlers();
  const child = spawn(command, args, options);
  const pid = child.pid;
  if (pid === undefined) {
    // spawn failed (the 'error' event follows); nothing to track.
    return child;
  }
  live.set(pid, child);
  child.once('exit', () => live.delete(pid));
  return child;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Ends a child by its pid: `signal` first (SIGTERM lets a distribution flush
 * what it holds), SIGKILL if it has not exited within `graceMs`. Resolves once
 * it is gone. Safe to call twice and on a child that already exited.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || exited(child)) {
    if (pid !== undefined) live.delete(pid);
    return;
  }
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
  if (signal !== 'SIGKILL' && !(await waitForExit(child, graceMs))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  await waitForExit(child, 5000);
  live.delete(pid);
}

/** How many tracked children are still alive (tests check that a section leaves none). */
export function liveChildCount(): number {
  return live.size;
}
