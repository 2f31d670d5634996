/**
 * panc's `text` format (TxtFormatter): a readable dump of the tree, one line
 * per element, indented two spaces per level. Resources are written
 * `+-name`, properties `$ name : (type) 'value'`; list children are named by
 * their index. The root is `profile`.
 *
 * This follows the dump layout of Quattor's tools (ncm-query) that panc's
 * TxtFormatter shares; it is written from memory of panc, not checked
 * against panc output (there is no golden for it).
 */
import { javaDoubleToString } from '../java/double.js';
import { PanDict, PanDouble, PanList, kindOf, type PanValue } from '../model/values.js';
import { replaceUnpairedSurrogates } from './surrogates.js';

/** The profile as panc's text dump (each line ends with a newline). */
export function formatText(root: PanDict): string {
  const lines: string[] = [];
  writeElement(lines, '', 'profile', root);
  return replaceUnpairedSurrogates(lines.join('\n') + '\n');
}

function writeElement(lines: string[], indent: string, name: string, value: PanValue): void {
  if (value instanceof PanDict) {
    lines.push(indent + '+-' + name);
    for (const [key, child] of value.entries()) writeElement(lines, indent + '  ', key, child);
  } else if (value instanceof PanList) {
    lines.push(indent + '+-' + name);
    value.items.forEach((child, i) => writeElement(lines, indent + '  ', String(i), child));
  } else {
    lines.push(indent + '$ ' + name + ' : (' + kindOf(value) + ") '" + propertyText(value) + "'");
  }
}

function propertyText(value: PanValue): string {
  if (value instanceof PanDouble) return javaDoubleToString(value.value);
  if (typeof value === 'symbol') return 'undef';
  return String(value);
}
