/**
 * A protobuf writer for the OTLP encoders of this folder: one pass into one
 * scratch buffer that is kept between requests. The serializer of
 * @opentelemetry/otlp-transformer walks every batch twice (a size estimate,
 * then the write), loops over every string in JavaScript up to three times and
 * allocates a Uint8Array per id and per non-ASCII string; in issue 16's
 * profile that was the largest single layer the distribution added to a
 * request. Here a nested message reserves one byte for its length and moves
 * its content only when it is 128 bytes or longer; short ASCII strings are
 * copied in one loop, longer ones by Node's native UTF-8 encoder.
 */

import { compileFunction } from 'node:vm';

/** Strings up to this length are written by a JavaScript loop; longer ones natively (the call costs more than the loop below it). */
const SHORT_STRING = 48;

export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** The value of each hex digit by its char code (0-9, a-f, A-F; anything else reads as 0). */
const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[97 + i] = HEX_VALUE[65 + i] = 10 + i;

export class ProtoWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Starts a new message in the same scratch buffer. */
  reset(): void {
    this.pos = 0;
  }

  /**
   * A copy of what was written: the transport keeps the request for retries while the scratch
   * buffer is reused. Copied into uninitialised memory (a new Uint8Array is zero-filled first,
   * which with the copy was 9 % of encoding a batch of the Shop API's spans).
   */
  finish(): Uint8Array {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }

  ensure(bytes: number): void {
    const needed = this.pos + bytes;
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** An unsigned varint below 2^32, or any integer as int64 (negative ones as ten bytes, two's complement). */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    if (value >= 0 && value <= 0xffffffff) {
      let v = value >>> 0;
      while (v > 0x7f) {
        buf[this.pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[this.pos++] = v;
      return;
    }
    let low: number;
    let high: number;
    if (value >= 0) {
      low = value >>> 0;
      high = Math.floor(value / 0x100000000) >>> 0;
    } else {
      const abs = -value;
      low = ~(abs >>> 0) >>> 0;
      high = ~(Math.floor(abs / 0x100000000) >>> 0) >>> 0;
      low = (low + 1) >>> 0;
      if (low === 0) high = (high + 1) >>> 0;
    }
    while (high > 0 || low > 0x7f) {
      buf[this.pos++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[this.pos++] = low;
  }

  tag(field: number, wireType: number): void {
    const key = (field << 3) | wireType;
    if (key < 0x80) {
      this.ensure(1);
      this.buf[this.pos++] = key;
    } else {
      this.varint(key);
    }
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string (lone surrogates become U+FFFD, as with TextEncoder). */
  string(text: string): void {
    const length = text.length;
    if (length <= SHORT_STRING) {
      this.ensure(1 + length * 3);
      const buf = this.buf;
      let p = this.pos + 1;
      for (let i = 0; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code > 0x7f) return this.longString(text);
        buf[p++] = code;
      }
      buf[this.pos] = length;
      this.pos = p;
      return;
    }
    this.longString(text);
  }

  private longString(text: string): void {
    const most = text.length * 3;
    const reserved = varintSize(most);
    this.ensure(reserved + most);
    const written = this.buf.write(text, this.pos + reserved, 'utf8');
    const needed = varintSize(written);
    if (needed < reserved) this.buf.copyWithin(this.pos + needed, this.pos + reserved, this.pos + reserved + written);
    this.lengthAt(this.pos, written);
    this.pos += needed + written;
  }

  bytes(value: Uint8Array): void {
    this.varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A hex id (trace or span id) as its bytes, without an intermediate array. */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.varint(length);
    this.ensure(length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < 2 * length; i += 2)
      buf[p++] = (HEX_VALUE[hex.charCodeAt(i) & 0x7f]! << 4) | HEX_VALUE[hex.charCodeAt(i + 1) & 0x7f]!;
    this.pos = p;
  }

  /** A nested message under `field`: its tag, then what `write` puts in it, then its length. */
  message<T>(field: number, value: T, write: (w: ProtoWriter, value: T) => void): void {
    this.tag(field, 2);
    const at = this.begin();
    write(this, value);
    this.end(at);
  }

  /** Opens a nested message: one byte is kept for its length; returns where. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Closes the message opened at `start`, moving its content when the length needs more than one byte. */
  end(start: number): void {
    const length = this.pos - start - 1;
    if (length < 0x80) {
      this.buf[start] = length;
      return;
    }
    const size = varintSize(length);
    this.ensure(size - 1);
    this.buf.copyWithin(start + size, start + 1, this.pos);
    this.pos += size - 1;
    this.lengthAt(start, length);
  }

  private lengthAt(at: number, length: number): void {
    const buf = this.buf;
    let v = length;
    while (v > 0x7f) {
      buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[at] = v;
  }
}

/**
 * A writer for one signal, of its own copy of the class: V8 keeps type
 * feedback per compiled function, and with one class for spans and logs
 * what the log records hold made the span encoding's optimised code generic.
 * In the realistic bench's live process a batch of spans took 16.2 µs per
 * order to encode with the shared class and 8.0 with a class of its own, on
 * the same batch (issue 16; logs unchanged). The copy is compiled from the
 * class's own source (node:vm: --disallow-code-generation-from-strings does
 * not stop it; a function, not a vm.Script, which on Node 24 leaves an idle
 * process with a full GC every second under load, see load-bundle.ts) with
 * the module values it reads; should that throw (a
 * bundler renamed those values) or the copy write other bytes than the class
 * on a probe message, the shared class is used.
 */
export function writerOfItsOwn(signal: string): ProtoWriter {
  try {
    const compile = compileFunction(`'use strict'; return ${ProtoWriter.toString()};`, ['varintSize', 'HEX_VALUE', 'SHORT_STRING'], {
      filename: `${__filename}#${signal}`,
    }) as (size: typeof varintSize, hex: Uint8Array, short: number) => typeof ProtoWriter;
    const Copy = compile(varintSize, HEX_VALUE, SHORT_STRING);
    if (Buffer.compare(probe(new Copy(256)), probe(new ProtoWriter(256))) === 0) return new Copy();
  } catch {
    // The shared class below.
  }
  return new ProtoWriter();
}

/** Every method once, with a message long enough to move and a string long and non-ASCII enough for the native path. */
function probe(w: ProtoWriter): Uint8Array {
  w.tag(1, 2);
  const at = w.begin();
  w.string('ascii');
  w.string('Анна Иванова, ул. Ленина, д. 5 — '.repeat(8));
  w.hexBytes('0af7651916cd43dd8448eb211c80319c');
  w.varint(-1);
  w.varint(2 ** 40);
  w.fixed32(7);
  w.fixed64(1, 2);
  w.double(0.5);
  w.bytes(new Uint8Array([1, 2, 3]));
  w.message(2, 'x', (inner, text) => inner.string(text));
  w.end(at);
  return w.finish();
}
