// `jewelry-otel collector package`: what an operator installs on a server.
// The binary `collector build` makes, with its configs, a systemd unit that
// runs it as its own user, an environment file for endpoints, credentials and
// CA paths, its storage directory and install/remove scripts -- as .deb and
// .rpm, built by nfpm from collector/packaging/nfpm.yaml (and, with
// --format docker, the build context of collector/packaging/Dockerfile).
//
// nfpm is a Go module, installed like the collector builder: `go install`
// into <cache dir>/tools/nfpm-<version>/, once per version, from the module
// proxy; nothing else is downloaded.
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { StackError, ensureDir, tailFile, collectorDir, asActivity, NO_ACTIVITY, type StartActivity, lastTiming, recordTiming, lastLines, runCommand, withLock } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { buildCollector, manifestPath } from './build';
import { manifestDistName, manifestDistVersion } from './cache-key';

export const NFPM_MODULE = 'github.com/goreleaser/nfpm/v2/cmd/nfpm';
export const NFPM_VERSION = 'v2.48.0';

export const PACKAGE_FORMATS = ['deb', 'rpm', 'docker'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];

export interface PackageOptions {
  /** Default: deb and rpm. */
  formats?: readonly PackageFormat[];
  /** Default: <repo>/dist/packages. */
  outDir?: string;
  progress?: (message: string) => void;
  activity?: StartActivity;
}

export interface PackageFile {
  format: PackageFormat;
  /** The package file, or the docker build context directory. */
  path: string;
  bytes: number;
}

export interface CollectorPackages {
  name: string;
  version: string;
  arch: string;
  binary: string;
  files: PackageFile[];
  seconds: number;
}

export function packagingDir(s: StackSettings): string {
  return join(collectorDir(s.repoRoot), 'packaging');
}

/** nfpm's binary in the cache, installed first when missing. */
export async function ensureNfpm(s: StackSettings, activity: StartActivity = NO_ACTIVITY): Promise<string> {
  const root = ensureDir(join(s.cacheDir, 'tools'));
  const name = `nfpm-${NFPM_VERSION}`;
  const binary = join(root, name, 'nfpm');
  if (existsSync(binary)) return binary;
  const estimate = { estimateMs: lastTiming(s.cacheDir, 'nfpm-install'), estimateSource: 'the last install here' };
  return asActivity(activity, `installing nfpm ${NFPM_VERSION} (go install)`, estimate, () =>
    withLock(join(root, `${name}.lock`), 30 * 60_000, `nfpm ${NFPM_VERSION} install`, async () => {
      if (existsSync(binary)) return binary;
      const started = Date.now();
      const tmp = join(root, `${name}.tmp-${process.pid}`);
      const logFile = join(root, `${name}.install.log`);
      rmSync(tmp, { recursive: true, force: true });
      ensureDir(tmp);
      // nice: the machines have 2 cores; the stack and the tests keep running meanwhile.
      const res = await runCommand('nice', ['-n', '10', 'go', 'install', '-trimpath', `${NFPM_MODULE}@${NFPM_VERSION}`], {
        env: { ...process.env, GOBIN: tmp, GOFLAGS: '-buildvcs=false', GOWORK: 'off' },
        cwd: tmp,
        logFile,
        timeoutMs: 30 * 60_000,
      });
      if (res.code !== 0 || !existsSync(join(tmp, 'nfpm'))) {
        rmSync(tmp, { recursive: true, force: true });
        throw new StackError(`go install ${NFPM_MODULE}@${NFPM_VERSION} failed (exit ${res.code ?? res.signal}): ${lastLines(res.output)}`, {
          logPath: logFile,
          logTail: tailFile(logFile, 15),
        });
      }
      rmSync(join(root, name), { recursive: true, force: true });
      renameSync(tmp, join(root, name));
      recordTiming(s.cacheDir, 'nfpm-install', Date.now() - started);
      return binary;
    }),
  );
}

/** GOARCH of this machine, as the collector is built for it (amd64, arm64, …). */
async function goArch(): Promise<string> {
  const res = await runCommand('go', ['env', 'GOARCH'], { timeoutMs: 60_000 });
  const arch = res.output.trim();
  if (res.code !== 0 || !/^[a-z0-9]+$/.test(arch)) throw new StackError(`'go env GOARCH' failed: ${lastLines(res.output)}`);
  return arch;
}

/** rpm names some architectures its own way. */
const RPM_ARCH: Readonly<Record<string, string>> = { amd64: 'x86_64', arm64: 'aarch64', '386': 'i386', ppc64le: 'ppc64le', s390x: 's390x' };

export async function packageCollector(s: StackSettings, options: PackageOptions = {}): Promise<CollectorPackages> {
  const started = Date.now();
  const formats = options.formats?.length ? [...new Set(options.formats)] : (['deb', 'rpm'] as PackageFormat[]);
  const outDir = ensureDir(resolve(options.outDir ?? join(s.repoRoot, 'dist', 'packages')));
  const manifest = readFileSync(manifestPath(s), 'utf8');
  const name = manifestDistName(manifest) ?? 'jewelry-otelcol';
  const version = manifestDistVersion(manifest);
  if (!version) throw new StackError(`${manifestPath(s)}: no dist.version to version the packages with`);
  const activity = options.activity ?? NO_ACTIVITY;

  // The binary and nfpm are independent: built side by side when both are missing.
  const [build, nfpm] = await Promise.all([
    buildCollector(s, { progress: options.progress, activity }),
    formats.some((f) => f !== 'docker') ? ensureNfpm(s, activity) : Promise.resolve(''),
  ]);
  const arch = await goArch();
  const packaging = packagingDir(s);
  const files: PackageFile[] = [];
  for (const format of formats) {
    if (format === 'docker') {
      files.push(dockerContext(s, build.binary, outDir));
      continue;
    }
    const target = join(outDir, format === 'deb' ? `${name}_${version}_${arch}.deb` : `${name}-${version}-1.${RPM_ARCH[arch] ?? arch}.rpm`);
    rmSync(target, { force: true });
    const logFile = join(ensureDir(join(s.cacheDir, 'collector')), `package-${format}.log`);
    rmSync(logFile, { force: true });
    const res = await asActivity(activity, `packaging ${name} ${version} as .${format} (nfpm)`, {}, () =>
      runCommand(nfpm, ['package', '--config', join(packaging, 'nfpm.yaml'), '--packager', format, '--target', target], {
        cwd: packaging,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? outDir,
          JEWELRY_OTELCOL_BINARY: build.binary,
          JEWELRY_OTELCOL_VERSION: version,
          JEWELRY_OTELCOL_ARCH: arch,
        },
        logFile,
        timeoutMs: 10 * 60_000,
      }),
    );
    if (res.code !== 0 || !existsSync(target)) {
      throw new StackError(`nfpm could not make the .${format} (exit ${res.code ?? res.signal}): ${lastLines(res.output)}`, {
        logPath: logFile,
        logTail: tailFile(logFile, 15),
      });
    }
    files.push({ format, path: target, bytes: statSync(target).size });
  }
  return { name, version, arch, binary: build.binary, files, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** The docker build context: the binary, the configs the image runs with, and the Dockerfile. */
function dockerContext(s: StackSettings, binary: string, outDir: string): PackageFile {
  const context = join(outDir, 'docker');
  rmSync(context, { recursive: true, force: true });
  ensureDir(context);
  copyFileSync(binary, join(context, 'jewelry-otelcol'));
  const collector = collectorDir(s.repoRoot);
  for (const config of ['config.yaml', 'config.metrics.yaml', 'config.tls.yaml']) copyFileSync(join(collector, config), join(context, config));
  for (const file of ['Dockerfile', 'config.container.yaml']) copyFileSync(join(packagingDir(s), file), join(context, file));
  return { format: 'docker', path: context, bytes: statSync(join(context, 'jewelry-otelcol')).size };
}
