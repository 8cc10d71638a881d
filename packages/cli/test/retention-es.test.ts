// Retention against a real Elasticsearch node (isolated stack dir, free ports),
// with thresholds tiny enough for a test: rollover at 1kb, retention in
// seconds where ages cannot be faked, old @timestamps written with _bulk into
// chosen indices where they can. Checks what the cluster holds afterwards.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  readRetentionState,
  runCli,
  runRetention,
  retentionSettingsFromEnv,
  type CliIo,
  type EsClient,
  type RetentionReport,
} from '@jewelry/cli';
import { retentionClasses, writeAlias, type RetentionClass } from '@jewelry/schema';
import { startOwnElasticsearch, type OwnElasticsearch } from '../../../test/support/own-stack';

// A cold cache downloads ~100 MB before the node starts.
jest.setTimeout(900_000);

const CLASSES = Object.keys(retentionClasses) as RetentionClass[];
const D = 86_400_000;
// Index creation costs ~0.5 s on this node, so the tests use the families `stack up` already set up
// (one known service each) and create only the few indices they need. --service keeps each run to its own.
const BIN = join(__dirname, '..', 'dist', 'bin.js');

describe('retention (real Elasticsearch)', () => {
  let baseUrl: string;
  let client: EsClient;

  async function bulk(docs: { index: string; at: number; message?: string }[]): Promise<void> {
    const body = docs
      .flatMap((d) => [
        JSON.stringify({ create: { _index: d.index } }),
        JSON.stringify({ '@timestamp': new Date(d.at).toISOString(), message: d.message ?? 'retention test record' }),
      ])
      .join('\n');
    const res = await fetch(`${baseUrl}/_bulk?refresh=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${body}\n`,
    });
    const answer = (await res.json()) as { errors: boolean; items: unknown[] };
    expect(answer.errors).toBe(false);
  }

  async function waitForStoreSize(index: string, bytes: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const shards = (
        await client.get<{ prirep: string; store: string | null }[]>(`/_cat/shards/${index}?format=json&bytes=b&h=prirep,store`)
      ).body;
      if (shards.some((s) => s.prirep === 'p' && Number(s.store ?? 0) >= bytes)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${index} did not reach ${bytes} bytes in 30 s`);
  }

  /** A family of `n` indices, `<alias>-000001` … `<alias>-00000n`, the last one the write index. */
  async function family(service: string, cls: RetentionClass, n: number): Promise<string[]> {
    const alias = writeAlias(service, cls);
    for (let i = 1; i < n; i++) await client.post(`/${alias}/_rollover`);
    return Array.from({ length: n }, (_, i) => `${alias}-${String(i + 1).padStart(6, '0')}`);
  }

  async function indices(pattern: string): Promise<string[]> {
    const rows = (await client.get<{ index: string }[]>(`/_cat/indices/${pattern}?format=json&h=index&expand_wildcards=all`)).body;
    return rows.map((r) => r.index).sort();
  }

  async function writeIndexOf(alias: string): Promise<string | undefined> {
    const body = (await client.get<Record<string, { aliases: Record<string, { is_write_index?: boolean }> }>>(`/_alias/${alias}`)).body;
    return Object.entries(body).find(([, e]) => e.aliases[alias]?.is_write_index)?.[0];
  }

  async function cli(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
    const all = { ES_ENDPOINT: baseUrl, ...env };
    const saved = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
    Object.assign(process.env, all);
    try {
      const code = await runCli(argv, io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  const lines = (r: RetentionReport): string[] =>
    r.actions.map((a) => `${a.kind} ${a.kind === 'rollover' ? a.alias : a.index} ${a.reason} ${a.outcome}`);

  let own: OwnElasticsearch | undefined;
  beforeAll(async () => {
    // stack up runs es setup: a write alias per known service and class.
    own = await startOwnElasticsearch('retention');
    ({ baseUrl, client } = own);
  });

  afterAll(() => own?.stop());

  it('rolls a write alias over when its primary shard reached a tiny size; the new index gets the template mapping', async () => {
    await bulk([{ index: 'shop-api-logs', at: Date.now(), message: 'one record is more than 1kb on disk' }]);
    await waitForStoreSize('shop-api-logs-000001', 1024);
    const report = await runRetention(client, retentionSettingsFromEnv({ JEWELRY_ROLLOVER_MAX_SIZE: '1kb' }), { services: ['shop-api'] });
    // Only the family with a record: empty write indices are never rolled over.
    expect(lines(report)).toEqual(['rollover shop-api-logs max-size done']);
    expect(report.actions[0]).toMatchObject({
      index: 'shop-api-logs-000001',
      newIndex: 'shop-api-logs-000002',
      createdIndex: 'shop-api-logs-000002',
    });
    expect(report.actions[0]?.detail).toMatch(/^largest primary shard \d+(\.\d)?kb ≥ max 1kb$/);
    expect(await writeIndexOf('shop-api-logs')).toBe('shop-api-logs-000002');
    expect(await indices('shop-api-logs-*')).toEqual(['shop-api-logs-000001', 'shop-api-logs-000002']);
    const mappings = (
      await client.get<Record<string, { mappings: { subobjects?: boolean; _meta?: { family?: string } } }>>('/shop-api-logs-*/_mapping')
    ).body;
    expect(mappings['shop-api-logs-000002']?.mappings).toMatchObject({ subobjects: false, _meta: { family: 'logs' } });
    expect(mappings['shop-api-logs-000002']?.mappings._meta).toEqual(mappings['shop-api-logs-000001']?.mappings._meta);
    // Writes now land in the new index; the same run with the default 1gb does nothing.
    await bulk([{ index: 'shop-api-logs', at: Date.now() }]);
    expect((await client.get<{ count: number }>('/shop-api-logs-000002/_count')).body.count).toBe(1);
    expect((await runRetention(client, retentionSettingsFromEnv({}), { services: ['shop-api'] })).actions).toEqual([]);
  });

  it('deletes, for each class, the indices whose newest record is past the class retention, and only those', async () => {
    const now = Date.now();
    const expired: string[] = [];
    const kept: string[] = [];
    for (const cls of CLASSES) {
      const days = retentionClasses[cls].defaultRetentionDays;
      // logs (180 days) and errors (365) also get an index that holds a record far past the limit, but whose newest is within it.
      const withMiddle = cls === 'logs' || cls === 'errors';
      const names = await family('crm-api', cls, withMiddle ? 3 : 2);
      const oldest = names[0] as string;
      const write = names[names.length - 1] as string;
      const docs = [
        { index: oldest, at: now - (days + 40) * D },
        { index: oldest, at: now - (days + 10) * D },
        { index: write, at: now - D },
      ];
      if (withMiddle)
        docs.push({ index: names[1] as string, at: now - (days + 100) * D }, { index: names[1] as string, at: now - (days - 10) * D });
      await bulk(docs);
      expired.push(oldest);
      kept.push(...names.slice(1));
    }
    // Not ours, though old: an index named like a family's but not in its alias, and one in the alias without the family's name.
    await bulk([
      { index: 'crm-api-logs-archive-x', at: now - 1000 * D },
      { index: 'legacy-import', at: now - 1000 * D },
    ]);
    await client.post('/_aliases', { actions: [{ add: { index: 'legacy-import', alias: 'crm-api-logs', is_write_index: false } }] });

    const report = await runRetention(client, retentionSettingsFromEnv({}), { services: ['crm-api'] });
    expect(lines(report).sort()).toEqual(expired.map((i) => `delete ${i} age done`).sort());
    expect(report.actions.find((a) => a.index === 'crm-api-logs-000001')?.detail).toMatch(
      /^age: newest record \S+ is 190d old > logs retention 180d$/,
    );
    expect(report.actions.find((a) => a.index === 'crm-api-errors-000001')?.detail).toMatch(
      /^age: newest record \S+ is 375d old > errors retention 365d$/,
    );
    const left = await indices('crm-api-*');
    for (const i of expired) expect(left).not.toContain(i);
    for (const i of kept) expect(left).toContain(i);
    expect(await indices('crm-api-logs-archive-x,legacy-import')).toEqual(['crm-api-logs-archive-x', 'legacy-import']);

    // "3 months for everything" is one setting: now the middle ones go too (their newest records are 170 and 355 days old).
    const short = await runRetention(client, retentionSettingsFromEnv({ JEWELRY_RETENTION_ALL_DAYS: '90' }), { services: ['crm-api'] });
    expect(lines(short).sort()).toEqual(['delete crm-api-errors-000002 age done', 'delete crm-api-logs-000002 age done']);
    expect(await indices('crm-api-*-0*')).toEqual([
      'crm-api-audit-000002',
      'crm-api-errors-000003',
      'crm-api-logs-000003',
      'crm-api-traces-000002',
    ]);
  });

  it("the size cap removes the service's oldest indices first (by newest record, across classes) until it is under the cap", async () => {
    const now = Date.now();
    const logs = await family('mes-api', 'logs', 3);
    const errors = await family('mes-api', 'errors', 2);
    const newest: [string, number][] = [
      [errors[0] as string, 50],
      [logs[0] as string, 40],
      [logs[1] as string, 30],
      [logs[2] as string, 1],
      [errors[1] as string, 1],
    ];
    await bulk(
      newest.flatMap(([index, days]) =>
        Array.from({ length: 20 }, (_, k) => ({ index, at: now - days * D - k * 60_000, message: `record ${k} of ${index}` })),
      ),
    );
    // One segment each, so the sizes the plan reads are the sizes we read here.
    await client.post(`/mes-api-*/_forcemerge?max_num_segments=1&flush=true`);
    const state = await readRetentionState(client, { services: ['mes-api'] });
    const size = new Map(state.families.flatMap((f) => f.indices.map((i) => [i.index, i.primaryBytes] as const)));
    const total = [...size.values()].reduce((a, b) => a + b, 0);
    const first = size.get(errors[0] as string) as number;
    const second = size.get(logs[0] as string) as number;
    // Over the cap without the oldest, under it without the two oldest.
    const cap = total - first - Math.floor(second / 2);

    const report = await runRetention(client, retentionSettingsFromEnv({ JEWELRY_SERVICE_SIZE_CAP: String(cap) }), {
      services: ['mes-api'],
    });
    expect(lines(report)).toEqual([`delete ${errors[0]} size-cap done`, `delete ${logs[0]} size-cap done`]);
    expect(report.actions[0]?.detail).toMatch(/^size cap: service mes-api holds \S+ > cap \S+; oldest first \(newest record /);
    expect(await indices('mes-api-logs-*,mes-api-errors-*')).toEqual([errors[1], logs[1], logs[2]].sort());
  });

  it('never deletes a write index, even expired: rolls it over first, and a later run deletes it; an empty old index is aged by its creation', async () => {
    const created = Date.now();
    await client.put('/partner-api-audit-000000', { aliases: { 'partner-api-audit': { is_write_index: false } } });
    await bulk([
      { index: 'partner-api-logs', at: Date.now() - 60_000 },
      { index: 'partner-api-logs', at: Date.now() - 120_000 },
    ]);
    await new Promise((r) => setTimeout(r, Math.max(0, created + 2500 - Date.now())));
    const env = { JEWELRY_RETENTION_ALL_DAYS: '2s' };

    const first = await cli(['retention', '--service', 'partner-api'], env);
    expect(first.out.split('\n')).toEqual([
      expect.stringMatching(
        /^rolled over partner-api-logs → partner-api-logs-000002 \(expired: the write index's newest record \S+ is \d+(\.\d)?m old > logs retention 2s\)$/,
      ),
      expect.stringMatching(
        /^deleted index partner-api-audit-000000 \(age: no records, created \S+, \d(\.\d)?s ago > audit retention 2s\)$/,
      ),
      expect.stringMatching(
        /^kept partner-api-logs-000001 \(write index, expired: newest record \S+ is \d+(\.\d)?m old > 2s; rolled over first, a later run deletes it once it takes no writes\)$/,
      ),
      expect.stringMatching(
        /^retention on http:\/\/127\.0\.0\.1:\d+: 1 rolled over, 1 deleted, 1 kept, 0 skipped, 0 failed; 4 families, 5 indices \(\d+\.\ds\)$/,
      ),
    ]);
    expect(first.code).toBe(0);
    // The empty write indices of the other classes are older than 2s too, and stay.
    expect(await indices('partner-api-*')).toEqual([
      'partner-api-audit-000001',
      'partner-api-errors-000001',
      'partner-api-logs-000001',
      'partner-api-logs-000002',
      'partner-api-traces-000001',
    ]);

    await bulk([{ index: 'partner-api-logs', at: Date.now() + 60_000 }]);
    const second = await cli(['retention', '--json', '--service', 'partner-api'], env);
    const report = JSON.parse(second.out) as RetentionReport;
    expect(lines(report)).toEqual(['delete partner-api-logs-000001 age done']);
    expect(await indices('partner-api-logs-*')).toEqual(['partner-api-logs-000002']);
  });

  it('--dry-run changes nothing and reports the plan the real run then carries out', async () => {
    const now = Date.now();
    const [old] = await family('host', 'traces', 2);
    await bulk([
      { index: old as string, at: now - 200 * D },
      { index: 'host-logs', at: now },
    ]);
    // Elasticsearch caches shard store sizes for a moment (index.store.stats_refresh_interval):
    // wait until it reports the written record, so the dry run and the real run see the same size.
    await waitForStoreSize('host-logs-000001', 1024);
    const env = { JEWELRY_ROLLOVER_MAX_SIZE: '1kb' };
    const before = await indices('host-*');

    const dry = await cli(['retention', '--dry-run', '--service', 'host'], env);
    expect(dry.code).toBe(0);
    expect(dry.out.split('\n')).toEqual([
      expect.stringMatching(/^would roll over host-logs → host-logs-000002 \(max-size: largest primary shard .* ≥ max 1kb\)$/),
      expect.stringMatching(/^would delete index host-traces-000001 \(age: newest record \S+ is 200d old > traces retention 180d\)$/),
      expect.stringMatching(/\(dry run, nothing changed\): would roll over 1, would delete 1, 0 kept; 4 families, 5 indices/),
    ]);
    const dryJson = JSON.parse((await cli(['retention', '--dry-run', '--json', '--service', 'host'], env)).out) as RetentionReport;
    expect(await indices('host-*')).toEqual(before);
    expect(await writeIndexOf('host-logs')).toBe('host-logs-000001');

    const real = JSON.parse((await cli(['retention', '--json', '--service', 'host'], env)).out) as RetentionReport;
    const plan = (r: RetentionReport) =>
      r.actions.map(
        ({
          kind,
          index,
          alias,
          reason,
          newIndex,
        }: {
          kind: string;
          index: string;
          alias: string;
          reason: string;
          newIndex?: string | null;
        }) => ({ kind, index, alias, reason, newIndex }),
      );
    expect(dryJson.dryRun).toBe(true);
    expect(real.dryRun).toBe(false);
    expect(plan(real)).toEqual(plan(dryJson));
    expect(real.actions.map((a) => a.outcome)).toEqual(['done', 'done']);
    expect(dryJson.actions.map((a) => a.outcome)).toEqual(['planned', 'planned']);
    expect(await indices('host-*')).toEqual(
      before
        .filter((i) => i !== old)
        .concat('host-logs-000002')
        .sort(),
    );
  });

  it('--schedule runs at start and every interval, and stops cleanly on SIGTERM and on SIGINT', async () => {
    const [old] = await family('shop-api', 'errors', 2);
    await bulk([{ index: old as string, at: Date.now() - 400 * D }]);

    const start = (args: string[]) => {
      const child = spawn(process.execPath, [BIN, 'retention', '--schedule', '1s', ...args], {
        env: { ...process.env, ES_ENDPOINT: baseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: string[] = [];
      const err: string[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b.toString()));
      child.stderr.on('data', (b: Buffer) => err.push(b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const waitFor = async (re: RegExp): Promise<void> => {
        const until = Date.now() + 20_000;
        while (!re.test(out.join('')) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        expect(out.join('')).toMatch(re);
      };
      return { child, out, err, exited, waitFor };
    };
    const term = start(['--service', 'shop-api']);
    const int = start(['--service', 'host', '--dry-run', '--json']);
    try {
      await term.waitFor(/ run 2: /);
      await int.waitFor(/"run":2/);
      term.child.kill('SIGTERM');
      int.child.kill('SIGINT');
      expect(await term.exited).toBe(0);
      expect(await int.exited).toBe(0);
    } finally {
      term.child.kill('SIGKILL');
      int.child.kill('SIGKILL');
    }
    const text = term.out.join('');
    expect(text).toMatch(
      /^\S+Z run 1: deleted index shop-api-errors-000001 \(age: newest record \S+ is 400d old > errors retention 365d\)$/m,
    );
    expect(text).toMatch(/^\S+Z run 1: retention on \S+: 0 rolled over, 1 deleted, 0 kept, 0 skipped, 0 failed; 4 families, 6 indices/m);
    expect(text).toMatch(/^\S+Z run 2: retention on \S+: nothing to do; 4 families, 5 indices checked/m);
    const stderr = term.err.join('');
    expect(stderr).toMatch(
      /retention every 1s on http:\/\/127\.0\.0\.1:\d+: rollover at 1gb; retention logs 180d, errors 365d, audit 365d, traces 180d; no size cap/,
    );
    expect(stderr).toMatch(/retention: next run at \S+Z/);
    expect(stderr).toMatch(/retention: SIGTERM: stopping[\s\S]*retention stopped after [23] runs/);
    // With --json, one line per run.
    const runs = int.out
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RetentionReport & { run: number });
    expect(runs.slice(0, 2).map((r) => [r.run, r.dryRun, r.actions.length])).toEqual([
      [1, true, 0],
      [2, true, 0],
    ]);
    expect(int.err.join('')).toMatch(/retention: SIGINT: stopping[\s\S]*retention stopped after [23] runs/);
    expect(await indices('shop-api-errors-*')).toEqual(['shop-api-errors-000002']);
  });

  it('install-ilm on this cluster (no ILM): installs nothing and says the retention job does the work', async () => {
    const { code, out } = await cli(['retention', 'install-ilm'], {});
    expect(code).toBe(0);
    expect(out).toMatch(
      /^no ILM on http:\/\/127\.0\.0\.1:\d+ \(GET \/_ilm\/status answered 405: .*\): nothing installed; retention is done by 'jewelry-otel retention'/,
    );
    expect(out).toMatch(/^policy jewelry-logs +not-installed rollover at 1gb, delete 180d after rollover$/m);
    expect(out).toMatch(/^policy jewelry-errors +not-installed rollover at 1gb, delete 365d after rollover$/m);
    expect((await client.get('/_index_template/jewelry-ilm-*', { allow: [404] })).body).toEqual({ index_templates: [] });
  });
});
