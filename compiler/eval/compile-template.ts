/**
 * Template compiler: statements to runners, once per template file. Paths
 * are parsed here (panc reports a bad literal path as a syntax error), DML
 * bodies compiled, types built.
 */
import type {
  AssignmentStatement, BindStatement, FunctionStatement, IncludeStatement, PathLiteral, PrefixStatement,
  Statement, TemplateAst, TypeStatement, ValidStatement, VariableStatement,
} from '../ast.js';
import { PanError, formatLocation, syntaxError } from '../errors.js';
import { checkTemplate } from '../analysis/check-template.js';
import { PathError, formatTerms, parsePath, type PanPath, type Term } from '../model/path.js';
import { PanDict, PanList, UNDEF, freeze, kindOf, type PanValue } from '../model/values.js';
import { buildType } from '../types/build-type.js';
import { resolveType, underlyingRecord } from '../types/validate.js';
import type { FullType, BaseType } from '../types/type-model.js';
import { newDefinitionTag } from '../types/type-env.js';
import { DmlCompiler, locate, type DmlLimits } from './compile-dml.js';
import type { CompiledBody, CompiledTemplate, StatementRunner, TemplateRunState } from './compiled.js';
import { Frame, NoSelf, SelfHolder } from './frame.js';
import { NameRef } from './name-slots.js';
import type { ObjectContext } from './object-context.js';
import { checkReplacement, setIn } from './resources.js';
import { includeTemplate } from './run-template.js';
import { memoisedStatement, worthMemoising } from './statement-memo.js';
import { peek } from './object-context.js';

export interface TemplateOrigin {
  readonly file: string;
  readonly location: string;
  /** Name it was looked up by; undefined for a template given as a file. */
  readonly expectedName?: string;
}

export function compileTemplate(ast: TemplateAst, origin: TemplateOrigin, limits: DmlLimits): CompiledTemplate {
  const file = origin.file;
  checkTemplate(ast, file, origin.expectedName);
  const c = new StatementCompiler(ast, file, limits);
  const statements = ast.statements.map((s) => c.compile(s));
  return { name: ast.name, kind: ast.kind, file, location: origin.location, statements, headerLoc: ast.headerLoc };
}

/** A statement path: parsed now when literal, at run time when it holds `${VAR}`. */
type PathResolver = (ctx: ObjectContext, state: TemplateRunState) => PanPath;

class StatementCompiler {
  private sawPrefix = false;

  constructor(readonly ast: TemplateAst, readonly file: string, readonly limits: DmlLimits) {}

  compile(s: Statement): StatementRunner {
    const plain = this.compileStatement(s);
    // Object templates run once; structure templates build values a recording does not see.
    const memoise = this.ast.kind !== 'object' && this.ast.kind !== 'structure' && worthMemoising(s);
    const runner = memoise ? memoisedStatement(plain) : plain;
    const file = this.file;
    const trace = `    at ${formatLocation(file, s.loc)} (template ${this.ast.name})`;
    const site = { file, loc: s.loc, template: this.ast.name };
    return (ctx, state) => {
      if (ctx.provenance !== null) ctx.statementSite = site;
      try {
        runner(ctx, state);
      } catch (err) {
        const e = locate(err, file, s.loc);
        if (e instanceof PanError && e.kind !== 'parse' && e.kind !== 'validation') e.details.push(trace);
        throw e;
      }
    };
  }

  private compileStatement(s: Statement): StatementRunner {
    switch (s.kind) {
      case 'include': return this.include(s);
      case 'variable': return this.variable(s);
      case 'assign': return this.assign(s);
      case 'bind': return this.bind(s);
      case 'valid': return this.valid(s);
      case 'type': return this.type(s);
      case 'function': return this.function(s);
      case 'prefix': return this.prefix(s);
    }
  }

  private body(kind: 'statement' | 'variable' | 'include' | 'validation' | 'function', e: Parameters<DmlCompiler['compileBody']>[0]): CompiledBody {
    return new DmlCompiler(this.file, kind, this.limits).compileBody(e);
  }

  // ------------------------------------------------------------ include

  private include(s: IncludeStatement): StatementRunner {
    const body = this.body('include', s.expr);
    const file = this.file;
    if (body.constant !== undefined) {
      const v = body.constant;
      if (v === null || v === UNDEF) return () => undefined;
      if (typeof v !== 'string') throw syntaxError(`include requires a template name (string), not ${kindOf(v)}`, file, s.expr.loc);
      return (ctx, state) => includeTemplate(ctx, v, { file, loc: s.loc }, state);
    }
    return (ctx, state) => {
      const v = body.fn(new Frame(ctx, new NoSelf(), body.nslots, null, null));
      if (v === null || v === UNDEF) return;
      if (typeof v !== 'string') throw new PanError('evaluation', `include requires a template name (string), not ${kindOf(v)}`, file, s.expr.loc);
      includeTemplate(ctx, v, { file, loc: s.loc }, state);
    };
  }

  // ------------------------------------------------------------ variable

  private variable(s: VariableStatement): StatementRunner {
    const body = this.body('variable', s.expr);
    const name = s.name;
    const nameRef = new NameRef(name);
    return (ctx) => {
      const g = ctx.getGlobal(name, nameRef);
      if (s.conditional && g !== undefined && g.value !== UNDEF) {
        if (s.final && !g.final) ctx.setGlobal(name, g.value, true, nameRef);
        return;
      }
      if (g?.final) throw new PanError('evaluation', `cannot modify final variable '${name}'`);
      const self = new SelfHolder(null, g?.value);
      const v = freeze(body.fn(new Frame(ctx, self, body.nslots, null, null)));
      checkReplacement(g?.value, v, () => `variable ${name}`);
      ctx.setGlobal(name, v, s.final || (g?.final ?? false), nameRef);
    };
  }

  // ------------------------------------------------------------ paths

  private path(p: PathLiteral, use: 'assign' | 'bind' | 'valid' | 'prefix'): PathResolver {
    const file = this.file;
    const structure = this.ast.kind === 'structure';
    const check = (parsed: PanPath, atRuntime: boolean): PanPath => {
      const fail = (m: string): never => {
        if (atRuntime) throw new PanError('evaluation', m, file, p.loc);
        throw syntaxError(m, file, p.loc);
      };
      if (parsed.kind === 'external') fail(`an external path ('${p.text}') cannot be used in a ${use} statement`);
      if (parsed.kind === 'relative' && !structure && use !== 'prefix' && !this.sawPrefix && !atRuntime) {
        fail(`relative path '${p.text}' requires a prefix statement before it`);
      }
      if ((parsed.kind === 'absolute' || structure) && typeof parsed.terms[0] === 'number' && parsed.kind !== 'relative') {
        fail(`invalid path '${p.text}': the root element is a dict, not a list`);
      }
      if (structure && parsed.kind === 'relative' && typeof parsed.terms[0] === 'number' && !this.sawPrefix) {
        fail(`invalid path '${p.text}': the root of a structure template is a dict, not a list`);
      }
      return parsed;
    };
    if (p.text.includes('${')) {
      return (ctx) => {
        let text: string;
        try {
          text = substituteVariables(ctx, p.text);
          return check(parsePath(text), true);
        } catch (e) {
          if (e instanceof PathError) throw new PanError('evaluation', e.message, file, p.loc);
          throw e;
        }
      };
    }
    let parsed: PanPath;
    try {
      parsed = parsePath(p.text);
    } catch (e) {
      if (e instanceof PathError) throw syntaxError(e.message, file, p.loc);
      throw e;
    }
    const fixed = check(parsed, false);
    return () => fixed;
  }

  // ------------------------------------------------------------ assignment

  private assign(s: AssignmentStatement): StatementRunner {
    const resolve = this.path(s.path, 'assign');
    const body = this.body('statement', s.expr);
    const structure = this.ast.kind === 'structure';
    return (ctx, state) => {
      const terms = absoluteTerms(resolve(ctx, state), state, structure);
      if (state.structureRoot) {
        assignInStructure(ctx, state.structureRoot, terms, s, body);
        return;
      }
      if (s.conditional && ctx.treeHas(terms, true)) {
        if (s.final) ctx.markFinal(terms);
        return;
      }
      const conflict = ctx.finalConflict(terms);
      if (conflict !== null) throw new PanError('evaluation', `cannot modify ${formatTerms(terms)}: ${conflict} is final`);
      const self = new SelfHolder(() => ctx.readTree(terms));
      const v = freeze(body.fn(new Frame(ctx, self, body.nslots, null, null)));
      ctx.writeTree(terms, v, true); // checked above: evaluating the value cannot make a path final
      if (s.final) ctx.markFinal(terms);
    };
  }

  // ------------------------------------------------------------ bind, valid, type, function, prefix

  private bind(s: BindStatement): StatementRunner {
    const resolve = this.path(s.path, 'bind');
    const type = buildType(s.type, this.file, this.limits);
    const file = this.file;
    return (ctx, state) => {
      ctx.addBind({ path: absoluteTerms(resolve(ctx, state), state, false), type, file, loc: s.loc });
    };
  }

  private valid(s: ValidStatement): StatementRunner {
    const resolve = this.path(s.path, 'valid');
    const body = this.body('validation', s.expr);
    const file = this.file;
    return (ctx, state) => {
      ctx.addValid({ path: absoluteTerms(resolve(ctx, state), state, false), body, file, loc: s.loc });
    };
  }

  private type(s: TypeStatement): StatementRunner {
    const type = buildType(s.type, this.file, this.limits, s.name);
    return (ctx) => {
      const existing = ctx.getType(s.name);
      if (existing !== undefined && existing !== type) {
        throw new PanError('evaluation', `type '${s.name}' is already defined (at ${existing.file})`);
      }
      ctx.defineType(s.name, type);
      checkTypeReferences(ctx, type.base);
    };
  }

  private function(s: FunctionStatement): StatementRunner {
    const body = this.body('function', s.body);
    const fn = { name: s.name, body, file: this.file, loc: s.loc, tag: newDefinitionTag() };
    return (ctx) => {
      ctx.defineFunction(fn);
    };
  }

  private prefix(s: PrefixStatement): StatementRunner {
    const resolve = this.path(s.path, 'prefix');
    this.sawPrefix = true;
    return (ctx, state) => {
      const p = resolve(ctx, state);
      if (p.kind === 'absolute') {
        state.prefix = p.terms;
        state.absolutePrefix = p.terms;
      } else {
        state.prefix = [...(state.absolutePrefix ?? []), ...p.terms];
      }
    };
  }
}

/** Terms of a statement path, with the prefix applied to relative paths. */
function absoluteTerms(p: PanPath, state: TemplateRunState, structure: boolean): readonly Term[] {
  if (p.kind === 'absolute') return p.terms;
  if (state.prefix) return [...state.prefix, ...p.terms];
  if (structure || state.structureRoot) return p.terms;
  throw new PanError('evaluation', `relative path '${p.terms.join('/')}' used without a prefix`);
}

/** Assignment inside a structure template being run by create(): into its own root. */
function assignInStructure(ctx: ObjectContext, holder: { value: PanValue }, terms: readonly Term[], s: AssignmentStatement, body: CompiledBody): void {
  if (s.conditional) {
    const cur = peek(holder.value, terms);
    if (cur !== undefined && cur !== UNDEF) return;
  }
  const self = new SelfHolder(() => {
    const v = peek(holder.value, terms);
    return v === undefined ? undefined : freeze(v);
  });
  const v = freeze(body.fn(new Frame(ctx, self, body.nslots, null, null)));
  if (terms.length === 0) {
    if (!(v instanceof PanDict) && !(v instanceof PanList)) throw new PanError('evaluation', 'a structure root must be a resource');
    holder.value = v;
    return;
  }
  holder.value = setIn(holder.value, terms, 0, v, () => formatTerms(terms));
}

/** `${NAME}` in a statement path: the value of global variable NAME. */
function substituteVariables(ctx: ObjectContext, text: string): string {
  return text.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    const g = ctx.getGlobal(name);
    if (g === undefined) throw new PanError('evaluation', `variable '${name}' used in path '${text}' is undefined`);
    const v = g.value;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint') return String(v);
    throw new PanError('evaluation', `variable '${name}' used in path '${text}' must be a string or a long, not ${kindOf(v)}`);
  });
}

/** Type statements: every named type they use must exist (itself included), included types must be records. */
function checkTypeReferences(ctx: ObjectContext, b: BaseType): void {
  switch (b.kind) {
    case 'ref':
      if (resolveType(ctx, b.name) === undefined) throw new PanError('evaluation', `type '${b.name}' is not defined`, undefined, b.loc);
      return;
    case 'list':
    case 'dict':
    case 'link':
      checkTypeReferences(ctx, b.element.base);
      return;
    case 'record':
      for (const inc of b.includes) {
        const t: FullType | undefined = resolveType(ctx, inc.name);
        if (t === undefined) throw new PanError('evaluation', `included type '${inc.name}' is not defined`, undefined, inc.loc);
        if (underlyingRecord(ctx, t) === undefined) throw new PanError('evaluation', `included type '${inc.name}' is not a record type`, undefined, inc.loc);
      }
      for (const f of b.fields) checkTypeReferences(ctx, f.type.base);
      return;
    default:
      return;
  }
}

