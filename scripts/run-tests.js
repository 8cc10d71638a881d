#!/usr/bin/env node
'use strict';
// Brings up the components the tests need (JEWELRY_TEST_STACK, default below),
// runs jest with a JSON result, prints the summary line, and stops exactly the
// components this run started — also when jest fails or the run is interrupted.
const { spawn } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const RESULT = join(ROOT, 'test-results', 'jest.json');
const components = (process.env.JEWELRY_TEST_STACK ?? 'rabbitmq,postgres,s3,elasticsearch,collector,alertmanager,prometheus').split(',').map((s) => s.trim()).filter(Boolean);

function summary() {
  return new Promise((resolve) => {
    spawn(process.execPath, [join(__dirname, 'jest-summary.js'), RESULT], { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const { stackUp, stackDown } = require('@jewelry/cli');
  let started = [];
  let stopping = false;
  const stop = async () => {
    if (stopping || started.length === 0) return;
    stopping = true;
    await stackDown(started).catch((err) => console.error(`run-tests: stopping ${started.join(', ')} failed: ${err.message}`));
  };
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => void stop().finally(() => process.exit(130)));
  }
  try {
    if (components.length) {
      // Long steps (a cold build, a download) say what they do on stderr, every 30 s when not a terminal.
      const results = await stackUp(components, { onProgress: (message) => console.error(`run-tests: ${message}`) });
      started = results.filter((r) => r.startedByThisCall).map((r) => r.name);
    }
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    const jestBin = require.resolve('jest/bin/jest');
    const args = [jestBin, '--ci', '--json', `--outputFile=${RESULT}`, ...process.argv.slice(2)];
    await new Promise((resolve) => spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' }).on('exit', resolve));
    process.exitCode = await summary();
  } catch (err) {
    console.error(`run-tests: ${err.message}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  } finally {
    await stop();
  }
}

main();
