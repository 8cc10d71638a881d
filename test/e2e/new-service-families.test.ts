import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { stackEndpoints } from '@jewelry/cli';
import { cli } from '../support/cli';
import { EsReader, term } from '../support/elasticsearch';
import { pythonWithOtel } from '../support/python-otel';

const endpoints = stackEndpoints();
const FIXTURE = join(__dirname, '..', 'fixtures', 'otlp-python-sender.py');

function runPython(python: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, [FIXTURE], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${FIXTURE} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/**
 * ST-1…ST-3 for a service nobody told the stack about (issue 13): a Python
 * worker with Python's own OpenTelemetry SDK sends logs and a span over OTLP;
 * its records must land in families the stack manages -- `<name>-logs-000001`
 * behind the write alias `<name>-logs` (and -errors, -traces), created by the
 * collector's writealias processor from the first record -- and the retention
 * job must manage them like any other family.
 */
describe('a new service is managed from its first record (Python OTel SDK, issue 13)', () => {
  const es = new EsReader(endpoints.elasticsearchUrl);
  const service = `py-billing-${randomUUID().slice(0, 8)}`;
  let traceId: string;

  beforeAll(async () => {
    const python = await pythonWithOtel();
    const out = await runPython(python, {
      OTEL_SERVICE_NAME: service,
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.otlpHttpEndpoint,
      OTEL_BLRP_SCHEDULE_DELAY: '200',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    traceId = /TRACE_ID=([0-9a-f]{32})/.exec(out)?.[1] ?? '';
    expect(traceId).toHaveLength(32);
  }, 600_000);

  afterAll(async () => {
    const rows = (await (await fetch(`${endpoints.elasticsearchUrl}/_cat/indices/${service}-*?format=json&h=index`)).json()) as {
      index: string;
    }[];
    for (const { index } of rows) await fetch(`${endpoints.elasticsearchUrl}/${index}`, { method: 'DELETE' });
  });

  test.each([
    ['logs', 'invoice batch started'],
    ['errors', 'invoice INV-7 refused by the bank'],
    ['traces', undefined],
  ])(
    'its %s land in <name>-<class>-000001, behind the write alias <name>-<class>',
    async (cls, message) => {
      const alias = `${service}-${cls}`;
      const hits = await es.waitFor(alias, term('trace.id', traceId), (h) => h.length > 0, 30_000);
      expect(hits.map((h) => h.index)).toEqual([`${alias}-000001`]);
      if (message) expect(hits[0]!.source.message).toBe(message);
      else expect(hits[0]!.source['span.name']).toBe('invoice batch');
      expect(hits[0]!.source['service.name']).toBe(service);
      expect(await es.get(`/_alias/${alias}`)).toEqual({ [`${alias}-000001`]: { aliases: { [alias]: { is_write_index: true } } } });
    },
    60_000,
  );

  test('es status lists its families like those of the known services', async () => {
    const { code, out } = await cli('es', 'status', '--json');
    expect(code).toBe(0);
    const status = JSON.parse(out) as { families: { alias: string; writeIndex: string | null }[] };
    const mine = status.families.filter((f) => f.alias.startsWith(`${service}-`));
    expect(mine.map((f) => [f.alias, f.writeIndex]).sort()).toEqual([
      [`${service}-errors`, `${service}-errors-000001`],
      [`${service}-logs`, `${service}-logs-000001`],
      [`${service}-traces`, `${service}-traces-000001`],
    ]);
  });

  test('the retention job manages them: rollover at the size limit, to <name>-<class>-000002', async () => {
    const saved = process.env.JEWELRY_ROLLOVER_MAX_SIZE;
    process.env.JEWELRY_ROLLOVER_MAX_SIZE = '1b';
    try {
      const { code, out, err } = await cli('retention', '--service', service, '--json');
      expect(err).toBe('');
      expect(code).toBe(0);
      const report = JSON.parse(out) as {
        actions: { kind: string; alias: string; newIndex?: string; outcome: string; message?: string }[];
      };
      // A rollover that did not happen shows its outcome and Elasticsearch's reason in the failure.
      const rolled = report.actions
        .filter((a) => a.kind === 'rollover')
        .map((a) => [a.alias, a.outcome === 'done' ? a.newIndex : `${a.outcome}: ${a.message ?? ''}`]);
      expect(rolled.sort()).toEqual([
        [`${service}-errors`, `${service}-errors-000002`],
        [`${service}-logs`, `${service}-logs-000002`],
        [`${service}-traces`, `${service}-traces-000002`],
      ]);
    } finally {
      if (saved === undefined) delete process.env.JEWELRY_ROLLOVER_MAX_SIZE;
      else process.env.JEWELRY_ROLLOVER_MAX_SIZE = saved;
    }
    const aliases = await es.get(`/_alias/${service}-logs`);
    expect(aliases[`${service}-logs-000002`]).toEqual({ aliases: { [`${service}-logs`]: { is_write_index: true } } });
    expect(aliases[`${service}-logs-000001`]).toEqual({ aliases: { [`${service}-logs`]: { is_write_index: false } } });
  }, 60_000);
});
