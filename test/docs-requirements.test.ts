// The requirements live in the repository (docs/requirements.md) and every
// id the code, tests, rules and docs cite is one of them; the licence the
// packages declare is the LICENSE file beside them (issue 13).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const REQUIREMENTS = readFileSync(join(ROOT, 'docs', 'requirements.md'), 'utf8');
const ID = /\b(EV|LV|TR|ST|SEC|AL)-\d+\b/g;

/** Text files git tracks (the lockfile and binary files aside). */
function trackedTexts(): { path: string; text: string }[] {
  const paths = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  return paths
    .filter((p) => p !== 'package-lock.json' && !/\.(png|jpg|gz|zip|jar)$/.test(p))
    .map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }))
    .filter((f) => !f.text.includes('\0'));
}

describe('docs/requirements.md and LICENSE (issue 13)', () => {
  const files = trackedTexts();

  test('every requirement id cited anywhere is defined there', () => {
    const defined = new Set([...REQUIREMENTS.matchAll(/^(?:\| |- \*\*)((?:EV|LV|TR|ST|SEC|AL)-\d+)\b/gm)].map((m) => m[1]));
    expect(defined.size).toBe(10 + 4 + 4 + 4 + 4 + 8);
    const cited = new Map<string, string>();
    for (const f of files) for (const m of f.text.matchAll(ID)) if (!cited.has(m[0])) cited.set(m[0], f.path);
    const undefinedIds = [...cited].filter(([id]) => !defined.has(id)).map(([id, path]) => `${id} (${path})`);
    expect(undefinedIds).toEqual([]);
  });

  test('nothing points to the requirements file outside the repository (../shared) any more', () => {
    expect(files.filter((f) => /SPEC\.md/.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  test('LICENSE is the Apache License 2.0 that every package.json names', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
    expect(license).toContain('END OF TERMS AND CONDITIONS');
    const manifests = files.filter((f) => /(^|\/)package\.json$/.test(f.path));
    expect(manifests.length).toBeGreaterThan(5);
    for (const m of manifests) expect([m.path, (JSON.parse(m.text) as { license?: string }).license]).toEqual([m.path, 'Apache-2.0']);
  });
});
