/**
 * Compiled forms: templates and DML bodies turned into closures once, then
 * run for every object that uses them.
 */
import type { SourceRange, TemplateKind } from '../ast.js';
import type { PanValue } from '../model/values.js';
import type { Frame } from './frame.js';
import type { ObjectContext } from './object-context.js';

/** A compiled DML expression. */
export type Fn = (f: Frame) => PanValue;

/** A compiled DML body with its own local-variable slots (statement DML, function body). */
export interface CompiledBody {
  readonly fn: Fn;
  readonly nslots: number;
  /** Set when the whole body folded to a constant (then `fn` just returns it). */
  readonly constant?: PanValue;
}

/** A compiled template statement. */
export type StatementRunner = (ctx: ObjectContext, state: TemplateRunState) => void;

/** Per-execution state of one template (prefix is template-local). */
export interface TemplateRunState {
  prefix: readonly (string | number)[] | null;
  /** Last absolute prefix: relative prefixes are relative to it. */
  absolutePrefix?: readonly (string | number)[];
  /** Root of the structure being built when running a structure template via create(). */
  structureRoot?: { value: PanValue };
}

export interface CompiledTemplate {
  readonly name: string;
  readonly kind: TemplateKind;
  readonly file: string;
  /** Include-path directory + LOADPATH entry it was found in (dep location). */
  readonly location: string;
  readonly statements: readonly StatementRunner[];
  readonly headerLoc: SourceRange;
}
