/**
 * Load a host's profile from a source, parse it (errors at file:line:column),
 * validate it against schema/ and turn it into an InstallNode.
 */
import { assertValidProfile, type ProfilePart } from '../../schema/index.js';
import { lineColumn } from '../../common/text.js';
import { AiiError } from '../errors.js';
import { installNode, type InstallNode } from '../node.js';
import { jsonErrorAt } from './json-position.js';
import type { ProfileSource } from './source.js';

/** Parse JSON text; a syntax error names source:line:column. */
export function parseProfileJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const at = jsonErrorAt(text);
    const { line, column } = lineColumn(text, at?.offset ?? text.length);
    const found = at === undefined || at.offset >= text.length ? 'the end of the file' : JSON.stringify(text[at.offset]);
    throw new AiiError(`${source}:${line}:${column}: invalid JSON: expected ${at?.expected ?? 'a value'}, found ${found}`);
  }
}

/** The schema parts panfab aii reads: required ones, plus the optional ones the profile has. */
function partsToCheck(profile: unknown): ProfilePart[] {
  const system = (profile as { system?: Record<string, unknown> } | null)?.system ?? {};
  const parts: ProfilePart[] = ['hardware', 'network', 'aii'];
  if (system.enclosure !== undefined) parts.push('enclosure');
  if (system.blockdevices !== undefined) parts.push('blockdevices');
  if (system.filesystems !== undefined) parts.push('filesystems');
  return parts;
}

/** Turn profile text into a validated InstallNode. */
export function installNodeFromText(text: string, source: string, fqdn?: string): InstallNode {
  const profile = parseProfileJson(text, source);
  assertValidProfile(profile, source, partsToCheck(profile));
  return installNode(profile, source, fqdn);
}

/** The node of `fqdn`, or undefined when the source has no profile for it. */
export async function loadInstallNode(source: ProfileSource, fqdn: string): Promise<InstallNode | undefined> {
  const found = await source.fetch(fqdn);
  return found === undefined ? undefined : installNodeFromText(found.text, found.source, fqdn);
}
