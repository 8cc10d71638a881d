import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { linuxHostDetector, resourceDetectors } from '../src/resource';

const REPO = join(__dirname, '..', '..', '..');
const onLinux = process.platform === 'linux' ? test : test.skip;

/** The stock hostDetector's attributes, from a plain node process (its dynamic import() does not run inside jest). */
function stockHostAttributes(): Record<string, unknown> {
  const script = `const { hostDetector } = require('@opentelemetry/resources');
    const a = hostDetector.detect().attributes;
    Promise.resolve(a['host.id']).then((id) => process.stdout.write(JSON.stringify({ ...a, 'host.id': id })));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8' })) as Record<string, unknown>;
}

describe('host detection', () => {
  onLinux('on Linux our host detector gives what the stock one gives, without its dynamic import()', async () => {
    const ours = linuxHostDetector.detect().attributes ?? {};
    const stock = stockHostAttributes();
    expect(ours['host.name']).toBe(stock['host.name']);
    expect(ours['host.arch']).toBe(stock['host.arch']);
    expect(await ours['host.id']).toBe(stock['host.id']);
    expect(resourceDetectors[0]).toBe(linuxHostDetector);
  });
});
