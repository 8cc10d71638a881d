// `npm run build` step 2 (after tsc): bundles the preload — src/index.ts and
// everything it loads at start — into dist/preload.js, then makes the V8
// code cache dist/preload-<V8 version>.v8cache that dist/entry.js compiles it
// with: one for the Node that builds, and one for each other Node binary in
// JEWELRY_CODE_CACHE_NODES (a PATH-style list; npm test and npm run bench set
// it to the Node 22 and 24 they run on). V8 accepts a cache only from its own
// version, so each line needs its own.
// Why: Node resolves, reads and compiles each of the SDK's ~400 small files
// one by one; one cached file starts about 60 ms faster (issue 7's start-up
// target). What stays outside the bundle: preload-build-options.mjs, and the
// OTLP exporters, loaded at the first export, after start-up
// (create-exporters requires them by computed name).
// dist/preload.meta.json lists what went in (tests check what did not).
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { build } from 'esbuild';
import { packageRoot as root, preloadBuildOptions } from './preload-build-options.mjs';

const result = await build(preloadBuildOptions({ outfile: 'dist/preload.js', target: 'node20', metafile: true }));
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
    process.stderr.write(
      `bundle-preload: making the code cache with ${node} failed (${run.status ?? run.signal ?? run.error?.message}):\n${run.stderr}`,
    );
    process.exit(1);
  }
  made.add(run.stdout.trim().split('/').pop());
}
writeFileSync(`${root}dist/preload.caches.json`, JSON.stringify([...made].sort(), null, 1));
