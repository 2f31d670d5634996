/**
 * A short description of where two formatted profiles first differ: line,
 * column, both lines and the path of the element (found through the
 * indentation of the pan XML and JSON layouts), instead of a megabyte of diff.
 */

/** null when equal, else a few lines saying where and how `actual` departs from `expected`. */
export function firstDifference(expected: string, actual: string): string | null {
  if (expected === actual) return null;
  let i = 0;
  const n = Math.min(expected.length, actual.length);
  while (i < n && expected.charCodeAt(i) === actual.charCodeAt(i)) i++;
  const lineStart = expected.lastIndexOf('\n', i - 1) + 1;
  const line = countNewlines(expected, lineStart) + 1;
  const expectedLine = lineAt(expected, lineStart);
  const actualLine = lineAt(actual, lineStart);
  const path = elementPath(expected.slice(0, lineStart) + expectedLine);
  return [
    `first difference at line ${line}, column ${i - lineStart + 1}` + (path ? ` (element ${path})` : ''),
    `  expected: ${show(expectedLine, expected.length === i)}`,
    `  actual:   ${show(actualLine, actual.length === i)}`,
  ].join('\n');
}

function countNewlines(s: string, end: number): number {
  let count = 0;
  for (let i = s.indexOf('\n'); i >= 0 && i < end; i = s.indexOf('\n', i + 1)) count++;
  return count;
}

function lineAt(s: string, start: number): string {
  const end = s.indexOf('\n', start);
  return s.slice(start, end < 0 ? s.length : end);
}

function show(line: string, endsHere: boolean): string {
  const shown = JSON.stringify(line.length > 200 ? line.slice(0, 200) + '…' : line);
  return endsHere ? shown + ' (text ends here)' : shown;
}

const XML_NAME = /^\s*<\w+ name="([^"]*)"/;
const JSON_KEY = /^\s*"((?:[^"\\]|\\.)*)":/;

/** `/a/b/c` from the names of the last line and of the lines that enclose it (by indentation). */
function elementPath(text: string): string {
  const lines = text.split('\n');
  const names: string[] = [];
  let indent = Infinity;
  for (let k = lines.length - 1; k >= 0; k--) {
    const line = lines[k] as string;
    const lineIndent = line.length - line.trimStart().length;
    if (lineIndent >= indent || line.trim() === '') continue;
    indent = lineIndent;
    if (indent === 0) break; // the root element has no name in the path
    if (/^\s*(<\/|[}\]])/.test(line)) continue; // a closing line belongs to its opening one
    const m = XML_NAME.exec(line) ?? JSON_KEY.exec(line);
    names.unshift(m ? (m[1] as string) : '*'); // unnamed: an item of a list
  }
  return names.length > 0 ? '/' + names.join('/') : '';
}
