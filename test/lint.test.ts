// ESLint (eslint.config.mjs: typescript-eslint's recommended rules) on the
// whole tree, and Prettier (.prettierrc.json) on the files listed in
// scripts/format-checked.txt, as part of `npm test`: a finding is a failed
// test, so it counts in the closing line. `npm run lint` and
// `npm run format:check` are the same checks from the command line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The command a package installs (its package.json `bin`; the packages' exports do not open bin/ to require). */
function bin(pkg: string): string {
  const manifest = require.resolve(`${pkg}/package.json`, { paths: [ROOT] });
  const field = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }).bin;
  return join(dirname(manifest), typeof field === 'string' ? field : field[pkg]!);
}

function run(script: string, args: string[]): { status: number | null; output: string } {
  const res = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: res.status, output: `${res.stdout}${res.stderr}`.trim() };
}

describe('lint and format', () => {
  it('ESLint finds nothing in the tree', () => {
    const { status, output } = run(bin('eslint'), ['--max-warnings', '0', '.']);
    expect({ status, output }).toEqual({ status: 0, output: '' });
  }, 300_000);

  it('Prettier finds the listed files formatted', () => {
    const listed = readFileSync(join(ROOT, 'scripts', 'format-checked.txt'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(listed.length).toBeGreaterThan(0);
    const { status, output } = run(bin('prettier'), ['--check', '--log-level', 'warn', ...listed]);
    expect({ status, output }).toEqual({ status: 0, output: '' });
  }, 120_000);
});
