// Long steps shown while they run (issue 13): the text of a step, the board
// that tracks them, the status line on a terminal and off it, and the
// timings that make the next estimate.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivityBoard, describeActivity, describeAmount, lastTiming, recordTiming, StatusLine, type Activity } from '@jewelry/ops-kit';

const t0 = 1_000_000;
const activity = (over: Partial<Activity> = {}): Activity => ({
  id: 1,
  label: 'building the collector jewelry-otelcol',
  startedAt: t0,
  ...over,
});
describe('describeActivity', () => {
  test('elapsed time only, when nothing is known', () => {
    expect(describeActivity(activity(), t0 + 130_000)).toBe('building the collector jewelry-otelcol: 2m 10s');
  });

  test('the phase and the estimate, and what it is based on', () => {
    const a = activity({ detail: 'compiling', estimateMs: 432_000, estimateSource: 'the last build here' });
    expect(describeActivity(a, t0 + 130_000)).toBe(
      'building the collector jewelry-otelcol: compiling, 2m 10s of about 7m 12s (the last build here)',
    );
  });

  test('past its estimate it says so instead of a negative remainder', () => {
    const a = activity({ estimateMs: 60_000, estimateSource: 'the last build here' });
    expect(describeActivity(a, t0 + 90_000)).toBe(
      'building the collector jewelry-otelcol: 1m 30s (longer than the 1m of the last build here)',
    );
  });

  test('a download of known size: bytes and percent', () => {
    const a = activity({ label: 'downloading Elasticsearch 8.19.21', detail: describeAmount(53_435_977, 106_871_955), fraction: 0.5 });
    expect(describeActivity(a, t0 + 4000)).toBe('downloading Elasticsearch 8.19.21: 51mb of 101.9mb, 50 %, 4s');
    expect(describeAmount(1024)).toBe('1kb');
  });
});

describe('StatusLine', () => {
  const sink = () => {
    const written: string[] = [];
    return { written, write: (text: string) => void written.push(text) };
  };

  test('on a terminal: one line rewritten in place, erased before a line that stays', () => {
    const out = sink();
    const line = new StatusLine({ write: out.write, tty: true, prefix: '> ' });
    line.activities([activity()], t0 + 1000);
    line.activities([activity()], t0 + 2000);
    line.line('collector up');
    expect(out.written).toEqual([
      '\r\x1b[2K> building the collector jewelry-otelcol: 1s',
      '\r\x1b[2K> building the collector jewelry-otelcol: 2s',
      '\r\x1b[2K',
      '> collector up\n',
    ]);
  });

  test('steps running side by side share the line', () => {
    const out = sink();
    const line = new StatusLine({ write: out.write, tty: true });
    line.activities([activity(), activity({ id: 2, label: 'downloading Elasticsearch 8.19.21', startedAt: t0 + 1000 })], t0 + 3000);
    expect(out.written[0]).toBe('\r\x1b[2Kbuilding the collector jewelry-otelcol: 3s · downloading Elasticsearch 8.19.21: 2s');
  });

  test('a long status is cut to the terminal width', () => {
    const out = sink();
    new StatusLine({ write: out.write, tty: true, columns: () => 20 }).status('x'.repeat(50));
    expect(out.written[0]).toBe(`\r\x1b[2K${'x'.repeat(18)}…`);
  });

  test('not a terminal: a line when a step starts, then one per period, nothing in between', () => {
    const out = sink();
    const line = new StatusLine({ write: out.write, tty: false, periodMs: 30_000 });
    for (let s = 0; s <= 65; s += 1) line.activities([activity()], t0 + s * 1000);
    expect(out.written).toEqual([
      'building the collector jewelry-otelcol: 0s\n',
      'still running: building the collector jewelry-otelcol: 30s\n',
      'still running: building the collector jewelry-otelcol: 1m\n',
    ]);
    // A second step starting is said at once.
    line.activities([activity(), activity({ id: 2, label: 'installing prometheus with apt-get', startedAt: t0 + 66_000 })], t0 + 66_000);
    expect(out.written.at(-1)).toBe('building the collector jewelry-otelcol: 1m 6s · installing prometheus with apt-get: 0s\n');
    line.activities([], t0 + 67_000);
    expect(out.written).toHaveLength(4);
  });

  test('JEWELRY_PROGRESS_INTERVAL sets the period', () => {
    const { progressIntervalMs } = jest.requireActual<typeof import('../src/progress/status-line')>('../src/progress/status-line');
    expect(progressIntervalMs({})).toBe(30_000);
    expect(progressIntervalMs({ JEWELRY_PROGRESS_INTERVAL: '5s' })).toBe(5000);
    expect(() => progressIntervalMs({ JEWELRY_PROGRESS_INTERVAL: 'often' })).toThrow(/JEWELRY_PROGRESS_INTERVAL/);
  });
});

describe('ActivityBoard', () => {
  test('tells its listener on start, update and end, and ticks while a step runs', async () => {
    const seen: string[][] = [];
    const board = new ActivityBoard((active) => seen.push(active.map((a) => `${a.label}${a.detail ? ` (${a.detail})` : ''}`)), 20);
    const step = board.start('building', { estimateMs: 1000, detail: 'generating' });
    step.update('compiling');
    await new Promise((r) => setTimeout(r, 70));
    step.end();
    step.end();
    expect(seen[0]).toEqual(['building (generating)']);
    expect(seen[1]).toEqual(['building (compiling)']);
    // At least two ticks of 20 ms in 70 ms, then the end: an empty list, said once.
    expect(seen.filter((s) => s[0] === 'building (compiling)').length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toEqual([]);
    expect(seen.filter((s) => s.length === 0)).toHaveLength(1);
    expect(board.list()).toEqual([]);
  });
});

describe('step timings (the next estimate)', () => {
  test('recorded in <cache>/timings.json, read back; no file or a broken one is no estimate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jewelry-timings-'));
    try {
      expect(lastTiming(dir, 'collector-build')).toBeUndefined();
      recordTiming(dir, 'collector-build', 432_123.4);
      recordTiming(dir, 'versitygw-build', 61_000);
      expect(lastTiming(dir, 'collector-build')).toBe(432_123);
      expect(lastTiming(dir, 'versitygw-build')).toBe(61_000);
      expect(JSON.parse(readFileSync(join(dir, 'timings.json'), 'utf8'))['collector-build'].at).toMatch(/^\d{4}-/);
      writeFileSync(join(dir, 'timings.json'), '{broken');
      expect(lastTiming(dir, 'collector-build')).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
