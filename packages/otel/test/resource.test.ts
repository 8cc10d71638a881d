import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { linuxHostDetector, maskedResource, resourceDetectors } from '../src/resource';

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

describe('the resource is masked once at start (SEC-1)', () => {
  test('settled and late attributes are masked, the rest and the schema URL stay', async () => {
    const resource = maskedResource(
      resourceFromAttributes(
        {
          'service.name': 'shop-api',
          'process.pid': 4242,
          'process.command_args': ['node', 'app.js', '--password', 'S3cr3t-argv', '--db', 'amqp://shop:Rabbit-pw-77@mq:5672/'],
          'deployment.owner.email': 'ivan.petrov@example.com',
          'host.id': Promise.resolve('postgres://app:Late-pw-2026@db/shop'),
        },
        { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' },
      ),
    );
    await resource.waitForAsyncAttributes?.();
    expect(resource.attributes).toEqual({
      'service.name': 'shop-api',
      'process.pid': 4242,
      'process.command_args': ['node', 'app.js', '--password', '[REDACTED]', '--db', 'amqp://shop:[REDACTED]@mq:5672/'],
      'deployment.owner.email': '***@example.com',
      'host.id': 'postgres://app:[REDACTED]@db/shop',
    });
    expect(resource.schemaUrl).toBe('https://opentelemetry.io/schemas/1.30.0');
  });

  test('a merged resource keeps which value wins (the merged-over one), also when it arrives late', async () => {
    const merged = resourceFromAttributes({
      'service.name': 'unknown_service:node',
      'host.id': 'default-id',
      'deployment.environment.name': 'development',
    }).merge(
      resourceFromAttributes({
        'service.name': 'crm-api',
        'host.id': Promise.resolve('detected-id'),
        'deployment.environment.name': undefined,
      }),
    );
    const resource = maskedResource(merged);
    await resource.waitForAsyncAttributes?.();
    await merged.waitForAsyncAttributes?.();
    expect(resource.attributes).toEqual(merged.attributes);
    expect(resource.attributes).toEqual({
      'service.name': 'crm-api',
      'host.id': 'detected-id',
      'deployment.environment.name': 'development',
    });
  });
});
