/**
 * Texts the rules left unchanged, remembered in two generations: looked up in
 * both, added to the young one; when the young one is full it becomes the old
 * one, the old one is dropped and a new young one starts. So the last
 * `capacity` to 2 × `capacity` texts are always remembered — a value masked a
 * moment ago (by the logger, before the span holding it ends) is not
 * forgotten because the memo happened to fill up in between, as it was when
 * a full memo was cleared at once — and memory stays bounded: at most
 * 2 × `capacity` entries. A text found in the old generation moves to the
 * young one, so values that keep coming back are never dropped.
 *
 * Only clean texts belong here (nothing the rules would mask is held).
 */
export class CleanTextMemo {
  private young = new Set<string>();
  private old = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Whether `text` was remembered as clean (and is now among the youngest). */
  has(text: string): boolean {
    if (this.young.has(text)) return true;
    if (!this.old.has(text)) return false;
    this.add(text);
    return true;
  }

  add(text: string): void {
    if (this.young.size >= this.capacity) {
      this.old = this.young;
      this.young = new Set();
    }
    this.young.add(text);
  }

  /** Entries held, both generations (a text moved to the young one counts twice until the old one is dropped). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
