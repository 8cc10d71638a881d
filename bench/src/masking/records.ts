// The two kinds of log records the masking section sends: what our logger
// writes (already masked at the source, nothing personal, schema fields) and
// what another client sends (every record full of personal data), each in
// requests of `batch` records as an SDK batches them.
import { randomBytes } from 'node:crypto';
import { encodeLogsRequest, type LogRecordInput } from './otlp-protobuf';

export type RecordShape = 'logger' | 'personal';
export const SHAPES: readonly RecordShape[] = ['logger', 'personal'];

/** A resource as @jewelry/otel's SDK describes a service (host, process, runtime, SDK). */
const RESOURCE = {
  'service.name': 'mes-api',
  'service.version': '1.4.2',
  'service.instance.id': '7c1e5a0e-2b5f-4a57-9d3e-0f5b2a9c8e11',
  'deployment.environment.name': 'production',
  'host.name': 'mes-api-7f9c4',
  'host.arch': 'amd64',
  'os.type': 'linux',
  'process.pid': 4242,
  'process.executable.name': 'node',
  'process.command': '/srv/mes-api/dist/server.js',
  'process.runtime.name': 'nodejs',
  'process.runtime.version': '20.20.2',
  'telemetry.sdk.language': 'nodejs',
  'telemetry.sdk.name': 'opentelemetry',
  'telemetry.sdk.version': '2.2.0',
  'telemetry.distro.name': '@jewelry/otel',
};

function record(shape: RecordShape, orderId: string, i: number): LogRecordInput {
  const attributes: Record<string, string | number> = {
    'event.name': 'price.calculation_finished',
    'order.id': orderId,
    'customer.id': `cus_${1000 + (i % 500)}`,
    'file.id': '550e8400-e29b-41d4-a716-446655440000',
    'file.extension': 'stl',
    'file.size': 57684,
    'order.currency': 'RUB',
    'order.price': 52212.5,
    'event.outcome': 'success',
    'event.start': '2026-03-15T10:20:30.123Z',
    'event.end': '2026-03-15T10:20:30.428Z',
    'event.duration': 305206762,
    'log.logger': 'mes-api',
  };
  let body = `price calculation finished for ${orderId}`;
  if (shape === 'personal') {
    Object.assign(attributes, {
      'customer.email': 'anna+orders@mail.ru',
      'customer.phone': '+7 (916) 123-45-67',
      customerName: 'Анна Смирнова',
      shipping_address: 'ул. Тверская, д. 7, кв. 12, Москва, 125009',
      'url.query': `password=S3cr3t!Pass&token=670b6138b807f9c00e48e870ae21fe4a40af6ef7297d4fd5&page=${i % 7}`,
      note: 'Позвонить по номеру 8 916 123 45 67, e-mail o.sidorova_1985@yandex.ru',
      'card.holder': 'ANNA SMIRNOVA',
    });
    body =
      `Payment for ${orderId} by ivan.petrov@example.com with card 4111 1111 1111 1111 declined; ` +
      "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl; call John O'Connor at +44 20 7946 0958";
  }
  return {
    timeUnixNano: BigInt(Date.now()) * 1_000_000n,
    severityNumber: 9,
    severityText: 'INFO',
    body,
    attributes,
    traceId: randomBytes(16),
    spanId: randomBytes(8),
  };
}

/** `records` log records with order ids `<run>-<n>`, encoded as OTLP/protobuf requests of `batch` records. */
export function requests(shape: RecordShape, run: string, records: number, batch: number): Buffer[] {
  const out: Buffer[] = [];
  for (let start = 0; start < records; start += batch) {
    const list: LogRecordInput[] = [];
    for (let i = start; i < Math.min(records, start + batch); i++) list.push(record(shape, `${run}-${i}`, i));
    out.push(encodeLogsRequest(RESOURCE, '@jewelry/logger', list));
  }
  return out;
}
