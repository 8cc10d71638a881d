import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, reservePort } from '@jewelry/ops-kit';

const file = (port: number) => join(tmpdir(), 'jewelry-ports', String(port));

describe('freePort reserves what it hands out, across processes', () => {
  it('never hands the same port twice, and records this process as its holder', async () => {
    const ports = [];
    for (let i = 0; i < 40; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(40);
    for (const port of ports) expect(readFileSync(file(port), 'utf8')).toBe(String(process.pid));
  });

  it('refuses a port a live process holds, and reclaims one whose holder has exited', async () => {
    // A port far from the kernel's ephemeral range, so no other freePort caller is handed it meanwhile.
    const port = 1024 + (process.pid % 500);
    rmSync(file(port), { force: true });
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(file(port), String(child.pid));
      expect(reservePort(port)).toBe(false);
      expect(readFileSync(file(port), 'utf8')).toBe(String(child.pid));
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(reservePort(port)).toBe(true);
    expect(readFileSync(file(port), 'utf8')).toBe(String(process.pid));
    expect(reservePort(port)).toBe(false); // once per process too
    rmSync(file(port), { force: true });
  });
});
