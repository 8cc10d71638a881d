#!/usr/bin/env node
// Prints jest's JSON results (one file per run: the main run, then one per
// other Node line), plus the Go tests' counts when given (scripts/go-tests.js,
// after --go), as the one plain closing line CI reads:
// "N passed, N failed, N skipped", summed over all runs; a line per run before
// it says what each contributed. A run that executed no test is an error.
//
//   node scripts/jest-summary.js test-results/jest.json [more.json…] [--go test-results/go.json]
const fs = require('node:fs');
const path = require('node:path');

const argv = process.argv.slice(2);
const goAt = argv.indexOf('--go');
const goFile = goAt >= 0 ? argv[goAt + 1] : undefined;
const files = goAt >= 0 ? [...argv.slice(0, goAt), ...argv.slice(goAt + 2)] : argv;
const total = { passed: 0, failed: 0, skipped: 0, failedSuites: 0 };
const runs = files.length + (goFile ? 1 : 0);
let bad = false;
for (const file of files) {
  let result;
  try {
    result = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`jest-summary: cannot read jest's result ${file}: ${err.message}`);
    total.failed += 1;
    bad = true;
    continue;
  }
  const passed = result.numPassedTests ?? 0;
  // A suite that fails to load counts no test; count it as one failure so it is visible.
  const failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
  const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  total.passed += passed;
  total.failed += failed;
  total.skipped += skipped;
  total.failedSuites += result.numFailedTestSuites ?? 0;
  if (passed === 0) bad = true;
  if (runs > 1)
    console.error(`jest-summary: ${result.label ?? path.basename(file, '.json')}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
if (goFile) {
  let go;
  try {
    go = JSON.parse(fs.readFileSync(goFile, 'utf8'));
  } catch (err) {
    console.error(`jest-summary: cannot read the Go tests' result ${goFile}: ${err.message}`);
    go = { passed: 0, failed: 1, skipped: 0 };
  }
  total.passed += go.passed;
  total.failed += go.failed;
  total.skipped += go.skipped;
  console.error(`jest-summary: Go: ${go.passed} passed, ${go.failed} failed, ${go.skipped} skipped`);
}
if (files.length === 0) {
  console.error('jest-summary: no result file given');
  bad = true;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.failedSuites > 0 || bad ? 1 : 0);
