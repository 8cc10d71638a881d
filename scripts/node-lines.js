'use strict';
// The Node.js lines the SDK is tested and benchmarked on besides the one that
// runs the tooling: Node 20 reached end of life in April 2026, users run 22
// and 24. Each comes from the npm package `node` (its binary for this
// platform), installed once per exact version into the shared cache dir
// (JEWELRY_CACHE_DIR, default ~/.cache/jewelry-otel) and reused by every
// clone; a half-finished install is never used (install into a temporary
// folder, then one rename).
//
//   node scripts/node-lines.js            # install what is missing, print "line version path" per line
//   node scripts/node-lines.js 24         # only that line
//   node scripts/node-lines.js --paths 22,24   # the binaries as one PATH-style list (for JEWELRY_CODE_CACHE_NODES);
//                                              # a line that cannot be installed is reported on stderr and left out
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, renameSync, rmSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');

/** Exact versions, so every run tests the same binaries; a line is bumped here. */
const NODE_LINES = { 22: '22.23.3', 24: '24.21.0' };

function cacheDir(env = process.env) {
  return env.JEWELRY_CACHE_DIR || join(homedir(), '.cache', 'jewelry-otel');
}

function binaryIn(dir) {
  return join(dir, 'node_modules', 'node', 'bin', 'node');
}

function versionOf(bin) {
  const run = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20000 });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/**
 * `{ line, version, execPath }` of Node `line` (22, 24), installed if missing.
 * Throws with the reason when it cannot be installed (no registry, say).
 */
function ensureNodeLine(line, env = process.env) {
  const version = NODE_LINES[line];
  if (!version) throw new Error(`unknown Node line ${line} (known: ${Object.keys(NODE_LINES).join(', ')})`);
  const dir = join(cacheDir(env), 'node', version);
  const bin = binaryIn(dir);
  if (existsSync(bin) && versionOf(bin) === `v${version}`) return { line: String(line), version, execPath: bin };

  mkdirSync(join(cacheDir(env), 'node'), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    process.stderr.write(`node-lines: installing Node ${version} (npm package node@${version}) into ${dir}\n`);
    execFileSync('npm', ['install', '--prefix', tmp, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', `node@${version}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...env, npm_config_loglevel: 'error' },
      timeout: 600000,
    });
    if (versionOf(binaryIn(tmp)) !== `v${version}`) throw new Error(`the package installed no working ${binaryIn(tmp)}`);
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another process finished the same install first: use its copy.
      if (!existsSync(bin)) throw err;
    }
  } catch (err) {
    const stderr = err && err.stderr ? String(err.stderr).trim().split('\n').slice(-3).join(' | ') : '';
    throw new Error(`cannot install Node ${version}: ${err.message}${stderr ? ` (${stderr})` : ''}`, { cause: err });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (versionOf(bin) !== `v${version}`) throw new Error(`Node ${version} in ${dir} does not run`);
  return { line: String(line), version, execPath: bin };
}

/** Lines from a comma list such as JEWELRY_TEST_NODE_LINES ("22,24"; "none" or "" for none). */
function parseLines(text) {
  return String(text)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && s !== 'none');
}

module.exports = { NODE_LINES, ensureNodeLine, parseLines, cacheDir };

if (require.main === module && process.argv[2] === '--paths') {
  const paths = [];
  for (const line of parseLines(process.argv[3] ?? Object.keys(NODE_LINES).join(','))) {
    if (line === process.versions.node.split('.')[0]) continue;
    try {
      paths.push(ensureNodeLine(line).execPath);
    } catch (err) {
      console.error(`node-lines: ${err.message}`);
    }
  }
  console.log(paths.join(require('node:path').delimiter));
} else if (require.main === module) {
  const lines = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(NODE_LINES);
  let failed = false;
  for (const line of lines) {
    try {
      const n = ensureNodeLine(line);
      console.log(`${n.line} ${n.version} ${n.execPath}`);
    } catch (err) {
      console.error(`node-lines: ${err.message}`);
      failed = true;
    }
  }
  process.exitCode = failed ? 1 : 0;
}
