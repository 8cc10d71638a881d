import { ConfigError, DEFAULTS, describeEndpoint, isValidBucketName, loadConfig } from '@jewelry-examples/common';

describe('loadConfig: the infrastructure contract from env, with local defaults', () => {
  test('no environment at all gives the local stack', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      amqpUrl: 'amqp://127.0.0.1:5672',
      amqpNamePrefix: '',
      databaseUrl: 'postgres://jewelry:jewelry@127.0.0.1:5432/jewelry',
      databasePoolMax: 5,
      databaseConnectTimeoutMs: 3000,
      s3: {
        endpoint: 'http://127.0.0.1:9000',
        accessKeyId: 'jewelry',
        secretAccessKey: 'jewelry-secret-key',
        region: 'us-east-1',
        bucket: 'jewelry-models',
        forcePathStyle: true,
      },
      ports: { shopApi: 3001, mesApi: 3002, crmApi: 3003, partnerApi: 3004 },
      listenHost: '127.0.0.1',
      mesPriceCalcMs: 300,
      partnerIds: ['prt_aurum', 'prt_goldsmith_berlin'],
      crmAutoConfirm: true,
      shutdownTimeoutMs: 8000,
    });
  });

  test('every variable overrides its default; blank counts as unset', () => {
    const c = loadConfig({
      AMQP_URL: 'amqps://mq.internal:5671/prod',
      AMQP_NAME_PREFIX: 'it-42',
      DATABASE_URL: 'postgresql://crm:pw@db.internal/crm',
      S3_ENDPOINT: 'https://s3.internal',
      S3_BUCKET: 'models.prod',
      S3_REGION: 'eu-central-1',
      SHOP_API_PORT: '8001',
      MES_API_PORT: '0',
      CRM_API_PORT: ' ',
      MES_PRICE_CALC_MS: '1800000',
      PARTNER_IDS: ' prt_a , prt_b ,',
      CRM_AUTO_CONFIRM: 'off',
    });
    expect(c.amqpUrl).toBe('amqps://mq.internal:5671/prod');
    expect(c.amqpNamePrefix).toBe('it-42');
    expect(c.databaseUrl).toBe('postgresql://crm:pw@db.internal/crm');
    expect(c.s3).toMatchObject({ endpoint: 'https://s3.internal', bucket: 'models.prod', region: 'eu-central-1' });
    expect(c.ports).toEqual({ shopApi: 8001, mesApi: 0, crmApi: 3003, partnerApi: 3004 });
    expect(c.mesPriceCalcMs).toBe(30 * 60 * 1000); // the AL-2 threshold can be exercised
    expect(c.partnerIds).toEqual(['prt_a', 'prt_b']);
    expect(c.crmAutoConfirm).toBe(false);
  });

  test.each([
    [{ SHOP_API_PORT: 'abc' }, /SHOP_API_PORT must be a whole number, got "abc"/],
    [{ CRM_API_PORT: '70000' }, /CRM_API_PORT must be between 0 and 65535/],
    [{ MES_PRICE_CALC_MS: '-5' }, /MES_PRICE_CALC_MS must be a whole number/],
    [{ AMQP_URL: 'http://127.0.0.1:5672' }, /AMQP_URL must use amqp: or amqps:/],
    [{ S3_BUCKET: 'Bad_Bucket' }, /S3_BUCKET "Bad_Bucket" is not a valid bucket name/],
    [{ CRM_AUTO_CONFIRM: 'maybe' }, /CRM_AUTO_CONFIRM must be true or false/],
    [{ AMQP_NAME_PREFIX: 'a b' }, /AMQP_NAME_PREFIX may hold/],
  ])('%j is refused with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('an unparsable URL is refused without echoing it (it may carry a password)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://user:S3cr3t@@::bad' })).toThrow(/DATABASE_URL is not a valid URL$/);
  });

  test('describeEndpoint drops user and password', () => {
    expect(describeEndpoint('postgres://jewelry:jewelry@127.0.0.1:5432/jewelry')).toBe('127.0.0.1:5432');
    expect(describeEndpoint('amqp://guest:guest@mq.internal')).toBe('mq.internal:5672');
    expect(describeEndpoint(DEFAULTS.S3_ENDPOINT)).toBe('127.0.0.1:9000');
    expect(describeEndpoint('::')).toBe('invalid-url');
  });

  test('bucket names follow the S3 rules', () => {
    for (const ok of ['jewelry-models', 'abc', 'models.2026']) expect(isValidBucketName(ok)).toBe(true);
    for (const bad of ['ab', 'Jewelry', 'a_b', '-abc', 'abc-', 'a..b', 'x'.repeat(64)]) expect(isValidBucketName(bad)).toBe(false);
  });
});
