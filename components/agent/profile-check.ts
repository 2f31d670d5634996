/**
 * From downloaded bytes to a profile we may make current: JSON that parses
 * (errors at line:column) and passes schema/ (errors at the profile path).
 */
import { lineColumn } from '../../common/text.js';
import { isJsonObject, type JsonObject } from '../sdk/json.js';

export class ProfileError extends Error {
  override name = 'ProfileError';
}

/** Where JSON.parse failed; -1 when the text parses. */
function failure(text: string): number {
  try {
    JSON.parse(text);
    return -1;
  } catch (e) {
    const pos = /at position (\d+)/.exec((e as Error).message);
    return pos ? Number(pos[1]) : /end of JSON input/.test((e as Error).message) ? text.length : Number.NaN;
  }
}

/**
 * Offset of the first bad character. V8 gives it for some errors only, so the
 * shortest prefix that fails before its own end is searched for: every
 * shorter prefix is merely incomplete.
 */
function errorOffset(text: string): number {
  const direct = failure(text);
  if (Number.isFinite(direct)) return direct;
  const bad = (n: number): boolean => {
    const at = failure(text.slice(0, n));
    return at !== -1 && !(at >= n);
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bad(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}

/** Parse a profile; errors name `source:line:column`. */
export function parseProfile(body: Buffer, source: string): JsonObject {
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const { line, column } = lineColumn(text, errorOffset(text));
    const at = `${line}:${column}`;
    const reason = message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
    throw new ProfileError(`${source}:${at}: invalid JSON: ${reason}`);
  }
  if (!isJsonObject(value)) throw new ProfileError(`${source}: a profile must be a JSON object`);
  return value;
}

/** Check a parsed profile against schema/; throws listing the issues by profile path. */
export async function checkProfile(profile: JsonObject, source: string): Promise<void> {
  const { validateProfile, formatIssues } = await import('../../schema/index.js');
  const issues = validateProfile(profile);
  if (issues.length > 0) throw new ProfileError(formatIssues(source, issues).split('\n').map((l) => `schema: ${l}`).join('\n'));
}
