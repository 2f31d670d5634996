/**
 * Reading profile values with their profile path: the agent's components
 * get the whole compiled profile (checked by schema/ when fetched, but a
 * profile given with --profile or to runComponent in a test need not be),
 * so every value a component uses is checked here and a bad one is an
 * error naming its path, never a crash further down.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { ProfileError } from './refusals.js';

/** `/a/b` + `c` -> `/a/b/c`. */
export function at(where: string, ...steps: (string | number)[]): string {
  return [where, ...steps.map(String)].join('/');
}

export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a dict';
  return `${typeof v} ${JSON.stringify(v)}`;
}

export function objectAt(v: JsonValue | undefined, where: string): JsonObject {
  if (!isJsonObject(v)) throw new ProfileError(where, `must be a dict, is ${describe(v)}`);
  return v;
}

export function optionalObjectAt(v: JsonValue | undefined, where: string): JsonObject | undefined {
  return v === undefined ? undefined : objectAt(v, where);
}

export function listAt(v: JsonValue | undefined, where: string): JsonValue[] {
  if (!Array.isArray(v)) throw new ProfileError(where, `must be a list, is ${describe(v)}`);
  return v;
}

export function stringAt(v: JsonValue | undefined, where: string, re?: RegExp, what?: string): string {
  if (typeof v !== 'string') throw new ProfileError(where, `must be a string, is ${describe(v)}`);
  if (re && !re.test(v)) throw new ProfileError(where, `${JSON.stringify(v)} is not ${what ?? `of the form ${re.source}`}`);
  return v;
}

export function optionalStringAt(v: JsonValue | undefined, where: string, re?: RegExp, what?: string): string | undefined {
  return v === undefined ? undefined : stringAt(v, where, re, what);
}

export function booleanAt(v: JsonValue | undefined, where: string, dflt?: boolean): boolean {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'boolean') throw new ProfileError(where, `must be true or false, is ${describe(v)}`);
  return v;
}

export function integerAt(v: JsonValue | undefined, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new ProfileError(where, `must be a whole number, is ${describe(v)}`);
  if (v < min || v > max) throw new ProfileError(where, `${v} is out of range (${min} to ${max})`);
  return v;
}

export function optionalIntegerAt(v: JsonValue | undefined, where: string, min: number, max: number): number | undefined {
  return v === undefined ? undefined : integerAt(v, where, min, max);
}

export function enumAt<T extends string>(v: JsonValue | undefined, where: string, values: readonly T[], dflt?: T): T {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new ProfileError(where, `must be one of ${values.join(', ')}, is ${describe(v)}`);
  }
  return v as T;
}

/** Sizes are MiB, at most 1 EiB (as schema/ says). */
export const MAX_MIB = 2 ** 40;

/** An absolute path of portable characters without `.`/`..` segments (schema/'s type_absolute_path). */
export const ABSOLUTE_PATH_RE = /^(?!.*\/\.\.?(\/|$))(\/[A-Za-z0-9._+@%~-]+)+$/;
/** A kernel device name (sda, nvme0n1p1, loop3, xvda). */
export const DEVICE_NAME_RE = /^[A-Za-z][A-Za-z0-9_.+-]{0,63}$/;
