/**
 * A compile session: the state shared by every object compiled in one run
 * (or one worker): the source lookup, parsed and compiled templates (each
 * file parsed once), the objects built so far (for cross-object references)
 * and the options.
 */
import type { TemplateKind } from '../ast.js';
import { PanError } from '../errors.js';
import { SourceLookup, type FoundSource } from '../loader/source-lookup.js';
import type { PanDict } from '../model/values.js';
import type { Dependency } from '../output/dep.js';
import type { DmlLimits } from './compile-dml.js';
import type { CompiledTemplate } from './compiled.js';
import { compileTemplate } from './compile-template.js';
import type { ObjectContext } from './object-context.js';
import { TemplateMemo } from './memo.js';
import { NameSlots } from './name-slots.js';
import { InternTable } from '../model/intern.js';

export interface SessionOptions {
  readonly includePath: readonly string[];
  readonly maxIteration: number;
  readonly maxRecursion: number;
  readonly debug: boolean;
  readonly debugNsInclude: readonly RegExp[];
  readonly debugNsExclude: readonly RegExp[];
  /** Highest deprecated() level reported (panc's deprecation level); -1 reports none. */
  readonly deprecationLevel: number;
  /** Initial root of every object (already evaluated), or undefined for an empty dict. */
  readonly initialRoot?: PanDict;
  /** Replay recorded template executions between objects (memo.ts); on unless false. */
  readonly memo?: boolean;
  /** Log every write with its source (ObjectContext.provenance); turns memoisation off. */
  readonly provenance?: boolean;
}

/** An object once built: its final (frozen) tree or its error, and what it loaded. */
export interface BuiltObject {
  readonly name: string;
  readonly file: string;
  readonly root?: PanDict;
  readonly error?: PanError;
  readonly deps: ReadonlyMap<string, Dependency>;
  readonly context?: ObjectContext;
}


const MAX_COMPILED = 3000;

export type ObjectBuilder = (session: CompileSession, name: string, file: string | undefined) => BuiltObject;

export class CompileSession {
  readonly lookup: SourceLookup;
  readonly limits: DmlLimits;
  /** Compiled templates, oldest first (bounded: MAX_COMPILED; see evictCompiled). */
  private readonly compiled = new Map<string, CompiledTemplate>();
  /** Templates used since they were last passed over by eviction. */
  private readonly usedSinceEviction = new Set<string>();
  private readonly failed = new Map<string, PanError>();
  readonly objects = new Map<string, BuiltObject>();
  /** Objects being built, innermost last (cross-object reference cycles). */
  readonly building: string[] = [];
  readonly warnings: string[] = [];
  /** Debug and traceback lines (written to stderr by the driver when debugging). */
  readonly debugLines: string[] = [];
  private readonly memos = new Map<string, TemplateMemo>();
  /** Equal subtrees of all objects become one (model/intern.ts). */
  readonly interned = new InternTable();
  /** Numbers of the names of global variables, types and functions, for every object of the session (name-slots.ts). */
  readonly globalSlots = new NameSlots();
  readonly typeSlots = new NameSlots();
  readonly functionSlots = new NameSlots();
  readonly memoStats = { hits: 0, misses: 0 };

  constructor(readonly options: SessionOptions, private readonly builder: ObjectBuilder) {
    this.lookup = new SourceLookup(options.includePath);
    this.limits = { maxIteration: options.maxIteration, maxRecursion: options.maxRecursion };
  }

  /** Parse, check and compile a template file (once per session). */
  loadTemplate(found: FoundSource | { file: string; location: string }, expectedName?: string): CompiledTemplate {
    const key = found.file;
    const done = this.compiled.get(key);
    if (done !== undefined) {
      this.usedSinceEviction.add(key);
      if (expectedName !== undefined && done.name !== expectedName) {
        throw new PanError('syntax', `template name '${done.name}' does not match the name it was loaded as ('${expectedName}')`, done.file, done.headerLoc);
      }
      return done;
    }
    const error = this.failed.get(key);
    if (error !== undefined) throw new PanError(error.kind, error.message, error.file, error.range);
    try {
      // Through the parse cache when one is in use (compiler/loader/template-parser.ts).
      const ast = this.lookup.readAst(key);
      const tpl = compileTemplate(ast, { file: key, location: found.location, expectedName }, this.limits);
      this.compiled.set(key, tpl);
      this.evictCompiled();
      return tpl;
    } catch (e) {
      if (e instanceof PanError) {
        this.failed.set(key, new PanError(e.kind, e.message, e.file, e.range));
      }
      throw e;
    }
  }

  /** Whether template runs are memoised (not when asked not to, nor when every assignment is logged for explain). */
  get memoising(): boolean {
    return this.options.memo !== false && !this.options.provenance;
  }

  /** The memo of a template file, undefined when memoisation is off. */
  memoFor(file: string): TemplateMemo | undefined {
    if (!this.memoising) return undefined;
    let m = this.memos.get(file);
    if (m === undefined) {
      m = new TemplateMemo();
      this.memos.set(file, m);
    }
    return m;
  }

  templateKind(file: string): TemplateKind | undefined {
    return this.compiled.get(file)?.kind;
  }

  /**
   * Bounded memory: a site has a few thousand shared templates, but each
   * profile brings its own (object template, hardware...), used once.
   */
  private evictCompiled(): void {
    // Second chance: an old template used since the last pass goes to the back (cheaper than moving on every use).
    while (this.compiled.size > MAX_COMPILED) {
      const oldest = this.compiled.keys().next().value as string;
      const tpl = this.compiled.get(oldest) as CompiledTemplate;
      this.compiled.delete(oldest);
      if (this.usedSinceEviction.delete(oldest)) {
        this.compiled.set(oldest, tpl);
        continue;
      }
      this.memos.delete(oldest);
    }
  }

  /**
   * Forget a template file whose source changed (the build driver's compile
   * server keeps sessions between builds): compiled again when next needed.
   */
  forgetTemplate(file: string): void {
    this.compiled.delete(file);
    this.usedSinceEviction.delete(file);
    this.failed.delete(file);
    this.memos.delete(file);
  }

  /** Build (or return the already built) object `name`; `file` when given as a file. */
  object(name: string, file?: string): BuiltObject {
    const done = this.objects.get(name);
    if (done !== undefined) return done;
    if (this.building.includes(name)) {
      throw new PanError('evaluation', `cyclic reference between objects: ${[...this.building, name].join(' -> ')}`);
    }
    this.building.push(name);
    try {
      const built = this.builder(this, name, file);
      this.objects.set(name, built);
      // An object template is used by its own object only (it cannot be included).
      this.compiled.delete(built.file);
      this.usedSinceEviction.delete(built.file);
      this.memos.delete(built.file);
      return built;
    } finally {
      this.building.pop();
    }
  }

  warn(message: string): void {
    this.warnings.push(message);
  }
}
