// main's table formatting, JSON report and section loading, without load.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownSections, requestedSections, runBench } from '../dist/main';
import { formatSection, formatTable } from '../dist/report/format-section';
import type { SectionResult } from '../dist/section-result';

const sample: SectionResult = {
  section: 'demo',
  title: 'a demo section',
  columns: ['variant', 'req/s', 'check'],
  rows: [
    { variant: 'bare', 'req/s': 1234.5, check: 'ok' },
    { variant: 'jewelry', 'req/s': 99, check: 'INVALID' },
  ],
  summary: { ratio: 0.08, valid: false },
  notes: ['one note'],
};

describe('bench report', () => {
  it('aligns the table: text left, numbers right with the same decimals', () => {
    expect(formatTable(sample.columns, sample.rows).split('\n')).toEqual([
      'variant   req/s  check',
      '-------  ------  -------',
      'bare     1234.5  ok',
      'jewelry    99.0  INVALID',
    ]);
  });

  it('prints title, summary and notes', () => {
    const text = formatSection(sample);
    expect(text).toContain('== demo: a demo section');
    expect(text).toMatch(/summary:\n {2}ratio {2}0\.08\n {2}valid {2}false/);
    expect(text).toContain('notes:\n  - one note');
  });

  it('takes sections from arguments, else BENCH_SECTIONS, else overhead,realistic,profile,pipeline,masking', () => {
    expect(requestedSections([], {})).toEqual(['overhead', 'realistic', 'profile', 'pipeline', 'masking']);
    expect(requestedSections([], { BENCH_SECTIONS: 'overhead' })).toEqual(['overhead']);
    expect(requestedSections(['pipeline,overhead'], { BENCH_SECTIONS: 'overhead' })).toEqual(['pipeline', 'overhead']);
  });

  it('runs every section, reports a failing or unknown one and still writes the JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-main-'));
    const sections = join(dir, 'sections');
    for (const [name, body] of [
      ['good', `exports.run = async () => (${JSON.stringify(sample)});`],
      ['boom', `exports.run = async () => { throw new Error('sink refused\\nsecond line'); };`],
    ] as const) {
      mkdirSync(join(sections, name), { recursive: true });
      writeFileSync(join(sections, name, 'run.js'), body);
    }
    expect(knownSections(sections)).toEqual(['boom', 'good']);
    const printed: string[] = [];
    const { report, reportPath } = await runBench(['boom', 'nope', 'good'], {
      reportDir: join(dir, 'out'),
      sectionDir: sections,
      print: (t) => printed.push(t),
    });
    expect(report.sections.map((s) => s.section)).toEqual(['demo']);
    expect(report.failures).toEqual([
      { section: 'boom', error: 'sink refused | second line' },
      { section: 'nope', error: 'unknown bench section "nope" (known: boom, good)' },
    ]);
    expect(printed.join('\n')).toContain('bench: section nope failed: unknown bench section "nope" (known: boom, good)');
    expect(reportPath).toMatch(/bench-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.json$/);
    const written = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(written).toEqual(JSON.parse(readFileSync(join(dir, 'out', 'latest.json'), 'utf8')));
    expect(written.sections[0].rows).toEqual(sample.rows);
  });
});
