// The one duration grammar (durations.ts): what `--older-than`, `--since`,
// `--schedule`, the retention variables and the alert windows accept, and
// how durations are printed back.
import { formatAge, formatDurationSetting, parseDuration, tryParseDuration, UsageError, type DurationUnit } from '@jewelry/ops-kit';

const DAY = 86_400_000;
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
/** The retention settings' use of the grammar: undefined instead of a UsageError, a bare number in the setting's unit. */
const parseRetentionDuration = (text: string, bareUnit?: DurationUnit): number | undefined =>
  tryParseDuration(text, bareUnit ? { bareUnit } : {});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['45m', 45 * 60_000],
    ['7d', 7 * DAY],
    ['24h', DAY],
    ['2w', 14 * DAY],
    ['1d12h', 1.5 * DAY],
    ['1.5h', 90 * 60_000],
    ['500ms', 500],
    [' 7D ', 7 * DAY],
    // One grammar for every duration (issue 14): spaces around and between parts are fine, as formatAge prints them.
    ['7 d', 7 * DAY],
    ['8d 3h', 8 * DAY + 3 * 3_600_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '7', 'd', '7x', '-1d', '0s', '7d extra', '1y'])('refuses %p with a UsageError that shows the forms', (text) => {
    expect(() => parseDuration(text, '--older-than')).toThrow(UsageError);
    expect(() => parseDuration(text, '--older-than')).toThrow(/--older-than/);
  });

  it('formats ages with the two largest units and settings exactly', () => {
    expect(formatAge(8 * DAY + 3 * 3_600_000 + 5 * 60_000)).toBe('8d 3h');
    expect(formatAge(8 * DAY + 5 * 60_000)).toBe('8d');
    expect(formatAge(45 * 60_000 + 10_000)).toBe('45m 10s');
    expect(formatAge(12_000)).toBe('12s');
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(-5)).toBe('0s');
    expect(formatDurationSetting(7 * DAY)).toBe('1w');
    expect(formatDurationSetting(3 * DAY)).toBe('3d');
    expect(formatDurationSetting(90 * 60_000)).toBe('90m');
    expect(formatDurationSetting(1500)).toBe('1500ms');
  });
});

describe('parseRetentionDuration', () => {
  it.each([
    ['30s', 30 * S],
    ['10m', 10 * M],
    ['1h', H],
    ['1.5h', 1.5 * H],
    ['180d', 180 * D],
    ['2w', 14 * D],
    ['250ms', 250],
    [' 12 H ', 12 * H],
    // One grammar for every duration (issue 14): the retention settings take compound durations too.
    ['1d2h', 26 * H],
  ])('%s', (text, ms) => expect(parseRetentionDuration(text)).toBe(ms));

  it('a bare number takes the unit its setting names (days for the _DAYS variables), and is refused without one', () => {
    expect(parseRetentionDuration('90', 'd')).toBe(90 * D);
    expect(parseRetentionDuration('90')).toBeUndefined();
  });

  it.each(['', '0s', '0', '-1d', '1y', 'd', '1 day', 'abc'])('refuses %p', (text) => {
    expect(parseRetentionDuration(text, 'd')).toBeUndefined();
  });
});
