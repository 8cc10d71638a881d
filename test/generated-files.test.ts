// The one drift check of every generated file (issue 14): each generator of
// `npm run generate` (scripts/generate.js) is run in memory and its output
// compared with the committed files. On failure: `npm run generate`, review
// the diff, commit.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const generate = require(join(ROOT, 'scripts', 'generate.js')) as {
  GENERATORS: Record<string, unknown>;
  compare(name: string): { count: number; changes: { path: string; state: string }[] };
};

describe('generated files are what their one source gives (npm run generate)', () => {
  it('knows the generators: alert rules, runbook values, Kibana assets, the masking rules of the Go engine', () => {
    expect(Object.keys(generate.GENERATORS).sort()).toEqual(['alert rules', 'kibana assets', 'masking go rules', 'runbook values']);
  });

  it.each(Object.keys(generate.GENERATORS))('%s: the committed files are current', (name) => {
    const { count, changes } = generate.compare(name);
    expect(count).toBeGreaterThan(0);
    expect(changes.map((c) => `${c.path.slice(ROOT.length + 1)} ${c.state}`)).toEqual([]);
  });

  it('npm run generate -- --check says which file drifted and exits 1 (here: none, exit 0)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate.js'), '--check'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
