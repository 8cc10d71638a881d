import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEndpoints } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { EsReader, type Doc } from '../support/elasticsearch';
import { FixtureProcess } from '../support/fixture-process';
import { corpusCases, leaks, stringsOf, type CorpusCase } from '../support/masking-corpus';
import { randomHex } from '../support/otlp-json';

/**
 * SEC-1 through a service that is not written our way: plain winston and the
 * span API under `node --require @jewelry/otel` (test/fixtures/corpus-service.js),
 * the whole masking corpus, through the SDK (masking at the source), the
 * stack's collector (masking again) into Elasticsearch. No personal value in
 * any document, every look-alike unchanged.
 */
const endpoints = stackEndpoints();
const es = new EsReader(endpoints.elasticsearchUrl);
const SERVICE = 'partner-api';
const REPO = join(__dirname, '..', '..');

describe('SEC-1 the corpus through plain winston and the span API under --require @jewelry/otel', () => {
  const cases = corpusCases();
  const run = `MS-${randomHex(6)}`;
  const dir = mkdtempSync(join(tmpdir(), 'jewelry-corpus-service-'));
  let service: FixtureProcess;
  let docs: { index: string; source: Doc }[] = [];
  const docsOf = (c: CorpusCase) => docs.filter((d) => String(d.source['order.id'] ?? '').startsWith(`${run}-${c.id}-`));

  beforeAll(async () => {
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases.map(({ id, text, record }) => ({ id, text, record }))));
    service = new FixtureProcess(
      ['--require', '@jewelry/otel', join(REPO, 'test', 'fixtures', 'corpus-service.js')],
      {
        OTEL_SERVICE_NAME: SERVICE,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoints.otlpHttpEndpoint,
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BLRP_SCHEDULE_DELAY: '200',
        CASES_FILE: join(dir, 'cases.json'),
        RUN: run,
      },
      REPO,
    );
    await service.waitForStderr(/FIXTURE_DONE/, 60_000);
    const exit = await service.exited;
    expect(exit.code).toBe(0);
    const mine = { prefix: { 'order.id': `${run}-` } };
    const [logs, spans] = await Promise.all([
      es.waitFor(writeAlias(SERVICE, 'logs'), mine, (h) => h.length >= cases.length, 90_000, 5000),
      es.waitFor(writeAlias(SERVICE, 'traces'), mine, (h) => h.length >= cases.length, 90_000, 5000),
    ]);
    docs = [...logs, ...spans];
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every log record and span of the service is stored', () => {
    for (const c of cases) expect({ case: c.id, places: docsOf(c).map((d) => String(d.source['order.id']).split('-').pop()).sort() }).toEqual({ case: c.id, places: ['log', 'span'] });
  });

  test.each(cases.map((c) => [c.id, c] as const))('case %s: no personal value in its log record or span, events and links included', (_id, c) => {
    expect(leaks(docsOf(c).flatMap((d) => stringsOf(d.source)), c.personal)).toEqual([]);
  });

  test.each(cases.filter((c) => c.keep.length).map((c) => [c.id, c] as const))('case %s: every look-alike is stored unchanged', (_id, c) => {
    const all = docsOf(c).flatMap((d) => stringsOf(d.source));
    expect(c.keep.filter((k) => !all.some((s) => s.includes(k)))).toEqual([]);
  });

  test('the service’s own stdout (winston’s console) is not the collector’s concern, but it ended cleanly', () => {
    expect(service.stderr).not.toMatch(/Error:|at .*:\d+:\d+\)/);
  });
});
