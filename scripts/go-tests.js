#!/usr/bin/env node
'use strict';
// The Go side of `npm test`: `go vet`, `gofmt -l` and `go test` of every Go module of ours
// (collector/processor/*/go.mod — the collector's own components), no
// collector build needed. Writes the counts to a JSON file that
// jest-summary.js adds to the closing line; prints what failed.
//
//   node scripts/go-tests.js [result.json]        # default test-results/go.json
//
// A test is every `go test -json` pass/fail/skip event of a test (subtests
// included); a package that does not build, a `go vet` finding or a file
// gofmt would change counts as one failure.
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const ROOT = join(__dirname, '..');
const RESULT = process.argv[2] ?? join(ROOT, 'test-results', 'go.json');

/** The directories under collector/processor that hold a go.mod. */
function goModules() {
  const base = join(ROOT, 'collector', 'processor');
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(base, e.name, 'go.mod')))
    .map((e) => join(base, e.name))
    .sort();
}

function run(args, cwd) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn('go', args, { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ code: 127, out: `${out}${err.message}` }));
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** The files gofmt would change ('' when none). */
function runGofmt(dir) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn('gofmt', ['-l', '.'], { cwd: dir, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve(`gofmt: ${err.message}`));
    child.on('exit', () => resolve(out.trim()));
  });
}

/** Counts of one `go test -json` stream, and the output of what failed. */
function countEvents(stream) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const output = new Map();
  const failures = [];
  const failedPackages = new Set();
  const packagesWithFailedTests = new Set();
  for (const line of stream.split('\n')) {
    if (!line.startsWith('{')) continue;
    let e;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    const id = `${e.Package} ${e.Test ?? ''}`;
    if (e.Action === 'output') output.set(id, (output.get(id) ?? '') + e.Output);
    if (!e.Test) {
      if (e.Action === 'fail') failedPackages.add(e.Package);
      continue;
    }
    if (e.Action === 'pass') counts.passed++;
    else if (e.Action === 'skip') counts.skipped++;
    else if (e.Action === 'fail') {
      counts.failed++;
      packagesWithFailedTests.add(e.Package);
      failures.push({ name: `${e.Package} ${e.Test}`, output: output.get(id) ?? '' });
    }
  }
  // A package that failed without a failed test did not build (or its TestMain failed).
  for (const pkg of failedPackages) {
    if (packagesWithFailedTests.has(pkg)) continue;
    counts.failed++;
    failures.push({ name: `${pkg} (does not build or its setup failed)`, output: output.get(`${pkg} `) ?? '' });
  }
  return { ...counts, failures };
}

async function main() {
  const total = { passed: 0, failed: 0, skipped: 0, modules: [] };
  const report = (name, output) => {
    console.error(
      `\n● go: ${name}\n${output
        .trimEnd()
        .split('\n')
        .map((l) => `    ${l}`)
        .join('\n')}`,
    );
  };
  for (const dir of goModules()) {
    const name = relative(ROOT, dir);
    const started = Date.now();
    const vet = await run(['vet', './...'], dir);
    if (vet.code !== 0) {
      total.failed++;
      report(`go vet ./... in ${name}`, vet.out);
    }
    // Go's one formatting: a file gofmt would change is a failure too.
    const fmt = await runGofmt(dir);
    if (fmt) {
      total.failed++;
      report(`gofmt -l in ${name} (run gofmt -w on these)`, fmt);
    }
    const test = await run(['test', '-json', '-count=1', './...'], dir);
    const counts = countEvents(test.out);
    if (test.code !== 0 && counts.failed === 0) {
      // go itself failed (no toolchain, a module it cannot download): one failure, with its words.
      counts.failed = 1;
      counts.failures.push({
        name: `go test ./... in ${name}`,
        output: test.out
          .split('\n')
          .filter((l) => !l.startsWith('{'))
          .join('\n'),
      });
    }
    for (const f of counts.failures) report(f.name, f.output);
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
    total.modules.push({
      module: name,
      vet: vet.code === 0,
      passed: counts.passed,
      failed: counts.failed,
      skipped: counts.skipped,
      seconds: (Date.now() - started) / 1000,
    });
    console.error(
      `go: ${name}: go vet ${vet.code === 0 ? 'clean' : 'FAILED'}, ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  mkdirSync(dirname(RESULT), { recursive: true });
  writeFileSync(RESULT, JSON.stringify(total, null, 2));
  process.exitCode = total.failed > 0 ? 1 : 0;
}

if (require.main === module) main();
module.exports = { countEvents, goModules };
