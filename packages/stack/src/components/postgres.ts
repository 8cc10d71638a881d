// PostgreSQL from Debian's postgresql package, run as our own cluster: initdb
// into the stack dir, started and stopped with pg_ctl, listening on 127.0.0.1
// only, its unix socket inside the stack dir. The package's own cluster
// (`main`, pg_ctlcluster, the service unit) is never used.
import { chownSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { StackError, ensureDir, tailFile, lastLines, runCommand } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { componentDir, type Component, type ComponentContext } from '../component';
import { assertWritableBy, ensureAptPackageFor, isRoot, lookupUser, type Account } from '../install';

/** Debian installs each major version's programs here: /usr/lib/postgresql/<major>/bin. */
const PG_LIB = '/usr/lib/postgresql';

/** The superuser initdb creates; it logs in over the unix socket only (trust), never over TCP. */
const SUPERUSER = 'postgres';

/** Longest unix socket path Linux accepts (sun_path is 108 bytes with the NUL). */
const MAX_SOCKET_PATH = 107;

function dir(s: StackSettings): string {
  return componentDir(s, 'postgres');
}

function dataDir(s: StackSettings): string {
  return join(dir(s), 'data');
}

/** The unix socket directory (unix_socket_directories); psql -h takes it. */
export function pgSocketDir(s: StackSettings): string {
  return join(dir(s), 'run');
}

interface PgBin {
  major: number;
  bin: string;
}

/** Every installed server version (with initdb, pg_ctl and postgres), newest first. */
export function installedPgVersions(root = PG_LIB): PgBin[] {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return [];
  }
  return entries
    .filter((e) => /^\d+$/.test(e))
    .map((e) => ({ major: Number(e), bin: join(root, e, 'bin') }))
    .filter((v) => ['initdb', 'pg_ctl', 'postgres', 'psql', 'pg_isready'].every((p) => existsSync(join(v.bin, p))))
    .sort((a, b) => b.major - a.major);
}

/** The major version that made the data dir (its PG_VERSION file), if there is one. */
function dataVersion(s: StackSettings): number | undefined {
  try {
    const v = Number(readFileSync(join(dataDir(s), 'PG_VERSION'), 'utf8').trim());
    return Number.isInteger(v) && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The programs to run: those of the version that made the data dir (a
 * cluster cannot be opened by another major version), else the newest.
 */
function pgBin(s: StackSettings): PgBin {
  const versions = installedPgVersions();
  const newest = versions[0];
  if (!newest) {
    throw new StackError(`no PostgreSQL server under ${PG_LIB}/<version>/bin: jewelry-otel runs Debian's postgresql package`);
  }
  const made = dataVersion(s);
  if (made === undefined) return newest;
  const match = versions.find((v) => v.major === made);
  if (!match) {
    throw new StackError(
      `${dataDir(s)} was made by PostgreSQL ${made}, which is not installed (found ${versions.map((v) => v.major).join(', ')}): ` +
        `remove ${dir(s)} to start with an empty cluster, or apt-get install -y postgresql-${made}`,
    );
  }
  return match;
}

/** Root runs the cluster as the package's `postgres` user (postgres refuses root); anyone else as themselves. */
async function runAs(): Promise<Account | undefined> {
  if (!isRoot()) return undefined;
  const account = await lookupUser('postgres');
  if (!account) throw new StackError("the postgresql package is installed but its 'postgres' user is missing");
  return account;
}

function pgEnv(s: StackSettings): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    // initdb takes its default locale from here; C keeps the cluster independent of the machine's locales.
    LANG: 'C',
    LC_ALL: 'C',
    HOME: dir(s),
    // Nothing else: none of the caller's PG* variables (PGHOST, PGPORT, PGUSER, ...) may redirect our tools.
  };
}

/** A string as an SQL literal (standard_conforming_strings is on: only quotes are special). */
export function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A name as an SQL identifier, quoted so any name works (and keeps its case). */
export function sqlIdentifier(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** A value in postgresql.conf. */
function confString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Our settings, included at the end of postgresql.conf (later lines win); rewritten on every start. */
export function pgConf(s: StackSettings): string {
  return [
    '# Written by jewelry-otel on every start; change src/stack/components/postgres.ts, not this file.',
    `listen_addresses = ${confString(s.host)}`,
    `port = ${s.pgPort}`,
    `unix_socket_directories = ${confString(pgSocketDir(s))}`,
    // Only the cluster's owner (and root) may use the socket, where the superuser logs in without a password.
    'unix_socket_permissions = 0700',
    "password_encryption = 'scram-sha-256'",
    // pg_ctl -l collects stderr into postgres.log.
    "log_destination = 'stderr'",
    'logging_collector = off',
    "log_line_prefix = '%m [%p] %q%u@%d '",
    '',
  ].join('\n');
}

/** Written on every start: superuser by socket only; everyone else by password over TCP on loopback. */
export function pgHba(): string {
  return [
    '# Written by jewelry-otel on every start; change src/stack/components/postgres.ts, not this file.',
    '# TYPE  DATABASE  USER  ADDRESS        METHOD',
    'local   all       all                  trust',
    'host    all       all   127.0.0.1/32   scram-sha-256',
    '',
  ].join('\n');
}

/**
 * Makes PG_USER (with PG_PASSWORD) and PG_DATABASE (owned by it) exist;
 * idempotent, and the password is set again every time so a changed
 * PG_PASSWORD takes effect. Run by psql as the superuser (\gexec runs the
 * statement a query returns, so CREATE happens only when missing).
 */
export function pgBootstrapSql(s: StackSettings): string {
  const user = s.pgUser;
  const db = s.pgDatabase;
  return [
    '\\set ON_ERROR_STOP on',
    `SELECT ${sqlLiteral(`CREATE ROLE ${sqlIdentifier(user)} LOGIN`)} WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${sqlLiteral(user)})`,
    '\\gexec',
    `ALTER ROLE ${sqlIdentifier(user)} WITH LOGIN PASSWORD ${sqlLiteral(s.pgPassword)};`,
    `SELECT ${sqlLiteral(`CREATE DATABASE ${sqlIdentifier(db)} OWNER ${sqlIdentifier(user)}`)} WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = ${sqlLiteral(db)})`,
    '\\gexec',
    '',
  ].join('\n');
}

async function initCluster(s: StackSettings, bin: PgBin, account: Account | undefined): Promise<void> {
  const data = dataDir(s);
  const logFile = join(dir(s), 'initdb.log');
  rmSync(data, { recursive: true, force: true });
  const res = await runCommand(
    join(bin.bin, 'initdb'),
    ['-D', data, `--username=${SUPERUSER}`, '--auth-local=trust', '--auth-host=scram-sha-256', '--encoding=UTF8', '--locale=C'],
    { env: pgEnv(s), cwd: dir(s), uid: account?.uid, gid: account?.gid, timeoutMs: 120_000, logFile },
  );
  if (res.code !== 0 || !existsSync(join(data, 'PG_VERSION'))) {
    // A half-made cluster must not look like one next time.
    rmSync(data, { recursive: true, force: true });
    throw new StackError(`initdb failed (exit ${res.code ?? res.signal}): ${lastLines(res.output)}`, {
      component: 'postgres',
      logPath: logFile,
      logTail: tailFile(logFile, 15),
    });
  }
  // Our settings come last, so they win over the sample config (whose socket dir is /var/run/postgresql on Debian).
  appendFileSync(join(data, 'postgresql.conf'), "\n# jewelry-otel\ninclude = 'jewelry.conf'\n");
}

async function psqlAsSuperuser(s: StackSettings, bin: PgBin, account: Account | undefined, sql: string) {
  const d = dir(s);
  // A file, not argv: the password is in it. Readable by the cluster's owner only, and gone afterwards.
  const file = join(d, `bootstrap-${process.pid}.sql`);
  writeFileSync(file, sql, { mode: 0o600 });
  if (account) chownSync(file, account.uid, account.gid);
  try {
    return await runCommand(
      join(bin.bin, 'psql'),
      ['-X', '-q', '-h', pgSocketDir(s), '-p', String(s.pgPort), '-U', SUPERUSER, '-d', 'postgres', '-f', file],
      { env: pgEnv(s), cwd: d, uid: account?.uid, gid: account?.gid, timeoutMs: 60_000, logFile: join(d, 'psql.log') },
    );
  } finally {
    rmSync(file, { force: true });
  }
}

/** The role logs in over TCP with its password: what the services will do. */
async function checkLogin(s: StackSettings, bin: PgBin): Promise<void> {
  const res = await runCommand(
    join(bin.bin, 'psql'),
    ['-X', '-q', '-A', '-t', '-h', s.host, '-p', String(s.pgPort), '-U', s.pgUser, '-d', s.pgDatabase, '-c', 'SELECT 1'],
    { env: { ...pgEnv(s), PGPASSWORD: s.pgPassword, PGCONNECT_TIMEOUT: '10' }, timeoutMs: 30_000, logFile: join(dir(s), 'psql.log') },
  );
  if (res.code !== 0 || res.output.trim() !== '1') {
    throw new StackError(`'${s.pgUser}' cannot log in to database '${s.pgDatabase}' over TCP: ${lastLines(res.output)}`, {
      component: 'postgres',
      logPath: join(dir(s), 'postgres.log'),
      logTail: tailFile(join(dir(s), 'postgres.log'), 10),
    });
  }
}

export const postgres: Component = {
  name: 'postgres',
  installKind: 'apt',
  // A cold start on a fresh machine installs the package first.
  startTimeoutMs: 600_000,
  endpoint: (s) => `${s.host}:${s.pgPort}`,
  ports: (s) => [{ port: s.pgPort, purpose: 'PostgreSQL', setting: 'PG_PORT' }],
  // Written by the postmaster itself; its first line is the pid.
  pidFile: (s) => join(dataDir(s), 'postmaster.pid'),
  logFile: (s) => join(dir(s), 'postgres.log'),
  // pg_ctl starts `postgres -D <data dir>`: our data dir on the command line is what makes it ours.
  processMarker: (s) => dataDir(s),

  async install(ctx) {
    const s = ctx.settings;
    await ensureAptPackageFor(
      'postgresql',
      'the PostgreSQL server (initdb, pg_ctl, postgres)',
      () => installedPgVersions()[0]?.bin,
      join(s.cacheDir, 'logs'),
      () => {
        // The package would create (and on a machine with services, start) its own `main` cluster on
        // port 5432 -- the port ours wants. This drop-in of postgresql-common's createcluster.conf stops that.
        const dropIn = '/etc/postgresql-common/createcluster.d';
        ensureDir(dropIn);
        writeFileSync(
          join(dropIn, 'jewelry-otel.conf'),
          "# Written by jewelry-otel before installing postgresql: it runs its own cluster, not the package's.\n" +
            'create_main_cluster = false\n',
        );
      },
      ctx.activity,
    );
  },

  async start(ctx) {
    const s = ctx.settings;
    const d = ensureDir(dir(s));
    const socket = join(pgSocketDir(s), `.s.PGSQL.${s.pgPort}`);
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
      throw new StackError(
        `the unix socket path ${socket} is longer than ${MAX_SOCKET_PATH} bytes: set JEWELRY_STACK_DIR to a shorter path`,
        { component: 'postgres' },
      );
    }
    const account = await runAs();
    const bin = pgBin(s);
    ensureDir(pgSocketDir(s));
    if (account) {
      // Not recursively: the data dir is the cluster's own (initdb made it, as that user).
      for (const p of [d, pgSocketDir(s)]) chownSync(p, account.uid, account.gid);
    }
    await assertWritableBy(account, d);
    if (dataVersion(s) === undefined) {
      ctx.progress(`postgres: initdb (PostgreSQL ${bin.major}) into ${dataDir(s)}`);
      await initCluster(s, bin, account);
    }
    writeFileSync(join(dataDir(s), 'jewelry.conf'), pgConf(s));
    writeFileSync(join(dataDir(s), 'pg_hba.conf'), pgHba());
    if (account) {
      for (const f of ['jewelry.conf', 'pg_hba.conf']) chownSync(join(dataDir(s), f), account.uid, account.gid);
    }
    const logFile = this.logFile(s);
    const launchLog = join(d, 'pg_ctl.log');
    // -w: returns once the server accepts connections (or has failed); -l: the server's stderr goes to the log.
    const res = await runCommand(join(bin.bin, 'pg_ctl'), ['start', '-D', dataDir(s), '-l', logFile, '-w', '-t', '120', '-s'], {
      env: pgEnv(s),
      cwd: d,
      uid: account?.uid,
      gid: account?.gid,
      timeoutMs: 180_000,
      logFile: launchLog,
    });
    if (res.code !== 0) {
      throw new StackError(
        `pg_ctl start failed (exit ${res.code ?? res.signal}): ${lastLines(tailFile(logFile, 5)) || lastLines(res.output)}`,
        {
          component: 'postgres',
          logPath: logFile,
          logTail: tailFile(logFile, 15),
        },
      );
    }
  },

  async isHealthy(ctx: ComponentContext) {
    const s = ctx.settings;
    const bin = installedPgVersions()[0];
    if (!bin) return false;
    // Exit 0 only when the server accepts connections (not while it starts up, recovers or shuts down).
    const res = await runCommand(join(bin.bin, 'pg_isready'), ['-q', '-h', s.host, '-p', String(s.pgPort), '-t', '3'], {
      env: pgEnv(s),
      timeoutMs: 10_000,
    }).catch(() => undefined);
    return res?.code === 0;
  },

  async afterHealthy(ctx) {
    const s = ctx.settings;
    const account = await runAs();
    const bin = pgBin(s);
    const res = await psqlAsSuperuser(s, bin, account, pgBootstrapSql(s));
    if (res.code !== 0) {
      throw new StackError(`creating role '${s.pgUser}' and database '${s.pgDatabase}' failed: ${lastLines(res.output)}`, {
        component: 'postgres',
        logPath: join(dir(s), 'psql.log'),
        logTail: tailFile(join(dir(s), 'psql.log'), 10),
      });
    }
    await checkLogin(s, bin);
  },

  async stop(ctx) {
    const s = ctx.settings;
    const account = await runAs();
    const bin = pgBin(s);
    // fast: roll back open transactions and disconnect clients, then a clean shutdown (no recovery on the next start).
    await runCommand(join(bin.bin, 'pg_ctl'), ['stop', '-D', dataDir(s), '-m', 'fast', '-w', '-t', '60', '-s'], {
      env: pgEnv(s),
      cwd: dir(s),
      uid: account?.uid,
      gid: account?.gid,
      timeoutMs: 90_000,
      logFile: join(dir(s), 'pg_ctl.log'),
    });
  },
};
