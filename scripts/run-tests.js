#!/usr/bin/env node
'use strict';
// Brings up the components the tests need (JEWELRY_TEST_STACK, default below),
// runs jest with a JSON result, then the SDK-side tests again under each other
// Node line (JEWELRY_TEST_NODE_LINES, default 22,24: what users run since Node
// 20's end of life), then the Go tests of our collector components
// (scripts/go-tests.js: go vet + go test), prints one summary line over all
// runs, and stops exactly the components this run started — also when jest
// fails or the run is interrupted.
//
// The Go tests run on a whole run; when jest is given paths or patterns
// (`npm test -- packages/logger`) they run only with JEWELRY_GO_TESTS=1.
// JEWELRY_GO_TESTS=0 skips them.
const { spawn } = require('node:child_process');
const { existsSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { ensureNodeLine, parseLines } = require('./node-lines');

const ROOT = join(__dirname, '..');
const RESULTS = join(ROOT, 'test-results');
const RESULT = join(RESULTS, 'jest.json');
const GO_RESULT = join(RESULTS, 'go.json');
const components = (process.env.JEWELRY_TEST_STACK ?? 'rabbitmq,postgres,s3,elasticsearch,collector,alertmanager,prometheus')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
/** The packages that run inside a service (the SDK side): their tests run under every Node line. */
const SDK_TEST_PATHS = ['packages/otel', 'packages/logger', 'packages/masking', 'packages/schema'];
const otherLines = parseLines(process.env.JEWELRY_TEST_NODE_LINES ?? '22,24').filter((l) => l !== process.versions.node.split('.')[0]);

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

/** jest options whose value is the next argument (`-t name`), so that value is not taken for a path. */
const VALUE_OPTIONS = new Set([
  '-t',
  '--testNamePattern',
  '--testTimeout',
  '-w',
  '--maxWorkers',
  '--shard',
  '--seed',
  '-c',
  '--config',
  '--testPathIgnorePatterns',
  '--selectProjects',
  '--reporters',
]);

/**
 * The jest arguments for another Node line: the SDK test paths, narrowed to
 * those the caller named (`npm test -- packages/logger`), with the caller's
 * other options; undefined when the caller named only other tests.
 */

function sdkArgs(args) {
  const paths = [];
  const options = [];
  for (let i = 0; i < args.length; i++) {
    if (!args[i].startsWith('-')) paths.push(args[i]);
    else if (VALUE_OPTIONS.has(args[i]) && i + 1 < args.length) options.push(args[i], args[++i]);
    else options.push(args[i]);
  }
  if (paths.length === 0) return [...SDK_TEST_PATHS, ...options];
  const chosen = SDK_TEST_PATHS.flatMap((p) =>
    paths.filter((a) => a.replace(/\/$/, '').startsWith(p) || p.startsWith(a.replace(/\/$/, ''))).map((a) => (a.length > p.length ? a : p)),
  );
  return chosen.length ? [...new Set(chosen), ...options] : undefined;
}

function runJest(node, args, result) {
  const jestBin = require.resolve('jest/bin/jest');
  rmSync(result, { force: true });
  return new Promise((resolve) =>
    spawn(node, [jestBin, '--ci', '--json', `--outputFile=${result}`, ...args], { cwd: ROOT, stdio: 'inherit' }).on('exit', resolve),
  );
}

/** The SDK-side tests under each other Node line; a line that cannot be installed is one failure with its reason. */
async function otherNodeLines(args) {
  const files = [];
  const chosen = sdkArgs(args);
  if (!chosen || otherLines.length === 0) return files;
  for (const line of otherLines) {
    const result = join(RESULTS, `jest-node${line}.json`);
    let node;
    try {
      node = ensureNodeLine(line).execPath;
    } catch (err) {
      console.error(`run-tests: Node ${line}: ${err.message}`);
      writeFileSync(
        result,
        JSON.stringify({ numPassedTests: 0, numFailedTests: 1, numFailedTestSuites: 1, label: `Node ${line} not available` }),
      );
      files.push(result);
      continue;
    }
    const started = Date.now();
    console.error(`run-tests: the SDK-side tests again under Node ${line} (${chosen.join(' ')})`);
    await runJest(node, chosen, result);
    console.error(`run-tests: Node ${line} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
    files.push(result);
  }
  return files;
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
    mkdirSync(RESULTS, { recursive: true });
    rmSync(GO_RESULT, { force: true });
    const args = process.argv.slice(2);
    await runJest(process.execPath, args, RESULT);
    const others = await otherNodeLines(args);
    if (runGoTests(args)) await node('go-tests.js', [GO_RESULT]);
    process.exitCode = await node('jest-summary.js', [RESULT, ...others, ...(existsSync(GO_RESULT) ? ['--go', GO_RESULT] : [])]);
  } catch (err) {
    console.error(`run-tests: ${err.message}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  } finally {
    await stop();
  }
}

if (require.main === module) main();

module.exports = { sdkArgs, SDK_TEST_PATHS };
