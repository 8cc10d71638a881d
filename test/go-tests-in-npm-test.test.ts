import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm test` counts the Go tests of our collector components in its closing
 * line (scripts/go-tests.js → scripts/jest-summary.js), and a Go failure
 * fails the run.
 */
const goTests = require('../scripts/go-tests.js') as {
  countEvents(stream: string): { passed: number; failed: number; skipped: number; failures: { name: string; output: string }[] };
  goModules(): string[];
};
const SCRIPTS = join(__dirname, '..', 'scripts');

const event = (e: Record<string, string>): string => JSON.stringify(e);

describe('Go tests in npm test', () => {
  test('every Go module of our collector components is found', () => {
    expect(goTests.goModules().map((d) => d.split('/collector/')[1])).toContain('processor/maskingprocessor');
  });

  test('go test -json events are counted per test, subtests included; a package that does not build is one failure', () => {
    const stream = [
      event({ Action: 'run', Package: 'p', Test: 'TestA' }),
      event({ Action: 'output', Package: 'p', Test: 'TestA', Output: 'ok\n' }),
      event({ Action: 'pass', Package: 'p', Test: 'TestA' }),
      event({ Action: 'pass', Package: 'p', Test: 'TestB/case' }),
      event({ Action: 'pass', Package: 'p', Test: 'TestB' }),
      event({ Action: 'skip', Package: 'p', Test: 'TestC' }),
      event({ Action: 'output', Package: 'p', Test: 'TestD', Output: 'want 1, got 2\n' }),
      event({ Action: 'fail', Package: 'p', Test: 'TestD' }),
      event({ Action: 'fail', Package: 'p' }),
      event({ Action: 'output', Package: 'q', Output: 'q/x.go:3:1: syntax error\n' }),
      event({ Action: 'fail', Package: 'q' }),
      'not json',
    ].join('\n');
    const counts = goTests.countEvents(stream);
    expect({ passed: counts.passed, failed: counts.failed, skipped: counts.skipped }).toEqual({ passed: 3, failed: 2, skipped: 1 });
    expect(counts.failures.map((f) => f.name)).toEqual(['p TestD', 'q (does not build or its setup failed)']);
    expect(counts.failures[0]!.output).toContain('want 1, got 2');
    expect(counts.failures[1]!.output).toContain('syntax error');
  });

  test('the closing line adds the Go counts to jest’s, and a Go failure fails the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jewelry-summary-'));
    const jest = join(dir, 'jest.json');
    writeFileSync(jest, JSON.stringify({ numPassedTests: 10, numFailedTests: 0, numPendingTests: 1, numFailedTestSuites: 0 }));
    const summary = (go?: object) => {
      const args = [join(SCRIPTS, 'jest-summary.js'), jest];
      if (go) {
        writeFileSync(join(dir, 'go.json'), JSON.stringify(go));
        args.push('--go', join(dir, 'go.json'));
      }
      const res = spawnSync(process.execPath, args, { encoding: 'utf8' });
      return { line: res.stdout.trim(), code: res.status };
    };
    expect(summary()).toEqual({ line: '10 passed, 0 failed, 1 skipped', code: 0 });
    expect(summary({ passed: 44, failed: 0, skipped: 2 })).toEqual({ line: '54 passed, 0 failed, 3 skipped', code: 0 });
    expect(summary({ passed: 43, failed: 1, skipped: 0 })).toEqual({ line: '53 passed, 1 failed, 1 skipped', code: 1 });
  });
});
