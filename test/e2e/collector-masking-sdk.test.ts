import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEndpoints } from '@jewelry/cli';
import { writeAlias } from '@jewelry/schema';
import { EsReader, term, type Doc } from '../support/elasticsearch';
import { FixtureProcess } from '../support/fixture-process';
import { corpusCases, leaks, missingLookalikes, stringsOf, type CorpusCase } from '../support/masking-corpus';

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
  const dir = mkdtempSync(join(tmpdir(), 'jewelry-corpus-service-'));
  let service: FixtureProcess;
  let docs: { index: string; source: Doc }[] = [];
  let ids: { traceId: string; spans: Record<string, string> };
  const docsOf = (c: CorpusCase) => docs.filter((d) => d.source['span.id'] === ids.spans[c.id]);
  const isSpan = (d: { index: string }) => d.index.includes('-traces-');

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
        IDS_FILE: join(dir, 'ids.json'),
      },
      REPO,
    );
    await service.waitForStderr(/FIXTURE_DONE/, 60_000);
    const exit = await service.exited;
    expect(exit.code).toBe(0);
    ids = JSON.parse(readFileSync(join(dir, 'ids.json'), 'utf8')) as typeof ids;
    const mine = term('trace.id', ids.traceId);
    const logFamily = (['logs', 'errors', 'audit'] as const).map((cls) => writeAlias(SERVICE, cls)).join(',');
    const [logs, spans] = await Promise.all([
      es.waitFor(logFamily, mine, (h) => h.length >= cases.length, 90_000, 5000),
      // The cases' spans and the root.
      es.waitFor(writeAlias(SERVICE, 'traces'), mine, (h) => h.length > cases.length, 90_000, 5000),
    ]);
    docs = [...logs, ...spans];
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every log record and span of the service is stored', () => {
    for (const c of cases)
      expect({
        case: c.name,
        documents: docsOf(c)
          .map((d) => d.index.replace(/-\d+$/, '').split('-').pop())
          .sort(),
      }).toEqual({ case: c.name, documents: ['logs', 'traces'] });
  });

  test.each(cases.map((c) => [c.name, c] as const))(
    '%s: no personal value in its log record or span, events and links included',
    (_name, c) => {
      const logs = docsOf(c).filter((d) => !isSpan(d));
      const spans = docsOf(c).filter(isSpan);
      // A span carries a record flattened ({credentials: {user}} → credentials.user: the span API takes
      // flat attributes only); a dotted key is masked like the nesting it flattens, so nothing is excused.
      expect({
        log: leaks(
          logs.flatMap((d) => stringsOf(d.source)),
          c.personal,
        ),
        span: leaks(
          spans.flatMap((d) => stringsOf(d.source)),
          c.personal,
        ),
      }).toEqual({ log: [], span: [] });
    },
  );

  test.each(cases.filter((c) => c.keep.length).map((c) => [c.name, c] as const))('%s: every look-alike is stored unchanged', (_name, c) => {
    expect(
      missingLookalikes(
        c,
        docsOf(c).map((d) => d.source),
      ),
    ).toEqual([]);
  });

  test('the service’s own stdout (winston’s console) is not the collector’s concern, but it ended cleanly', () => {
    expect(service.stderr).not.toMatch(/Error:|at .*:\d+:\d+\)/);
  });
});
