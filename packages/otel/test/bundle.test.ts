import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { codeCacheFile, loadBundle } from '@jewelry/otel/internals';

const PACKAGE = join(__dirname, '..');
const DIST = join(PACKAGE, 'dist');

/** `node -e <code>` with the distribution's env quiet and nothing exported; stdout, stderr and status. */
function node(code: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [...args, '-e', code], {
    cwd: PACKAGE,
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      PATH: process.env.PATH,
      OTEL_SERVICE_NAME: 'shop-api',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      ...env,
    },
  });
}

// Issue 7 (start-up): the preload is one bundled file compiled with a V8 code cache.
describe('the bundled preload', () => {
  test('--require @jewelry/otel loads dist/preload.js and no OpenTelemetry package from node_modules at start', () => {
    const run = node(
      "const files = Object.keys(require.cache); console.log(JSON.stringify({ bundle: files.filter((f) => f.endsWith('preload.js')), otel: files.filter((f) => /node_modules[\\\\/]@opentelemetry[\\\\/]/.test(f)) }))",
      ['--require', '@jewelry/otel'],
    );
    expect(run.status).toBe(0);
    const loaded = JSON.parse(run.stdout) as { bundle: string[]; otel: string[] };
    expect(loaded.bundle).toEqual([join(DIST, 'preload.js')]);
    expect(loaded.otel).toEqual([]);
    expect(run.stderr).toContain('started: service=shop-api');
  });

  test('the build made a code cache for the running Node (one per V8 version) and V8 accepts it', () => {
    // npm test builds with JEWELRY_CODE_CACHE_NODES naming the Node 22 and 24 it runs these tests under too.
    const cache = codeCacheFile(DIST);
    expect(cache).toBe(join(DIST, `preload-${process.versions.v8}.v8cache`));
    expect(existsSync(cache)).toBe(true);
    expect(JSON.parse(readFileSync(join(DIST, 'preload.caches.json'), 'utf8'))).toContain(`preload-${process.versions.v8}.v8cache`);
    // V8 refuses a cache made for other source: it must fit the bundle as built.
    const vm = require('node:vm') as typeof import('node:vm');
    const compiled = vm.compileFunction(
      readFileSync(join(DIST, 'preload.js'), 'utf8'),
      ['exports', 'require', 'module', '__filename', '__dirname'],
      {
        filename: join(DIST, 'preload.js'),
        cachedData: readFileSync(cache),
      },
    ) as { cachedDataRejected?: boolean };
    expect(compiled.cachedDataRejected).toBe(false);
  });

  test('the cache file is named by the V8 version, so another Node never reads one it would refuse', () => {
    expect(codeCacheFile('/d', '12.4.254.21-node.57')).toBe(join('/d', 'preload-12.4.254.21-node.57.v8cache'));
    expect(codeCacheFile('/d', 'odd/version 1')).toBe(join('/d', 'preload-odd_version_1.v8cache'));
  });

  test('what the bundle does not contain: NodeSDK, the env-driven configuration, zipkin, prometheus, b3, jaeger, unused instrumentations', () => {
    const { inputs } = JSON.parse(readFileSync(join(DIST, 'preload.meta.json'), 'utf8')) as { inputs: string[] };
    const packages = new Set(inputs.map((f) => /node_modules\/(@opentelemetry\/[^/]+)\//.exec(f)?.[1]).filter(Boolean));
    expect(packages.has('@opentelemetry/sdk-trace')).toBe(true);
    for (const unused of [
      'sdk-node',
      'configuration',
      'sdk-trace-base',
      'sdk-trace-node',
      'exporter-zipkin',
      'exporter-prometheus',
      'propagator-b3',
      'propagator-jaeger',
      'instrumentation-fs',
      'instrumentation-dns',
      'instrumentation-net',
    ]) {
      expect(packages).not.toContain(`@opentelemetry/${unused}`);
    }
  });

  test('without dist/preload.js (only tsc was run) the unbundled distribution starts, with one warning saying so', () => {
    // A copy of dist inside the package, so node_modules resolve as from dist.
    const copy = mkdtempSync(join(PACKAGE, '.dist-copy-'));
    try {
      cpSync(DIST, copy, { recursive: true });
      rmSync(join(copy, 'preload.js'));
      const run = node(
        `require(${JSON.stringify(join(copy, 'entry.js'))}); console.log(JSON.stringify(Object.keys(require.cache).some((f) => f.endsWith('preload.js'))))`,
      );
      expect(run.status).toBe(0);
      expect(run.stdout.trim()).toBe('false');
      expect(run.stderr).toMatch(/@jewelry\/otel warn: dist\/preload\.js is missing \(build with `npm run build`\)/);
      expect(run.stderr).toContain('started: service=shop-api');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe('loadBundle: require() with a code cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'load-bundle-'));
    writeFileSync(join(dir, 'dep.js'), 'module.exports = 41;');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = () => join(dir, `mod-${Math.random().toString(36).slice(2)}.js`);

  test('loads like require: module scope, relative require, one instance in require.cache', () => {
    const f = file();
    writeFileSync(f, "exports.answer = require('./dep') + 1; exports.where = [__filename, __dirname]; exports.self = module.id;");
    const cache = join(dir, 'cache.bin');
    const loaded = loadBundle(f, { codeCacheFile: cache }) as { answer: number; where: string[] };
    expect(loaded.answer).toBe(42);
    expect(loaded.where).toEqual([f, dirname(f)]);
    delete require.cache[f];
    // Node's own require (jest has its own registry): the file loaded once is the one require() returns.
    const loader = JSON.stringify(join(DIST, 'loader', 'load-bundle.js'));
    const run = node(
      `const { loadBundle } = require(${loader}); const f = ${JSON.stringify(f)}; const a = loadBundle(f, { codeCacheFile: ${JSON.stringify(cache)} });` +
        ` console.log(require(f) === a, loadBundle(f, { codeCacheFile: ${JSON.stringify(cache)} }) === a)`,
    );
    expect(run.stdout.trim()).toBe('true true');
  });

  test('writes the cache file; a corrupt cache is ignored, not fatal', () => {
    const f = file();
    writeFileSync(f, 'module.exports = { sum: (a, b) => a + b };');
    const cache = join(dir, 'cache.bin');
    loadBundle(f, { codeCacheFile: cache, writeCodeCache: true });
    delete require.cache[f];
    expect(readFileSync(cache).length).toBeGreaterThan(0);

    writeFileSync(cache, Buffer.from('not a V8 code cache at all'));
    const again = loadBundle(f, { codeCacheFile: cache }) as { sum(a: number, b: number): number };
    expect(again.sum(2, 3)).toBe(5);
    delete require.cache[f];
  });

  test('compiles the file as a function, as require() does, never as a vm.Script: on Node 24 one vm.Script costs an idle process a full GC a second under load', () => {
    const vm = require('node:vm') as typeof import('node:vm');
    const compiled = jest.spyOn(vm, 'compileFunction');
    const scripts = jest.spyOn(vm, 'Script');
    const f = file();
    writeFileSync(f, 'module.exports = 7;');
    expect(loadBundle(f, { codeCacheFile: join(dir, 'none.bin') })).toBe(7);
    delete require.cache[f];
    expect(compiled).toHaveBeenCalledTimes(1);
    expect(scripts).not.toHaveBeenCalled();
    jest.restoreAllMocks();
  });

  test('an error thrown while loading reaches the caller and leaves nothing half-loaded in require.cache', () => {
    const f = file();
    writeFileSync(f, "throw new Error('broken bundle');");
    expect(() => loadBundle(f, { codeCacheFile: join(dir, 'none.bin') })).toThrow('broken bundle');
    expect(require.cache[f]).toBeUndefined();
  });
});
