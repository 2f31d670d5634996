/** Profile URLs with __HOST__ and __DOMAIN__ placeholders, filled in from this host's name. */
import { hostname } from 'node:os';

const LABELS = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

export interface HostIdentity {
  host: string;
  domain?: string;
}

/** This host's short name and domain: configured, else from the system host name. */
export function hostIdentity(configured: { host?: string; domain?: string }, systemName = hostname()): HostIdentity {
  const fqdn = systemName.toLowerCase();
  const dot = fqdn.indexOf('.');
  const host = configured.host ?? (dot < 0 ? fqdn : fqdn.slice(0, dot));
  const domain = configured.domain ?? (dot < 0 ? undefined : fqdn.slice(dot + 1));
  return { host, ...(domain !== undefined ? { domain } : {}) };
}

function checkName(value: string, what: string): string {
  if (!LABELS.test(value)) throw new Error(`${what} ${JSON.stringify(value)} is not a valid DNS name`);
  return value;
}

/** Fill in the placeholders; the result must be an http(s) URL. */
export function expandUrl(template: string, id: HostIdentity): string {
  let url = template;
  if (url.includes('__HOST__')) url = url.split('__HOST__').join(checkName(id.host, 'host name'));
  if (url.includes('__DOMAIN__')) {
    if (id.domain === undefined) throw new Error(`${template}: __DOMAIN__ is used but this host's domain is unknown (set domain in the configuration)`);
    url = url.split('__DOMAIN__').join(checkName(id.domain, 'domain'));
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid profile URL ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`profile URL ${url}: only http and https are supported`);
  return parsed.href;
}
