// `npm run build` step 2 (after tsc): bundles the preload — src/index.ts and
// everything it loads at start — into dist/preload.js, then makes the V8
// code cache dist/preload.v8cache that dist/entry.js compiles it with.
// Why: Node resolves, reads and compiles each of the SDK's ~400 small files
// one by one; one cached file starts about 60 ms faster (issue 7's start-up
// target). Left outside the bundle:
//  - import-in-the-middle, require-in-the-middle: their hook state must be
//    the one the ESM loader thread and other copies of the SDK use;
//  - @jewelry/* packages: the service loads them too, one copy each;
//  - the OTLP exporters: loaded at the first export, after start-up
//    (create-exporters requires them by computed name).
// dist/preload.meta.json lists what went in (tests check what did not).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/preload.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The OTel packages' ES module builds, so unused exports (most of the semantic conventions) are left out.
  mainFields: ['module', 'main'],
  external: ['import-in-the-middle', 'require-in-the-middle', '@jewelry/*'],
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(`${root}dist/preload.meta.json`, JSON.stringify({ inputs: Object.keys(result.metafile.inputs).sort() }, null, 1));

// The code cache holds what V8 compiled while the preload started with every
// instrumentation on, so a service's start compiles (almost) nothing.
const made = spawnSync(
  process.execPath,
  ['-e', "require('./dist/loader/load-bundle.js').loadBundle(require('path').resolve('dist/preload.js'), { codeCacheFile: require('path').resolve('dist/preload.v8cache'), writeCodeCache: true }); process.exit(0)"],
  {
    cwd: root,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      OTEL_SERVICE_NAME: 'shop-api',
      OTEL_LOG_LEVEL: 'warn',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    },
  },
);
if (made.status !== 0) {
  process.stderr.write(`bundle-preload: making the code cache failed (${made.status ?? made.signal}):\n${made.stderr}`);
  process.exit(1);
}
