// Where things live on disk: the repository (for collector/ files), the stack
// dir (state of running components) and the cache dir (downloads and builds).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The monorepo root: the nearest directory above `start` whose package.json declares workspaces. */
export function findRepoRoot(start: string = __dirname): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
        if (pkg.workspaces) return dir;
      } catch {
        // An unreadable package.json is not the root we look for; keep climbing.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The repository root, found from this file first (works wherever the caller's cwd is), then from the cwd. */
export function repoRoot(): string {
  const root = findRepoRoot(__dirname) ?? findRepoRoot(process.cwd());
  if (!root) {
    throw new Error('cannot find the jewelry repository root (a package.json with "workspaces") above ' + __dirname);
  }
  return root;
}

export function defaultStackDir(root: string): string {
  return join(root, '.stack');
}

/** Outside the work tree on purpose: a fresh clone on the same machine reuses downloads and builds. */
export function defaultCacheDir(): string {
  return join(homedir(), '.cache', 'jewelry-otel');
}

export function collectorDir(root: string): string {
  return join(root, 'collector');
}
