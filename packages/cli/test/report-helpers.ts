// For the report tests: a program from Debian's packages, installed when
// missing (as root, like the stack installs its components).
import { spawnSync } from 'node:child_process';

function which(binary: string): string | undefined {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/** The path of the first of `binaries` found, after `apt-get install -y <packages>` when none is. */
export function ensureDebianProgram(binaries: readonly string[], packages: readonly string[]): string {
  const find = (): string | undefined => binaries.map(which).find(Boolean);
  let found = find();
  if (!found && process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '--no-install-recommends', ...packages];
    if (spawnSync('apt-get', install, { env, stdio: 'ignore' }).status !== 0) {
      spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update'], { env, stdio: 'ignore' });
      spawnSync('apt-get', install, { env, stdio: 'ignore' });
    }
    found = find();
  }
  if (!found) throw new Error(`${binaries[0]} is not installed and could not be installed: apt-get install -y ${packages.join(' ')}`);
  return found;
}
