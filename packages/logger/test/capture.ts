import { Writable } from 'node:stream';

/** A stream that keeps every JSON line written to it. */
export class LineCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
  last(): Record<string, unknown> {
    const line = this.lines[this.lines.length - 1];
    if (!line) throw new Error('nothing was logged');
    return line;
  }
}
