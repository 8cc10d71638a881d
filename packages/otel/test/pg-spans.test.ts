// The pg instrumentation as the presets load it, against the real PostgreSQL
// (npm test brings it up): a pooled query in a request is one `pg.query` span
// under the server span — no `pg-pool.connect` span beside it (issue 16: it
// doubled the spans of every pooled query) — and no span outside a request;
// the instrumentation's pool and query metrics only when they are turned on.
import { join } from 'node:path';
import { resolveSettings, stackDown, stackEndpoints, stackUp } from '@jewelry/cli';
import { httpRequest } from '../../../test/support/fixture-process';
import { useReceiverAndFixture } from '../../../test/support/receiver-and-fixture';

const REPO = join(__dirname, '..', '..', '..');

describe('pg spans under the distribution', () => {
  let started: string[] = [];
  beforeAll(async () => {
    started = (await stackUp(['postgres'])).filter((r) => r.startedByThisCall).map((r) => r.name);
  }, 120_000);
  afterAll(async () => {
    if (started.length) await stackDown(started);
  }, 60_000);
  const fixture = useReceiverAndFixture();

  /** The probe under the distribution, exporting to the block's receiver. */
  const startProbe = (env: NodeJS.ProcessEnv = {}) =>
    fixture.start(
      ['--require', '@jewelry/otel', join(__dirname, 'fixtures', 'pg-probe.js')],
      {
        OTEL_SERVICE_NAME: 'crm-api',
        OTEL_EXPORTER_OTLP_ENDPOINT: fixture.receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        DATABASE_URL: stackEndpoints(resolveSettings()).databaseUrl,
        ...env,
      },
      REPO,
    );

  test('a pooled query in a request: one pg.query span, child of the server span, and no pg-pool.connect span', async () => {
    const service = startProbe();
    const port = await service.port();
    for (let i = 0; i < 2; i++) expect((await httpRequest(port, 'GET', '/query')).body).toBe('[{"one":1}]');
    const servers = () => fixture.receiver.spans.filter((s) => s.name.startsWith('GET'));
    expect(
      await fixture.receiver.waitFor(
        () => servers().length === 2 && fixture.receiver.spans.filter((s) => s.name.startsWith('pg.query')).length === 2,
      ),
    ).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const queries = fixture.receiver.spans.filter((s) => s.name.startsWith('pg.query'));
    expect(queries.map((q) => q.parentSpanId).sort()).toEqual(
      servers()
        .map((s) => s.spanId)
        .sort(),
    );
    expect(fixture.receiver.spans.filter((s) => s.name.startsWith('pg-pool'))).toEqual([]);
    expect(fixture.receiver.spans).toHaveLength(4);
  });

  // Off by default (JEWELRY_INSTRUMENTATION_METRICS): the instrumentation then neither listens to the
  // pool's events nor records a query's duration; on, both metrics reach the collector.
  test.each([
    ['off by default', {}, 0],
    ['on with JEWELRY_INSTRUMENTATION_METRICS=true', { JEWELRY_INSTRUMENTATION_METRICS: 'true' }, 1],
  ])('pg metrics %s', async (_name, env, listeners) => {
    const service = startProbe({ OTEL_METRIC_EXPORT_INTERVAL: '200', ...env });
    const port = await service.port();
    const queries = () => fixture.receiver.spans.filter((s) => s.name.startsWith('pg.query')).length;
    const before = queries();
    expect((await httpRequest(port, 'GET', '/query')).body).toBe('[{"one":1}]');
    expect(JSON.parse((await httpRequest(port, 'GET', '/listeners')).body)).toEqual({ acquire: listeners, release: listeners });
    const pgMetrics = () => [...fixture.receiver.metricNames].filter((n) => n.startsWith('db.client.')).sort();
    if (listeners) {
      expect(await fixture.receiver.waitFor(() => pgMetrics().includes('db.client.operation.duration'))).toBe(true);
      expect(pgMetrics()).toContain('db.client.connection.count');
    } else {
      // The query's span arrived, and two metric export intervals passed after it.
      expect(await fixture.receiver.waitFor(() => queries() > before)).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      expect(pgMetrics()).toEqual([]);
    }
  });
});
