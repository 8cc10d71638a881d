import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstIndex, indexSafeServiceName, maxServiceNameChars, unknownService, writeAlias } from '@jewelry/schema';

const cases = JSON.parse(readFileSync(join(__dirname, 'service-names.json'), 'utf8')) as {
  cases: { input: string; expected: string; why: string }[];
};

/** What Elasticsearch accepts as an index name (its MetadataCreateIndexService rules). */
const validIndexName = (name: string): boolean =>
  name === name.toLowerCase() &&
  !/[\\/*?"<>| ,#:]/.test(name) &&
  !/^[-_+.]/.test(name) &&
  name !== '.' &&
  name !== '..' &&
  Buffer.byteLength(name) <= 255;

describe('index names of a service (ST-1): the same rule as the collector’s hygiene processor', () => {
  test.each(cases.cases)('$why → $expected', ({ input, expected }) => {
    expect(indexSafeServiceName(input)).toBe(expected);
  });

  test('every case gives valid index names for every class, up to the rolled-over ones', () => {
    for (const { input } of cases.cases) {
      for (const cls of ['logs', 'errors', 'audit', 'traces'] as const) {
        expect([writeAlias(input, cls), validIndexName(writeAlias(input, cls))]).toEqual([writeAlias(input, cls), true]);
        expect(validIndexName(firstIndex(input, cls).replace(/000001$/, '999999'))).toBe(true);
      }
    }
  });

  test('a missing name and the fallback itself', () => {
    expect(indexSafeServiceName(undefined)).toBe(unknownService);
    expect(indexSafeServiceName(unknownService)).toBe(unknownService);
    expect(indexSafeServiceName('x'.repeat(maxServiceNameChars))).toHaveLength(maxServiceNameChars);
  });
});
