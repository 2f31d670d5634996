/**
 * Numbered names: each global variable, type or function name gets a number
 * that is the same in every object of a session. An object keeps its
 * variables, types and functions in arrays indexed by these numbers, and a
 * memo recording keeps the number with each name it read or wrote, so that
 * checking and replaying recordings index arrays instead of hashing names
 * into tables that every object would build again from empty.
 */
export class NameSlots {
  private readonly slots = new Map<string, number>();

  get size(): number {
    return this.slots.size;
  }

  slotOf(name: string): number {
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(name, slot);
    }
    return slot;
  }
}

/** One object's values of numbered names. */
export class SlotTable<T> {
  private readonly items: (T | undefined)[];

  constructor(readonly names: NameSlots) {
    // Filled, so that the array stays dense (a sparse one would become a hash table).
    this.items = new Array<T | undefined>(names.size).fill(undefined);
  }

  at(slot: number): T | undefined {
    // Bounds checked here: a read past the end makes V8 drop the optimised code of the caller.
    const items = this.items;
    return slot < items.length ? items[slot] : undefined;
  }

  get(name: string): T | undefined {
    return this.at(this.names.slotOf(name));
  }

  set(slot: number, value: T): void {
    const items = this.items;
    // Names numbered after this table was made extend it one by one: it stays dense.
    while (items.length <= slot) items.push(undefined);
    items[slot] = value;
  }
}

/** A name in compiled code, with its number kept for the numbering that gave it (compiled templates belong to one session). */
export class NameRef {
  private numbering: NameSlots | null = null;
  private slot = -1;

  constructor(readonly name: string) {}

  slotIn(names: NameSlots): number {
    if (this.numbering !== names) {
      this.numbering = names;
      this.slot = names.slotOf(this.name);
    }
    return this.slot;
  }
}
