// Retention's formats for people and for Elasticsearch, and the retention settings read from the environment (ST-2).
import {
  esByteSize,
  esTimeValue,
  formatRetentionDuration,
  parseCommand,
  retentionSettingsFromEnv,
  rolloverConditionsBody,
  UsageError,
} from '@jewelry/cli';
import { formatBytes } from '@jewelry/ops-kit';
import { retentionClasses, type RetentionClass } from '@jewelry/schema';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const CLASSES = Object.keys(retentionClasses) as RetentionClass[];

describe('formatting for people and for Elasticsearch', () => {
  it('writes exact values in the largest unit that divides them', () => {
    expect(esByteSize(1024 ** 3)).toBe('1gb');
    expect(esByteSize(1536 * 1024)).toBe('1536kb');
    expect(esByteSize(1000)).toBe('1000b');
    expect(esTimeValue(180 * D)).toBe('180d');
    expect(esTimeValue(90 * M)).toBe('90m');
    expect(esTimeValue(14 * D)).toBe('14d');
    expect(esTimeValue(1500)).toBe('1500ms');
  });

  it('rounds for people', () => {
    expect(formatBytes(4614)).toBe('4.5kb');
    expect(formatBytes(227)).toBe('227b');
    expect(formatBytes(1024 ** 3)).toBe('1gb');
    expect(formatRetentionDuration(180 * D)).toBe('180d');
    expect(formatRetentionDuration(36 * H)).toBe('1.5d');
    expect(formatRetentionDuration(30 * S)).toBe('30s');
    expect(formatRetentionDuration(400)).toBe('400ms');
  });
});

describe('retentionSettingsFromEnv', () => {
  it("defaults: the schema's days per class (document 001), rollover at 1gb, no size cap", () => {
    const s = retentionSettingsFromEnv({});
    for (const cls of CLASSES) {
      expect(s.retentionMs[cls]).toBe(retentionClasses[cls].defaultRetentionDays * D);
      expect(s.retentionSource[cls]).toBe('default');
    }
    expect(s.retentionMs).toEqual({ logs: 180 * D, errors: 365 * D, audit: 365 * D, traces: 180 * D });
    expect(s.rollover).toEqual({ maxPrimaryShardSizeBytes: 1024 ** 3, maxAgeMs: undefined, maxDocs: undefined });
    expect(s.sizeCapBytes).toBeUndefined();
    expect(s.sizeCapScope).toBe('service');
    expect(rolloverConditionsBody(s.rollover)).toEqual({ max_primary_shard_size: '1gb', min_docs: 1 });
  });

  it('JEWELRY_RETENTION_ALL_DAYS=90 is document 000\'s "3 months for everything"', () => {
    const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_ALL_DAYS: '90' });
    expect(s.retentionMs).toEqual({ logs: 90 * D, errors: 90 * D, audit: 90 * D, traces: 90 * D });
    expect(new Set(Object.values(s.retentionSource))).toEqual(new Set(['JEWELRY_RETENTION_ALL_DAYS']));
  });

  it("a class's own variable wins over ALL; values may carry a unit (seconds for tests)", () => {
    const s = retentionSettingsFromEnv({
      JEWELRY_RETENTION_ALL_DAYS: '90',
      JEWELRY_RETENTION_TRACES_DAYS: '30',
      JEWELRY_RETENTION_LOGS_DAYS: '30s',
      JEWELRY_RETENTION_AUDIT_DAYS: ' ',
    });
    expect(s.retentionMs).toEqual({ logs: 30 * S, errors: 90 * D, audit: 90 * D, traces: 30 * D });
    expect(s.retentionSource).toEqual({
      logs: 'JEWELRY_RETENTION_LOGS_DAYS',
      errors: 'JEWELRY_RETENTION_ALL_DAYS',
      audit: 'JEWELRY_RETENTION_ALL_DAYS',
      traces: 'JEWELRY_RETENTION_TRACES_DAYS',
    });
  });

  it('reads rollover conditions and the size cap', () => {
    const s = retentionSettingsFromEnv({
      JEWELRY_ROLLOVER_MAX_SIZE: '50gb',
      JEWELRY_ROLLOVER_MAX_AGE: '7d',
      JEWELRY_ROLLOVER_MAX_DOCS: '1000000',
      JEWELRY_SERVICE_SIZE_CAP: '20gb',
      JEWELRY_SERVICE_SIZE_CAP_SCOPE: 'class',
    });
    expect(rolloverConditionsBody(s.rollover)).toEqual({ max_primary_shard_size: '50gb', max_age: '7d', max_docs: 1_000_000, min_docs: 1 });
    expect(s.sizeCapBytes).toBe(20 * 1024 ** 3);
    expect(s.sizeCapScope).toBe('class');
  });

  it.each([
    ['JEWELRY_ROLLOVER_MAX_SIZE', 'big'],
    ['JEWELRY_ROLLOVER_MAX_AGE', '7'],
    ['JEWELRY_ROLLOVER_MAX_DOCS', '1.5'],
    ['JEWELRY_RETENTION_ALL_DAYS', 'three months'],
    ['JEWELRY_RETENTION_ERRORS_DAYS', '0'],
    ['JEWELRY_SERVICE_SIZE_CAP', '-5gb'],
    ['JEWELRY_SERVICE_SIZE_CAP_SCOPE', 'cluster'],
  ])('refuses %s=%p with a usage error naming the variable', (name, value) => {
    expect(() => retentionSettingsFromEnv({ [name]: value })).toThrow(UsageError);
    expect(() => retentionSettingsFromEnv({ [name]: value })).toThrow(name);
  });
});

describe('parseCommand retention', () => {
  it('runs once by default', () => {
    expect(parseCommand(['retention'])).toEqual({ kind: 'retention', dryRun: false, scheduleMs: null, json: false, services: [] });
  });

  it('takes --dry-run, --json, --schedule <interval> and repeated --service', () => {
    expect(parseCommand(['retention', '--dry-run', '--schedule', '1h', '--json', '--service', 'shop-api', '--service', 'crm-api'])).toEqual(
      {
        kind: 'retention',
        dryRun: true,
        scheduleMs: H,
        json: true,
        services: ['shop-api', 'crm-api'],
      },
    );
    expect(parseCommand(['retention', '--schedule=30s'])).toMatchObject({ scheduleMs: 30 * S });
  });

  it('parses install-ilm', () => {
    expect(parseCommand(['retention', 'install-ilm', '--json'])).toEqual({ kind: 'retention-install-ilm', json: true, services: [] });
  });

  it.each([
    [['retention', '--schedule', '60'], 'interval with its unit'],
    [['retention', '--schedule'], 'argument missing'],
    [['retention', 'now'], "unknown retention argument 'now'"],
    [['retention', '--force'], "Unknown option '--force'"],
    [['retention', 'install-ilm', '--dry-run'], "Unknown option '--dry-run'"],
    [['retention', '--service', ' '], '--service'],
  ])('refuses %p', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
