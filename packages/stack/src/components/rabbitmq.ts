// RabbitMQ from Debian's rabbitmq-server package, run as a private node whose
// data, logs, config and Erlang cookie all live in the stack dir.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  StackError,
  ensureDir,
  ensureOwnedDir,
  tailFile,
  findExecutable,
  lastLines,
  runCommand,
  isAlive,
  readPidFile,
  stopProcess,
  sleep,
  waitFor,
} from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { componentDir, type Component, type ComponentContext } from '../component';
import { assertWritableBy, ensureAptPackage, isRoot, lookupUser, type Account } from '../install';

/**
 * Debian's /usr/sbin/rabbitmq-* are wrappers that `su` to the rabbitmq user
 * (with that user's HOME, hence its cookie) when run as root. We call the real
 * scripts behind them and switch user ourselves, so we decide HOME (and the
 * cookie in it) and every RABBITMQ_* variable reaches the node unchanged.
 */
const SCRIPTS_DIR = '/usr/lib/rabbitmq/bin';

function dir(s: StackSettings): string {
  return componentDir(s, 'rabbitmq');
}

/** One node name per stack dir, so an isolated test stack never talks to the main one. */
export function rabbitNodeName(s: StackSettings): string {
  const hash = createHash('sha256').update(s.stackDir).digest('hex').slice(0, 8);
  return `jewelry-${hash}@localhost`;
}

/** Root runs the node as the package's `rabbitmq` user; anyone else runs it as themselves. */
async function runAs(): Promise<Account | undefined> {
  if (!isRoot()) return undefined;
  const account = await lookupUser('rabbitmq');
  if (!account) throw new StackError("the rabbitmq-server package is installed but its 'rabbitmq' user is missing");
  return account;
}

function rabbitEnv(s: StackSettings): NodeJS.ProcessEnv {
  const d = dir(s);
  const loopbackOnly = '-kernel inet_dist_use_interface {127,0,0,1}';
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    // Erlang reads (or creates) the cookie in $HOME; server and rabbitmqctl share it.
    HOME: join(d, 'home'),
    RABBITMQ_NODENAME: rabbitNodeName(s),
    RABBITMQ_NODE_IP_ADDRESS: s.host,
    RABBITMQ_NODE_PORT: String(s.rabbitmqPort),
    RABBITMQ_DIST_PORT: String(s.rabbitmqDistPort),
    RABBITMQ_MNESIA_BASE: join(d, 'mnesia'),
    RABBITMQ_LOG_BASE: join(d, 'log'),
    RABBITMQ_PID_FILE: join(d, 'rabbitmq.pid'),
    // Our own files instead of /etc/rabbitmq/*, so a machine's global config cannot leak in.
    RABBITMQ_CONFIG_FILE: join(d, 'rabbitmq.conf'),
    RABBITMQ_CONF_ENV_FILE: join(d, 'rabbitmq-env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(d, 'enabled_plugins'),
    ERL_EPMD_ADDRESS: s.host,
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: loopbackOnly,
    RABBITMQ_CTL_ERL_ARGS: loopbackOnly,
  };
}

function script(name: string): string {
  const path = join(SCRIPTS_DIR, name);
  if (!existsSync(path)) {
    throw new StackError(`${path} not found: jewelry-otel runs RabbitMQ from Debian's rabbitmq-server package`);
  }
  return path;
}

async function rabbitmqctl(s: StackSettings, args: string[], timeoutMs: number) {
  const account = await runAs();
  return runCommand(script('rabbitmqctl'), args, {
    env: rabbitEnv(s),
    cwd: dir(s),
    uid: account?.uid,
    gid: account?.gid,
    timeoutMs,
    logFile: join(dir(s), 'rabbitmqctl.log'),
  });
}

/** Sends the AMQP 0-9-1 protocol header; a live broker answers with a Connection.Start method frame (type 1). */
export function amqpHandshake(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolvePromise(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1])));
    socket.once('data', (data: Buffer) => done(data[0] === 1));
  });
}

export const rabbitmq: Component = {
  name: 'rabbitmq',
  installKind: 'apt',
  startTimeoutMs: 180_000,
  endpoint: (s) => `${s.host}:${s.rabbitmqPort}`,
  ports: (s) => [
    { port: s.rabbitmqPort, purpose: 'AMQP', setting: 'RABBITMQ_PORT' },
    { port: s.rabbitmqDistPort, purpose: 'Erlang distribution', setting: 'RABBITMQ_DIST_PORT' },
  ],
  pidFile: (s) => join(dir(s), 'rabbitmq.pid'),
  logFile: (s) => join(dir(s), 'log', `${rabbitNodeName(s)}.log`),
  // The node name travels in the environment, not argv; its HOME (ours, per stack dir) is on the command line.
  processMarker: (s) => `-home ${join(dir(s), 'home')}`,

  async install(ctx) {
    await ensureAptPackage('rabbitmq-server', 'rabbitmq-server', join(ctx.settings.cacheDir, 'logs'), ctx.activity);
  },

  async start(ctx) {
    const s = ctx.settings;
    const d = dir(s);
    const account = await runAs();
    ensureDir(d);
    writeFileSync(
      join(d, 'rabbitmq.conf'),
      '# Written by jewelry-otel on every start; change the code, not this file.\n' +
        '# guest/guest may log in from loopback only -- the only address we listen on.\n' +
        'loopback_users.guest = true\n',
    );
    writeFileSync(join(d, 'rabbitmq-env.conf'), '# Intentionally empty: every setting comes from the environment.\n');
    writeFileSync(join(d, 'enabled_plugins'), '[].\n');
    for (const sub of ['home', 'mnesia', 'log']) ensureDir(join(d, sub));
    // The node runs as `rabbitmq` when we are root: it must own everything it writes.
    ensureOwnedDir(d, account);
    await assertWritableBy(account, d);
    const launchLog = join(d, 'rabbitmq-server.log');
    const res = await runCommand(script('rabbitmq-server'), ['-detached'], {
      env: rabbitEnv(s),
      cwd: d,
      uid: account?.uid,
      gid: account?.gid,
      timeoutMs: 60_000,
      logFile: launchLog,
    });
    if (res.code !== 0) {
      throw new StackError(`rabbitmq-server -detached failed (exit ${res.code}): ${lastLines(res.output)}`, {
        component: 'rabbitmq',
        logPath: launchLog,
      });
    }
    const pidFile = this.pidFile(s);
    const logFile = this.logFile(s);
    await waitFor('rabbitmq: node did not come up', async () => existsSync(pidFile), {
      timeoutMs: 60_000,
      intervalMs: 200,
      component: 'rabbitmq',
      logPath: logFile,
      logTail: () => tailFile(logFile, 15),
    });
    // await_startup re-checks only every 10 s; the AMQP listener opens at the end of the boot,
    // so poll that quickly first and let await_startup confirm (instantly, by then).
    await waitFor('rabbitmq: AMQP listener did not open', () => amqpHandshake(s.host, s.rabbitmqPort), {
      timeoutMs: 150_000,
      intervalMs: 250,
      abortIf: () => {
        const pid = readPidFile(pidFile);
        return pid !== undefined && !isAlive(pid) ? `the node (pid ${pid}) exited` : undefined;
      },
      component: 'rabbitmq',
      logPath: logFile,
      logTail: () => tailFile(logFile, 15),
    });
    const ready = await rabbitmqctl(s, ['await_startup', '--timeout', '60'], 90_000);
    const pid = readPidFile(pidFile);
    if (ready.code !== 0 || pid === undefined || !isAlive(pid)) {
      throw new StackError(`rabbitmq did not finish booting: ${lastLines(ready.output)}`, {
        component: 'rabbitmq',
        logPath: logFile,
        logTail: tailFile(logFile, 15),
      });
    }
  },

  isHealthy: (ctx: ComponentContext) => amqpHandshake(ctx.settings.host, ctx.settings.rabbitmqPort),

  async stop(ctx, pid) {
    // `stop <pidfile>` returns only once that OS process has exited.
    await rabbitmqctl(ctx.settings, ['stop', this.pidFile(ctx.settings)], 90_000).catch(() => undefined);
    if (isAlive(pid)) await stopProcess(pid, 30_000);
    await releaseEpmd(ctx.settings);
  },
};

/**
 * The first Erlang node on a machine starts epmd (the name server on 4369),
 * which outlives the node. Stop it when no other node is registered, so
 * `stack down` leaves nothing of ours running.
 */
async function releaseEpmd(s: StackSettings): Promise<void> {
  const epmd = findExecutable('epmd');
  if (!epmd) return;
  const env = { ...process.env, ERL_EPMD_ADDRESS: s.host };
  // rabbitmqctl's own short-lived node may still be unregistering: look again for a few seconds.
  for (let attempt = 0; attempt < 10; attempt++) {
    const names = await runCommand(epmd, ['-names'], { env, timeoutMs: 5000 }).catch(() => undefined);
    if (!names || names.code !== 0) return;
    if (!/^name /m.test(names.output)) {
      await runCommand(epmd, ['-kill'], { env, timeoutMs: 5000 }).catch(() => undefined);
      return;
    }
    await sleep(300);
  }
}
