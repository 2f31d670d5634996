/**
 * Values of literal tokens, as grammar actions need them: numbers checked
 * against panc's limits, strings and annotations from the token payloads.
 * Invalid literals raise a PanError located on the token.
 */
import type { IToken } from 'chevrotain';
import type { Annotation } from '../ast.js';
import { parseError } from '../errors.js';
import { sharedString } from '../model/shared-strings.js';
import type { AnnotationPayload } from './annotations.js';
import { tokenRange } from './locations.js';
import { parseDoubleLiteral, parseLongLiteral } from './numbers.js';

/** The file name for errors raised inside grammar actions; set per parse. */
let currentFile = '';

export function setCurrentFile(file: string): void {
  currentFile = file;
}

export function currentFileName(): string {
  return currentFile;
}

export function longValue(token: IToken): bigint {
  const value = parseLongLiteral(token.image);
  if (typeof value === 'string') throw parseError(value, currentFile, tokenRange(token));
  return value;
}

export function doubleValue(token: IToken): number {
  const value = parseDoubleLiteral(token.image);
  if (typeof value === 'string') throw parseError(value, currentFile, tokenRange(token));
  return value;
}

/**
 * The decoded text of a string token (single-quoted, double-quoted or
 * here-document), as its one shared copy (model/shared-strings.ts: the
 * parser gives out trees whose strings are shared already).
 */
export function stringValue(token: IToken): string {
  return sharedString(token.payload as string);
}

/** A token's text (a name, an operator, a path), as its one shared copy. */
export function imageOf(token: IToken): string {
  return sharedString(token.image);
}

export function annotationOf(token: IToken): Annotation {
  const payload = token.payload as AnnotationPayload;
  const loc = tokenRange(token);
  const name = sharedString(payload.name);
  const text = sharedString(payload.text);
  return payload.entries === undefined
    ? { name, text, loc }
    : { name, text, entries: payload.entries.map((e) => ({ key: sharedString(e.key), value: sharedString(e.value) })), loc };
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
