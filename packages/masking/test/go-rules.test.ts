import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('SEC-1 the Go engine shares the rules of this package', () => {
  test('SEC-1 collector/processor/maskingprocessor/internal/mask/rules_gen.go is what scripts/generate-go-rules.js writes from src and data/', () => {
    const run = spawnSync(process.execPath, [join(__dirname, '..', 'scripts', 'generate-go-rules.js'), '--check'], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
