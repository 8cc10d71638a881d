// Getting the real components onto a fresh machine: Debian packages through
// apt-get, Maven artifacts through mvn, and the unprivileged user that
// Elasticsearch insists on.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  StackError,
  ensureDir,
  tailFile,
  asActivity,
  NO_ACTIVITY,
  type StartActivity,
  findExecutable,
  lastLines,
  runCommand,
} from '@jewelry/ops-kit';

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Makes sure `binary` exists, installing the Debian package `pkg` when it does
 * not. Runs `apt-get update` and retries once when the first install fails
 * (a fresh machine often has no package lists yet).
 */
export async function ensureAptPackage(
  pkg: string,
  binary: string,
  logDir: string,
  activity: StartActivity = NO_ACTIVITY,
): Promise<string> {
  return ensureAptPackageFor(pkg, binary, () => findExecutable(binary), logDir, undefined, activity);
}

/**
 * Like ensureAptPackage, for a package whose programs are not on PATH
 * (PostgreSQL's live in /usr/lib/postgresql/<version>/bin): `locate` finds
 * what the package provides, `what` names it in messages. `beforeInstall`
 * runs just before apt-get, only when the package is really missing.
 */
export async function ensureAptPackageFor(
  pkg: string,
  what: string,
  locate: () => string | undefined,
  logDir: string,
  beforeInstall?: () => void,
  activity: StartActivity = NO_ACTIVITY,
): Promise<string> {
  const found = locate();
  if (found) return found;
  return asActivity(activity, `installing ${pkg} with apt-get`, {}, () => aptInstall(pkg, what, locate, logDir, beforeInstall));
}

async function aptInstall(
  pkg: string,
  what: string,
  locate: () => string | undefined,
  logDir: string,
  beforeInstall?: () => void,
): Promise<string> {
  if (!isRoot()) {
    throw new StackError(`${what} is not installed and installing it needs root: run 'sudo apt-get install -y ${pkg}'`);
  }
  if (!findExecutable('apt-get')) {
    throw new StackError(`${what} is not installed and this machine has no apt-get: install the package '${pkg}' by hand`);
  }
  beforeInstall?.();
  const logFile = join(ensureDir(logDir), `apt-${pkg}.log`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for another dpkg (a parallel install) instead of failing on its lock.
  const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', pkg];
  let res = await runCommand('apt-get', install, { env, logFile });
  if (res.code !== 0) {
    const update = await runCommand('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update'], { env, logFile });
    if (update.code !== 0) {
      throw new StackError(`apt-get update failed (exit ${update.code}): ${lastLines(update.output)}`, { logPath: logFile });
    }
    res = await runCommand('apt-get', install, { env, logFile });
  }
  if (res.code !== 0) {
    throw new StackError(`apt-get install ${pkg} failed (exit ${res.code}): ${lastLines(res.output)}`, {
      logPath: logFile,
      logTail: tailFile(logFile, 10),
    });
  }
  const installed = locate();
  if (!installed) throw new StackError(`apt-get installed ${pkg} but ${what} is still not found`, { logPath: logFile });
  return installed;
}

/**
 * Downloads a Maven artifact (groupId:artifactId:version:packaging) into
 * `outDir` with `mvn dependency:copy`, unless it is there already.
 * `onBytes` hears, every second, how many bytes of it have arrived so far.
 */
export async function ensureMavenArtifact(
  coords: string,
  fileName: string,
  outDir: string,
  logFile: string,
  onBytes?: (bytes: number) => void,
): Promise<string> {
  const target = join(outDir, fileName);
  if (existsSync(target)) return target;
  const watcher = onBytes ? setInterval(() => onBytes(downloadedBytes(coords, outDir)), 1000) : undefined;
  try {
    return await mavenCopy(coords, target, outDir, logFile);
  } finally {
    if (watcher) clearInterval(watcher);
  }
}

/** Where mvn keeps artifacts: -Dmaven.repo.local in MAVEN_OPTS, else settings.xml's localRepository, else ~/.m2/repository. */
export function mavenLocalRepository(env: NodeJS.ProcessEnv = process.env): string {
  const fromOpts = /-Dmaven\.repo\.local=(\S+)/.exec(env.MAVEN_OPTS ?? '')?.[1];
  if (fromOpts) return fromOpts;
  try {
    const settings = readFileSync(join(homedir(), '.m2', 'settings.xml'), 'utf8');
    const configured = /<localRepository>\s*([^<]+?)\s*<\/localRepository>/.exec(settings)?.[1];
    if (configured) return configured.replace(/\$\{user\.home\}/g, homedir());
  } catch {
    // No settings.xml: the default.
  }
  return join(homedir(), '.m2', 'repository');
}

/**
 * The size of the largest file of the artifact so far (mvn writes it into its
 * local repository under a temporary name, then copies it to `outDir`).
 */
function downloadedBytes(coords: string, outDir: string): number {
  const [group = '', artifact = '', version = ''] = coords.split(':');
  const dirs = [join(mavenLocalRepository(), ...group.split('.'), artifact, version), outDir];
  let largest = 0;
  for (const dir of dirs) {
    try {
      for (const name of readdirSync(dir)) {
        if (name.startsWith(`${artifact}-${version}`)) largest = Math.max(largest, statSync(join(dir, name)).size);
      }
    } catch {
      // Not there yet.
    }
  }
  return largest;
}

async function mavenCopy(coords: string, target: string, outDir: string, logFile: string): Promise<string> {
  if (!findExecutable('mvn')) {
    throw new StackError(`mvn (Apache Maven) is needed to download ${coords}: apt-get install -y maven`);
  }
  ensureDir(outDir);
  const res = await runCommand(
    'mvn',
    ['-q', '-B', 'dependency:copy', `-Dartifact=${coords}`, `-DoutputDirectory=${outDir}`, '-Dmdep.overWriteReleases=true'],
    { logFile, timeoutMs: 30 * 60_000 },
  );
  if (res.code !== 0 || !existsSync(target)) {
    throw new StackError(`mvn could not fetch ${coords} (exit ${res.code}): ${lastLines(res.output)}`, {
      logPath: logFile,
      logTail: tailFile(logFile, 15),
    });
  }
  return target;
}

/** Unzips `zip` into `destDir` through a temporary sibling, so a half-done unzip never looks complete. */
export async function unzipOnce(zip: string, destDir: string, logFile: string): Promise<void> {
  if (existsSync(destDir)) return;
  const tmp = `${destDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const unzip = findExecutable('unzip');
  // `jar` ships with every JDK, which Elasticsearch needs anyway; unzip keeps file modes, jar does not.
  const res = unzip
    ? await runCommand(unzip, ['-q', zip, '-d', tmp], { logFile })
    : await runCommand('jar', ['xf', zip], { cwd: tmp, logFile });
  if (res.code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new StackError(`cannot unzip ${zip}: ${lastLines(res.output)}`, { logPath: logFile });
  }
  renameSync(tmp, destDir);
}

export interface Account {
  user: string;
  uid: number;
  gid: number;
  home: string;
}

/** Looks a user up in the passwd database (through `getent`, so NSS sources count). */
export async function lookupUser(user: string): Promise<Account | undefined> {
  const res = await runCommand('getent', ['passwd', user]);
  if (res.code !== 0) return undefined;
  const fields = res.output.trim().split('\n')[0]?.split(':') ?? [];
  if (fields.length < 7) return undefined;
  return { user, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5] ?? '/' };
}

/** Creates a system user without a login shell when it is missing (root only). */
export async function ensureSystemUser(user: string): Promise<Account> {
  const existing = await lookupUser(user);
  if (existing) return existing;
  if (!isRoot()) throw new StackError(`user '${user}' does not exist and creating it needs root`);
  const res = await runCommand('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
  // Exit 9: created meanwhile by a parallel call.
  if (res.code !== 0 && res.code !== 9) {
    throw new StackError(`useradd ${user} failed (exit ${res.code}): ${lastLines(res.output)}`);
  }
  const created = await lookupUser(user);
  if (!created) throw new StackError(`useradd ${user} succeeded but the user cannot be found`);
  return created;
}

/**
 * Fails clearly when `account` cannot write `dir` -- typically a stack dir
 * under a 0700 parent (a home directory, a mkdtemp dir) that the service user
 * cannot enter.
 */
export async function assertWritableBy(account: Account | undefined, dir: string): Promise<void> {
  if (!account) return;
  const res = await runCommand('test', ['-w', dir, '-a', '-x', dir], { uid: account.uid, gid: account.gid, timeoutMs: 10_000 });
  if (res.code !== 0) {
    throw new StackError(
      `user '${account.user}' cannot write ${dir}: make every parent directory traversable (chmod o+x) or set JEWELRY_STACK_DIR to another place`,
    );
  }
}
