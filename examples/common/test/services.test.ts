import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { portFor, startServices, stopServices, urlsFromPorts } from '@jewelry-examples/common/services';

describe('process control of the example services', () => {
  test('ports: explicit, then the *_PORT variables, then 3001…3004', () => {
    expect(portFor('shop-api', {})).toBe(3001);
    expect(portFor('mes-api', { MES_API_PORT: '4002' })).toBe(4002);
    expect(portFor('crm-api', { CRM_API_PORT: '4003' }, { 'crm-api': 5003 })).toBe(5003);
    expect(urlsFromPorts({ 'shop-api': 1, 'mes-api': 2, 'crm-api': 3, 'partner-api': 4 })).toEqual({
      shopApi: 'http://127.0.0.1:1',
      mesApi: 'http://127.0.0.1:2',
      crmApi: 'http://127.0.0.1:3',
      partnerApi: 'http://127.0.0.1:4',
    });
  });

  test('services that are not built are named, and nothing is started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'examples-'));
    await expect(startServices({ logDir: join(dir, 'logs'), examplesDir: dir, services: ['crm-api', 'shop-api'] })).rejects.toThrow(
      `${join(dir, 'crm-api', 'dist', 'server.js')}, ${join(dir, 'shop-api', 'dist', 'server.js')} missing: build the examples first (npm run build)`,
    );
    expect(await stopServices()).toEqual([]);
  });
});
