/**
 * Everything one object (profile) accumulates while its templates run: the
 * configuration tree, global variables, functions, types, binds, `valid`
 * statements, final paths, the templates it loaded. One ObjectContext per
 * object; compiled templates are shared between objects.
 */
import type { SourceRange } from '../ast.js';
import { PanDict, PanList, type PanValue } from '../model/values.js';
import type { Term } from '../model/path.js';
import type { Dependency } from '../output/dep.js';
import type { FullType } from '../types/type-model.js';
import type { CompiledBody } from './compiled.js';
import type { CompileSession } from './session.js';
import { FinalPaths } from './final-paths.js';

export interface GlobalVariable {
  value: PanValue;
  final: boolean;
}

export interface UserFunction {
  readonly name: string;
  readonly body: CompiledBody;
  readonly file: string;
  readonly loc: SourceRange;
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
  /** Where it was included from (undefined for the object template). */
  readonly includedAt?: { file: string; loc: SourceRange };
}

/** A position on the call stack, for error traces. */
export interface CallSite {
  readonly what: string;
  readonly file: string;
  readonly loc: SourceRange;
}

export class ObjectContext {
  root: PanDict;
  readonly globals = new Map<string, GlobalVariable>();
  readonly functions = new Map<string, UserFunction>();
  readonly types = new Map<string, FullType>();
  readonly binds: Bind[] = [];
  readonly valids: ValidStatement[] = [];
  readonly finals = new FinalPaths();
  /** Unique and declaration templates already run in this object. */
  readonly runOnce = new Set<string>();
  /** Templates and files the object loaded, by name (the .dep output). */
  readonly deps = new Map<string, Dependency>();
  readonly templates: TemplateActivation[] = [];
  readonly calls: CallSite[] = [];
  /** Other objects this one read through `obj:/path` references. */
  readonly references = new Set<string>();
  /** Phase: while validating, the tree may not change. */
  phase: 'execute' | 'defaults' | 'validate' = 'execute';

  constructor(
    readonly name: string,
    readonly file: string,
    readonly session: CompileSession,
    initialRoot?: PanDict,
  ) {
    this.root = initialRoot ?? new PanDict();
    this.globals.set('OBJECT', { value: name, final: true });
    this.globals.set('LOADPATH', { value: new PanList(), final: false });
  }

  /** Name of the template whose statement is running (the TEMPLATE variable). */
  currentTemplate(): TemplateActivation | undefined {
    return this.templates[this.templates.length - 1];
  }

  addDependency(dep: Dependency): void {
    if (!this.deps.has(dep.name)) this.deps.set(dep.name, dep);
  }
}
