// Builds the bench's jewelry-otel3 variant: @jewelry/otel's own source
// (packages/otel/src) bundled against OpenTelemetry JS 3.x (this folder's
// package.json) instead of the 2.x it ships with, to measure whether 3.x is
// cheaper per request (issue 16). 3.x needs Node ≥ 22.15.
//
//   node bench/otel3/build.mjs      # prints the preload's path
//
// The packages are installed once into bench/otel3/.install (gitignored;
// again when package.json changes); the bundle lands in .install/dist so
// that what it requires at run time — the OTLP exporters, loaded at the first
// export, and import-in-the-middle/require-in-the-middle — comes from the 3.x
// install, and @jewelry/* from the repository. Only the packages' versions
// differ from the product build (scripts/bundle-preload.mjs), not the code.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../../', import.meta.url));
const install = `${here}.install/`;
const manifest = readFileSync(`${here}package.json`, 'utf8');
const hash = createHash('sha256').update(manifest).digest('hex').slice(0, 16);

if (!existsSync(`${install}.installed`) || readFileSync(`${install}.installed`, 'utf8') !== hash) {
  mkdirSync(install, { recursive: true });
  // Without the name: jest would see two packages named @jewelry/bench-otel3.
  const { name: _name, ...rest } = JSON.parse(manifest);
  writeFileSync(`${install}package.json`, JSON.stringify(rest, null, 2));
  process.stderr.write('bench otel3: installing OpenTelemetry JS 3.x into bench/otel3/.install\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', '--engine-strict=false'], {
    cwd: install,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  writeFileSync(`${install}.installed`, hash);
}

const { build } = createRequire(`${repo}packages/otel/package.json`)('esbuild');
const packages = Object.keys(JSON.parse(manifest).dependencies).filter((name) => !name.includes('/exporter-'));
const alias = Object.fromEntries(packages.map((name) => [name, `${install}node_modules/${name}`]));
alias['@opentelemetry/api-logs'] = `${here}api-logs-shim.js`;
alias['jewelry-legacy-api-logs'] = createRequire(`${repo}packages/logger/package.json`).resolve('@opentelemetry/api-logs');

const { preloadBuildOptions } = await import(`${repo}packages/otel/scripts/preload-build-options.mjs`);
await build(preloadBuildOptions({ outfile: `${install}dist/preload.js`, target: 'node22', alias }));
const version = (name) => JSON.parse(readFileSync(`${install}node_modules/${name}/package.json`, 'utf8')).version;
writeFileSync(
  `${install}dist/versions.json`,
  JSON.stringify({
    'sdk-trace': version('@opentelemetry/sdk-trace'),
    api: version('@opentelemetry/api'),
    'instrumentation-http': version('@opentelemetry/instrumentation-http'),
  }),
);
console.log(`${install}dist/preload.js`);
