// `npm run build` step 2 (after tsc): bundles the preload — src/index.ts and
// everything it loads at start — into dist/preload.js, then makes the V8
// code cache dist/preload-<V8 version>.v8cache that dist/entry.js compiles it
// with: one for the Node that builds, and one for each other Node binary in
// JEWELRY_CODE_CACHE_NODES (a PATH-style list; npm test and npm run bench set
// it to the Node 22 and 24 they run on). V8 accepts a cache only from its own
// version, so each line needs its own.
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
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter } from 'node:path';
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

// Caches of an earlier bundle would be refused by V8 (their source hash differs): none is kept.
for (const file of readdirSync(`${root}dist`)) if (/^preload(-.+)?\.v8cache$/.test(file)) rmSync(`${root}dist/${file}`);

// The code cache holds what V8 compiled while the preload started with every
// instrumentation on, so a service's start compiles (almost) nothing.
const nodes = [process.execPath, ...(process.env.JEWELRY_CODE_CACHE_NODES ?? '').split(delimiter).filter(Boolean)];
const made = new Set();
for (const node of nodes) {
  const run = spawnSync(
    node,
    [
      '-e',
      "const { join, resolve } = require('path'); const v8 = require('./dist/loader/code-cache-file.js').codeCacheFile(resolve('dist'));" +
        " require('./dist/loader/load-bundle.js').loadBundle(resolve('dist/preload.js'), { codeCacheFile: v8, writeCodeCache: true }); console.log(v8); process.exit(0)",
    ],
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
  if (run.status !== 0) {
    process.stderr.write(`bundle-preload: making the code cache with ${node} failed (${run.status ?? run.signal ?? run.error?.message}):\n${run.stderr}`);
    process.exit(1);
  }
  made.add(run.stdout.trim().split('/').pop());
}
writeFileSync(`${root}dist/preload.caches.json`, JSON.stringify([...made].sort(), null, 1));
