// `stack up` runs the installs of its components side by side (issue 13):
// apt installs one at a time, Go builds one at a time, downloads beside them.
import { startInstalls } from '../src/install-queue';
import type { Component, ComponentContext, ComponentName } from '../src/component';

describe('stack up installs side by side (install-queue)', () => {
  /** A component whose install takes `ms` and records when it ran. */
  function fake(name: ComponentName, installKind: Component['installKind'], ms: number, log: string[], fail = false): Component {
    return {
      name,
      installKind,
      async install() {
        log.push(`${name} start`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name} end`);
        if (fail) throw new Error(`${name} install failed`);
      },
    } as unknown as Component;
  }
  const ctx = {} as ComponentContext;

  test('apt installs one at a time, builds one at a time, each in order; the download and the two chains at once', async () => {
    const log: string[] = [];
    const queue = startInstalls(
      [
        fake('rabbitmq', 'apt', 30, log),
        fake('postgres', 'apt', 30, log),
        fake('s3', 'build', 50, log),
        fake('elasticsearch', 'download', 10, log),
        fake('collector', 'build', 50, log),
      ],
      ctx,
    );
    expect(queue.pending().sort()).toEqual(['elasticsearch', 'rabbitmq', 's3']);
    await queue.settled();
    expect(log.slice(0, 3).sort()).toEqual(['elasticsearch start', 'rabbitmq start', 's3 start']);
    expect(log.indexOf('postgres start')).toBeGreaterThan(log.indexOf('rabbitmq end'));
    expect(log.indexOf('collector start')).toBeGreaterThan(log.indexOf('s3 end'));
    expect(log.indexOf('collector start')).toBeLessThan(log.indexOf('postgres end'));
    expect(queue.pending()).toEqual([]);
  });

  test('a failed apt install: the apt installs queued behind it do not start; the others go on', async () => {
    const log: string[] = [];
    const queue = startInstalls(
      [fake('rabbitmq', 'apt', 20, log, true), fake('postgres', 'apt', 10, log), fake('s3', 'build', 40, log)],
      ctx,
    );
    await expect(queue.get('rabbitmq')).rejects.toThrow('rabbitmq install failed');
    await expect(queue.get('postgres')).rejects.toThrow('postgres: install not started, the install of rabbitmq failed');
    expect(queue.pending()).toEqual(['s3']);
    await expect(queue.get('s3')).resolves.toBeUndefined();
    expect(log).not.toContain('postgres start');
  });

  test('after cancel() (stack up stopped) nothing queued starts', async () => {
    const log: string[] = [];
    const queue = startInstalls([fake('rabbitmq', 'apt', 20, log), fake('prometheus', 'apt', 10, log)], ctx);
    queue.cancel();
    await expect(queue.get('rabbitmq')).resolves.toBeUndefined();
    await expect(queue.get('prometheus')).rejects.toThrow('prometheus: install not started, stack up stopped');
  });
});
