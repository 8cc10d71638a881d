// Python's OpenTelemetry SDK for interoperability tests: a virtual environment
// in the cache dir (<cache>/python/otel-<hash>), made on first use with pip
// from PyPI and reused afterwards (a second run costs a file lookup).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSettings } from '@jewelry/cli';

/** Pinned: the SDK and its OTLP/HTTP exporter (protobuf), one release. */
export const PYTHON_OTEL_PACKAGES = ['opentelemetry-sdk==1.45.2', 'opentelemetry-exporter-otlp-proto-http==1.45.2'];

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')} failed: ${err.message}\n${stderr.slice(-3000)}`));
      else resolve(stdout);
    });
  });
}

/** The python of a venv that has PYTHON_OTEL_PACKAGES; made when missing. */
export async function pythonWithOtel(): Promise<string> {
  const version = (await run('python3', ['-c', 'import sys; print(sys.version)'], 30_000)).trim();
  const hash = createHash('sha256').update(version).update(PYTHON_OTEL_PACKAGES.join(' ')).digest('hex').slice(0, 12);
  const root = join(resolveSettings().cacheDir, 'python');
  const dir = join(root, `otel-${hash}`);
  const python = join(dir, 'bin', 'python');
  if (existsSync(join(dir, '.complete'))) return python;
  mkdirSync(root, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await run('python3', ['-m', 'venv', tmp], 120_000);
    await run(
      join(tmp, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...PYTHON_OTEL_PACKAGES],
      600_000,
    );
    writeFileSync(join(tmp, '.complete'), `${PYTHON_OTEL_PACKAGES.join('\n')}\n`);
    // A parallel run may have finished first: keep its venv.
    if (!existsSync(join(dir, '.complete'))) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(tmp, dir);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return python;
}
