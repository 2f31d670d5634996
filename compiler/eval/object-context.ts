/**
 * Everything one object (profile) accumulates while its templates run: the
 * configuration tree, global variables, functions, types, binds, `valid`
 * statements, final paths, the templates it loaded. One ObjectContext per
 * object; compiled templates are shared between objects.
 *
 * During execution, all access goes through the methods below so that a
 * memo Recorder (memo.ts) sees every read and write; after execution (the
 * defaults and validation phases) the fields are used directly.
 */
import type { SourceRange, TemplateKind } from '../ast.js';
import { PanError } from '../errors.js';
import { formatTerms, type Term } from '../model/path.js';
import { PanDict, PanList, UNDEF, freeze, kindOf, type PanValue } from '../model/values.js';
import type { Dependency } from '../output/dep.js';
import type { FullType } from '../types/type-model.js';
import type { CallSite } from '../builtins/registry.js';
import type { CompiledBody } from './compiled.js';
import type { CompileSession } from './session.js';
import { FinalPaths } from './final-paths.js';
import { Recorder, sameOutsideMask, sameValue, type GlobalWrite, type MemoVariant, type ReadEntry } from './memo.js';
import { replaceable, setIn } from './resources.js';
import { ProvenanceLog, type SourceSite } from './provenance.js';
import { DefinitionFingerprint } from '../types/type-env.js';
import { SlotTable, type NameRef } from './name-slots.js';

export interface GlobalVariable {
  readonly value: PanValue;
  readonly final: boolean;
}

export interface UserFunction {
  readonly name: string;
  readonly body: CompiledBody;
  readonly file: string;
  readonly loc: SourceRange;
  /** Random tag for definition fingerprints (types/type-env.ts). */
  readonly tag: number;
}

export interface Bind {
  readonly path: readonly Term[];
  readonly type: FullType;
  readonly file: string;
  readonly loc: SourceRange;
}

export interface ValidStatement {
  readonly path: readonly Term[];
  readonly body: CompiledBody;
  readonly file: string;
  readonly loc: SourceRange;
}

/** One template being executed (for TEMPLATE, prefixes, traces and include cycles). */
export interface TemplateActivation {
  readonly name: string;
  readonly file: string;
  readonly kind: TemplateKind;
  /** Where it was included from (undefined for the object template). */
  readonly includedAt?: { file: string; loc: SourceRange };
}

/** Element at `terms` without sharing it (undefined when absent). */
export function peek(root: PanValue, terms: readonly Term[]): PanValue | undefined {
  let cur: PanValue | undefined = root;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as Term;
    if (cur instanceof PanDict) {
      if (typeof t !== 'string') return undefined;
      cur = cur.get(t);
    } else if (cur instanceof PanList) {
      if (typeof t !== 'number') return undefined;
      cur = cur.items[t < 0 ? cur.items.length + t : t];
    } else {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/**
 * What the outcome of a write at `terms` depends on in the tree: whether
 * each element on the way can hold the next term (absent, undef or a
 * resource of the right kind all can; a property or the other kind of
 * resource cannot), list lengths where the index counts from the end, and
 * the kind of the element replaced (for the replacement rule).
 */
export function shapeOf(root: PanValue, terms: readonly Term[], value: PanValue): string {
  let sig = '';
  let cur: PanValue | undefined = root;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i] as Term;
    if (cur === undefined || cur === UNDEF) {
      // Missing parents are created: the write goes through unless an index counts from the end.
      sig += typeof t === 'number' && t < 0 ? 'n' : 'o';
      continue;
    }
    if (typeof t === 'string') {
      if (!(cur instanceof PanDict)) return sig + 'e' + kindOf(cur);
      cur = cur.get(t);
    } else {
      if (!(cur instanceof PanList)) return sig + 'e' + kindOf(cur);
      if (t < 0) sig += cur.items.length + ',';
      cur = cur.items[t < 0 ? cur.items.length + t : t];
    }
    sig += 'o';
  }
  return replaceable(cur, value) ? sig : sig + 'e' + kindOf(cur as PanValue);
}

export class ObjectContext {
  root: PanDict;
  // By the names' numbers in the session (name-slots.ts).
  private readonly globals: SlotTable<GlobalVariable>;
  private readonly functions: SlotTable<UserFunction>;
  private readonly types: SlotTable<FullType>;
  readonly binds: Bind[] = [];
  readonly valids: ValidStatement[] = [];
  readonly finals = new FinalPaths();
  /** Unique and declaration templates already run in this object. */
  readonly runOnce = new Set<string>();
  /** Templates and files the object loaded, by name (the .dep output). */
  readonly deps = new Map<string, Dependency>();
  readonly templates: TemplateActivation[] = [];
  /** User functions being called, innermost last (traceback()). */
  readonly calls: CallSite[] = [];
  /** Other objects this one read through `obj:/path` references. */
  readonly references = new Set<string>();
  /** Innermost active memo recording, if any. */
  tracker: Recorder | null = null;
  /** Assignment log for `explain` (--provenance), null when off. */
  readonly provenance: ProvenanceLog | null;
  /** Statement being run (kept only when provenance is on). */
  statementSite: SourceSite | null = null;
  /** Fingerprints of the type and function tables (validation and default caches). */
  readonly typesFingerprint = new DefinitionFingerprint();
  readonly functionsFingerprint = new DefinitionFingerprint();
  private definitions = { types: '', functions: '', text: '' };

  constructor(
    readonly name: string,
    readonly file: string,
    readonly session: CompileSession,
    initialRoot?: PanDict,
  ) {
    this.root = initialRoot ?? new PanDict();
    this.globals = new SlotTable(session.globalSlots);
    this.functions = new SlotTable(session.functionSlots);
    this.types = new SlotTable(session.typeSlots);
    this.provenance = session.options.provenance ? new ProvenanceLog() : null;
    this.setGlobal('OBJECT', name, true);
    this.setGlobal('LOADPATH', freeze(new PanList()), false);
  }

  /** Both fingerprints as one text, the same string while neither changes (validation cache keys). */
  definitionsText(): string {
    const d = this.definitions;
    const types = this.typesFingerprint.text();
    const functions = this.functionsFingerprint.text();
    if (d.types !== types || d.functions !== functions) this.definitions = { types, functions, text: `${types}:${functions}` };
    return this.definitions.text;
  }

  /** Name of the template whose statement is running (the TEMPLATE variable). */
  currentTemplate(): TemplateActivation | undefined {
    return this.templates[this.templates.length - 1];
  }

  // ------------------------------------------------------------ recording

  beginRecording(): Recorder {
    const r = new Recorder(this.tracker);
    this.tracker = r;
    return r;
  }

  /** Close a recording (folding it into the enclosing one). */
  endRecording(r: Recorder): void {
    this.tracker = r.parent;
    if (r.parent !== null) r.parent.absorb(r);
  }

  /** Drop a recording after an error. */
  abandonRecording(r: Recorder): void {
    this.tracker = r.parent;
  }

  /** Something was read that cannot be tracked: no recording in progress may be replayed. */
  untrackable(): void {
    for (let r = this.tracker; r !== null; r = r.parent) r.valid = false;
  }

  // ------------------------------------------------------------ globals

  /** `nameRef`: the name as compiled code holds it, which spares looking up its number. */
  getGlobal(name: string, nameRef?: NameRef): GlobalVariable | undefined {
    const slot = this.globalSlot(name, nameRef);
    const g = this.globals.at(slot);
    this.tracker?.read({ k: 'global', name, slot, value: g?.value, final: g?.final ?? false });
    return g;
  }

  /**
   * Whether a global of this name exists, asked before a DML local of the same
   * name is first assigned (which is an error when it does).
   */
  globalNameTaken(name: string, nameRef?: NameRef): boolean {
    return this.getGlobal(name, nameRef) !== undefined;
  }

  /** A global variable without recording the read (the caller records a derived read instead). */
  peekGlobal(name: string): GlobalVariable | undefined {
    return this.globals.get(name);
  }

  /**
   * Record that a pure operation on globals `names` gave `result` (see
   * ReadEntry 'derived'); all of them exist, except perhaps the first when
   * `firstMayBeAbsent`.
   */
  readDerived(names: readonly string[], compute: (values: readonly (PanValue | undefined)[]) => PanValue, result: PanValue, firstMayBeAbsent = false): void {
    const t = this.tracker;
    if (t === null) return;
    const seen = names.map((n) => this.peekGlobal(n));
    t.read({ k: 'derived', names, seen, firstMayBeAbsent, compute, result });
  }

  setGlobal(name: string, value: PanValue, final: boolean, nameRef?: NameRef): void {
    this.putGlobal({ k: 'global', name, slot: this.globalSlot(name, nameRef), value, final });
  }

  private globalSlot(name: string, nameRef: NameRef | undefined): number {
    const numbering = this.session.globalSlots;
    return nameRef !== undefined ? nameRef.slotIn(numbering) : numbering.slotOf(name);
  }

  /**
   * The write entry is the variable itself (immutable): a replay stores the
   * recording's entry, with nothing to allocate.
   */
  private putGlobal(w: GlobalWrite): void {
    this.globals.set(w.slot, w);
    this.tracker?.write(w);
  }

  // ------------------------------------------------------------ functions, types, binds

  getFunction(name: string): UserFunction | undefined {
    const slot = this.session.functionSlots.slotOf(name);
    const f = this.functions.at(slot);
    this.tracker?.read({ k: 'function', name, slot, value: f });
    return f;
  }

  defineFunction(fn: UserFunction, slot = this.session.functionSlots.slotOf(fn.name)): void {
    this.functionsFingerprint.update(slot, fn.tag, this.functions.at(slot)?.tag);
    this.functions.set(slot, fn);
    this.tracker?.write({ k: 'function', slot, value: fn });
  }

  getType(name: string): FullType | undefined {
    const slot = this.session.typeSlots.slotOf(name);
    const t = this.types.at(slot);
    this.tracker?.read({ k: 'type', name, slot, value: t });
    return t;
  }

  defineType(name: string, t: FullType, slot = this.session.typeSlots.slotOf(name)): void {
    this.typesFingerprint.update(slot, t.tag, this.types.at(slot)?.tag);
    this.types.set(slot, t);
    this.tracker?.write({ k: 'type', name, slot, value: t });
  }

  addBind(b: Bind): void {
    this.binds.push(b);
    this.tracker?.write({ k: 'bind', value: b });
  }

  addValid(v: ValidStatement): void {
    this.valids.push(v);
    this.tracker?.write({ k: 'valid', value: v });
  }

  // ------------------------------------------------------------ templates, dependencies, side output

  hasRunOnce(name: string): boolean {
    const v = this.runOnce.has(name);
    this.tracker?.read({ k: 'once', name, value: v });
    return v;
  }

  markRunOnce(name: string): void {
    this.runOnce.add(name);
    this.tracker?.write({ k: 'once', name });
  }

  addDependency(dep: Dependency): void {
    if (!this.deps.has(dep.name)) this.deps.set(dep.name, dep);
    this.tracker?.write({ k: 'dep', value: dep });
  }

  addReference(name: string): void {
    this.references.add(name);
    this.tracker?.write({ k: 'reference', name });
  }

  objectNameIs(name: string): boolean {
    this.tracker?.read({ k: 'object', name: this.name });
    return this.name === name;
  }

  warn(text: string): void {
    this.session.warn(text);
    this.tracker?.write({ k: 'warn', text });
  }

  debug(text: string): void {
    this.session.debugLines.push(text);
    this.tracker?.write({ k: 'debug', text });
  }

  // ------------------------------------------------------------ tree

  /** Element at `terms`, frozen so that the caller may keep it (value(), SELF). */
  readTree(terms: readonly Term[]): PanValue | undefined {
    let v = peek(this.root, terms);
    if (v !== undefined) v = freeze(v);
    this.tracker?.read({ k: 'tree', terms, value: v });
    return v;
  }

  /** Whether an element exists at `terms` (and is not undef when `definedOnly`). */
  treeHas(terms: readonly Term[], definedOnly: boolean): boolean {
    const v = peek(this.root, terms);
    const has = v !== undefined && (!definedOnly || v !== UNDEF);
    this.tracker?.read({ k: 'has', terms, definedOnly, value: has });
    return has;
  }

  /** The final path a write at `terms` would violate, or null. */
  finalConflict(terms: readonly Term[]): string | null {
    if (this.tracker !== null) this.tracker.read({ k: 'finals', sig: this.finals.signature() });
    return this.finals.conflict(terms);
  }

  markFinal(terms: readonly Term[]): void {
    this.finals.mark(terms);
    this.tracker?.write({ k: 'final', terms });
  }

  /** Write `value` (frozen; null deletes) at `terms`; `finalChecked` when the caller checked final paths already. */
  writeTree(terms: readonly Term[], value: PanValue, finalChecked = false): void {
    if (!finalChecked) {
      const conflict = this.finalConflict(terms);
      if (conflict !== null) throw new PanError('evaluation', `cannot modify ${formatTerms(terms)}: ${conflict} is final`);
    }
    if (this.tracker !== null) this.tracker.read({ k: 'shape', terms, value, sig: shapeOf(this.root, terms, value) });
    if (terms.length === 0) {
      if (value instanceof PanDict) this.root = value;
      else if (value === null) throw new PanError('evaluation', 'the root element cannot be deleted');
      else throw new PanError('evaluation', `root element cannot be replaced by element of type ${value === UNDEF ? 'undef' : kindOf(value)}`);
    } else {
      const blocked = blockingProperty(this.root, terms);
      if (blocked !== null) throw new PanError('evaluation', `cannot set ${formatTerms(terms)}: ${blocked} is a property, not a resource`);
      // Assigning null where nothing exists still creates the parents (as panc does).
      this.root = setIn(this.root, terms, 0, value, () => formatTerms(terms)) as PanDict;
    }
    this.tracker?.write({ k: 'tree', terms, value });
    if (this.provenance !== null && this.statementSite !== null) {
      this.provenance.add({
        path: terms, action: value === null ? 'delete' : 'assign', value, site: this.statementSite, includes: this.includeChain(),
      });
    }
  }

  /** The templates being run and where each was included (object template first). */
  includeChain(): SourceSite[] {
    return this.templates.map((t) => ({ file: t.includedAt?.file ?? t.file, loc: t.includedAt?.loc ?? { startLine: 0, startCol: 0, endLine: 0, endCol: 0 }, template: t.name }));
  }

  // ------------------------------------------------------------ memo replay

  /** Whether every read of a recording still gives the same value here (the last failing read first). */
  stillHolds(v: MemoVariant): boolean {
    const reads = v.reads;
    const first = v.failAt;
    if (first >= 0 && !this.readHolds(reads[first] as ReadEntry)) return false;
    for (let i = 0; i < reads.length; i++) {
      if (i !== first && !this.readHolds(reads[i] as ReadEntry)) {
        v.failAt = i;
        return false;
      }
    }
    return true;
  }

  private readHolds(r: ReadEntry): boolean {
    switch (r.k) {
      case 'global': {
        const g = this.globals.at(r.slot);
        return (g?.final ?? false) === r.final && (g?.value === r.value || sameValue(g?.value, r.value));
      }
      case 'tree': {
        const v = peek(this.root, r.terms);
        if (r.mask !== undefined) return sameOutsideMask(v, r.value, r.mask);
        return v === r.value || sameValue(v, r.value);
      }
      case 'shape':
        return shapeOf(this.root, r.terms, r.value) === r.sig;
      case 'has': {
        const v = peek(this.root, r.terms);
        return (v !== undefined && (!r.definedOnly || v !== UNDEF)) === r.value;
      }
      case 'function':
        return this.functions.at(r.slot) === r.value;
      case 'type':
        return this.types.at(r.slot) === r.value;
      case 'once':
        return this.runOnce.has(r.name) === r.value;
      case 'finals':
        return this.finals.signature() === r.sig;
      case 'object':
        return this.name === r.name;
      case 'derived': {
        const values = new Array<PanValue | undefined>(r.names.length);
        for (let i = 0; i < values.length; i++) {
          const g = this.peekGlobal(r.names[i] as string);
          if (g === undefined && !(i === 0 && r.firstMayBeAbsent)) return false;
          values[i] = g?.value;
        }
        let now: PanValue;
        try {
          now = r.compute(values);
        } catch {
          return false;
        }
        return now === r.result || sameValue(now, r.result);
      }
    }
  }

  /** Apply a recording: its reads become inputs of the enclosing recording, its writes happen. */
  replay(v: MemoVariant): void {
    const t = this.tracker;
    if (t !== null) for (const r of v.reads) t.read(r);
    for (const w of v.writes) {
      switch (w.k) {
        case 'global': this.putGlobal(w); break;
        case 'tree': this.writeTree(w.terms, w.value); break;
        case 'function': this.defineFunction(w.value, w.slot); break;
        case 'type': this.defineType(w.name, w.value, w.slot); break;
        case 'bind': this.addBind(w.value); break;
        case 'valid': this.addValid(w.value); break;
        case 'once': this.markRunOnce(w.name); break;
        case 'dep': this.addDependency(w.value); break;
        case 'final': this.markFinal(w.terms); break;
        case 'warn': this.warn(w.text); break;
        case 'debug': this.debug(w.text); break;
        case 'reference': this.addReference(w.name); break;
      }
    }
  }
}

/** Whether the path goes through a property (then it cannot exist and cannot be written). */
function blockingProperty(root: PanValue, terms: readonly Term[]): string | null {
  let cur: PanValue | undefined = root;
  for (let i = 0; i < terms.length; i++) {
    if (cur === undefined || cur === UNDEF) return null;
    if (!(cur instanceof PanDict) && !(cur instanceof PanList)) return formatTerms(terms.slice(0, i));
    cur = cur instanceof PanDict ? cur.get(terms[i] as string) : cur.items[terms[i] as number];
  }
  return null;
}
