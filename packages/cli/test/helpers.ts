// Shared by the real-stack tests: an isolated stack dir and free loopback ports,
// so they never touch (or stop) the stack a developer or another test runs.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { freePort } from '../src/stack/ports';

export function makeStackDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `jewelry-stack-${label}-`));
  // mkdtemp makes it 0700; the service users (rabbitmq, jewelry) must enter it.
  chmodSync(dir, 0o755);
  return dir;
}

export function removeStackDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
