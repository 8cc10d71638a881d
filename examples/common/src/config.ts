/**
 * The infrastructure contract of the example services: every setting comes
 * from the environment, with defaults that match the local stack
 * (`jewelry-otel stack up rabbitmq postgres s3`), so a service started with
 * no environment at all talks to the stack on 127.0.0.1.
 */

export interface S3Settings {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  bucket: string;
  /** Path-style URLs (`http://host:9000/bucket/key`): what a local S3 server needs. */
  forcePathStyle: true;
}

export interface ServicePorts {
  shopApi: number;
  mesApi: number;
  crmApi: number;
  partnerApi: number;
}

export interface ExampleConfig {
  amqpUrl: string;
  /** Prepended to the exchange and queue names, so a test can run beside the demo on one broker. Default empty. */
  amqpNamePrefix: string;
  databaseUrl: string;
  databasePoolMax: number;
  databaseConnectTimeoutMs: number;
  s3: S3Settings;
  ports: ServicePorts;
  /** Address the services listen on. */
  listenHost: string;
  /** How long MES takes for one price calculation. */
  mesPriceCalcMs: number;
  /** Partner ids the partner API accepts (`x-partner-id`). */
  partnerIds: string[];
  /** CRM confirms a priced order itself (user `crm-auto`); off = an operator confirms with POST /orders/:id/confirm. */
  crmAutoConfirm: boolean;
  /** Bound on the graceful stop of a service. */
  shutdownTimeoutMs: number;
}

export const DEFAULTS = {
  AMQP_URL: 'amqp://127.0.0.1:5672',
  AMQP_NAME_PREFIX: '',
  DATABASE_URL: 'postgres://jewelry:jewelry@127.0.0.1:5432/jewelry',
  DATABASE_POOL_MAX: '5',
  DATABASE_CONNECT_TIMEOUT_MS: '3000',
  S3_ENDPOINT: 'http://127.0.0.1:9000',
  S3_ACCESS_KEY_ID: 'jewelry',
  S3_SECRET_ACCESS_KEY: 'jewelry-secret-key',
  S3_REGION: 'us-east-1',
  S3_BUCKET: 'jewelry-models',
  SHOP_API_PORT: '3001',
  MES_API_PORT: '3002',
  CRM_API_PORT: '3003',
  PARTNER_API_PORT: '3004',
  LISTEN_HOST: '127.0.0.1',
  MES_PRICE_CALC_MS: '300',
  PARTNER_IDS: 'prt_aurum,prt_goldsmith_berlin',
  CRM_AUTO_CONFIRM: 'true',
  SHUTDOWN_TIMEOUT_MS: '8000',
} as const;

export type ConfigVariable = keyof typeof DEFAULTS;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function text(env: Env, key: ConfigVariable): string {
  const value = env[key];
  return value === undefined || value.trim() === '' ? DEFAULTS[key] : value.trim();
}

function integer(env: Env, key: ConfigVariable, min: number, max: number): number {
  const raw = text(env, key);
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${key} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function port(env: Env, key: ConfigVariable): number {
  return integer(env, key, 0, 65535);
}

function bool(env: Env, key: ConfigVariable): boolean {
  const raw = text(env, key).toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${raw}"`);
}

function url(env: Env, key: ConfigVariable, protocols: string[]): string {
  const raw = text(env, key);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // Never echo the value: a URL may carry a password.
    throw new ConfigError(`${key} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${key} must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  return raw;
}

/** Reads the configuration; throws ConfigError naming the variable when a value is unusable. */
export function loadConfig(env: Env = process.env): ExampleConfig {
  const prefix = text(env, 'AMQP_NAME_PREFIX');
  if (prefix && !/^[A-Za-z0-9._-]+$/.test(prefix))
    throw new ConfigError(`AMQP_NAME_PREFIX may hold letters, digits, ".", "_" and "-" only`);
  const bucket = text(env, 'S3_BUCKET');
  if (!isValidBucketName(bucket)) throw new ConfigError(`S3_BUCKET "${bucket}" is not a valid bucket name`);
  const partnerIds = text(env, 'PARTNER_IDS')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    amqpUrl: url(env, 'AMQP_URL', ['amqp:', 'amqps:']),
    amqpNamePrefix: prefix,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolMax: integer(env, 'DATABASE_POOL_MAX', 1, 100),
    databaseConnectTimeoutMs: integer(env, 'DATABASE_CONNECT_TIMEOUT_MS', 100, 120000),
    s3: {
      endpoint: url(env, 'S3_ENDPOINT', ['http:', 'https:']),
      accessKeyId: text(env, 'S3_ACCESS_KEY_ID'),
      secretAccessKey: text(env, 'S3_SECRET_ACCESS_KEY'),
      region: text(env, 'S3_REGION'),
      bucket,
      forcePathStyle: true,
    },
    ports: {
      shopApi: port(env, 'SHOP_API_PORT'),
      mesApi: port(env, 'MES_API_PORT'),
      crmApi: port(env, 'CRM_API_PORT'),
      partnerApi: port(env, 'PARTNER_API_PORT'),
    },
    listenHost: text(env, 'LISTEN_HOST'),
    mesPriceCalcMs: integer(env, 'MES_PRICE_CALC_MS', 0, 24 * 60 * 60 * 1000),
    partnerIds,
    crmAutoConfirm: bool(env, 'CRM_AUTO_CONFIRM'),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 100, 120000),
  };
}

/** S3 bucket naming rules (lower case, digits, dots, hyphens; 3–63 characters). */
export function isValidBucketName(name: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) && !name.includes('..');
}

/** `host:port` of a URL without its user and password, for log records. */
export function describeEndpoint(raw: string): string {
  try {
    const u = new URL(raw);
    const defaultPort: Record<string, string> = {
      'amqp:': '5672',
      'amqps:': '5671',
      'postgres:': '5432',
      'postgresql:': '5432',
      'http:': '80',
      'https:': '443',
    };
    return `${u.hostname}:${u.port || defaultPort[u.protocol] || ''}`;
  } catch {
    return 'invalid-url';
  }
}
