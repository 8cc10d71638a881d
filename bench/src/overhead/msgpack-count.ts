/**
 * Counts the spans in a Datadog agent trace payload (`PUT /v0.4/traces`):
 * a MessagePack array of traces, each an array of spans (maps). Like
 * otlp-count.ts it decodes no span: it reads the two array headers and
 * skips every span whole, so a malformed body throws instead of being
 * miscounted.
 */

/** [count, position after the header] of an array header at `pos`, or throws. */
function arrayHeader(buf: Uint8Array, pos: number): [number, number] {
  const b = byteAt(buf, pos);
  if (b >= 0x90 && b <= 0x9f) return [b & 0x0f, pos + 1];
  if (b === 0xdc) return [uint(buf, pos + 1, 2), pos + 3];
  if (b === 0xdd) return [uint(buf, pos + 1, 4), pos + 5];
  throw new Error(`expected a MessagePack array at ${pos}, found 0x${b.toString(16)}`);
}

function byteAt(buf: Uint8Array, pos: number): number {
  if (pos >= buf.length) throw new Error('truncated MessagePack body');
  return buf[pos]!;
}

function uint(buf: Uint8Array, pos: number, bytes: number): number {
  let value = 0;
  for (let i = 0; i < bytes; i++) value = value * 256 + byteAt(buf, pos + i);
  return value;
}

/** Position after the value at `pos`. */
function skip(buf: Uint8Array, pos: number): number {
  const b = byteAt(buf, pos);
  if (b <= 0x7f || b >= 0xe0) return pos + 1; // fixint
  if (b >= 0x80 && b <= 0x8f) return skipItems(buf, pos + 1, (b & 0x0f) * 2); // fixmap
  if (b >= 0x90 && b <= 0x9f) return skipItems(buf, pos + 1, b & 0x0f); // fixarray
  if (b >= 0xa0 && b <= 0xbf) return pos + 1 + (b & 0x1f); // fixstr
  switch (b) {
    case 0xc0: // nil
    case 0xc2: // false
    case 0xc3: // true
      return pos + 1;
    case 0xc4: // bin 8
    case 0xd9: // str 8
      return pos + 2 + uint(buf, pos + 1, 1);
    case 0xc5: // bin 16
    case 0xda: // str 16
      return pos + 3 + uint(buf, pos + 1, 2);
    case 0xc6: // bin 32
    case 0xdb: // str 32
      return pos + 5 + uint(buf, pos + 1, 4);
    case 0xc7: // ext 8: length, type, data
      return pos + 3 + uint(buf, pos + 1, 1);
    case 0xc8:
      return pos + 4 + uint(buf, pos + 1, 2);
    case 0xc9:
      return pos + 6 + uint(buf, pos + 1, 4);
    case 0xca: // float 32
      return pos + 5;
    case 0xcb: // float 64
      return pos + 9;
    case 0xcc: // uint 8 … int 64
    case 0xd0:
      return pos + 2;
    case 0xcd:
    case 0xd1:
      return pos + 3;
    case 0xce:
    case 0xd2:
      return pos + 5;
    case 0xcf:
    case 0xd3:
      return pos + 9;
    case 0xd4: // fixext 1, 2, 4, 8, 16: type byte + data
      return pos + 3;
    case 0xd5:
      return pos + 4;
    case 0xd6:
      return pos + 6;
    case 0xd7:
      return pos + 10;
    case 0xd8:
      return pos + 18;
    case 0xdc:
      return skipItems(buf, pos + 3, uint(buf, pos + 1, 2));
    case 0xdd:
      return skipItems(buf, pos + 5, uint(buf, pos + 1, 4));
    case 0xde:
      return skipItems(buf, pos + 3, uint(buf, pos + 1, 2) * 2);
    case 0xdf:
      return skipItems(buf, pos + 5, uint(buf, pos + 1, 4) * 2);
    default:
      throw new Error(`unknown MessagePack type 0x${b.toString(16)} at ${pos}`);
  }
}

function skipItems(buf: Uint8Array, pos: number, count: number): number {
  let p = pos;
  for (let i = 0; i < count; i++) p = skip(buf, p);
  return p;
}

/** Spans in a v0.4 trace payload; throws on a body that is not one. */
export function countDatadogSpans(body: Uint8Array): number {
  const [traces, first] = arrayHeader(body, 0);
  let pos = first;
  let spans = 0;
  for (let t = 0; t < traces; t++) {
    const [n, start] = arrayHeader(body, pos);
    spans += n;
    pos = skipItems(body, start, n);
  }
  if (pos > body.length) throw new Error('truncated MessagePack body');
  if (pos !== body.length) throw new Error(`${body.length - pos} byte(s) after the traces`);
  return spans;
}
