// Without a network: the command lines of the read-side commands
// (trace, stuck-orders, report) and their help.
import { parseCommand, runCli } from '@jewelry/cli';

describe('stuck-orders and report command lines', () => {
  it('defaults: 7d, the four final statuses, a list (not a server)', () => {
    expect(parseCommand(['stuck-orders'])).toEqual({
      kind: 'stuck-orders',
      olderThan: '7d',
      finalStatuses: ['confirmed', 'delivered', 'cancelled', 'rejected'],
      json: false,
      intervalMillis: 60_000,
    });
  });

  it('--final takes a comma list (or repeats), lower-cased and deduplicated', () => {
    expect(
      parseCommand(['stuck-orders', '--older-than', '45m', '--final', 'Confirmed,priced', '--final', 'priced', '--json']),
    ).toMatchObject({
      olderThan: '45m',
      finalStatuses: ['confirmed', 'priced'],
      json: true,
    });
  });

  it('--serve with an address, or alone for 127.0.0.1:9464; --interval only with --serve', () => {
    expect(parseCommand(['stuck-orders', '--serve', '127.0.0.1:9999', '--interval', '30s'])).toMatchObject({
      serve: '127.0.0.1:9999',
      intervalMillis: 30_000,
    });
    expect(parseCommand(['stuck-orders', '--serve'])).toMatchObject({ serve: '127.0.0.1:9464' });
    expect(parseCommand(['stuck-orders', '--serve', '--older-than', '1d'])).toMatchObject({ serve: '127.0.0.1:9464', olderThan: '1d' });
    expect(() => parseCommand(['stuck-orders', '--interval', '30s'])).toThrow("'--interval' goes with '--serve'");
    expect(() => parseCommand(['stuck-orders', '--serve', '--json'])).toThrow(/do not go together/);
    expect(() => parseCommand(['stuck-orders', '--serve', 'nowhere'])).toThrow(/not host:port/);
    expect(() => parseCommand(['stuck-orders', '--serve', ':9464', '--interval', '500ms'])).toThrow(/at least 1s/);
  });

  it('wrong durations and arguments are usage errors (exit 2)', async () => {
    expect(() => parseCommand(['stuck-orders', '--older-than', 'week'])).toThrow(/--older-than: 'week' is not a duration/);
    expect(() => parseCommand(['stuck-orders', 'ORD-1'])).toThrow(/takes no arguments/);
    const err: string[] = [];
    expect(await runCli(['stuck-orders', '--older-than', '7'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err[0]).toContain("'7' is not a duration");
    expect(() => parseCommand(['report', '--since', 'yesterday'])).toThrow(/--since: 'yesterday' is not a duration/);
  });

  it('report: defaults, --out, --prometheus URL or --no-prometheus', () => {
    expect(parseCommand(['report'])).toEqual({
      kind: 'report',
      since: '24h',
      outDir: 'reports',
      prometheus: undefined,
      olderThan: '7d',
      finalStatuses: ['confirmed', 'delivered', 'cancelled', 'rejected'],
      json: false,
    });
    expect(parseCommand(['report', '--since', '7d', '--out', '/tmp/r', '--prometheus', 'http://127.0.0.1:9090'])).toMatchObject({
      since: '7d',
      outDir: '/tmp/r',
      prometheus: 'http://127.0.0.1:9090',
    });
    expect(parseCommand(['report', '--no-prometheus'])).toMatchObject({ prometheus: null });
    expect(() => parseCommand(['report', '--prometheus', '127.0.0.1:9090'])).toThrow(/not an http\(s\) URL/);
  });

  it('--help lists both commands', async () => {
    const out: string[] = [];
    await runCli(['--help'], { out: (l) => out.push(l), err: () => undefined });
    expect(out.join('\n')).toMatch(/stuck-orders \[--older-than 7d\]/);
    expect(out.join('\n')).toMatch(/report \[--since 24h\]/);
  });
});

describe('trace command line', () => {
  test('command line: trace <id> [--json]', () => {
    expect(parseCommand(['trace', 'ORD-1'])).toEqual({ kind: 'trace', query: 'ORD-1', json: false });
    expect(parseCommand(['trace', '--json', '351c94e973a599c96ce71054a8848f6f'])).toEqual({
      kind: 'trace',
      query: '351c94e973a599c96ce71054a8848f6f',
      json: true,
    });
    expect(() => parseCommand(['trace'])).toThrow('takes one trace id');
  });
});
