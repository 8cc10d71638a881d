import { join } from 'node:path';
import { resolveSettings, validateCollectorConfig } from '@jewelry/cli';
import { allFieldNames, auditCategories, classIndexPatterns } from '@jewelry/schema';
import { readFileSync } from 'node:fs';

const COLLECTOR = join(__dirname, '..', '..', 'collector');

describe('the collector configs we ship (issue 3)', () => {
  test.each([
    ['config.yaml', ['config.yaml']],
    ['config.yaml + config.journald.yaml', ['config.yaml', 'config.journald.yaml']],
    ['config.yaml + config.metrics.yaml', ['config.yaml', 'config.metrics.yaml']],
    ['config.yaml + config.journald.yaml + config.metrics.yaml', ['config.yaml', 'config.journald.yaml', 'config.metrics.yaml']],
  ])(
    '`collector validate` passes on %s with the built distribution',
    async (_label, files) => {
      const result = await validateCollectorConfig(
        resolveSettings(),
        files.map((f) => join(COLLECTOR, f)),
      );
      expect({ valid: result.valid, output: result.output }).toEqual({ valid: true, output: '' });
    },
    300_000,
  );

  test('every document field the log transform writes is a schema field (one schema)', () => {
    const config = readFileSync(join(COLLECTOR, 'config.yaml'), 'utf8');
    const logsSection = config.slice(config.indexOf('transform/ecs_logs:'), config.indexOf('transform/ecs_spans:'));
    const written = [...logsSection.matchAll(/set\(attributes\["([^"]+)"\]/g)].map((m) => m[1]!);
    const known = allFieldNames();
    const unknown = [...new Set(written)].filter((f) => !known.has(f) && f !== 'elasticsearch.index' && f !== 'elastic.mapping.mode');
    expect(unknown).toEqual([]);
    // The audit class is chosen by the categories the schema names, and the index suffixes are the schema's classes.
    for (const category of auditCategories) expect(logsSection).toContain(`attributes["event.category"] == "${category}"`);
    for (const cls of ['logs', 'errors', 'audit']) expect(classIndexPatterns(cls as 'logs')[1]).toBe(`*-${cls}`);
    expect(logsSection).toMatch(/set\(cache\["class"\], "errors"\)/);
  });
});
