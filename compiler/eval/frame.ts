/**
 * Run-time frames of DML evaluation.
 *
 * A `Frame` holds the local variables of one DML body (a statement's DML
 * block or one call of a user function) in slots numbered at compile time.
 * `SelfHolder` holds SELF, which is shared by the statement's DML and every
 * function it calls (a function may change SELF for its caller).
 */
import type { PanValue } from '../model/values.js';
import type { PanList } from '../model/values.js';
import type { ObjectContext } from './object-context.js';

/** SELF of one statement: loaded lazily (most DML never reads it). */
export class SelfHolder {
  private loaded = false;
  private value: PanValue | undefined;

  /** `load` gives the element the statement is about to replace (undefined: none). */
  constructor(private readonly load: (() => PanValue | undefined) | null, initial?: PanValue) {
    if (load === null) {
      this.loaded = true;
      this.value = initial;
    }
  }

  get(): PanValue | undefined {
    if (!this.loaded) {
      this.loaded = true;
      this.value = (this.load as () => PanValue | undefined)();
    }
    return this.value;
  }

  set(v: PanValue | undefined): void {
    this.loaded = true;
    this.value = v;
  }

  /** Replace SELF by an equal but writable copy (copy-on-write bookkeeping, not a change). */
  thaw(v: PanValue): void {
    this.loaded = true;
    this.value = v;
  }

  /** Whether SELF is available at all (false for include expressions and type defaults). */
  readonly available: boolean = true;
}

/** A holder for contexts where SELF does not exist. */
export class NoSelf extends SelfHolder {
  override readonly available = false;
  constructor() {
    super(null, undefined);
  }
}

export class Frame {
  /** Local variables; `undefined` means not assigned (yet) in this frame. */
  readonly slots: (PanValue | undefined)[];
  /** Set by `return(...)`: every block and loop unwinds when it is true. */
  ret = false;

  constructor(
    readonly ctx: ObjectContext,
    readonly self: SelfHolder,
    nslots: number,
    /** Arguments of a user function call, null at statement level. */
    public argv: PanList | null,
    /** Name of the user function being run (the FUNCTION variable), null at statement level. */
    readonly fnName: string | null,
  ) {
    this.slots = nslots === 0 ? EMPTY : new Array<PanValue | undefined>(nslots);
  }
}

const EMPTY: (PanValue | undefined)[] = [];
