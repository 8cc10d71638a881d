// Retention planning (ST-2, ST-3) from hand-made cluster states, and applying
// a plan through a fake client: every rule without a cluster.
import {
  applyRetention,
  formatRetentionReport,
  planFromState,
  planRetention,
  readRetentionState,
  retentionSettingsFromEnv,
  type RetentionAction,
  type RetentionFamilyState,
  type RetentionIndexState,
  type RetentionPlan,
  type RetentionState,
} from '@jewelry/elasticsearch';
import type { RetentionClass } from '@jewelry/schema';
import { fakeRetentionClient as fakeClient } from './fake-retention-client';

const D = 86_400_000;
const KB = 1024;
const GB = 1024 ** 3;
const NOW = Date.parse('2025-06-01T00:00:00Z');

function idx(index: string, o: Partial<RetentionIndexState> = {}): RetentionIndexState {
  return {
    index,
    open: true,
    docs: 10,
    primaryBytes: 10 * KB,
    maxPrimaryShardBytes: 10 * KB,
    createdAt: NOW - 400 * D,
    newestAt: NOW - D,
    ...o,
  };
}

/** A family whose last index is the write index unless `write` says otherwise. */
function fam(service: string, cls: RetentionClass, indices: RetentionIndexState[], write?: string | null): RetentionFamilyState {
  return {
    alias: `${service}-${cls}`,
    service,
    retentionClass: cls,
    writeIndex: write === undefined ? (indices[indices.length - 1]?.index ?? null) : write,
    indices,
  };
}

function state(...families: RetentionFamilyState[]): RetentionState {
  return { endpoint: 'http://es.test', readAt: NOW, families };
}

const summary = (p: RetentionPlan): string[] =>
  p.actions.map((a: RetentionAction) => `${a.kind} ${a.kind === 'rollover' ? a.alias : a.index} ${a.reason}`);

describe('planFromState', () => {
  const defaults = retentionSettingsFromEnv({});

  it('does nothing on a young, small cluster, and says what it looked at', () => {
    const plan = planFromState(
      state(
        fam('shop-api', 'logs', [idx('shop-api-logs-000001')]),
        fam('shop-api', 'traces', [idx('shop-api-traces-000001', { docs: 0, newestAt: null })]),
      ),
      defaults,
    );
    expect(plan).toMatchObject({
      endpoint: 'http://es.test',
      now: '2025-06-01T00:00:00.000Z',
      families: 2,
      indices: 2,
      actions: [],
      ilmManaged: [],
    });
    expect(plan.settings).toMatchObject({ rollover: { max_primary_shard_size: '1gb', min_docs: 1 }, sizeCap: null });
  });

  describe('rollover', () => {
    it('rolls a write index over when its largest primary shard reached the size, naming the next index as Elasticsearch will', () => {
      const plan = planFromState(
        state(
          fam('shop-api', 'logs', [
            idx('shop-api-logs-000006'),
            idx('shop-api-logs-000007', { maxPrimaryShardBytes: GB, primaryBytes: GB }),
          ]),
          fam('crm-api', 'logs', [idx('crm-api-logs-000001', { maxPrimaryShardBytes: GB - 1, primaryBytes: GB - 1 })]),
        ),
        defaults,
      );
      expect(plan.actions).toEqual([
        {
          kind: 'rollover',
          alias: 'shop-api-logs',
          service: 'shop-api',
          retentionClass: 'logs',
          index: 'shop-api-logs-000007',
          newIndex: 'shop-api-logs-000008',
          reason: 'max-size',
          detail: 'largest primary shard 1gb ≥ max 1gb',
          conditions: { max_primary_shard_size: '1gb', min_docs: 1 },
        },
      ]);
    });

    it('compares the largest primary shard, not the whole index (several shards)', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_ROLLOVER_MAX_SIZE: '1kb' });
      const two = idx('a-logs-000001', { primaryBytes: 1500, maxPrimaryShardBytes: 800 });
      expect(planFromState(state(fam('a', 'logs', [two])), s).actions).toEqual([]);
    });

    it('never rolls an empty write index over, whatever its size or age', () => {
      const s = retentionSettingsFromEnv({
        JEWELRY_ROLLOVER_MAX_SIZE: '1kb',
        JEWELRY_ROLLOVER_MAX_AGE: '1s',
        JEWELRY_RETENTION_ALL_DAYS: '1s',
      });
      const empty = idx('a-logs-000001', { docs: 0, newestAt: null, primaryBytes: 227, maxPrimaryShardBytes: 2 * KB });
      expect(planFromState(state(fam('a', 'logs', [empty])), s).actions).toEqual([]);
    });

    it('uses the optional max age and max docs, and lists every condition met', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_ROLLOVER_MAX_AGE: '7d', JEWELRY_ROLLOVER_MAX_DOCS: '10' });
      const plan = planFromState(
        state(
          fam('a', 'logs', [idx('a-logs-000001', { createdAt: NOW - 8 * D })]),
          fam('b', 'logs', [idx('b-logs-000001', { createdAt: NOW - D, docs: 9 })]),
          fam('c', 'logs', [idx('c-logs-000001', { createdAt: NOW - D, docs: 10 })]),
        ),
        s,
      );
      expect(plan.actions.map((a) => [a.alias, a.reason, a.detail])).toEqual([
        ['a-logs', 'max-age', 'created 8d ago ≥ max age 7d, 10 docs ≥ max 10'],
        ['c-logs', 'max-docs', '10 docs ≥ max 10'],
      ]);
      expect(plan.actions[0]).toMatchObject({ conditions: { max_primary_shard_size: '1gb', max_age: '7d', max_docs: 10, min_docs: 1 } });
    });
  });

  describe('deletion by age', () => {
    it('deletes an index of each class only when even its newest record is older than the class retention', () => {
      const old = (days: number) => ({ newestAt: NOW - days * D, createdAt: NOW - (days + 30) * D });
      const plan = planFromState(
        state(
          fam('shop-api', 'logs', [
            idx('shop-api-logs-000001', old(181)),
            idx('shop-api-logs-000002', old(179)),
            idx('shop-api-logs-000003'),
          ]),
          fam('shop-api', 'errors', [
            idx('shop-api-errors-000001', old(364)),
            idx('shop-api-errors-000002', old(366)),
            idx('shop-api-errors-000003'),
          ]),
          fam('shop-api', 'audit', [idx('shop-api-audit-000001', old(365)), idx('shop-api-audit-000002')]),
          fam('shop-api', 'traces', [idx('shop-api-traces-000001', old(181)), idx('shop-api-traces-000002')]),
        ),
        defaults,
      );
      expect(summary(plan)).toEqual([
        'delete shop-api-logs-000001 age',
        'delete shop-api-errors-000002 age',
        'delete shop-api-traces-000001 age',
      ]);
      const first = plan.actions[0];
      expect(first).toMatchObject({ kind: 'delete', newestAt: new Date(NOW - 181 * D).toISOString(), primaryBytes: 10 * KB });
      expect(first?.detail).toBe(`age: newest record ${new Date(NOW - 181 * D).toISOString()} is 181d old > logs retention 180d`);
    });

    it('with JEWELRY_RETENTION_ALL_DAYS=90 deletes every class after 90 days', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_ALL_DAYS: '90' });
      const classes: RetentionClass[] = ['logs', 'errors', 'audit', 'traces'];
      const plan = planFromState(
        state(
          ...classes.map((c) => fam('mes-api', c, [idx(`mes-api-${c}-000001`, { newestAt: NOW - 91 * D }), idx(`mes-api-${c}-000002`)])),
        ),
        s,
      );
      expect(summary(plan)).toEqual(classes.map((c) => `delete mes-api-${c}-000001 age`));
    });

    it('ages an empty non-write index from its creation date', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_LOGS_DAYS: '10' });
      const plan = planFromState(
        state(
          fam('a', 'logs', [
            idx('a-logs-000001', { docs: 0, newestAt: null, createdAt: NOW - 11 * D }),
            idx('a-logs-000002', { docs: 0, newestAt: null, createdAt: NOW - 9 * D }),
            idx('a-logs-000003'),
          ]),
        ),
        s,
      );
      expect(summary(plan)).toEqual(['delete a-logs-000001 age']);
      expect(plan.actions[0]?.detail).toMatch(/^age: no records, created .*, 11d ago > logs retention 10d$/);
    });

    it('an old creation date does not expire an index with a recent record', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_LOGS_DAYS: '10' });
      const plan = planFromState(
        state(fam('a', 'logs', [idx('a-logs-000001', { createdAt: NOW - 100 * D, newestAt: NOW - D }), idx('a-logs-000002')])),
        s,
      );
      expect(plan.actions).toEqual([]);
    });

    it('never deletes the write index: an expired one is rolled over first and kept, with the reason', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_LOGS_DAYS: '30s' });
      const plan = planFromState(state(fam('a', 'logs', [idx('a-logs-000001', { newestAt: NOW - 60_000 })])), s);
      expect(summary(plan)).toEqual(['rollover a-logs expired', 'keep a-logs-000001 write-index']);
      expect(plan.actions[0]).toMatchObject({ newIndex: 'a-logs-000002', conditions: {} });
      expect(plan.actions[1]?.detail).toMatch(
        /^write index, expired: newest record .* is 1m old > 30s; rolled over first, a later run deletes it/,
      );
    });

    it('a write index referred to without a flag (an alias of one index) is still the write index', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_ALL_DAYS: '1' });
      const plan = planFromState(state(fam('a', 'logs', [idx('a-logs-000001', { docs: 0, newestAt: null })])), s);
      expect(plan.actions).toEqual([]);
    });
  });

  describe('size cap', () => {
    // b's indices, newest record oldest first: errors-1 (50d), logs-1 (40d), logs-2 (30d), errors-2 (write), logs-3 (write)
    const b = (): RetentionFamilyState[] => [
      fam('b', 'logs', [
        idx('b-logs-000001', { newestAt: NOW - 40 * D, primaryBytes: 30 * KB }),
        idx('b-logs-000002', { newestAt: NOW - 30 * D, primaryBytes: 30 * KB }),
        idx('b-logs-000003', { newestAt: NOW - D, primaryBytes: 10 * KB }),
      ]),
      fam('b', 'errors', [
        idx('b-errors-000001', { newestAt: NOW - 50 * D, primaryBytes: 20 * KB }),
        idx('b-errors-000002', { primaryBytes: 10 * KB }),
      ]),
    ];

    it('per service (default): deletes the oldest non-write indices of all its classes until under the cap', () => {
      // 100kb in all; cap 60kb: errors-1 (20) and logs-1 (30) go → 50kb.
      const s = retentionSettingsFromEnv({ JEWELRY_SERVICE_SIZE_CAP: '60kb' });
      const plan = planFromState(state(...b(), fam('c', 'logs', [idx('c-logs-000001', { primaryBytes: 500 * KB })])), s);
      // c is over the cap with its write index alone: rolled over so that a later run can delete it.
      expect(summary(plan)).toEqual([
        'rollover c-logs size-cap',
        'delete b-errors-000001 size-cap',
        'delete b-logs-000001 size-cap',
        'keep c-logs-000001 write-index',
      ]);
      expect(plan.actions[1]?.detail).toMatch(/^size cap: service b holds 100kb > cap 60kb; oldest first \(newest record .*, 20kb\)$/);
    });

    it('per class: each family against the cap on its own', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_SERVICE_SIZE_CAP: '45kb', JEWELRY_SERVICE_SIZE_CAP_SCOPE: 'class' });
      // logs: 70kb → logs-1 goes (40kb); errors: 30kb, under.
      expect(summary(planFromState(state(...b()), s))).toEqual(['delete b-logs-000001 size-cap']);
    });

    it('counts what age deletion already removes', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_SERVICE_SIZE_CAP: '80kb', JEWELRY_RETENTION_ERRORS_DAYS: '45' });
      // errors-1 expired (50d > 45d): 100 - 20 = 80kb, not over the cap.
      expect(summary(planFromState(state(...b()), s))).toEqual(['delete b-errors-000001 age']);
    });

    it('rolls write indices over (never deletes them) when they alone are over the cap', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_SERVICE_SIZE_CAP: '15kb' });
      const plan = planFromState(state(...b()), s);
      expect(summary(plan)).toEqual([
        'rollover b-logs size-cap',
        'delete b-errors-000001 size-cap',
        'delete b-logs-000001 size-cap',
        'delete b-logs-000002 size-cap',
        'keep b-logs-000003 write-index',
      ]);
      expect(plan.actions[0]).toMatchObject({ conditions: {}, newIndex: 'b-logs-000004' });
      expect(plan.actions[4]?.detail).toMatch(/^write index, over the size cap: 10kb of service b's 20kb > cap 15kb; rolled over first/);
    });
  });

  describe('what it leaves alone', () => {
    it('a closed index: reported, never deleted', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_ALL_DAYS: '1', JEWELRY_SERVICE_SIZE_CAP: '1kb' });
      const plan = planFromState(
        state(
          fam('a', 'logs', [
            idx('a-logs-000001', { open: false, newestAt: null }),
            idx('a-logs-000002', { docs: 0, newestAt: null, createdAt: NOW }),
          ]),
        ),
        s,
      );
      expect(summary(plan)).toEqual(['keep a-logs-000001 closed']);
    });

    it('a family with several indices and no write index: reported, nothing done', () => {
      const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_ALL_DAYS: '1', JEWELRY_SERVICE_SIZE_CAP: '1kb' });
      const plan = planFromState(
        state(fam('a', 'logs', [idx('a-logs-000001', { newestAt: NOW - 9 * D }), idx('a-logs-000002', { newestAt: NOW - 9 * D })], null)),
        s,
      );
      expect(summary(plan)).toEqual(['keep a-logs no-write-index']);
    });

    it('families managed by ILM: no rollover or age deletion, but the size cap applies', () => {
      const s = retentionSettingsFromEnv({
        JEWELRY_RETENTION_ALL_DAYS: '1',
        JEWELRY_ROLLOVER_MAX_SIZE: '1kb',
        JEWELRY_SERVICE_SIZE_CAP: '15kb',
      });
      const managed = { ilmPolicy: 'jewelry-logs', newestAt: NOW - 9 * D };
      const plan = planFromState(state(fam('a', 'logs', [idx('a-logs-000001', managed), idx('a-logs-000002', managed)])), s);
      expect(plan.ilmManaged).toEqual(['a-logs']);
      expect(summary(plan)).toEqual(['delete a-logs-000001 size-cap']);
    });
  });

  it('planRetention takes a state instead of a client', async () => {
    const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_LOGS_DAYS: '10' });
    const st = state(fam('a', 'logs', [idx('a-logs-000001', { newestAt: NOW - 11 * D }), idx('a-logs-000002')]));
    expect(await planRetention(st, s)).toEqual(planFromState(st, s));
    expect(summary(await planRetention(st, s, { now: NOW - 2 * D }))).toEqual([]);
  });
});

describe('readRetentionState', () => {
  const cluster = (searchBuckets: { key: string; doc_count: number; newest: { value: number | null } }[]) =>
    fakeClient({
      'GET /_alias': () => ({ body: { 'a-traces-000001': { aliases: { 'a-traces': { is_write_index: true } } } } }),
      'GET /_cat/indices': () => ({
        body: [{ index: 'a-traces-000001', status: 'open', 'docs.count': '3', 'pri.store.size': '5000', 'creation.date': String(NOW - D) }],
      }),
      'GET /_cat/shards': () => ({ body: [{ index: 'a-traces-000001', prirep: 'p', store: '5000' }] }),
      'POST /': () => ({
        body: {
          _shards: { total: 1, successful: searchBuckets.length, failed: 1 - searchBuckets.length },
          aggregations: { indices: { buckets: searchBuckets } },
        },
      }),
    }).client;

  it('takes the newest record from the search, and the larger of the two record counts', async () => {
    const st = await readRetentionState(cluster([{ key: 'a-traces-000001', doc_count: 5, newest: { value: NOW - 60_000 } }]));
    expect(st.families[0]?.indices[0]).toMatchObject({ docs: 5, newestAt: NOW - 60_000, maxPrimaryShardBytes: 5000 });
  });

  it('an index the search left out (its shard did not answer) keeps its _cat count, so it still rolls over', async () => {
    const st = await readRetentionState(cluster([]));
    expect(st.families[0]?.indices[0]).toMatchObject({ docs: 3, newestAt: null });
    const plan = planFromState(st, retentionSettingsFromEnv({ JEWELRY_ROLLOVER_MAX_SIZE: '1b' }));
    expect(summary(plan)).toEqual(['rollover a-traces max-size']);
  });
});

describe('applyRetention', () => {
  const s = retentionSettingsFromEnv({ JEWELRY_RETENTION_LOGS_DAYS: '10', JEWELRY_ROLLOVER_MAX_SIZE: '1kb' });
  const plan = planFromState(
    state(
      fam('a', 'logs', [
        idx('a-logs-000001', { newestAt: NOW - 20 * D }),
        idx('a-logs-000002', { newestAt: NOW - 15 * D }),
        idx('a-logs-000003', { newestAt: NOW - 12 * D }),
        idx('a-logs-000004', { maxPrimaryShardBytes: 2 * KB }),
      ]),
    ),
    s,
  );

  it('--dry-run sends nothing and reports the plan', async () => {
    const { client, requests } = fakeClient();
    const report = await applyRetention(client, plan, { dryRun: true });
    expect(requests()).toEqual([]);
    expect(report.actions.map((a) => a.outcome)).toEqual(['planned', 'planned', 'planned', 'planned']);
    expect(report.actions.map(({ outcome: _o, ...a }) => a)).toEqual(plan.actions);
    expect(formatRetentionReport(report)).toEqual([
      'would roll over a-logs → a-logs-000005 (max-size: largest primary shard 2kb ≥ max 1kb)',
      expect.stringMatching(/^would delete index a-logs-000001 \(age: newest record .* is 20d old > logs retention 10d\)$/),
      expect.stringMatching(/^would delete index a-logs-000002 /),
      expect.stringMatching(/^would delete index a-logs-000003 /),
      expect.stringMatching(
        /^retention on http:\/\/es.test \(dry run, nothing changed\): would roll over 1, would delete 3, 0 kept; 1 families, 4 indices/,
      ),
    ]);
  });

  it('rolls over first, re-checks the aliases, deletes, and reports each outcome on its own', async () => {
    const { client, requests } = fakeClient({
      'POST /a-logs/_rollover': (_p, body) => {
        expect(body).toEqual({ conditions: { max_primary_shard_size: '1kb', min_docs: 1 } });
        return { body: { rolled_over: true, old_index: 'a-logs-000004', new_index: 'a-logs-000005' } };
      },
      // Someone made 000002 a write index meanwhile (of another alias): it must survive.
      'GET /_alias': () => ({
        body: {
          'a-logs-000002': { aliases: { 'a-logs': { is_write_index: false }, other: { is_write_index: true } } },
          'a-logs-000004': { aliases: { 'a-logs': { is_write_index: false } } },
          'a-logs-000005': { aliases: { 'a-logs': { is_write_index: true } } },
        },
      }),
      'DELETE /a-logs-000003': () => ({ status: 404, body: { error: { type: 'index_not_found_exception' } } }),
    });
    const report = await applyRetention(client, plan);
    expect(requests()).toEqual(['POST /a-logs/_rollover', 'GET /_alias', 'DELETE /a-logs-000001', 'DELETE /a-logs-000003']);
    expect(report.actions.map((a) => [a.index, a.outcome, a.message ?? ''])).toEqual([
      ['a-logs-000004', 'done', ''],
      ['a-logs-000001', 'done', ''],
      ['a-logs-000002', 'skipped', 'it has become a write index since the plan was made; write indices are never deleted'],
      ['a-logs-000003', 'skipped', 'already gone'],
    ]);
    expect(report.failed).toBe(0);
    expect(formatRetentionReport(report)[0]).toBe('rolled over a-logs → a-logs-000005 (max-size: largest primary shard 2kb ≥ max 1kb)');
    expect(formatRetentionReport(report)[1]).toMatch(/^deleted index a-logs-000001 \(age: /);
  });

  it('a refused request fails that action only; a rollover whose conditions no longer hold is skipped', async () => {
    const { client } = fakeClient({
      'POST /a-logs/_rollover': () => ({
        body: {
          rolled_over: false,
          old_index: 'a-logs-000004',
          new_index: 'a-logs-000005',
          conditions: { '[max_primary_shard_size: 1kb]': false, '[min_docs: 1]': true },
        },
      }),
      'GET /_alias': () => ({ body: {} }),
      'DELETE /a-logs-000001': () => ({ status: 403, body: {} }),
    });
    const report = await applyRetention(client, plan);
    expect(report.actions.map((a) => a.outcome)).toEqual(['skipped', 'failed', 'done', 'done']);
    expect(report.actions[0]?.message).toBe('Elasticsearch did not roll over: conditions not met ([max_primary_shard_size: 1kb])');
    expect(report.failed).toBe(1);
    expect(formatRetentionReport(report)[1]).toMatch(/^FAILED to delete a-logs-000001 .* — fake: DELETE \/a-logs-000001 → 403$/);
  });
});
