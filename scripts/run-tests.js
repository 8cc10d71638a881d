#!/usr/bin/env node
'use strict';
// Brings up the components the tests need (JEWELRY_TEST_STACK, default below),
// runs jest with a JSON result, then the Go tests of our collector components
// (scripts/go-tests.js: go vet + go test), prints the summary line (both
// counted), and stops exactly the components this run started — also when
// jest fails or the run is interrupted.
//
// The Go tests run on a whole run; when jest is given paths or patterns
// (`npm test -- packages/logger`) they run only with JEWELRY_GO_TESTS=1.
// JEWELRY_GO_TESTS=0 skips them.
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const RESULT = join(ROOT, 'test-results', 'jest.json');
const GO_RESULT = join(ROOT, 'test-results', 'go.json');
const components = (process.env.JEWELRY_TEST_STACK ?? 'rabbitmq,postgres,s3,elasticsearch,collector,alertmanager,prometheus').split(',').map((s) => s.trim()).filter(Boolean);

function node(script, args) {
  return new Promise((resolve) => {
    spawn(process.execPath, [join(__dirname, script), ...args], { cwd: ROOT, stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1));
  });
}

/** Go tests on a whole run (no jest path or pattern), or when asked for. */
function runGoTests(jestArgs) {
  if (process.env.JEWELRY_GO_TESTS === '0') return false;
  if (process.env.JEWELRY_GO_TESTS === '1') return true;
  return !jestArgs.some((a) => !a.startsWith('-'));
}

async function main() {
  const { stackUp, stackDown, stackStatus } = require('@jewelry/cli');
  // What this run starts, recorded as each component comes up, so that a later
  // component failing to start still stops the earlier ones.
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
      const runningBefore = new Set((await stackStatus(components)).filter((c) => c.state === 'running').map((c) => c.name));
      try {
        // Long steps (a cold build, a download) say what they do on stderr, every 30 s when not a terminal.
        await stackUp(components, {
          onProgress: (message) => console.error(`run-tests: ${message}`),
          onComponent: (r) => r.startedByThisCall && started.push(r.name),
        });
      } catch (err) {
        // The component that failed may have left a process behind: stop whatever was not running before.
        started = components.filter((name) => !runningBefore.has(name));
        throw err;
      }
    }
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    rmSync(GO_RESULT, { force: true });
    const jestBin = require.resolve('jest/bin/jest');
    const jestArgs = process.argv.slice(2);
    const args = [jestBin, '--ci', '--json', `--outputFile=${RESULT}`, ...jestArgs];
    await new Promise((resolve) => spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' }).on('exit', resolve));
    if (runGoTests(jestArgs)) await node('go-tests.js', [GO_RESULT]);
    process.exitCode = await node('jest-summary.js', [RESULT, ...(existsSync(GO_RESULT) ? [GO_RESULT] : [])]);
  } catch (err) {
    console.error(`run-tests: ${err.message}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  } finally {
    await stop();
  }
}

main();
