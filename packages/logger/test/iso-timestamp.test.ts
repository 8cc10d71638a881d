import { isoTimestamp } from '../src/iso-timestamp';

describe('isoTimestamp: what new Date().toISOString() writes', () => {
  test('every millisecond of seconds around now, past midnight, a leap day and the year 2000', () => {
    const starts = [Date.now(), Date.UTC(2026, 11, 31, 23, 59, 58), Date.UTC(2028, 1, 29, 12, 0, 0), Date.UTC(2000, 0, 1)];
    for (const start of starts) {
      for (let t = start - 1500; t < start + 1500; t += 1) expect(isoTimestamp(t)).toBe(new Date(t).toISOString());
      // Back in time (a clock set back) as well as forward.
      expect(isoTimestamp(start - 86_400_000)).toBe(new Date(start - 86_400_000).toISOString());
    }
  });

  test('now by default', () => {
    const before = Date.now();
    const stamp = Date.parse(isoTimestamp());
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});
