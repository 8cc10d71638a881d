/**
 * The package's CommonJS entry: `node --require @jewelry/otel`,
 * `require('@jewelry/otel')`, and what `--import @jewelry/otel` loads.
 * It loads dist/preload.js — src/index.ts and the SDK bundled into one file
 * by scripts/bundle-preload.mjs — with the code cache of the running V8
 * (loader/code-cache-file.ts), because resolving and
 * compiling the SDK's ~400 small files was most of the start-up time.
 * Without a bundle (only `tsc` was run) it starts the unbundled dist/index.js.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { codeCacheFile } from './loader/code-cache-file';
import { loadBundle } from './loader/load-bundle';

const bundle = join(__dirname, 'preload.js');

if (existsSync(bundle)) {
  module.exports = loadBundle(bundle, { codeCacheFile: codeCacheFile(__dirname) });
} else {
  process.stderr.write(
    '@jewelry/otel warn: dist/preload.js is missing (build with `npm run build`); starting the unbundled distribution, which starts slower\n',
  );
  module.exports = require('./index.js');
}
