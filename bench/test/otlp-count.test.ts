// The sink's item counter against bodies the real OTLP serializers produce.
import { LoggerProvider, InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { countOtlpItems } from '../dist/overhead/otlp-count';

describe('countOtlpItems', () => {
  it('counts the spans of an ExportTraceServiceRequest across scopes', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    for (const [scope, n] of [
      ['http', 3],
      ['express', 2],
    ] as const) {
      const tracer = provider.getTracer(scope);
      for (let i = 0; i < n; i++) tracer.startSpan(`span ${i}`, { attributes: { 'http.route': '/orders', big: 'x'.repeat(300) } }).end();
    }
    const body = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans());
    expect(body).toBeDefined();
    expect(countOtlpItems(body!)).toBe(5);
  });

  it('counts the log records of an ExportLogsServiceRequest', () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
    const logger = provider.getLogger('winston');
    for (let i = 0; i < 4; i++) logger.emit({ body: 'order created', attributes: { 'order.id': `ORD-${i}`, 'order.items': ['a', 'b'] } });
    const body = ProtobufLogsSerializer.serializeRequest(exporter.getFinishedLogRecords());
    expect(countOtlpItems(body!)).toBe(4);
  });

  it('counts nothing in an empty request and refuses a body that is not protobuf', () => {
    expect(countOtlpItems(new Uint8Array())).toBe(0);
    expect(() => countOtlpItems(Buffer.from('{"resourceSpans":[{"scopeSpans":[]}]}'))).toThrow();
  });
});
