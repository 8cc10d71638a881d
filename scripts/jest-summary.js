#!/usr/bin/env node
// Prints jest's JSON result as the one plain closing line CI reads:
// "N passed, N failed, N skipped". A run that executed no test is an error.
const fs = require('node:fs');
const file = process.argv[2];
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
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || failedSuites > 0 || passed === 0 ? 1 : 0);
