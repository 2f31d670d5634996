/** Type predicates: is_long, is_string, is_list... (is_defined and is_valid are special forms). */
import { PanDict, PanDouble, PanList, type PanValue } from '../model/values.js';
import type { BuiltinSpec } from './registry.js';

function pred(name: string, test: (v: PanValue) => boolean): BuiltinSpec {
  return { name, minArgs: 1, maxArgs: 1, pure: true, call: (a) => test(a[0] as PanValue) };
}

const isLong = (v: PanValue): boolean => typeof v === 'number' || typeof v === 'bigint';
const isDouble = (v: PanValue): boolean => v instanceof PanDouble;
const isString = (v: PanValue): boolean => typeof v === 'string';
const isBoolean = (v: PanValue): boolean => typeof v === 'boolean';
const isDict = (v: PanValue): boolean => v instanceof PanDict;
const isList = (v: PanValue): boolean => v instanceof PanList;

export const predicateBuiltins: BuiltinSpec[] = [
  pred('is_long', isLong),
  pred('is_double', isDouble),
  pred('is_number', (v) => isLong(v) || isDouble(v)),
  pred('is_string', isString),
  pred('is_boolean', isBoolean),
  pred('is_property', (v) => isLong(v) || isDouble(v) || isString(v) || isBoolean(v)),
  pred('is_list', isList),
  pred('is_dict', isDict),
  pred('is_nlist', isDict),
  pred('is_hash', isDict),
  pred('is_resource', (v) => isList(v) || isDict(v)),
  pred('is_null', (v) => v === null),
];
