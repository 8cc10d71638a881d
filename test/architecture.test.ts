// The package list is the architecture (issue 14): each package one concern,
// dependencies only downward. Between packages the build enforces it — every
// @jewelry/* import must be a declared dependency with a TypeScript project
// reference, and tsc -b refuses a cycle of references. Inside a package no
// tool does, so madge reads each package's sources and this test fails on
// the first import cycle it finds.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import madge from 'madge';

const ROOT = join(__dirname, '..');
const PACKAGES = readdirSync(join(ROOT, 'packages')).filter((p) => existsSync(join(ROOT, 'packages', p, 'package.json')));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
const byName = new Map(PACKAGES.map((dir) => [manifest(dir).name, dir]));

/** The @jewelry/* packages a package's sources import. */
function importedPackages(dir: string): Set<string> {
  const found = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(m?ts|js)$/.test(entry.name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/(?:from|import|require\()\s*['"](@jewelry\/[a-z-]+)/g)) found.add(m[1]!);
      }
    }
  };
  walk(join(ROOT, 'packages', dir, 'src'));
  return found;
}

function jewelryDeps(dir: string): string[] {
  return Object.keys(manifest(dir).dependencies ?? {}).filter((d) => d.startsWith('@jewelry/'));
}

function references(dir: string): string[] {
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'tsconfig.json'), 'utf8')) as { references?: { path: string }[] };
  return (tsconfig.references ?? []).map((r) => relative(join(ROOT, 'packages'), join(ROOT, 'packages', dir, r.path)));
}

describe('the packages: one concern each, dependencies only downward', () => {
  it('finds the packages of the split (issue 14)', () => {
    for (const name of [
      '@jewelry/ops-kit',
      '@jewelry/elasticsearch',
      '@jewelry/kibana',
      '@jewelry/insights',
      '@jewelry/stack',
      '@jewelry/cli',
    ]) {
      expect(byName.has(name)).toBe(true);
    }
  });

  it.each(PACKAGES)('%s: has src/, test/ and a README', (dir) => {
    for (const part of ['src', 'test', 'README.md'])
      expect([dir, part, existsSync(join(ROOT, 'packages', dir, part))]).toEqual([dir, part, true]);
  });

  it.each(PACKAGES)('%s: imports only the packages it declares, each with a project reference (so tsc -b sees a cycle)', (dir) => {
    const declared = jewelryDeps(dir);
    const self = manifest(dir).name;
    const imported = [...importedPackages(dir)].filter((p) => p !== self).sort();
    expect(imported.filter((p) => !declared.includes(p))).toEqual([]);
    const referenced = references(dir);
    expect(declared.map((d) => byName.get(d)).filter((d) => !referenced.includes(d!))).toEqual([]);
  });

  it('the dependencies between packages form no cycle', () => {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(name)), name].join(' → '));
        return;
      }
      state.set(name, 'visiting');
      for (const dep of jewelryDeps(byName.get(name)!)) visit(dep, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of byName.keys()) visit(name, []);
    expect(cycles).toEqual([]);
  });

  it.each(PACKAGES)('%s: no import cycle between its own modules (madge)', async (dir) => {
    const src = join(ROOT, 'packages', dir, 'src');
    const graph = await madge(src, {
      fileExtensions: ['ts', 'mts'],
      tsConfig: join(ROOT, 'packages', dir, 'tsconfig.json'),
      // Types vanish at run time, but a cycle of them is still a tangle: count them.
      detectiveOptions: { ts: { skipTypeImports: false } },
      excludeRegExp: [/node_modules/, /[\\/]dist[\\/]/],
    });
    expect(Object.keys(graph.obj()).length).toBeGreaterThan(0);
    expect(graph.circular()).toEqual([]);
  });
});
