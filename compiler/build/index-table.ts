/**
 * Values stored once and referred to by index, for the build state file and
 * the compile server's replies: a site's profiles repeat the same warnings,
 * probed directories and input sets thousands of times.
 */
export class IndexTable<T> {
  readonly items: T[] = [];
  private readonly ids = new Map<string, number>();

  /** The index of the item with this key; `item()` makes it the first time. */
  id(key: string, item: () => T): number {
    let i = this.ids.get(key);
    if (i === undefined) {
      i = this.items.length;
      this.items.push(item());
      this.ids.set(key, i);
    }
    return i;
  }
}
