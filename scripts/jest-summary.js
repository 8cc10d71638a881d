#!/usr/bin/env node
// Prints jest's JSON results (one file per run: the main run, then one per
// other Node line) as the one plain closing line CI reads:
// "N passed, N failed, N skipped", summed over all runs; a line per run before
// it says what each contributed. A run that executed no test is an error.
const fs = require('node:fs');
const path = require('node:path');

const files = process.argv.slice(2);
const total = { passed: 0, failed: 0, skipped: 0, failedSuites: 0 };
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
  if (files.length > 1) console.error(`jest-summary: ${result.label ?? path.basename(file, '.json')}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}
if (files.length === 0) {
  console.error('jest-summary: no result file given');
  bad = true;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.failedSuites > 0 || bad ? 1 : 0);
