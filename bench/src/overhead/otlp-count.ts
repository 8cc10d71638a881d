/**
 * Counts what one OTLP http/protobuf export request carries without decoding
 * it: spans in an ExportTraceServiceRequest, log records in an
 * ExportLogsServiceRequest, metrics in an ExportMetricsServiceRequest. All
 * three nest the same way — field 1 (resource_*), then field 2 (scope_*),
 * then field 2 (the items) — so only the lengths of those three levels are
 * read and every item is skipped whole.
 */
const ITEM_PATH = [1, 2, 2];

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos++]!;
    // Lengths and tags fit in 32 bits; larger varints are only ever skipped.
    if (shift < 32) value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, pos];
    shift += 7;
  }
}

function countIn(buf: Uint8Array, start: number, end: number, depth: number): number {
  let count = 0;
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const field = Math.floor(tag / 8);
    switch (tag & 7) {
      case 0:
        pos = readVarint(buf, pos)[1];
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2: {
        const [length, contentStart] = readVarint(buf, pos);
        const contentEnd = contentStart + length;
        if (contentEnd > end) throw new Error('truncated message');
        if (field === ITEM_PATH[depth]) {
          count += depth === ITEM_PATH.length - 1 ? 1 : countIn(buf, contentStart, contentEnd, depth + 1);
        }
        pos = contentEnd;
        break;
      }
      default:
        throw new Error(`unsupported wire type ${tag & 7}`);
    }
  }
  return count;
}

/** Spans, log records or metrics in the body; throws on a body that is not protobuf. */
export function countOtlpItems(body: Uint8Array): number {
  return countIn(body, 0, body.length, 0);
}
