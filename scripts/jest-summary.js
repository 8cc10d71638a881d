#!/usr/bin/env node
// Prints jest's JSON result, plus the Go tests' counts when given
// (scripts/go-tests.js), as the one plain closing line CI reads:
// "N passed, N failed, N skipped". A run that executed no test is an error.
//
//   node scripts/jest-summary.js test-results/jest.json [test-results/go.json]
const fs = require('node:fs');
const file = process.argv[2];
const goFile = process.argv[3];
let result;
try {
  result = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (err) {
  console.error(`jest-summary: cannot read jest's result ${file}: ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const failedSuites = result.numFailedTestSuites ?? 0;
const passed = result.numPassedTests ?? 0;
// A suite that fails to load counts no test; count it as one failure so it is visible.
const failed = (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
const skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
let go = { passed: 0, failed: 0, skipped: 0 };
if (goFile) {
  try {
    go = JSON.parse(fs.readFileSync(goFile, 'utf8'));
  } catch (err) {
    console.error(`jest-summary: cannot read the Go tests' result ${goFile}: ${err.message}`);
    go = { passed: 0, failed: 1, skipped: 0 };
  }
}
const all = { passed: passed + go.passed, failed: failed + go.failed, skipped: skipped + go.skipped };
console.log(`${all.passed} passed, ${all.failed} failed, ${all.skipped} skipped`);
process.exit(all.failed > 0 || failedSuites > 0 || passed === 0 ? 1 : 0);
