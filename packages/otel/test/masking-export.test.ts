import { join } from 'node:path';
import { OtlpReceiver } from '../../../test/support/otlp-receiver';
import { FixtureProcess, httpRequest } from '../../../test/support/fixture-process';

const REPO = join(__dirname, '..', '..', '..');

/** Realistic personal data a careless handler might log or put on a span. */
const personal = {
  email: 'ivan.petrov@example.com',
  phone: '+7 (916) 123-45-67',
  card: '4111 1111 1111 1111',
  name: 'Иванов Иван Иванович',
  address: 'ул. Тверская, д. 7, кв. 12, Москва, 125009',
  token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjdXNfODg0MiIsIm5hbWUiOiJJdmFuIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
  password: 'S3cr3t!pass-2026',
};

/** Secrets given to the service on its command line and in its environment (the resource). */
const secrets = {
  dbPassword: 'Pg-pw-2026-argv',
  flagPassword: 'Flag-S3cret-77',
  token: 'tok-argv-5f3c9a71',
  lineSecret: 'Line-S3cret-88',
};

describe('nothing personal leaves the process (SEC-1, source side)', () => {
  let receiver: OtlpReceiver;
  let service: FixtureProcess | undefined;
  beforeAll(async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
  });
  afterAll(async () => {
    await service?.stop();
    await receiver.stop();
  });

  test('log records (ours and a plain winston logger), span attributes, URLs and the resource are masked in what is exported', async () => {
    // A service started with credentials on its command line (the process detector puts argv into
    // process.command_args) and a secret in OTEL_RESOURCE_ATTRIBUTES.
    const argv = [
      '--db',
      `postgres://shop:${secrets.dbPassword}@db:5432/shop`,
      '--password',
      secrets.flagPassword,
      `--api-token=${secrets.token}`,
    ];
    service = new FixtureProcess(
      ['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'order-service.js'), ...argv],
      {
        OTEL_SERVICE_NAME: 'shop-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BLRP_SCHEDULE_DELAY: '100',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_RESOURCE_ATTRIBUTES: `process.command_line=${encodeURIComponent(`node order-service.js --password=${secrets.lineSecret}`)},deployment.region=ru-central1`,
      },
      REPO,
    );
    const port = await service.port();
    const query = `?email=${encodeURIComponent(personal.email)}&token=${personal.token}&ref=campaign-7`;
    const answer = await httpRequest(
      port,
      'POST',
      `/orders${query}`,
      {
        orderId: 'ORD-2026-000777',
        customerId: 'cus_8842',
        total: 99000,
        email: personal.email,
        phone: personal.phone,
        personal,
      },
      { authorization: `Bearer ${personal.token}` },
    );
    expect(answer.status).toBe(200);
    const { traceId } = JSON.parse(answer.body) as { traceId: string };
    expect(
      await receiver.waitFor(
        () =>
          receiver.logs.filter((l) => l.traceId === traceId).length >= 5 &&
          receiver.spans.some((s) => s.traceId === traceId && s.kind === 2),
      ),
    ).toBe(true);

    const exported = receiver.rawBodies.join('\n');
    const leaks = Object.entries({ ...personal, ...secrets }).filter(([, value]) => exported.includes(value));
    expect(leaks).toEqual([]);
    // The resource still says what ran, with the secrets cut out.
    const resource = receiver.spans.find((s) => s.traceId === traceId)!.resource;
    expect(resource['process.command_args']).toEqual(
      expect.arrayContaining(['--db', 'postgres://shop:[REDACTED]@db:5432/shop', '--password', '[REDACTED]', '--api-token=[REDACTED]']),
    );
    expect(resource['process.command_line']).toBe('node order-service.js --password=[REDACTED]');
    expect(resource['deployment.region']).toBe('ru-central1');
    expect(receiver.logs.find((l) => l.traceId === traceId)!.resource['process.command_args']).toEqual(resource['process.command_args']);
    // Digits-only forms too (a phone or card reformatted by some library).
    expect(exported).not.toContain('79161234567');
    expect(exported).not.toContain('4111111111111111');
    expect(exported).not.toContain('Тверская');
    // What support needs stays: ids, prices, the e-mail domain.
    expect(exported).toContain('ORD-2026-000777');
    expect(exported).toContain('cus_8842');
    expect(exported).toContain('***@example.com');

    // The plain winston record was exported too, masked.
    expect(receiver.logs.some((l) => String(l.body).startsWith('plain winston: ***@example.com'))).toBe(true);
    const server = receiver.spans.find((s) => s.traceId === traceId && s.kind === 2)!;
    expect(String(server.attributes['url.query'] ?? '')).toContain('ref=campaign-7');
  });
});
