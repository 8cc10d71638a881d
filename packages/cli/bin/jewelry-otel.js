#!/usr/bin/env node
'use strict';
// The `jewelry-otel` command as npm links it. npm links a workspace package's
// bin only when the file exists at install time, and dist/ is built after the
// install; so the link points at this committed file, which runs dist/bin.js.
// In a clone where dist/ was never built (right after `npm install`), it
// builds the CLI once (tsc -b packages/cli, ~10 s) and says so on stderr.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const pkgDir = join(__dirname, '..');
const entry = join(pkgDir, 'dist', 'bin.js');

function fail(message) {
  process.stderr.write(`jewelry-otel: ${message}\n`);
  process.exit(1);
}

if (!existsSync(entry)) {
  // Only in the monorepo: a published package ships dist/.
  const repo = join(pkgDir, '..', '..');
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [repo] });
  } catch {
    fail(`${entry} is missing and TypeScript is not installed to build it: run 'npm install' then 'npm run build' in ${repo}`);
  }
  process.stderr.write('jewelry-otel: first run in this clone: building the CLI (tsc -b packages/cli) ...\n');
  const started = Date.now();
  const res = spawnSync(process.execPath, [tsc, '-b', pkgDir], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0 || !existsSync(entry)) {
    fail(`building the CLI failed (exit ${res.status ?? res.signal}); run 'npm run build' in ${repo} and read its errors`);
  }
  process.stderr.write(`jewelry-otel: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

require(entry);
