// What a newcomer does first (issue 13): clone the repository, `npm install`,
// then the CLI as the README and the demo's output tell them to call it,
// `npx jewelry-otel …`. npm links a workspace bin only if its file exists at
// install time, so a bin pointing into dist/ (built later) broke every one of
// these on a fresh clone; nothing else calls the CLI this way.
//
// The clone is of the committed HEAD of this repository. The install is the
// README's `npm install`, with npm told (as a user's .npmrc could) to take
// what its cache has rather than ask the registry again (prefer-offline) and
// to skip the audit: the lockfile decides what is installed either way, and
// the cache is warm after the repository's own install (~35 s here, ~80 s
// without).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COMPONENT_NAMES } from '@jewelry/cli';

const REPO = join(__dirname, '..', '..');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, timeoutMs = 240_000): Promise<Ran> {
  return new Promise((resolve) => {
    // The user's environment (the stack's ports), minus what would point the clone back at this repository.
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (key.startsWith('npm_') || key === 'JEWELRY_STACK_DIR' || key === 'INIT_CWD') delete env[key];
    Object.assign(env, { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' });
    execFile(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a fresh clone: npm install, then npx jewelry-otel (issue 13)', () => {
  const work = mkdtempSync(join(tmpdir(), 'jewelry-fresh-clone-'));
  const clone = join(work, 'jewelry');

  beforeAll(async () => {
    const cloned = await run('git', ['clone', '--quiet', '--no-hardlinks', REPO, clone], work);
    if (cloned.code !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
    const head = await run('git', ['rev-parse', 'HEAD'], REPO);
    await run('git', ['checkout', '--quiet', head.stdout.trim()], clone);
    const installed = await run('npm', ['install'], clone, 600_000);
    if (installed.code !== 0) throw new Error(`npm install failed (exit ${installed.code}):\n${installed.stderr.slice(-3000)}`);
  }, 660_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('npx jewelry-otel --help: the commands (the first call builds the CLI once, and says so)', async () => {
    const res = await run('npx', ['jewelry-otel', '--help'], clone);
    expect(res.stderr).not.toContain('404');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Usage: jewelry-otel <command>');
    expect(res.stdout).toContain('collector package');
    expect(res.stderr).toContain('building the CLI');
    // Built now: the second call starts at once, silently.
    const again = await run('npx', ['jewelry-otel', '--help'], clone);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
  }, 120_000);

  test("npx jewelry-otel stack status: every component of the clone's own stack, and who holds its ports", async () => {
    const res = await run('npx', ['jewelry-otel', 'stack', 'status'], clone);
    expect(res.code).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...COMPONENT_NAMES]);
    // The clone has its own stack dir: nothing there runs, whatever this machine's stack does.
    for (const line of lines) expect(line).toMatch(/^\S+\s+stopped\s/);
  }, 60_000);

  test('npx jewelry-otel trace <unknown id>: a clear message and exit code 1', async () => {
    const res = await run('npx', ['jewelry-otel', 'trace', '0123456789abcdef0123456789abcdef'], clone);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^jewelry-otel: nothing found for trace 0123456789abcdef0123456789abcdef in Elasticsearch at http/);
    expect(res.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 60_000);

  test('npx jewelry-otel with a wrong command: usage error, exit code 2', async () => {
    const res = await run('npx', ['jewelry-otel', 'tracee'], clone);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("Run 'jewelry-otel --help' for the commands.");
  }, 60_000);
});
