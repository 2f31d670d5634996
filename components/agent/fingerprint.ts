/**
 * A component's configuration fingerprint: its own subtree, the profile
 * paths it watches and its version. --changed runs a component when this
 * differs from the fingerprint of its last successful run.
 */
import { canonicalJson, getPath, sha256, type JsonObject, type JsonValue } from '../sdk/json.js';

export function fingerprint(profile: JsonObject, name: string, watches: string[] = [], version = ''): string {
  const watched: Record<string, JsonValue | null> = {};
  for (const path of [`/software/components/${name}`, ...watches]) watched[path] = getPath(profile, path) ?? null;
  return sha256(canonicalJson({ version, watched }));
}
