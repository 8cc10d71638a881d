import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createMasker, SALT_ENV, stableHash } from '@jewelry/masking';

describe('SEC-1 stableHash', () => {
  test('SEC-1 is HMAC-SHA256, first 8 hex characters', () => {
    const expected = createHmac('sha256', 'pepper').update('Анна Смирнова').digest('hex').slice(0, 8);
    expect(stableHash('Анна Смирнова', 'pepper')).toBe(expected);
    expect(stableHash('x')).toMatch(/^[0-9a-f]{8}$/);
  });

  test('SEC-1 is stable for the same value and salt', () => {
    expect(stableHash('ivan.petrov@example.com', 's1')).toBe(stableHash('ivan.petrov@example.com', 's1'));
  });

  test('SEC-1 depends on the salt and on the value', () => {
    expect(stableHash('Анна Смирнова', 's1')).not.toBe(stableHash('Анна Смирнова', 's2'));
    expect(stableHash('Анна Смирнова', 's1')).not.toBe(stableHash('Анна Смирнова.', 's1'));
  });

  test('SEC-1 createMasker({ salt }) changes the name tokens', () => {
    const a = createMasker({ salt: 's1' }).maskValue('name', 'Анна Смирнова');
    const b = createMasker({ salt: 's2' }).maskValue('name', 'Анна Смирнова');
    expect(a).toBe(`[name:${stableHash('анна смирнова', 's1')}]`);
    expect(a).not.toBe(b);
  });

  test(`SEC-1 the default salt comes from ${SALT_ENV}`, () => {
    const script =
      "const m = require('@jewelry/masking');" +
      "process.stdout.write(JSON.stringify([m.defaultMasker.maskValue('name', 'Анна'), m.stableHash('Анна')]))";
    const run = (salt: string | undefined): [string, string] => {
      const env = { ...process.env };
      delete env[SALT_ENV];
      if (salt !== undefined) env[SALT_ENV] = salt;
      return JSON.parse(execFileSync(process.execPath, ['-e', script], { env, cwd: __dirname, encoding: 'utf8' })) as [string, string];
    };
    const [withEnvName, withEnvHash] = run('from-env');
    expect(withEnvName).toBe(`[name:${stableHash('анна', 'from-env')}]`);
    expect(withEnvHash).toBe(stableHash('Анна', 'from-env'));
    const [builtinName] = run(undefined);
    expect(builtinName).not.toBe(withEnvName);
    expect(run(undefined)[0]).toBe(builtinName);
  });
});
