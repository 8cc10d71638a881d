// `stack up` on a machine where nothing is built yet (issue 13): the long
// steps say what they do while they run, side by side, and leave their
// duration for the next estimate. A cache dir of its own makes the S3 server
// a real `go install` (quick here: Go's own build cache is warm) and
// Elasticsearch a real fetch through mvn and an unzip; stderr is not a
// terminal, so the steps are printed when they start and then every
// JEWELRY_PROGRESS_INTERVAL (2 s here).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@jewelry/ops-kit';
import { DEFAULT_ES_VERSION } from '@jewelry/stack';
import { makeStackDir, removeStackDir } from '../../../test/support/own-stack';

const BIN = join(__dirname, '..', 'dist', 'bin.js');

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('stack up: progress of the long steps, side by side (issue 13)', () => {
  const stackDir = makeStackDir('progress');
  const cacheDir = mkdtempSync(join(tmpdir(), 'jewelry-cache-progress-'));
  let env: NodeJS.ProcessEnv;
  let up: { code: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    env = {
      ...process.env,
      JEWELRY_STACK_DIR: stackDir,
      JEWELRY_CACHE_DIR: cacheDir,
      JEWELRY_PROGRESS_INTERVAL: '2s',
      S3_PORT: String(await freePort()),
      ES_PORT: String(await freePort()),
      ES_TRANSPORT_PORT: String(await freePort()),
    };
    up = await cli(['stack', 'up', 's3', 'elasticsearch'], env);
  }, 600_000);

  afterAll(async () => {
    await cli(['stack', 'down', 's3', 'elasticsearch'], env);
    removeStackDir(stackDir);
    rmSync(cacheDir, { recursive: true, force: true });
  }, 120_000);

  test('both come up', () => {
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^s3\s+up\s/m);
    expect(up.stdout).toMatch(/^elasticsearch\s+up\s/m);
  });

  test('the build and the download run at once, each said with its elapsed time', () => {
    const lines = up.stderr.split('\n');
    const both = lines.find((l) => l.includes('s3: building versitygw') && l.includes('downloading Elasticsearch'));
    expect(both).toMatch(/^jewelry-otel: s3: building versitygw v[\d.]+: \d+s · downloading Elasticsearch [\d.]+: .*\d+s$/);
  });

  test('a running step is said again every interval, not every second', () => {
    const again = up.stderr.split('\n').filter((l) => l.startsWith('jewelry-otel: still running: '));
    expect(again.length).toBeGreaterThanOrEqual(1);
    // Far fewer than one a second: at most one per 2 s of the whole run (plus the start lines).
    const seconds = Number(/started, ([\d.]+)s\)/.exec(up.stdout.split('\n').find((l) => l.startsWith('s3')) ?? '')?.[1] ?? 0);
    expect(again.length).toBeLessThanOrEqual(Math.ceil(seconds / 2) + 1);
  });

  test('the build leaves its duration, and the download its size, for the next estimate', () => {
    const timings = JSON.parse(readFileSync(join(cacheDir, 'timings.json'), 'utf8')) as Record<string, { value: number }>;
    expect(timings['versitygw-build']?.value).toBeGreaterThan(0);
    expect(timings[`elasticsearch-${DEFAULT_ES_VERSION}-zip-bytes`]?.value).toBeGreaterThan(50_000_000);
    expect(existsSync(join(cacheDir, 's3'))).toBe(true);
  });
});
