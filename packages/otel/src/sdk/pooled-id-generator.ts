import { randomFillSync } from 'node:crypto';
import type { IdGenerator } from '@opentelemetry/sdk-trace';

/** Random bytes drawn at once: 512 trace ids or 1024 span ids per draw. */
export const ID_POOL_BYTES = 8192;

// The char codes of each byte's two hex digits (lowercase, as W3C trace context writes ids).
const HI = new Uint8Array(256);
const LO = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  HI[b] = '0123456789abcdef'.charCodeAt(b >> 4);
  LO[b] = '0123456789abcdef'.charCodeAt(b & 15);
}

function isZero(bytes: Uint8Array, at: number, length: number): boolean {
  for (let i = at; i < at + length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Trace and span ids from a pool of cryptographic random bytes, refilled by
 * one `randomFillSync` call when used up, and written as hex by one
 * `String.fromCharCode` call per id: a flat string, nothing retained. The
 * SDK's RandomIdGenerator calls Math.random two or four times per id and
 * Buffer's hex encoder: 2.3 to 4 times the CPU (bench/micro/span-path-bench.js),
 * and its ids are predictable from earlier ones (Math.random is not a CSPRNG);
 * these are not. An all-zero id (invalid in W3C trace context) is never
 * returned: the next bytes are taken instead.
 */
export class PooledIdGenerator implements IdGenerator {
  private readonly pool: Uint8Array;
  private offset: number;

  /** `fill`: where the random bytes come from (tests give their own bytes to check the encoding). */
  constructor(
    poolBytes: number = ID_POOL_BYTES,
    private readonly fill: (pool: Uint8Array) => void = randomFillSync,
  ) {
    if (!Number.isInteger(poolBytes) || poolBytes < 16) throw new RangeError(`id pool of ${poolBytes} bytes: at least 16 (one trace id)`);
    this.pool = new Uint8Array(poolBytes);
    this.offset = poolBytes;
  }

  generateTraceId(): string {
    const p = this.pool;
    const o = this.take(16);
    // prettier-ignore
    return String.fromCharCode(
      HI[p[o]], LO[p[o]], HI[p[o + 1]], LO[p[o + 1]],
      HI[p[o + 2]], LO[p[o + 2]], HI[p[o + 3]], LO[p[o + 3]],
      HI[p[o + 4]], LO[p[o + 4]], HI[p[o + 5]], LO[p[o + 5]],
      HI[p[o + 6]], LO[p[o + 6]], HI[p[o + 7]], LO[p[o + 7]],
      HI[p[o + 8]], LO[p[o + 8]], HI[p[o + 9]], LO[p[o + 9]],
      HI[p[o + 10]], LO[p[o + 10]], HI[p[o + 11]], LO[p[o + 11]],
      HI[p[o + 12]], LO[p[o + 12]], HI[p[o + 13]], LO[p[o + 13]],
      HI[p[o + 14]], LO[p[o + 14]], HI[p[o + 15]], LO[p[o + 15]],
    );
  }

  generateSpanId(): string {
    const p = this.pool;
    const o = this.take(8);
    // prettier-ignore
    return String.fromCharCode(
      HI[p[o]], LO[p[o]], HI[p[o + 1]], LO[p[o + 1]],
      HI[p[o + 2]], LO[p[o + 2]], HI[p[o + 3]], LO[p[o + 3]],
      HI[p[o + 4]], LO[p[o + 4]], HI[p[o + 5]], LO[p[o + 5]],
      HI[p[o + 6]], LO[p[o + 6]], HI[p[o + 7]], LO[p[o + 7]],
    );
  }

  /** The offset of `length` unused random bytes that are not all zero. */
  private take(length: number): number {
    for (;;) {
      if (this.offset + length > this.pool.length) {
        this.fill(this.pool);
        this.offset = 0;
      }
      const at = this.offset;
      this.offset += length;
      if (!isZero(this.pool, at, length)) return at;
    }
  }
}
