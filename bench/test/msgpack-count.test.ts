// The sink's Datadog span counter, against a body dd-trace 5.132 sent to its agent
// (one trace of 4 spans: the web request, Express middleware, router and handler).
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { countDatadogSpans } from '../dist/overhead/msgpack-count';
import { OtlpSink } from '../dist/overhead/otlp-sink';

const REAL = readFileSync(join(__dirname, 'fixtures', 'dd-trace-5-v04-traces.msgpack'));

/** A v0.4 payload by hand: `traces` arrays of `spans` maps, each {name: "s", n: <int>}; 0xdc/0xdd headers on demand. */
function payload(traces: number[], header: 'fix' | 'array16' | 'array32' = 'fix'): Buffer {
  const arr = (n: number): number[] =>
    header === 'array16' ? [0xdc, n >> 8, n & 0xff] : header === 'array32' ? [0xdd, 0, 0, n >> 8, n & 0xff] : [0x90 | n];
  const bytes = [...arr(traces.length)];
  for (const spans of traces) {
    bytes.push(...arr(spans));
    for (let i = 0; i < spans; i++) bytes.push(0x82, 0xa4, ...Buffer.from('name'), 0xa1, 0x73, 0xa1, 0x6e, 0xcd, 0x01, 0x00);
  }
  return Buffer.from(bytes);
}

describe('countDatadogSpans', () => {
  test('counts the spans of a real dd-trace 5 payload', () => {
    expect(countDatadogSpans(REAL)).toBe(4);
  });

  test.each(['fix', 'array16', 'array32'] as const)('counts across traces (%s array headers)', (header) => {
    expect(countDatadogSpans(payload([3, 1, 2], header))).toBe(6);
    expect(countDatadogSpans(payload([], header))).toBe(0);
  });

  test('refuses what is not a whole v0.4 payload: cut short, bytes after the traces, JSON, OTLP protobuf', () => {
    expect(() => countDatadogSpans(REAL.subarray(0, REAL.length - 3))).toThrow(/truncated/);
    expect(() => countDatadogSpans(Buffer.concat([REAL, Buffer.from([0x01])]))).toThrow(/after the traces/);
    expect(() => countDatadogSpans(Buffer.from('[[{"name":"x"}]]'))).toThrow(/expected a MessagePack array/);
    expect(() => countDatadogSpans(Buffer.from([0x0a, 0x02, 0x12, 0x00]))).toThrow();
  });
});

describe('the sink as the fake Datadog agent', () => {
  const put = (port: number, body: Buffer) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/v0.4/traces', method: 'PUT', headers: { 'content-type': 'application/msgpack' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  test('answers PUT /v0.4/traces as the agent does and counts the spans as traces; a bad body is 400 and counted as malformed', async () => {
    const sink = new OtlpSink();
    await sink.listen();
    try {
      const port = Number(new URL(sink.endpoint).port);
      expect(await put(port, REAL)).toEqual({ status: 200, body: '{"rate_by_service":{}}' });
      expect(sink.snapshot().traces).toEqual({ requests: 1, bytes: REAL.length, items: 4 });
      expect((await put(port, Buffer.from('nope'))).status).toBe(400);
      expect(sink.malformed).toBe(1);
      expect(sink.snapshot().traces.requests).toBe(1);
    } finally {
      await sink.close();
    }
  });
});
