/**
 * Where compiled profiles come from: a directory of `<fqdn>.json` files, or
 * an HTTP(S) URL serving the same names (fetched with a local cache and
 * conditional GET, listed through panc's profiles-info.xml).
 */
import { DirectoryProfileSource } from './directory.js';
import { HttpProfileSource } from './http.js';

export interface ProfileText {
  readonly text: string;
  /** File path or URL, for error messages. */
  readonly source: string;
}

export interface ProfileSource {
  readonly description: string;
  /** Every host that has a profile; undefined when the source cannot list them. */
  names(): Promise<string[] | undefined>;
  /** The profile text of a host; undefined when the host has none. */
  fetch(fqdn: string): Promise<ProfileText | undefined>;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const FQDN = `${LABEL}(?:\\.${LABEL})+`;

/** A lower-case fully qualified host name, as profiles are named and hosts are given. */
export const FQDN_RE = new RegExp(`^${FQDN}$`);

/** Profiles are `<fqdn>.json`; other files in the place are ignored. */
export const PROFILE_NAME_RE = new RegExp(`^(${FQDN})\\.json$`);

export function profileSource(location: string, cacheDir: string): ProfileSource {
  return /^https?:\/\//.test(location) ? new HttpProfileSource(location, cacheDir) : new DirectoryProfileSource(location);
}
