// stack up / down / status: drives every component through the same steps.
//   up:     the installs of every component that is not running start at once, side by side
//           (install-queue.ts); then, one component after the other, in start order:
//           lock -> running and healthy? -> ports free? -> its install done -> start -> wait until healthy
//           -> afterHealthy (Elasticsearch: templates and write aliases), also when already running
//   down:   lock -> our pid? -> component's own stop -> SIGTERM, then SIGKILL
//   status: our pid? healthy? if not ours, who holds the port?
import { join } from 'node:path';
import {
  StackError,
  UsageError,
  errorMessage,
  ensureDir,
  tailFile,
  ActivityBoard,
  type ActivityListener,
  progressIntervalMs,
  StatusLine,
  withLock,
  isPortFree,
  portOwner,
  type PortOwner,
  isAlive,
  livePid,
  readPidFile,
  removePidFile,
  stopProcess,
  waitFor,
} from '@jewelry/ops-kit';
import { resolveSettings, type StackSettings } from './settings';
import { COMPONENT_NAMES, isComponentName, type Component, type ComponentContext, type ComponentName } from './component';
import { alertmanager } from './components/alertmanager';
import { collector } from './components/collector';
import { elasticsearch } from './components/elasticsearch';
import { postgres } from './components/postgres';
import { prometheus } from './components/prometheus';
import { rabbitmq } from './components/rabbitmq';
import { s3 } from './components/s3';
import { startInstalls } from './install-queue';

/** Start order is COMPONENT_NAMES' (component.ts). */
const COMPONENTS: Record<ComponentName, Component> = { rabbitmq, postgres, s3, elasticsearch, collector, alertmanager, prometheus };

/** How long a launched component may take to report healthy. */
const READY_TIMEOUT_MS = 240_000;

export interface StackOptions {
  /** Overrides on top of the environment (tests use this for an isolated stack dir and ports). */
  settings?: Partial<StackSettings>;
  /** The environment to read settings from; process.env by default. */
  env?: Record<string, string | undefined>;
  /** Progress of slow steps (downloads, builds), for a person watching. */
  onProgress?: (message: string) => void;
  /**
   * The long steps running now (builds, downloads, installs), on every change
   * and once a second: for a status line that updates in place (progress/status-line.ts).
   * Without it, onProgress gets a line when a step starts and every 30 s while it runs.
   */
  onActivity?: ActivityListener;
}

export interface UpOptions extends StackOptions {
  /** Called as soon as each component is up, before the next one starts. */
  onComponent?: (result: ComponentUpResult) => void;
}

export interface ComponentUpResult {
  name: ComponentName;
  state: 'up';
  /** False when it was already running (a second `up` is cheap). */
  startedByThisCall: boolean;
  /** host:port */
  endpoint: string;
  seconds: number;
  pid: number | null;
}

export interface ComponentDownResult {
  name: ComponentName;
  state: 'stopped';
  /** False when it was not running (down is idempotent). */
  stoppedByThisCall: boolean;
  pid: number | null;
  seconds: number;
}

export interface ComponentStatus {
  name: ComponentName;
  state: 'running' | 'stopped';
  pid: number | null;
  endpoint: string;
  healthy: boolean;
  /** When stopped but its port is in use: who has it. */
  portTakenBy: (PortOwner & { port: number }) | null;
}

/** Validates names and returns the components in start order (unknown name: UsageError). */
export function selectComponents(names?: readonly string[]): ComponentName[] {
  if (!names || names.length === 0) return [...COMPONENT_NAMES];
  const unknown = names.filter((n) => !isComponentName(n));
  if (unknown.length > 0) {
    throw new UsageError(`unknown component '${unknown.join("', '")}' (known: ${COMPONENT_NAMES.join(', ')})`);
  }
  return COMPONENT_NAMES.filter((n) => names.includes(n));
}

function context(options: StackOptions): ComponentContext {
  const settings = resolveSettings(options.settings, options.env ?? process.env);
  const progress = options.onProgress ?? (() => undefined);
  let listener = options.onActivity;
  if (!listener && options.onProgress) {
    const lines = new StatusLine({
      write: (text) => progress(text.trimEnd()),
      tty: false,
      periodMs: progressIntervalMs(options.env ?? process.env),
    });
    listener = (active, now) => lines.activities(active, now);
  }
  const activity = new ActivityBoard(listener ?? (() => undefined)).start;
  return { settings, progress, activity };
}

function lockFile(s: StackSettings, name: ComponentName): string {
  return join(ensureDir(join(s.stackDir, 'locks')), `${name}.lock`);
}

const seconds = (since: number): number => Math.round((Date.now() - since) / 100) / 10;

export async function stackUp(names?: readonly string[], options: UpOptions = {}): Promise<ComponentUpResult[]> {
  const selected = selectComponents(names);
  const ctx = context(options);
  const results: ComponentUpResult[] = [];
  // Downloads, apt installs and builds of the components that are not running all start now;
  // each component then waits for its own before it starts.
  const installs = startInstalls(
    selected.map((name) => COMPONENTS[name]).filter((c) => livePid(c.pidFile(ctx.settings), c.processMarker(ctx.settings)) === undefined),
    ctx,
  );
  try {
    for (const name of selected) {
      const result = await upOne(COMPONENTS[name], ctx, installs.get(name));
      results.push(result);
      options.onComponent?.(result);
    }
  } catch (err) {
    installs.cancel();
    const pending = installs.pending();
    if (pending.length > 0) {
      // Said now, not after minutes of a build nobody waits for; the error follows once they end.
      ctx.progress(
        `${errorMessage(err)} -- stopping once what is under way ends (${pending.join(', ')}: kept in the cache for the next run; ^C stops it now)`,
      );
      await installs.settled();
    }
    throw err;
  }
  return results;
}

async function upOne(c: Component, ctx: ComponentContext, installing?: Promise<void>): Promise<ComponentUpResult> {
  const s = ctx.settings;
  const started = Date.now();
  const pidFile = c.pidFile(s);
  const logDetails = { component: c.name, logPath: c.logFile(s), logTail: () => tailFile(c.logFile(s), 15) };
  const abortIfDied = (): string | undefined => {
    const pid = readPidFile(pidFile);
    return pid !== undefined && !isAlive(pid) ? `the process (pid ${pid}) exited` : undefined;
  };
  const result = (startedByThisCall: boolean): ComponentUpResult => ({
    name: c.name,
    state: 'up',
    startedByThisCall,
    endpoint: c.endpoint(s),
    seconds: seconds(started),
    pid: livePid(pidFile, c.processMarker(s)) ?? null,
  });
  try {
    return await withLock(lockFile(s, c.name), c.startTimeoutMs + READY_TIMEOUT_MS, c.name, async () => {
      const running = livePid(pidFile, c.processMarker(s));
      if (running !== undefined) {
        await c.repair?.(ctx);
        if (!(await c.isHealthy(ctx))) {
          // Just launched by another call, or stuck: give it the usual time.
          await waitFor(`${c.name}: running (pid ${running}) but not healthy`, () => c.isHealthy(ctx), {
            timeoutMs: READY_TIMEOUT_MS,
            abortIf: abortIfDied,
            ...logDetails,
          });
        }
        await c.afterHealthy?.(ctx);
        return result(false);
      }
      await ensurePortsFree(c, s);
      // Started by stackUp beside the others; the component's own install is then a quick check.
      await installing;
      await c.install(ctx);
      // Again: installing can take minutes, and a package may start its own service.
      await ensurePortsFree(c, s);
      await c.start(ctx);
      await waitFor(`${c.name}: not healthy`, () => c.isHealthy(ctx), {
        timeoutMs: READY_TIMEOUT_MS,
        abortIf: abortIfDied,
        ...logDetails,
      });
      await c.afterHealthy?.(ctx);
      return result(true);
    });
  } catch (err) {
    if (err instanceof StackError) {
      if (err.component) throw err;
      throw new StackError(`${c.name}: ${err.message}`, { component: c.name, logPath: err.logPath, logTail: err.logTail });
    }
    if (err instanceof UsageError) throw err;
    throw new StackError(`${c.name}: ${(err as Error).message ?? String(err)}`, {
      component: c.name,
      logPath: c.logFile(s),
      logTail: tailFile(c.logFile(s), 15),
    });
  }
}

async function ensurePortsFree(c: Component, s: StackSettings): Promise<void> {
  for (const use of c.ports(s)) {
    if (await isPortFree(s.host, use.port)) continue;
    const owner = portOwner(use.port);
    const who = owner ? `pid ${owner.pid} (${owner.command})` : 'another process';
    throw new StackError(
      `${c.name}: port ${use.port} (${use.purpose}) on ${s.host} is taken by ${who}, which this stack did not start ` +
        `(no live pid file at ${c.pidFile(s)}); stop it or move ${c.name} with ${use.setting}=<port>`,
      { component: c.name },
    );
  }
}

export async function stackDown(names?: readonly string[], options: StackOptions = {}): Promise<ComponentDownResult[]> {
  const selected = selectComponents(names).reverse();
  const ctx = context(options);
  const results: ComponentDownResult[] = [];
  for (const name of selected) results.push(await downOne(COMPONENTS[name], ctx));
  return results;
}

async function downOne(c: Component, ctx: ComponentContext): Promise<ComponentDownResult> {
  const s = ctx.settings;
  const started = Date.now();
  return withLock(lockFile(s, c.name), 10 * 60_000, c.name, async () => {
    const pidFile = c.pidFile(s);
    const pid = livePid(pidFile, c.processMarker(s));
    if (pid === undefined) {
      const others = (await c.stopOthers?.(ctx)) ?? 0;
      return { name: c.name, state: 'stopped', stoppedByThisCall: others > 0, pid: null, seconds: seconds(started) };
    }
    if (c.stop) {
      // The component's own way first; signals below catch whatever it leaves.
      await c.stop(ctx, pid).catch(() => undefined);
    }
    await stopProcess(pid, 30_000);
    if (isAlive(pid)) throw new StackError(`${c.name}: pid ${pid} survived SIGKILL`, { component: c.name });
    removePidFile(pidFile);
    await c.stopOthers?.(ctx);
    return { name: c.name, state: 'stopped', stoppedByThisCall: true, pid, seconds: seconds(started) };
  });
}

export async function stackStatus(names?: readonly string[], options: StackOptions = {}): Promise<ComponentStatus[]> {
  const selected = selectComponents(names);
  const ctx = context(options);
  const s = ctx.settings;
  return Promise.all(
    selected.map(async (name): Promise<ComponentStatus> => {
      const c = COMPONENTS[name];
      const pid = livePid(c.pidFile(s), c.processMarker(s));
      const healthy = pid !== undefined && (await c.isHealthy(ctx).catch(() => false));
      let portTakenBy: ComponentStatus['portTakenBy'] = null;
      if (pid === undefined) {
        for (const use of c.ports(s)) {
          if (await isPortFree(s.host, use.port)) continue;
          const owner = portOwner(use.port);
          portTakenBy = { port: use.port, pid: owner?.pid ?? 0, command: owner?.command ?? '?' };
          break;
        }
      }
      return {
        name,
        state: pid === undefined ? 'stopped' : 'running',
        pid: pid ?? null,
        endpoint: c.endpoint(s),
        healthy,
        portTakenBy,
      };
    }),
  );
}
