import { join } from 'node:path';
import { presets, selectPreset, selectInstrumentations } from '@jewelry/otel/presets';
import { httpRequest } from '../../../test/support/fixture-process';
import { useReceiverAndFixture } from '../../../test/support/receiver-and-fixture';

const REPO = join(__dirname, '..', '..', '..');
const FIXTURE = join(__dirname, 'fixtures', 'order-service.js');

describe('presets (TR-3, TR-4)', () => {
  test('the service name picks the preset, exactly or by prefix; JEWELRY_PRESET wins; unknown → generic', () => {
    expect(selectPreset('mes-api', undefined).preset.name).toBe('mes-api');
    expect(selectPreset('mes-api-worker', undefined).preset.name).toBe('mes-api');
    expect(selectPreset('shop-api', 'crm-api').preset.name).toBe('crm-api');
    expect(selectPreset('billing', undefined).preset.name).toBe('generic');
    expect(selectPreset(undefined, undefined).preset.name).toBe('generic');
    const bad = selectPreset('shop-api', 'no-such');
    expect(bad.preset.name).toBe('generic');
    expect(bad.warning).toContain('JEWELRY_PRESET=no-such');
  });

  test('rollout order: MES and CRM first, then partner API, then Shop API (TR-4)', () => {
    const wave = (name: string) => presets.find((p) => p.name === name)!.rolloutWave;
    expect([wave('mes-api'), wave('crm-api'), wave('partner-api'), wave('shop-api')]).toEqual([1, 1, 2, 3]);
  });

  test('no preset loads fs, dns or net', () => {
    for (const preset of presets) {
      expect(preset.instrumentations).not.toContain('fs');
      expect(preset.instrumentations).not.toContain('dns');
      expect(preset.instrumentations).not.toContain('net');
    }
  });

  test('OTEL_NODE_ENABLED_INSTRUMENTATIONS replaces, _DISABLED_ removes, unknown names are reported', () => {
    const base = presets.find((p) => p.name === 'mes-api')!.instrumentations;
    expect(selectInstrumentations(base, ['http', 'pg'], []).names).toEqual(['http', 'pg']);
    expect(selectInstrumentations(base, undefined, ['pg', 'aws-sdk']).names).toEqual(['http', 'express', 'amqplib', 'winston']);
    const unknown = selectInstrumentations(base, ['http', 'fs'], []);
    expect(unknown.names).toEqual(['http']);
    expect(unknown.warnings[0]).toContain('unknown instrumentation "fs"');
  });

  describe('in a running service, exactly the preset instrumentation packages are loaded and started', () => {
    const fixture = useReceiverAndFixture();

    const loaded = async (extra: NodeJS.ProcessEnv): Promise<string[]> => {
      const service = fixture.start(
        ['--require', '@jewelry/otel', FIXTURE],
        { OTEL_EXPORTER_OTLP_ENDPOINT: fixture.receiver.endpoint, ...extra },
        REPO,
      );
      const answer = await httpRequest(await service.port(), 'GET', '/loaded');
      return JSON.parse(answer.body) as string[];
    };

    // `express` is the route on the HTTP server span (express-route), not the stock Express instrumentation.
    test.each([
      ['mes-api', ['amqplib', 'aws-sdk', 'express-route', 'http', 'pg', 'winston']],
      ['crm-api', ['amqplib', 'express-route', 'http', 'pg', 'winston']],
      ['partner-api', ['amqplib', 'express-route', 'http', 'pg', 'winston']],
      ['shop-api', ['amqplib', 'aws-sdk', 'express-route', 'http', 'pg', 'winston']],
      ['some-other-service', ['amqplib', 'express-route', 'http', 'winston']],
    ])('%s', async (serviceName, expected) => {
      expect(await loaded({ OTEL_SERVICE_NAME: serviceName })).toEqual(expected);
    });

    test('OTEL_NODE_ENABLED_INSTRUMENTATIONS=http,express loads only those', async () => {
      expect(await loaded({ OTEL_SERVICE_NAME: 'mes-api', OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express' })).toEqual([
        'express-route',
        'http',
      ]);
    });
  });
});
