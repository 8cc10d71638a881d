// Our own collector components: Go modules under collector/ that the
// manifest pulls in by a local path (an ocb module entry with `path:` beside
// its `gomod:`). The builder resolves such a path against its working
// directory, and `collector build` runs it inside a cache entry, so the
// sources are copied there first — exactly the files that make up the
// binary, which are also the files the cache key hashes: an edit to one of
// them rebuilds, an edit to a test, a testdata file or a README does not.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { StackError, ensureDir } from '@jewelry/ops-kit';

export interface LocalModule {
  /** The module path of the `gomod:` line (without its version). */
  readonly gomod: string;
  /** The `path:` value, relative to the manifest's directory (e.g. ./processor/maskingprocessor). */
  readonly path: string;
}

/** Module entries of the manifest that carry a `path:`, once per module (two components may share one). */
export function manifestLocalModules(manifest: string): LocalModule[] {
  const out: LocalModule[] = [];
  // An entry is `- gomod: <module> <version>` followed by indented keys, `path:` among them.
  const entry = /^([ \t]*)-[ \t]+gomod:[ \t]*(\S+)[^\n]*\n((?:\1[ \t]+[^\n]*\n)*)/gm;
  for (let m = entry.exec(manifest); m; m = entry.exec(manifest)) {
    const path = /^[ \t]+path:[ \t]*["']?([^"'\s#]+)/m.exec(m[3] ?? '')?.[1];
    if (path && m[2] && !out.some((o) => o.gomod === m[2] && o.path === path)) out.push({ gomod: m[2], path });
  }
  return out;
}

/** The directory of a local module, checked to lie inside the manifest's directory. */
function moduleDir(collectorDir: string, mod: LocalModule): string {
  const dir = normalize(join(collectorDir, mod.path));
  const rel = relative(collectorDir, dir);
  if (isAbsolute(mod.path) || rel === '' || rel.startsWith('..')) {
    throw new StackError(`collector manifest: the local module ${mod.gomod} must be a folder under ${collectorDir} (path: ${mod.path})`);
  }
  if (!existsSync(join(dir, 'go.mod'))) {
    throw new StackError(`collector manifest: the local module ${mod.gomod} has no go.mod in ${dir}`);
  }
  return dir;
}

/** Go ignores directories named testdata or starting with . or _, and a nested go.mod starts another module. */
const ignoredDir = (name: string): boolean => name === 'testdata' || name.startsWith('.') || name.startsWith('_');

/** `//go:embed` patterns of a Go source (space-separated, optionally quoted). */
function embedPatterns(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/^[ \t]*\/\/go:embed[ \t]+(.+)$/gm)) {
    for (const p of (m[1] ?? '').matchAll(/"([^"]+)"|`([^`]+)`|(\S+)/g)) out.push(p[1] ?? p[2] ?? p[3] ?? '');
  }
  return out.filter(Boolean);
}

const globToRegExp = (segment: string): RegExp =>
  new RegExp(`^${segment.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);

/** Every file under `dir` (for an embedded directory: not those starting with . or _, unless `all`). */
function filesUnder(dir: string, all: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!all && (entry.name.startsWith('.') || entry.name.startsWith('_'))) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, all));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** The files one `//go:embed` pattern names, relative to the package directory `pkgDir`. */
function embeddedFiles(pkgDir: string, pattern: string): string[] {
  const all = pattern.startsWith('all:');
  const segments = (all ? pattern.slice(4) : pattern).split('/');
  let candidates = [pkgDir];
  for (const segment of segments) {
    const re = globToRegExp(segment);
    candidates = candidates.flatMap((d) =>
      existsSync(d) && statSync(d).isDirectory() ? readdirSync(d).filter((n) => re.test(n)).map((n) => join(d, n)) : [],
    );
  }
  return candidates.flatMap((c) => (statSync(c).isDirectory() ? filesUnder(c, all) : [c]));
}

/**
 * The files of a local module that go into the binary: go.mod, go.sum, every
 * non-test .go file of its packages, and every file they embed. Sorted,
 * relative to the module directory, with / as separator.
 */
export function localModuleFiles(dir: string): string[] {
  const files = new Set<string>();
  const walk = (d: string, top: boolean): void => {
    if (!top && existsSync(join(d, 'go.mod'))) return;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!ignoredDir(entry.name)) walk(path, false);
      } else if (entry.isFile()) {
        if (top && (entry.name === 'go.mod' || entry.name === 'go.sum')) files.add(path);
        if (entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) {
          files.add(path);
          for (const p of embedPatterns(readFileSync(path, 'utf8'))) for (const f of embeddedFiles(d, p)) files.add(f);
        }
      }
    }
  };
  walk(dir, true);
  return [...files].map((f) => relative(dir, f).split(sep).join('/')).sort();
}

/** A digest of every local module's build files (names and contents); '' when the manifest has none. */
export function localModulesDigest(collectorDir: string, manifest: string): string {
  const modules = manifestLocalModules(manifest);
  if (modules.length === 0) return '';
  const hash = createHash('sha256');
  for (const mod of modules) {
    const dir = moduleDir(collectorDir, mod);
    hash.update(`module ${mod.gomod} ${mod.path}\n`);
    for (const file of localModuleFiles(dir)) {
      const content = readFileSync(join(dir, file));
      hash.update(`${file}\n${content.length}\n`).update(content);
    }
  }
  return hash.digest('hex');
}

/** Copies each local module's build files to the same relative path under `workDir` (where the builder runs). */
export function copyLocalModules(collectorDir: string, manifest: string, workDir: string): void {
  for (const mod of manifestLocalModules(manifest)) {
    const dir = moduleDir(collectorDir, mod);
    const target = join(workDir, relative(collectorDir, dir));
    for (const file of localModuleFiles(dir)) {
      ensureDir(dirname(join(target, file)));
      copyFileSync(join(dir, file), join(target, file));
    }
  }
}
