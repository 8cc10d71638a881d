// One `stack up`/`down` per component at a time: test files run in parallel
// jest workers and may all ask for RabbitMQ at once; without this two of them
// would both find it stopped and both start it.
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { StackError } from './errors';
import { isAlive } from './process-control';
import { sleep } from './wait-for';

export async function withLock<T>(file: string, timeoutMs: number, what: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(safeRead(file).trim());
    if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
      // Left behind by a process that died; take it over.
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new StackError(`${what}: another jewelry-otel (pid ${holder}) is still working on it (lock ${file})`);
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
