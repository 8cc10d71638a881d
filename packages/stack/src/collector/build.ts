// `jewelry-otel collector build`: our collector distribution, built with the
// OpenTelemetry Collector Builder (ocb) and cached by content.
//
// Layout under <cache dir>/collector:
//   tools/builder-<version>/builder      the builder, installed once per version
//   <key>/jewelry-otelcol                the binary (the key: see cache-key.ts)
//   <key>.build.log                      the build's output
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StackError, ensureDir, tailFile, collectorDir, NO_ACTIVITY, type ActivityHandle, type StartActivity, lastTiming, recordTiming, findExecutable, lastLines, runCommand, withLock } from '@jewelry/ops-kit';
import type { StackSettings } from '../settings';
import { collectorCacheKey, manifestCoreVersion, manifestDistName } from './cache-key';
import { copyLocalModules, localModulesDigest } from './local-modules';

export interface CollectorBuild {
  binary: string;
  key: string;
  builderVersion: string;
  goVersion: string;
  /** True when the binary came from the cache. */
  cached: boolean;
  seconds: number;
  logFile: string;
}

export interface BuildOptions {
  progress?: (message: string) => void;
  /** Shows the build while it runs: its phase, elapsed time and the last build's duration. */
  activity?: StartActivity;
  /**
   * Write the module checksums the build ended with back to collector/go.sum.
   * For a manifest change only: those checksums come from the module proxy
   * without the checksum database (which lacks entries for several of the
   * collector's modules here), so review the diff.
   */
  updateSums?: boolean;
}

export function manifestPath(s: StackSettings): string {
  return join(collectorDir(s.repoRoot), 'manifest.yaml');
}

/** collector/go.sum: checksums of every module of the build, verified on every build. */
export function goSumPath(s: StackSettings): string {
  return join(collectorDir(s.repoRoot), 'go.sum');
}

export function collectorConfigPath(s: StackSettings): string {
  return join(collectorDir(s.repoRoot), 'config.yaml');
}

export async function goVersion(): Promise<string> {
  if (!findExecutable('go')) {
    throw new StackError('Go not found: the collector is built from source with the Go toolchain (go 1.25+ on PATH)');
  }
  const res = await runCommand('go', ['env', 'GOVERSION'], { timeoutMs: 60_000 });
  const version = res.output.trim();
  if (res.code !== 0 || !version.startsWith('go')) throw new StackError(`'go env GOVERSION' failed: ${lastLines(res.output)}`);
  return version;
}

interface Plan {
  manifestFile: string;
  manifest: string;
  goSum: string;
  distName: string;
  builderVersion: string;
  goVersion: string;
  key: string;
  root: string;
  binary: string;
  logFile: string;
}

async function plan(s: StackSettings): Promise<Plan> {
  const manifestFile = manifestPath(s);
  if (!existsSync(manifestFile)) throw new StackError(`collector manifest not found: ${manifestFile}`);
  const manifest = readFileSync(manifestFile, 'utf8');
  const goSum = existsSync(goSumPath(s)) ? readFileSync(goSumPath(s), 'utf8') : '';
  const distName = manifestDistName(manifest);
  if (!distName) throw new StackError(`${manifestFile}: no dist.name`);
  const builderVersion = s.otelcolVersion ?? manifestCoreVersion(manifest);
  if (!builderVersion) {
    throw new StackError(`${manifestFile}: core components do not share one v0.x version; set OTELCOL_VERSION or fix the manifest`);
  }
  const go = await goVersion();
  const localModules = localModulesDigest(collectorDir(s.repoRoot), manifest);
  const key = collectorCacheKey({ manifest, goSum, goVersion: go, builderVersion, localModules });
  const root = join(s.cacheDir, 'collector');
  return {
    manifestFile,
    manifest,
    goSum,
    distName,
    builderVersion,
    goVersion: go,
    key,
    root,
    binary: join(root, key, distName),
    logFile: join(root, `${key}.build.log`),
  };
}

/** The binary for the current manifest when it is already built, else undefined. Never builds. */
export async function cachedCollectorBinary(s: StackSettings): Promise<string | undefined> {
  const p = await plan(s);
  return existsSync(p.binary) ? p.binary : undefined;
}

export async function buildCollector(s: StackSettings, options: BuildOptions = {}): Promise<CollectorBuild> {
  const started = Date.now();
  const p = await plan(s);
  const done = (cached: boolean): CollectorBuild => ({
    binary: p.binary,
    key: p.key,
    builderVersion: p.builderVersion,
    goVersion: p.goVersion,
    cached,
    seconds: (Date.now() - started) / 1000,
    logFile: p.logFile,
  });
  if (existsSync(p.binary) && !options.updateSums) return done(true);
  ensureDir(p.root);
  const lock = join(p.root, `${p.key}.lock`);
  const step = (options.activity ?? NO_ACTIVITY)(`building the collector ${p.distName}`, {
    estimateMs: lastTiming(s.cacheDir, BUILD_TIMING),
    estimateSource: 'the last build here',
    detail: existsSync(lock) ? 'another jewelry-otel is building it: waiting' : undefined,
  });
  try {
    // A parallel `stack up` waits for this build instead of starting a second one.
    return await withLock(lock, 60 * 60_000, 'collector build', async () => {
      if (existsSync(p.binary) && !options.updateSums) return done(true);
      const buildStarted = Date.now();
      options.progress?.(`building the collector ${p.distName} (ocb ${p.builderVersion}, ${p.goVersion}); log: ${p.logFile}`);
      rmSync(p.logFile, { force: true });
      const builder = await ensureBuilder(s, p, step);
      await runBuilder(s, p, builder, options, step);
      recordTiming(s.cacheDir, BUILD_TIMING, Date.now() - buildStarted);
      return done(false);
    });
  } finally {
    step.end();
  }
}

/** Key of the build's duration in the cache's timings (the next build's estimate). */
const BUILD_TIMING = 'collector-build';

async function ensureBuilder(s: StackSettings, p: Plan, step: ActivityHandle): Promise<string> {
  const binDir = join(s.cacheDir, 'collector', 'tools', `builder-${p.builderVersion}`);
  const builder = join(binDir, 'builder');
  if (existsSync(builder)) return builder;
  ensureDir(binDir);
  step.update(`installing the builder ${p.builderVersion}`);
  const res = await runCommand('go', ['install', `go.opentelemetry.io/collector/cmd/builder@${p.builderVersion}`], {
    env: { ...process.env, GOBIN: binDir },
    logFile: p.logFile,
    timeoutMs: 20 * 60_000,
  });
  if (res.code !== 0 || !existsSync(builder)) {
    throw buildFailure(`cannot install the collector builder ${p.builderVersion}`, p, res.output);
  }
  return builder;
}

async function runBuilder(s: StackSettings, p: Plan, builder: string, options: BuildOptions, step: ActivityHandle): Promise<void> {
  const work = join(p.root, `${p.key}.work`);
  rmSync(work, { recursive: true, force: true });
  ensureDir(work);
  // Our own components (manifest `path:` entries) resolve against the builder's working directory.
  copyLocalModules(collectorDir(s.repoRoot), p.manifest, work);
  const buildDir = join(work, '_build');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The builder's own `go mod tidy` also resolves the *tests* of every
    // dependency, and the module proxy we reach lacks several of those
    // modules; so we skip it (--skip-get-modules) and let `go build`
    // resolve just what the binary needs (-mod=mod), against collector/go.sum.
    GOFLAGS: '-mod=mod -buildvcs=false',
    // The builder makes an (unused) default output dir in $TMPDIR on every run; keep it in the work dir we delete.
    TMPDIR: ensureDir(join(work, 'tmp')),
    ...(options.updateSums ? { GOSUMDB: 'off' } : {}),
  };
  const phases: Array<{ doing: string; args: string[]; before?: () => void }> = [
    { doing: 'generating the sources', args: ['--config', p.manifestFile, '--skip-get-modules', '--skip-compilation'] },
    {
      doing: 'compiling (and downloading the modules it lacks)',
      args: ['--config', p.manifestFile, '--skip-get-modules', '--skip-generate'],
      before: () => {
        if (p.goSum) copyFileSync(goSumPath(s), join(buildDir, 'go.sum'));
      },
    },
  ];
  for (const phase of phases) {
    phase.before?.();
    step.update(phase.doing);
    // nice: the machines have 2 cores; the stack and the tests keep running meanwhile.
    const res = await runCommand('nice', ['-n', '10', builder, ...phase.args], {
      cwd: work,
      env,
      logFile: p.logFile,
      timeoutMs: 60 * 60_000,
    });
    if (res.code !== 0) throw buildFailure('collector build failed', p, res.output);
  }
  const built = join(buildDir, p.distName);
  if (!existsSync(built)) throw buildFailure(`collector build produced no ${p.distName}`, p, '');
  if (options.updateSums) copyFileSync(join(buildDir, 'go.sum'), goSumPath(s));
  const target = join(p.root, p.key);
  rmSync(target, { recursive: true, force: true });
  ensureDir(target);
  renameSync(built, p.binary);
  // The generated sources are ~nothing; the Go caches hold the heavy parts. Keep them for debugging.
  renameSync(buildDir, join(target, 'src'));
  rmSync(work, { recursive: true, force: true });
}

function buildFailure(message: string, p: Plan, output: string): StackError {
  return new StackError(`${message}: ${lastLines(output) || 'see the log'}`, {
    component: 'collector',
    logPath: p.logFile,
    logTail: tailFile(p.logFile, 20),
  });
}
