import { logRecordLimitsFromEnv, propagatorsFromEnv, samplerFromEnv, sdkMetricsEnabled, spanLimitsFromEnv } from '../src/sdk/sdk-env';

function collect(): { warn: (m: string) => void; warnings: string[] } {
  const warnings: string[] = [];
  return { warn: (m) => warnings.push(m), warnings };
}

describe('OTEL_PROPAGATORS', () => {
  test.each([
    [undefined, ['tracecontext', 'baggage']],
    ['', ['tracecontext', 'baggage']],
    ['tracecontext', ['tracecontext']],
    ['baggage', ['baggage']],
    [' Baggage , tracecontext,baggage ', ['baggage', 'tracecontext']],
    ['none', []],
    ['tracecontext,none', []],
  ])('%j → %j, no warning', (value, expected) => {
    const { warn, warnings } = collect();
    expect(propagatorsFromEnv({ OTEL_PROPAGATORS: value }, warn)).toEqual(expected);
    expect(warnings).toEqual([]);
  });

  test('unsupported values are named in one warning and ignored', () => {
    const { warn, warnings } = collect();
    expect(propagatorsFromEnv({ OTEL_PROPAGATORS: 'b3,tracecontext,jaeger' }, warn)).toEqual(['tracecontext']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('b3, jaeger');
    expect(warnings[0]).toContain('using tracecontext');
  });

  test('nothing usable left: the default, said in the warning', () => {
    const { warn, warnings } = collect();
    expect(propagatorsFromEnv({ OTEL_PROPAGATORS: 'b3multi,xray' }, warn)).toEqual(['tracecontext', 'baggage']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('using tracecontext,baggage');
  });
});

describe('OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG', () => {
  const sampler = (env: NodeJS.ProcessEnv) => {
    const { warn, warnings } = collect();
    return { text: samplerFromEnv(env, warn)?.toString(), warnings };
  };

  test('unset leaves the provider default (parentbased_always_on)', () => {
    expect(sampler({})).toEqual({ text: undefined, warnings: [] });
  });

  test.each([
    ['always_on', 'AlwaysOnSampler'],
    ['always_off', 'AlwaysOffSampler'],
    ['parentbased_always_on', 'ParentBased{root=AlwaysOnSampler'],
    ['parentbased_always_off', 'ParentBased{root=AlwaysOffSampler'],
  ])('%s', (name, text) => {
    const s = sampler({ OTEL_TRACES_SAMPLER: name });
    expect(s.text).toContain(text);
    expect(s.warnings).toEqual([]);
  });

  test('ratio samplers take the argument', () => {
    expect(sampler({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).text).toBe('TraceIdRatioBased{0.25}');
    expect(sampler({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }).text).toContain(
      'root=TraceIdRatioBased{0.1}',
    );
    expect(sampler({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toEqual({ text: 'TraceIdRatioBased{1}', warnings: [] });
  });

  test('a bad ratio is reported and 1 is used', () => {
    for (const arg of ['1.5', '-0.1', 'half']) {
      const s = sampler({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: arg });
      expect(s.text).toBe('TraceIdRatioBased{1}');
      expect(s.warnings).toHaveLength(1);
      expect(s.warnings[0]).toContain(arg);
    }
  });

  test('an unknown sampler is reported and the default stays', () => {
    const s = sampler({ OTEL_TRACES_SAMPLER: 'jaeger_remote' });
    expect(s.text).toBeUndefined();
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0]).toContain('jaeger_remote');
  });
});

describe('span and log record limits', () => {
  test('unset: nothing, so the providers keep their defaults', () => {
    const { warn, warnings } = collect();
    expect(spanLimitsFromEnv({}, warn)).toEqual({});
    expect(logRecordLimitsFromEnv({}, warn)).toEqual({});
    expect(warnings).toEqual([]);
  });

  test('specific variables win over the general ones', () => {
    const { warn } = collect();
    const env = {
      OTEL_ATTRIBUTE_COUNT_LIMIT: '64',
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '4096',
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: '200',
      OTEL_SPAN_EVENT_COUNT_LIMIT: '10',
      OTEL_SPAN_LINK_COUNT_LIMIT: '5',
      OTEL_SPAN_ATTRIBUTE_PER_EVENT_COUNT_LIMIT: '7',
      OTEL_SPAN_ATTRIBUTE_PER_LINK_COUNT_LIMIT: '8',
      OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1024',
    };
    expect(spanLimitsFromEnv(env, warn)).toEqual({
      attributeCountLimit: 200,
      attributeValueLengthLimit: 4096,
      eventCountLimit: 10,
      linkCountLimit: 5,
      attributePerEventCountLimit: 7,
      attributePerLinkCountLimit: 8,
    });
    expect(logRecordLimitsFromEnv(env, warn)).toEqual({ attributeCountLimit: 64, attributeValueLengthLimit: 1024 });
  });

  test('a bad value is reported and the next variable (or the default) applies', () => {
    const { warn, warnings } = collect();
    expect(
      spanLimitsFromEnv(
        { OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'many', OTEL_ATTRIBUTE_COUNT_LIMIT: '32', OTEL_SPAN_EVENT_COUNT_LIMIT: '-1' },
        warn,
      ),
    ).toEqual({
      attributeCountLimit: 32,
    });
    expect(warnings).toHaveLength(2);
  });
});

test('OTEL_NODE_EXPERIMENTAL_SDK_METRICS opts in to the SDK metrics', () => {
  expect(sdkMetricsEnabled({})).toBe(false);
  expect(sdkMetricsEnabled({ OTEL_NODE_EXPERIMENTAL_SDK_METRICS: 'true' })).toBe(true);
});
