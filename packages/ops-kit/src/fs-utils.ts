// Small file-system helpers shared by the components.
import { chownSync, closeSync, existsSync, fstatSync, lstatSync, mkdirSync, openSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The last `lines` lines of a (possibly large) text file, or '' when it does not exist. */
export function tailFile(path: string, lines = 20, maxBytes = 64 * 1024): string {
  if (!existsSync(path)) return '';
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const all = buf.toString('utf8').replace(/\s+$/, '').split('\n');
    return all.slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** chown -R without following symlinks; used for dirs a service user must write. */
export function chownRecursive(path: string, uid: number, gid: number): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  if (st.uid !== uid || st.gid !== gid) chownSync(path, uid, gid);
  if (st.isDirectory()) {
    for (const entry of readdirSync(path)) chownRecursive(join(path, entry), uid, gid);
  }
}

/** Creates `dir` (and parents) and hands it, recursively, to uid:gid. */
export function ensureOwnedDir(dir: string, owner: { uid: number; gid: number } | undefined): string {
  ensureDir(dir);
  if (owner) chownRecursive(dir, owner.uid, owner.gid);
  return dir;
}
