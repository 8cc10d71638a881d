// Just enough of OTLP's protobuf encoding to send log records as the SDKs do
// (ExportLogsServiceRequest, opentelemetry-proto v1): strings, ints and
// doubles as attribute values, string bodies, trace context.

type Scalar = string | number;

const varint = (n: bigint): Buffer => {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
};
const tag = (field: number, wire: number): Buffer => varint(BigInt((field << 3) | wire));
const bytes = (field: number, b: Buffer): Buffer => Buffer.concat([tag(field, 2), varint(BigInt(b.length)), b]);
const str = (field: number, s: string): Buffer => bytes(field, Buffer.from(s, 'utf8'));
const fixed64 = (field: number, n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return Buffer.concat([tag(field, 1), b]);
};
const double = (field: number, x: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return Buffer.concat([tag(field, 1), b]);
};

/** AnyValue: string_value 1, int_value 3, double_value 4. */
const anyValue = (v: Scalar): Buffer =>
  typeof v === 'string' ? str(1, v) : Number.isInteger(v) ? Buffer.concat([tag(3, 0), varint(BigInt(v))]) : double(4, v);
/** KeyValue: key 1, value 2. */
const keyValues = (field: number, attrs: Record<string, Scalar>): Buffer[] =>
  Object.entries(attrs).map(([k, v]) => bytes(field, Buffer.concat([str(1, k), bytes(2, anyValue(v))])));

export interface LogRecordInput {
  timeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: string;
  attributes: Record<string, Scalar>;
  traceId: Buffer;
  spanId: Buffer;
}

/** ExportLogsServiceRequest with one resource and one scope. */
export function encodeLogsRequest(resource: Record<string, Scalar>, scopeName: string, records: readonly LogRecordInput[]): Buffer {
  // LogRecord: time 1, severity_number 2, severity_text 3, body 5, attributes 6, trace_id 9, span_id 10, observed_time 11.
  const logRecords = records.map((r) =>
    bytes(
      2,
      Buffer.concat([
        fixed64(1, r.timeUnixNano),
        tag(2, 0),
        varint(BigInt(r.severityNumber)),
        str(3, r.severityText),
        bytes(5, str(1, r.body)),
        ...keyValues(6, r.attributes),
        bytes(9, r.traceId),
        bytes(10, r.spanId),
        fixed64(11, r.timeUnixNano),
      ]),
    ),
  );
  // ScopeLogs: scope 1 (InstrumentationScope: name 1), log_records 2.
  const scopeLogs = bytes(2, Buffer.concat([bytes(1, str(1, scopeName)), ...logRecords]));
  // ResourceLogs: resource 1 (Resource: attributes 1), scope_logs 2.
  const resourceLogs = bytes(1, Buffer.concat([bytes(1, Buffer.concat(keyValues(1, resource))), scopeLogs]));
  return resourceLogs;
}
