import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { STACK_FRAME, startOrderService, type FixtureProcess } from '../support/fixture-process';

/**
 * Issue 7, bad input (1): malformed W3C trace context in HTTP requests to a
 * real instrumented service (the order-service fixture under
 * `node --require @jewelry/otel`), exporting to an in-test OTLP receiver —
 * only the SDK side is checked here. Requests are written byte for byte on a
 * socket, so duplicated headers, non-ASCII bytes and control characters reach
 * the server exactly as a broken client would send them.
 */

const SERVER = 2;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
/** A stack frame as Node prints it: `    at fn (file:1:2)` / `    at file:1:2`. */

const traceId = (): string => randomBytes(16).toString('hex');
const spanId = (): string => randomBytes(8).toString('hex');

interface RawAnswer {
  /** 0 when the server reset the connection before any answer could be read. */
  status: number;
  body: string;
}

/**
 * POST /orders with the given header lines (strings are latin1, Buffers go as
 * they are). A server that refuses a request while it is still being written
 * answers and closes; the unread rest makes the close a reset, which may
 * arrive before the answer is read — that is status 0, not an error.
 */
function rawPost(port: number, headerLines: (string | Buffer)[], orderId: string): Promise<RawAnswer> {
  const body = JSON.stringify({ orderId, customerId: 'cus_7007', total: 100, items: [{ sku: 'RING-1', quantity: 1, unitPrice: 100 }] });
  const head = Buffer.from(
    `POST /orders HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`,
    'latin1',
  );
  const lines = headerLines.map((l) => Buffer.concat([typeof l === 'string' ? Buffer.from(l, 'latin1') : l, Buffer.from('\r\n')]));
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (d: Buffer) => chunks.push(d));
    let failure: Error | undefined;
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return;
      failure = err;
    });
    socket.on('close', () => {
      if (failure) return reject(failure);
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.end(Buffer.concat([head, ...lines, Buffer.from(`\r\n${body}`)]));
  });
}

interface Case {
  name: string;
  headers: (string | Buffer)[];
  /** Trace ids the header mentions: the new root must be none of them. */
  mentioned: string[];
}

function rootCases(): Case[] {
  const c = (name: string, headers: (string | Buffer)[], mentioned: string[] = []): Case => ({ name, headers, mentioned });
  const t = traceId();
  const s = spanId();
  const t2 = traceId();
  return [
    c('version ff (forbidden by W3C)', [`traceparent: ff-${t}-${s}-01`], [t]),
    c('version 00 with a fifth field', [`traceparent: 00-${t}-${s}-01-cafe`], [t]),
    c('all-zero trace id', [`traceparent: 00-${ZERO_TRACE}-${s}-01`], [ZERO_TRACE]),
    c('all-zero parent id', [`traceparent: 00-${t}-${ZERO_SPAN}-01`], [t]),
    c('all-zero ids', [`traceparent: 00-${ZERO_TRACE}-${ZERO_SPAN}-00`], [ZERO_TRACE]),
    c('trace id one byte short', [`traceparent: 00-${t.slice(2)}-${s}-01`], [t.slice(2)]),
    c('trace id one byte long', [`traceparent: 00-${t}ab-${s}-01`], [t]),
    c('parent id too short', [`traceparent: 00-${t}-${s.slice(4)}-01`], [t]),
    c('flags of three digits', [`traceparent: 00-${t}-${s}-001`], [t]),
    c('non-hex trace id', [`traceparent: 00-zz${t.slice(2)}-${s}-01`], [t.slice(2)]),
    c('upper-case hex (W3C wants lower case)', [`traceparent: 00-${t.toUpperCase()}-${s.toUpperCase()}-01`], [t]),
    c('non-hex flags', [`traceparent: 00-${t}-${s}-zz`], [t]),
    c('empty value', ['traceparent: '], []),
    c('dashes only', ['traceparent: ---'], []),
    c('plain garbage', ['traceparent: hello world; DROP TABLE orders'], []),
    c(
      'non-ASCII bytes',
      [
        Buffer.concat([
          Buffer.from('traceparent: 00-', 'latin1'),
          Buffer.from('\u00e9\u00ff', 'latin1'),
          Buffer.from(`${t.slice(2)}-${s}-01`, 'latin1'),
        ]),
      ],
      [t.slice(2)],
    ),
    c('two traceparent headers (W3C: invalid)', [`traceparent: 00-${t}-${s}-01`, `traceparent: 00-${t2}-${spanId()}-01`], [t, t2]),
    c('8 kB traceparent (below the server header limit)', [`traceparent: 00-${t}-${s}-01${'-x'.repeat(4096)}`], [t]),
    c('garbage traceparent and tracestate', ['traceparent: nope', `tracestate: ==,,;;${'k'.repeat(4000)}=,a=b=c`], []),
    c('garbage traceparent and baggage', ['traceparent: 00-xyz', 'baggage: %%%,=,a=%ZZ,;;;', 'baggage: k=v;p=%E0%A4%A'], []),
  ];
}

describe('malformed traceparent in HTTP: the service answers and starts a new root trace (TR-2, TR-3, issue 7)', () => {
  let receiver: OtlpReceiver;
  let service: FixtureProcess;
  let port: number;

  beforeAll(async () => {
    receiver = new OtlpReceiver();
    await receiver.start();
    service = startOrderService('shop-api', receiver.endpoint, {
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_METRICS_EXPORTER: 'none',
    });
    port = await service.port();
  });

  afterAll(async () => {
    await service?.stop();
    await receiver?.stop();
  });

  const serverSpan = async (trace: string): Promise<ReceivedSpan | undefined> => {
    await receiver.waitFor(() => receiver.spans.some((s) => s.traceId === trace && s.kind === SERVER), 5000);
    return receiver.spans.find((s) => s.traceId === trace && s.kind === SERVER);
  };

  test('every malformed traceparent: 200, a server span without parent in a fresh, valid, unique trace', async () => {
    const cases = rootCases();
    const answers = await Promise.all(cases.map((c, i) => rawPost(port, c.headers, `ORD-TP-${i}`)));
    const seen = new Set<string>();
    for (const [i, c] of cases.entries()) {
      const answer = answers[i]!;
      expect([c.name, answer.status]).toEqual([c.name, 200]);
      const trace = (JSON.parse(answer.body) as { traceId: string }).traceId;
      expect([c.name, trace]).toEqual([c.name, expect.stringMatching(/^[0-9a-f]{32}$/)]);
      expect([c.name, trace === ZERO_TRACE || c.mentioned.includes(trace) || seen.has(trace)]).toEqual([c.name, false]);
      seen.add(trace);
      const span = await serverSpan(trace);
      expect([c.name, span?.name]).toEqual([c.name, 'POST /orders']);
      expect([c.name, span!.parentSpanId]).toEqual([c.name, '']);
      // The whole request is one trace rooted at the server span: nothing else claims to be its root.
      expect([c.name, receiver.spans.filter((s) => s.traceId === trace && s.parentSpanId === '').length]).toEqual([c.name, 1]);
    }
    // The log records written in those requests carry the new trace ids.
    await receiver.waitFor(
      () => [...seen].every((t) => receiver.logs.some((l) => l.traceId === t && l.attributes['event.name'] === 'order.created')),
      5000,
    );
    expect([...seen].filter((t) => !receiver.logs.some((l) => l.traceId === t && l.attributes['event.name'] === 'order.created'))).toEqual(
      [],
    );
  });

  test("a valid traceparent with a garbage tracestate still continues the caller's trace", async () => {
    // The positive control of the test above: the same request shape with a good traceparent is a child.
    const t = traceId();
    const s = spanId();
    const answer = await rawPost(
      port,
      [`traceparent: 00-${t}-${s}-01`, `tracestate: ,,=,${'z'.repeat(600)},a=b=c,UPPER=x,k=${'v'.repeat(300)}`],
      'ORD-TS-1',
    );
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { traceId: string }).traceId).toBe(t);
    const span = await serverSpan(t);
    expect(span?.parentSpanId).toBe(s);
  });

  test('what Node refuses before the service sees it (64 kB header, control character) is answered 431/400, and the service keeps answering', async () => {
    const t = traceId();
    // Node's default limit for all headers is 16 kB (--max-http-header-size): the request never reaches the app.
    const huge = await rawPost(port, [`traceparent: 00-${t}-${spanId()}-01${'-x'.repeat(32 * 1024)}`], 'ORD-HUGE-1');
    expect([0, 431]).toContain(huge.status);
    const control = await rawPost(
      port,
      [`traceparent: 00-${t}-${spanId()}-01`, Buffer.from('tracestate: a=\u0001\u0002b', 'latin1')],
      'ORD-CTL-1',
    );
    expect(control.status).toBe(400);
    // Neither became a span of the caller's trace.
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.spans.some((s) => s.traceId === t)).toBe(false);

    const after = await rawPost(port, [], 'ORD-AFTER-1');
    expect(after.status).toBe(200);
    expect(await serverSpan((JSON.parse(after.body) as { traceId: string }).traceId)).toBeDefined();
  });

  test('no crash and no stack trace on stderr after all of it', async () => {
    expect(service.child.exitCode).toBeNull();
    expect(service.child.signalCode).toBeNull();
    expect(service.stderr).not.toMatch(STACK_FRAME);
    expect(service.stdout).not.toMatch(/"log\.level":"(error|fatal)"/);
  });
});
