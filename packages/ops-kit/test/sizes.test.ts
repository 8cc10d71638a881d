// Byte sizes as operators write them (sizes.ts).
import { parseByteSize } from '@jewelry/ops-kit';

describe('parseByteSize', () => {
  it.each([
    ['1kb', 1024],
    ['1KB', 1024],
    ['64k', 64 * 1024],
    ['500 mb', 500 * 1024 ** 2],
    ['1gb', 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['2gib', 2 * 1024 ** 3],
    ['1tb', 1024 ** 4],
    ['4096', 4096],
    ['4096b', 4096],
  ])('%s', (text, bytes) => expect(parseByteSize(text)).toBe(bytes));

  it.each(['', '0', '0kb', '-1gb', '1xb', 'gb', '1 2 kb'])('refuses %p', (text) => expect(parseByteSize(text)).toBeUndefined());
});
