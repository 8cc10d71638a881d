// "Is this port free?" and, when it is not, "who has it?" -- so a clash reads
// "port 5672 is taken by pid 812 (beam.smp)" rather than a bind error in a log.
import { mkdirSync, readFileSync, readdirSync, readlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Binding is the only reliable test: it also catches listeners on 0.0.0.0 and [::]. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ host, port, exclusive: true }, () => {
      server.close(() => resolvePromise(true));
    });
  });
}

/** Where picked ports are reserved, one file per port holding the picking process's pid. */
const RESERVATIONS = join(tmpdir(), 'jewelry-ports');

/**
 * Claims `port` for this process across processes: true when no live process
 * holds it. A port is free again to the kernel the moment the probe closes, so
 * without this two test files running side by side (one picks its ports,
 * starts a cluster for a minute, then binds them) can be handed the same one.
 */
export function reservePort(port: number): boolean {
  const file = join(RESERVATIONS, String(port));
  mkdirSync(RESERVATIONS, { recursive: true, mode: 0o1777 });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o666 });
      return true;
    } catch {
      const holder = Number(safeRead(file));
      if (holder === process.pid || (Number.isInteger(holder) && holder > 0 && isAlive(holder))) return false;
      try {
        unlinkSync(file); // its holder has exited
      } catch {
        return false;
      }
    }
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function probe(host: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePromise(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A loopback port free a moment ago (bound to port 0, then released), for a
 * server started soon after; reserved for this process (while it lives) so
 * that no other caller of freePort on this machine is given it meanwhile.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await probe(host);
    if (reservePort(port)) return port;
  }
  throw new Error(`no free port on ${host} that another process has not reserved (${RESERVATIONS})`);
}

export interface PortOwner {
  pid: number;
  command: string;
}

/** Best effort, Linux only: the process listening on `port`, found through /proc. */
export function portOwner(port: number): PortOwner | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "HEXIP:HEXPORT"; state 0A is LISTEN; column 9 is the inode.
      if (cols.length < 10 || cols[3] !== '0A') continue;
      const hexPort = cols[1]?.split(':')[1];
      if (hexPort && parseInt(hexPort, 16) === port && cols[9]) inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const fd of safeReaddir(`/proc/${entry}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m?.[1] && inodes.has(m[1])) {
        let command = '?';
        try {
          command = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        } catch {
          // It may have exited meanwhile; the pid is still worth printing.
        }
        return { pid: Number(entry), command };
      }
    }
  }
  return undefined;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
