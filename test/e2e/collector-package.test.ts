import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, packageCollector, resolveSettings, stackEndpoints, withLock, type CollectorPackages } from '@jewelry/cli';
import { EsReader, term } from '../support/elasticsearch';
import { logsRequest } from '../support/otlp-json';
import { expandExecStart, readEnvironmentFile, serviceSettings } from '../support/systemd-unit';

const PKG = 'jewelry-otelcol';
const USER = 'jewelry-otelcol';
const UNIT = `/lib/systemd/system/${PKG}.service`;
const ENV_FILE = `/etc/${PKG}/${PKG}.conf`;
/** Written before this test installs the package: a jewelry-otelcol without it is someone else's and is never touched. */
const MARKER = '/var/lib/jewelry-otel-tests/package-installed-by-test';
const LOCK = '/run/lock/jewelry-otelcol-package-test.lock';

const sh = (command: string, args: string[]) => spawnSync(command, args, { encoding: 'utf8', timeout: 300_000 });
const isInstalled = (): boolean => /install ok installed/.test(sh('dpkg-query', ['-W', '-f=${Status}', PKG]).stdout ?? '');
const userId = (): number | undefined => {
  const res = sh('getent', ['passwd', USER]);
  return res.status === 0 ? Number(res.stdout.split(':')[2]) : undefined;
};
/** Pids of processes running as `uid` (from /proc: the user may already be gone). */
function processesOf(uid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const canRun = process.getuid?.() === 0 && sh('dpkg', ['--version']).status === 0 && sh('setpriv', ['--version']).status === 0;

/**
 * Item 4 of issue 13: what an operator installs. The .deb and .rpm built by
 * `jewelry-otel collector package`; the .deb installed on this machine with
 * dpkg, the collector started exactly as its systemd unit would start it
 * (systemd does not run here), a record through it into the stack's
 * Elasticsearch, then `dpkg --purge` and nothing left behind.
 * Needs root and dpkg; one run per machine at a time.
 */
(canRun ? describe : describe.skip)('jewelry-otelcol as a package: build, install, run as its unit says, purge (issue 13)', () => {
  const out = mkdtempSync(join(tmpdir(), 'jewelry-packages-'));
  const service = `pkg-probe-${randomUUID().slice(0, 8)}`;
  const es = new EsReader(stackEndpoints().elasticsearchUrl);
  let packages: CollectorPackages;
  let child: ChildProcess | undefined;
  let uid: number | undefined;
  let releaseLock: () => void = () => undefined;

  beforeAll(async () => {
    // Held until afterAll: another worktree's run waits instead of installing the same package.
    await new Promise<void>((held, failed) => {
      withLock(
        LOCK,
        30 * 60_000,
        'the package test',
        () =>
          new Promise<void>((release) => {
            releaseLock = release;
            held();
          }),
      ).catch(failed);
    });
    if (isInstalled()) {
      if (!existsSync(MARKER))
        throw new Error(
          `${PKG} is installed on this machine, and not by this test: it is left alone (remove it, or run the test elsewhere)`,
        );
      cleanUp(); // a run that was killed left it
    }
    packages = await packageCollector(resolveSettings(), { formats: ['deb', 'rpm'], outDir: out });
  }, 1_800_000);

  /** Whatever happened: the process, the package (ours only), the user, the marker. */
  function cleanUp(): void {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    const id = userId() ?? uid;
    if (id !== undefined) for (const pid of processesOf(id)) spawnSync('kill', ['-KILL', String(pid)]);
    if (existsSync(MARKER)) {
      if (isInstalled()) sh('dpkg', ['--purge', PKG]);
      if (userId() !== undefined) sh('userdel', [USER]);
      if (sh('getent', ['group', USER]).status === 0) sh('groupdel', [USER]);
      rmSync(MARKER, { force: true });
    }
    try {
      rmdirSync(join(MARKER, '..')); // only when empty
    } catch {
      // not there, or not empty
    }
  }

  afterAll(async () => {
    cleanUp();
    const rows = (await (await fetch(`${stackEndpoints().elasticsearchUrl}/_cat/indices/${service}-*?format=json&h=index`)).json()) as {
      index: string;
    }[];
    for (const { index } of rows) await fetch(`${stackEndpoints().elasticsearchUrl}/${index}`, { method: 'DELETE' });
    rmSync(out, { recursive: true, force: true });
    releaseLock();
  }, 120_000);

  test('the .deb: binary, unit, configs, environment file, storage owned by the service user, the four scripts', () => {
    const deb = packages.files.find((f) => f.format === 'deb')!;
    expect(deb.path).toMatch(new RegExp(`${PKG}_${packages.version}_${packages.arch}\\.deb$`));
    const contents = sh('dpkg-deb', ['--contents', deb.path]).stdout;
    for (const [mode, owner, path] of [
      ['-rwxr-xr-x', 'root/root', './usr/bin/jewelry-otelcol'],
      ['-rw-r--r--', 'root/root', './lib/systemd/system/jewelry-otelcol.service'],
      ['-rw-r--r--', 'root/root', './etc/jewelry-otelcol/config.yaml'],
      ['-rw-r--r--', 'root/root', './etc/jewelry-otelcol/config.metrics.yaml'],
      ['-rw-r-----', 'root/jewelry-otelcol', './etc/jewelry-otelcol/jewelry-otelcol.conf'],
      ['drwxr-x---', 'jewelry-otelcol/jewelry-otelcol', './var/lib/jewelry-otelcol/'],
      ['-rw-r--r--', 'root/root', './usr/share/doc/jewelry-otelcol/copyright'],
    ]) {
      expect(contents).toMatch(new RegExp(`^${mode.replace(/-/g, '\\-')} ${owner} .* ${path.replace(/\./g, '\\.')}$`, 'm'));
    }
    const info = sh('dpkg-deb', ['--info', deb.path]).stdout;
    for (const script of ['preinst', 'postinst', 'prerm', 'postrm', 'conffiles']) expect(info).toContain(` ${script}`);
    expect(sh('dpkg-deb', ['--field', deb.path, 'Package', 'Version', 'Architecture']).stdout).toBe(
      `Package: ${PKG}\nVersion: ${packages.version}-1\nArchitecture: ${packages.arch}\n`,
    );
    // The configs are the repository's own.
    const extracted = mkdtempSync(join(out, 'x-'));
    sh('dpkg-deb', ['--extract', deb.path, extracted]);
    expect(readFileSync(join(extracted, 'etc/jewelry-otelcol/config.yaml'), 'utf8')).toBe(
      readFileSync(join(__dirname, '..', '..', 'collector', 'config.yaml'), 'utf8'),
    );
    expect(readFileSync(join(extracted, 'usr/bin/jewelry-otelcol')).equals(readFileSync(packages.binary))).toBe(true);
  });

  test('the .rpm: an rpm of the same name, version and architecture (its lead; no rpm tool here to install it)', () => {
    const rpm = packages.files.find((f) => f.format === 'rpm')!;
    expect(rpm.path).toMatch(new RegExp(`${PKG}-${packages.version}-1\\.(x86_64|aarch64)\\.rpm$`));
    const fd = openSync(rpm.path, 'r');
    const lead = Buffer.alloc(96);
    readSync(fd, lead, 0, 96, 0);
    closeSync(fd);
    expect(lead.subarray(0, 4).toString('hex')).toBe('edabeedb');
    expect(lead.subarray(10, 76).toString('latin1').replace(/\0.*$/s, '')).toBe(`${PKG}-${packages.version}-1`);
    expect(statSync(rpm.path).size).toBeGreaterThan(10_000_000);
  });

  test('dpkg -i: the service user and group, the storage owned by it, the unit enabled', () => {
    mkdirSync(join(MARKER, '..'), { recursive: true });
    writeFileSync(MARKER, `${process.pid}\n`);
    const deb = packages.files.find((f) => f.format === 'deb')!;
    const res = sh('dpkg', ['-i', deb.path]);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    uid = userId();
    expect(uid).toBeGreaterThan(0);
    expect(sh('id', ['-nG', USER]).stdout.trim().split(' ')).toEqual(expect.arrayContaining([USER, 'adm']));
    expect(statSync('/var/lib/jewelry-otelcol').uid).toBe(uid);
    expect(statSync('/var/lib/jewelry-otelcol/storage').uid).toBe(uid);
    expect(statSync(ENV_FILE).mode & 0o777).toBe(0o640);
    expect(existsSync(`/etc/systemd/system/multi-user.target.wants/${PKG}.service`)).toBe(true);
  });

  test('started exactly as the unit says, as its user, it takes OTLP and writes to Elasticsearch', async () => {
    // As an operator would: the environment file points at the Elasticsearch and the ports to use.
    const ports = {
      OTLP_HTTP_PORT: await freePort(),
      OTLP_GRPC_PORT: await freePort(),
      COLLECTOR_HEALTH_PORT: await freePort(),
      COLLECTOR_METRICS_PORT: await freePort(),
      COLLECTOR_TELEMETRY_PORT: await freePort(),
    };
    let conf = readFileSync(ENV_FILE, 'utf8').replace(/^ES_ENDPOINT=.*$/m, `ES_ENDPOINT=${stackEndpoints().elasticsearchUrl}`);
    for (const [key, port] of Object.entries(ports)) conf = conf.replace(new RegExp(`^${key}=.*$`, 'm'), `${key}=${port}`);
    conf += "\n# this machine's log files are not this test's business\nJEWELRY_HOST_LOG_GLOBS=[/nonexistent/*.log]\n";
    writeFileSync(ENV_FILE, conf);

    const unit = serviceSettings(readFileSync(UNIT, 'utf8'));
    expect(unit).toMatchObject({
      User: USER,
      Group: USER,
      EnvironmentFile: ENV_FILE,
      ExecStart: '/usr/bin/jewelry-otelcol $OTELCOL_OPTIONS',
    });
    const fileEnv = readEnvironmentFile(unit.EnvironmentFile!);
    const argv = expandExecStart(unit.ExecStart!, fileEnv);
    expect(argv).toEqual([
      '/usr/bin/jewelry-otelcol',
      '--config=/etc/jewelry-otelcol/config.yaml',
      '--config=/etc/jewelry-otelcol/config.metrics.yaml',
    ]);
    const gid = Number(sh('getent', ['group', unit.Group!]).stdout.split(':')[2]);
    // systemd gives a service its user's HOME, USER, LOGNAME, SHELL and a plain PATH, then the file's variables.
    const env = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/var/lib/jewelry-otelcol',
      USER: unit.User!,
      LOGNAME: unit.User!,
      SHELL: '/usr/sbin/nologin',
      ...fileEnv,
    };
    child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--init-groups', '--', ...argv], {
      cwd: unit.WorkingDirectory ?? '/',
      env,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));

    const health = `http://127.0.0.1:${ports.COLLECTOR_HEALTH_PORT}/`;
    const deadline = Date.now() + 60_000;
    while (
      Date.now() < deadline &&
      !(await fetch(health).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (child.exitCode !== null) throw new Error(`the collector exited (${child.exitCode}):\n${stderr.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await fetch(health).then((r) => r.status)).toBe(200);
    expect(processesOf(uid!)).toContain(child.pid);

    const orderId = `ORD-PKG-${randomUUID().slice(0, 8)}`;
    const sent = await fetch(`http://127.0.0.1:${ports.OTLP_HTTP_PORT}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        logsRequest(service, [{ body: 'order created, through the packaged collector', attributes: { 'order.id': orderId } }]),
      ),
    });
    expect(sent.status).toBe(200);
    const hits = await es.waitFor(`${service}-logs`, term('order.id', orderId), (h) => h.length > 0, 60_000);
    expect(hits.map((h) => [h.index, h.source.message])).toEqual([
      [`${service}-logs-000001`, 'order created, through the packaged collector'],
    ]);
    expect(stderr).not.toMatch(/\berror\b.*writealias|cannot make sure the write alias/);
  }, 120_000);

  test('dpkg --purge after a stop: no process of the user, no files, no user, no unit link', async () => {
    // systemctl stop sends SIGTERM (KillMode=mixed: to the main process); the collector drains and exits.
    process.kill(child!.pid!, 'SIGTERM');
    const exited = await new Promise<number | null>((resolve) => {
      if (child!.exitCode !== null) resolve(child!.exitCode);
      child!.on('exit', (code) => resolve(code));
    });
    expect(exited).toBe(0);
    const res = sh('dpkg', ['--purge', PKG]);
    expect(res.status).toBe(0);
    expect(isInstalled()).toBe(false);
    expect(processesOf(uid!)).toEqual([]);
    for (const path of [
      '/usr/bin/jewelry-otelcol',
      UNIT,
      '/etc/jewelry-otelcol',
      '/var/lib/jewelry-otelcol',
      '/usr/share/doc/jewelry-otelcol',
      `/etc/systemd/system/multi-user.target.wants/${PKG}.service`,
    ]) {
      expect([path, existsSync(path)]).toEqual([path, false]);
    }
    expect(userId()).toBeUndefined();
    expect(sh('getent', ['group', USER]).status).not.toBe(0);
    rmSync(MARKER, { force: true });
  }, 120_000);
});
