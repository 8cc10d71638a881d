import { join } from 'node:path';
import { FixtureProcess, httpRequest, STACK_FRAME } from '../../../test/support/fixture-process';
import { freePort } from '../../../test/support/free-port';

const REPO = join(__dirname, '..', '..', '..');
const PROBE = join(__dirname, 'fixtures', 'propagation-probe.js');
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING = { traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`, baggage: 'order.id=ORD-7' };

interface ProbeAnswer {
  outgoing: { traceparent: string | null; baggage: string | null };
  loaded: string[];
}

/**
 * The SDK set up by the distribution itself (no NodeSDK): context, propagators
 * and sampler from the standard variables, and nothing loaded that it does not use.
 */
describe('SDK set-up: propagators, sampler, what is loaded', () => {
  let service: FixtureProcess | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  async function call(extraEnv: NodeJS.ProcessEnv = {}): Promise<ProbeAnswer> {
    service = new FixtureProcess(
      ['--require', '@jewelry/otel', PROBE],
      {
        OTEL_SERVICE_NAME: 'shop-api',
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '60000',
        ...extraEnv,
      },
      REPO,
    );
    const answer = await httpRequest(await service.port(), 'GET', '/call', undefined, INCOMING);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.body) as ProbeAnswer;
  }

  test('default: W3C trace context and baggage go through the service; no SDK package is loaded from node_modules', async () => {
    const { outgoing, loaded } = await call();
    expect(outgoing.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(outgoing.traceparent).not.toContain('00f067aa0ba902b7'); // the client span is the parent now
    expect(outgoing.baggage).toBe('order.id=ORD-7');
    // The SDK is in the distribution's bundle (bundle.test.ts checks what it leaves out); the console exporter too.
    expect(loaded).toEqual([]);
    expect(service!.stderr).not.toMatch(/@jewelry\/otel warn/);
  });

  test('OTEL_PROPAGATORS=none: nothing is injected', async () => {
    const { outgoing } = await call({ OTEL_PROPAGATORS: 'none' });
    expect(outgoing).toEqual({ traceparent: null, baggage: null });
  });

  test('OTEL_PROPAGATORS=tracecontext: no baggage header', async () => {
    const { outgoing } = await call({ OTEL_PROPAGATORS: 'tracecontext' });
    expect(outgoing.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-`));
    expect(outgoing.baggage).toBeNull();
  });

  test('OTEL_PROPAGATORS with an unsupported value: one warning line, the rest applies', async () => {
    const { outgoing } = await call({ OTEL_PROPAGATORS: 'b3,tracecontext' });
    expect(outgoing.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-`));
    expect(outgoing.baggage).toBeNull();
    const warnings = service!.stderr.split('\n').filter((l) => l.startsWith('@jewelry/otel warn:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('OTEL_PROPAGATORS');
    expect(warnings[0]).toContain('b3');
  });

  test('an SDK error (metrics export to a collector that is down) is one readable line, without its stack', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    await call({
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: dead,
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      OTEL_METRIC_EXPORT_TIMEOUT: '900',
      OTEL_EXPORTER_OTLP_METRICS_TIMEOUT: '300',
    });
    await service!.waitForStderr(/@opentelemetry error: .*metrics export failed/);
    const errors = service!.stderr.split('\n').filter((l) => l.startsWith('@opentelemetry error:'));
    expect(errors[0]).toMatch(/^@opentelemetry error: PeriodicExportingMetricReader: metrics export failed \(.*ECONNREFUSED.*\)$/);
    expect(service!.stderr).not.toContain('"stack"');
    expect(service!.stderr).not.toMatch(STACK_FRAME);
  });

  test('OTEL_TRACES_SAMPLER=always_off: the trace continues unsampled even under a sampled parent', async () => {
    const { outgoing } = await call({ OTEL_TRACES_SAMPLER: 'always_off' });
    expect(outgoing.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
  });
});
