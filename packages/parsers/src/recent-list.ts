// A checkpoint's bounded list of recent ids (oldest first), indexed so that a look-up does not scan the whole list:
// the parsers ask "seen lately?" for every response or message, and the list holds hundreds or thousands of ids.
// The list is updated in place, so the checkpoint keeps holding plain JSON; ids pushed out at the front are only
// cut from it by compact(), in one go, rather than by a shift of the whole list for every id added.
export class RecentList {
  private readonly index = new Set<string>();
  /** Extra copies of ids the list holds more than once (the parsers never add one twice; a checkpoint might). */
  private readonly copies = new Map<string, number>();
  /** Where the list starts in `items`: the ids before it were pushed out and wait for compact(). */
  private start = 0;

  /** `items` is the checkpoint's list: compact() must run before the checkpoint is handed out. */
  constructor(
    private readonly items: string[],
    private readonly max: number,
  ) {
    for (const item of items) this.add(item);
  }

  has(item: string): boolean {
    return this.index.has(item);
  }

  /** Position of `item` in the list, -1 when it is not there. */
  indexOf(item: string): number {
    const position = this.items.indexOf(item, this.start);
    return position < 0 ? -1 : position - this.start;
  }

  /** Appends `item`, pushing out the oldest ids beyond the bound. */
  push(item: string): void {
    this.items.push(item);
    this.add(item);
    while (this.items.length - this.start > this.max) {
      const oldest = this.items[this.start];
      this.start += 1;
      if (oldest !== undefined) this.remove(oldest);
    }
  }

  /** Removes and returns the ids from position `position` on. */
  truncate(position: number): string[] {
    this.compact();
    const removed = this.items.splice(position);
    for (const item of removed) this.remove(item);
    return removed;
  }

  /** Cuts the pushed-out ids from the checkpoint's list. */
  compact(): void {
    if (this.start === 0) return;
    this.items.splice(0, this.start);
    this.start = 0;
  }

  private add(item: string): void {
    const size = this.index.size;
    // Unchanged size: the item was there already (one look-up instead of has + add).
    if (this.index.add(item).size === size) this.copies.set(item, (this.copies.get(item) ?? 0) + 1);
  }

  private remove(item: string): void {
    const copies = this.copies.size === 0 ? undefined : this.copies.get(item);
    if (copies === undefined) this.index.delete(item);
    else if (copies > 1) this.copies.set(item, copies - 1);
    else this.copies.delete(item);
  }
}
