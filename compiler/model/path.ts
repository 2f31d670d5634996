/**
 * Pan paths: `/a/b/0` (absolute), `a/b` (relative, in structure templates
 * and after `prefix`), `obj:/a/b` and the legacy `//obj/a/b` (external: a
 * path in another object). A term is a dict key or a list index; `{...}` in
 * a path is an escaped term (`/x/{a b}` is `/x/a_20b`).
 */

export type Term = string | number;

export interface PanPath {
  readonly kind: 'absolute' | 'relative' | 'external';
  /** Object name of an external path. */
  readonly object?: string;
  readonly terms: readonly Term[];
}

export class PathError extends Error {}

const KEY_CHARS = /^[a-zA-Z0-9_.+-]+$/;
const INTEGER_RE = /^-?[0-9]+$/;
const INDEX_RE = /^-?(0|[1-9][0-9]*)$/;

/**
 * A dict key as Pan accepts it: letters, digits and `_ . + -`, but not an
 * integer (those are list indices; `06` is neither).
 */
export function isValidKey(key: string): boolean {
  return KEY_CHARS.test(key) && !INTEGER_RE.test(key);
}

/**
 * A string used as a dict key: `{...}` parts are escaped (so
 * `'{apel.example.org}'` is the key `apel_2eexample_2eorg`); null when the
 * result is not a valid key.
 */
export function keyFromString(s: string): string | null {
  if (isValidKey(s)) return s;
  if (s.indexOf('{') < 0) return null;
  const k = s.replace(/\{([^}]*)\}/g, (_m, inner: string) => escapeKey(inner));
  return isValidKey(k) ? k : null;
}

/** Parse one path term: a list index (`0`, `-1`) or a dict key. */
export function parseTerm(text: string): Term {
  if (INDEX_RE.test(text)) {
    const n = Number(text);
    if (!Number.isSafeInteger(n)) throw new PathError(`path term '${text}' is too large`);
    return n;
  }
  if (isValidKey(text)) return text;
  if (INTEGER_RE.test(text)) throw new PathError(`invalid path term '${text}': an index may not have leading zeros`);
  throw new PathError(`invalid path term '${text}'`);
}

/** Pan's escape(): letters and digits (not a leading digit) kept, anything else as `_xx` per UTF-8 byte. */
export function escapeKey(s: string): string {
  if (s.length === 0) return '_';
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alpha = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    const digit = c >= 48 && c <= 57;
    if (alpha || (digit && i > 0)) {
      out += s[i];
    } else if (c < 0x80) {
      out += '_' + c.toString(16).padStart(2, '0');
    } else {
      const cp = s.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      for (const b of Buffer.from(String.fromCodePoint(cp), 'utf8')) out += '_' + b.toString(16).padStart(2, '0');
    }
  }
  return out;
}

/** Pan's unescape(): `_xx` hex sequences back to characters (UTF-8 decoded). */
export function unescapeKey(s: string): string {
  if (s.indexOf('_') < 0) return s;
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8');
      bytes.length = 0;
    }
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === "_" && i + 2 < s.length && /^[0-9a-fA-F]{2}$/.test(s.substr(i + 1, 2))) {
      bytes.push(parseInt(s.substr(i + 1, 2), 16));
      i += 2;
    } else {
      flush();
      out += ch;
    }
  }
  flush();
  return out;
}

/** Split path text into raw terms, honouring `{...}` escapes (which may contain `/`). */
function splitTerms(body: string, full: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < body.length) {
    let raw = '';
    let escaped = false;
    while (i < body.length && body[i] !== '/') {
      if (body[i] === '{') {
        const close = body.indexOf('}', i + 1);
        if (close < 0) throw new PathError(`unbalanced '{' in path '${full}'`);
        raw += escapeKey(body.slice(i + 1, close));
        escaped = true;
        i = close + 1;
      } else {
        raw += body[i];
        i++;
      }
    }
    if (raw === '' && !escaped) throw new PathError(`empty term in path '${full}'`);
    terms.push(escaped && !INDEX_RE.test(raw) ? checkEscaped(raw, full) : parseTerm(raw));
    i++; // skip '/'; a trailing '/' is allowed, as in panc
  }
  return terms;
}

function checkEscaped(raw: string, full: string): Term {
  if (!/^[a-zA-Z0-9_.+-]+$/.test(raw)) throw new PathError(`invalid escaped term in path '${full}'`);
  return raw;
}

/** Parse a path written in a template or passed to value(), exists()... */
export function parsePath(text: string): PanPath {
  if (text.length === 0) throw new PathError('empty path');
  if (text.startsWith('//')) {
    const rest = text.slice(2);
    const slash = rest.indexOf('/');
    const object = slash < 0 ? rest : rest.slice(0, slash);
    if (object === '') throw new PathError(`missing object name in path '${text}'`);
    return { kind: 'external', object, terms: slash < 0 ? [] : splitTerms(rest.slice(slash + 1), text) };
  }
  const colon = text.indexOf(':');
  if (colon > 0 && !text.slice(0, colon).includes('{')) {
    const object = text.slice(0, colon);
    const rest = text.slice(colon + 1);
    if (rest !== '' && !rest.startsWith('/')) throw new PathError(`external path '${text}' must be absolute after ':'`);
    return { kind: 'external', object, terms: rest.length > 1 ? splitTerms(rest.slice(1), text) : [] };
  }
  if (text[0] === '/') {
    return { kind: 'absolute', terms: text.length === 1 ? [] : splitTerms(text.slice(1), text) };
  }
  return { kind: 'relative', terms: splitTerms(text, text) };
}

export function formatTerm(t: Term): string {
  return typeof t === 'number' ? String(t) : t;
}

export function formatPath(p: PanPath): string {
  const body = '/' + p.terms.map(formatTerm).join('/');
  return p.kind === 'external' ? `${p.object}:${body}` : p.kind === 'relative' ? p.terms.map(formatTerm).join('/') : body;
}

export function formatTerms(terms: readonly Term[]): string {
  return '/' + terms.map(formatTerm).join('/');
}
