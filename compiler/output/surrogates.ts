/**
 * Unpaired UTF-16 surrogates. Java's UTF-8 writer (what panc's text, JSON and
 * dot outputs go through) replaces each one with '?', whereas Node writes
 * U+FFFD; formatters therefore replace them themselves, so that encoding the
 * returned string as UTF-8 gives Java's bytes.
 */

/** True if `code` is a high surrogate and `next` a low one. */
export function isSurrogatePair(code: number, next: number): boolean {
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

const SURROGATE = /[\ud800-\udfff]/;

/** `s` with every unpaired surrogate replaced by '?', as Java's UTF-8 encoder does. */
export function replaceUnpairedSurrogates(s: string): string {
  if (!SURROGATE.test(s)) return s;
  let out = '';
  let clean = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (isSurrogatePair(c, s.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    out += s.slice(clean, i) + '?';
    clean = i + 1;
  }
  return out + s.slice(clean);
}
