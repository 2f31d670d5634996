/**
 * Output formats: what panc writes for an object, and under which file name
 * suffix (`<output dir>/<object name><suffix>`).
 */
import type { OutputFormat } from '../build/api.js';
import type { PanDict } from '../model/values.js';
import { formatDep, type Dependency } from './dep.js';
import { formatDot } from './dot.js';
import { javaGzip } from './gzip.js';
import { formatJson, formatJsonUtf8 } from './json.js';
import { formatPanXml, formatPanXmlUtf8 } from './pan-xml.js';
import { formatText } from './text.js';

export type { Dependency, DependencyType } from './dep.js';
export { formatDep, javaDirectoryUri, parseDep } from './dep.js';
export { formatDot } from './dot.js';
export { formatJson } from './json.js';
export { formatPanXml } from './pan-xml.js';
export { formatText } from './text.js';
export { javaGzip } from './gzip.js';

/** Formats that produce a file (`null` produces none). */
export type WritableFormat = Exclude<OutputFormat, 'null'>;

const SUFFIXES: Readonly<Record<OutputFormat, string | null>> = {
  pan: '.xml',
  'pan.gz': '.xml.gz',
  xml: '.xml',
  'xml.gz': '.xml.gz',
  json: '.json',
  'json.gz': '.json.gz',
  dep: '.dep',
  text: '.txt',
  dot: '.dot',
  null: null,
};

/** File name suffix of a format's output, or null for `null` (no file). */
export function outputSuffix(format: OutputFormat): string | null {
  return SUFFIXES[format];
}

/**
 * The bytes panc writes for one object in `format`: a string (to be written
 * as UTF-8) or, for the `.gz` formats, gzip data.
 * `objectName` (e.g. `ns/host`) is used by the dot format only.
 */
export function formatProfile(
  format: WritableFormat,
  root: PanDict,
  deps: readonly Dependency[],
  objectName = 'profile',
): string | Uint8Array {
  switch (format) {
    case 'pan':
    case 'xml':
      return formatPanXml(root);
    case 'pan.gz':
    case 'xml.gz':
      return javaGzip(formatPanXml(root));
    case 'json':
      return formatJson(root);
    case 'json.gz':
      return javaGzip(formatJson(root));
    case 'dep':
      return formatDep(deps);
    case 'text':
      return formatText(root);
    case 'dot':
      return formatDot(objectName, deps);
  }
}

/**
 * formatProfile as the bytes of the file. For pan XML and JSON, they are in
 * a buffer that the next call reuses (TextBuffer.utf8): write and hash them
 * before formatting another profile.
 */
export function formatProfileBytes(
  format: WritableFormat,
  root: PanDict,
  deps: readonly Dependency[],
  objectName = 'profile',
): Uint8Array {
  switch (format) {
    case 'pan':
    case 'xml':
      return formatPanXmlUtf8(root);
    case 'json':
      return formatJsonUtf8(root);
    default: {
      const out = formatProfile(format, root, deps, objectName);
      return typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
    }
  }
}
