/**
 * Agent configuration: defaults, then the file (/etc/panfab/agent.yaml, or
 * --config), then command-line options. Paths from the defaults and the file
 * are host paths and lie under --root; paths given on the command line are
 * taken as given.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { hostPath } from '../sdk/paths.js';
import { lineColumn } from '../../common/text.js';

export interface AgentConfig {
  root: string;
  /** Profile URLs, tried in order (failover); may hold __HOST__ and __DOMAIN__. */
  urls: string[];
  host?: string;
  domain?: string;
  /** CA bundle (PEM) for HTTPS; the system CAs when absent. */
  ca?: string;
  /** Client certificate and key (PEM) for HTTPS. */
  cert?: string;
  key?: string;
  /** Seconds one attempt may take (connect and body). */
  timeout: number;
  /** Extra rounds over the URL list after the first. */
  retries: number;
  /** Seconds before the first retry round; doubled each round up to maxRetryDelay. */
  retryDelay: number;
  maxRetryDelay: number;
  /** Bytes a profile download may have (after decompression). */
  maxSize: number;
  /** Profile versions kept in the cache. */
  keep: number;
  cacheDir: string;
  stateDir: string;
  /** Seconds to wait for the lock; 0: give up at once. */
  lockWait: number;
  preHook?: string[];
  postHook?: string[];
  /** Extra component modules: name -> path of an ES module exporting `component`. */
  components: Record<string, string>;
  /** State-changing commands and service actions run (default: yes unless --root). */
  runCommands: boolean;
}

/** What the command line may set (undefined: not given). */
export type ConfigOptions = Partial<Omit<AgentConfig, 'root' | 'components'>> & { root?: string; config?: string };

export const DEFAULT_CONFIG_FILE = '/etc/panfab/agent.yaml';

type Kind = 'string' | 'strings' | 'number' | 'boolean' | 'path' | 'argv' | 'modules';
/** File key (kebab-case, as the options) -> config field and kind. */
const KEYS: Record<string, [keyof AgentConfig, Kind]> = {
  url: ['urls', 'strings'],
  host: ['host', 'string'],
  domain: ['domain', 'string'],
  ca: ['ca', 'path'],
  cert: ['cert', 'path'],
  key: ['key', 'path'],
  timeout: ['timeout', 'number'],
  retries: ['retries', 'number'],
  'retry-delay': ['retryDelay', 'number'],
  'max-retry-delay': ['maxRetryDelay', 'number'],
  'max-size': ['maxSize', 'number'],
  keep: ['keep', 'number'],
  'cache-dir': ['cacheDir', 'path'],
  'state-dir': ['stateDir', 'path'],
  'lock-wait': ['lockWait', 'number'],
  'pre-hook': ['preHook', 'argv'],
  'post-hook': ['postHook', 'argv'],
  components: ['components', 'modules'],
  'run-commands': ['runCommands', 'boolean'],
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function defaultConfig(root: string): AgentConfig {
  return {
    root,
    urls: [],
    timeout: 30,
    retries: 2,
    retryDelay: 2,
    maxRetryDelay: 60,
    maxSize: 256 * 1024 * 1024,
    keep: 5,
    cacheDir: hostPath(root, '/var/lib/panfab/profile'),
    stateDir: hostPath(root, '/var/lib/panfab/agent'),
    lockWait: 0,
    components: {},
    runCommands: resolve(root) === '/',
  };
}

function where(file: string, text: string, offset: number | undefined): string {
  if (offset === undefined) return file;
  const { line, column } = lineColumn(text, offset);
  return `${file}:${line}:${column}`;
}

function convert(value: unknown, kind: Kind, root: string): unknown {
  const fail = (what: string): never => {
    throw new ConfigError(`must be ${what}`);
  };
  const hostAbs = (v: unknown): string => (typeof v === 'string' && v.startsWith('/') ? hostPath(root, v) : fail('an absolute path'));
  switch (kind) {
    case 'string':
      return typeof value === 'string' && value !== '' ? value : fail('a non-empty string');
    case 'strings': {
      const list = typeof value === 'string' ? [value] : value;
      return Array.isArray(list) && list.length > 0 && list.every((v) => typeof v === 'string' && v !== '') ? list : fail('a string or a list of strings');
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fail('a non-negative number');
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('true or false');
    case 'path':
      return hostAbs(value);
    case 'argv':
      return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') && String(value[0]).startsWith('/')
        ? value
        : fail('a command as a list of strings, starting with an absolute path');
    case 'modules': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('a map of component name to module path');
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostAbs(v)]));
    }
  }
}

/** Settings from a YAML (or JSON) file; errors carry file:line:column. */
export async function readConfigFile(file: string, root: string): Promise<Partial<AgentConfig>> {
  const text = readFileSync(file, 'utf8');
  const { parseDocument, isMap, isScalar } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new ConfigError(`${where(file, text, e.pos[0])}: ${e.message.split('\n')[0]}`);
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) throw new ConfigError(`${file}: must be a map of settings`);
  const out: Record<string, unknown> = {};
  for (const pair of doc.contents.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '?';
    const at = where(file, text, isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    const spec = KEYS[name];
    if (!spec) throw new ConfigError(`${at}: unknown setting ${JSON.stringify(name)} (known: ${Object.keys(KEYS).join(', ')})`);
    const value: unknown = (pair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? (isScalar(pair.value) ? pair.value.value : null);
    try {
      out[spec[0]] = convert(value, spec[1], root);
    } catch (e) {
      throw new ConfigError(`${at}: ${name}: ${(e as Error).message}`);
    }
  }
  return out as Partial<AgentConfig>;
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Defaults, then the file, then the options. */
export async function loadConfig(options: ConfigOptions = {}): Promise<AgentConfig> {
  const root = resolve(options.root ?? '/');
  const base = defaultConfig(root);
  const explicit = options.config !== undefined;
  const file = explicit ? resolve(options.config!) : hostPath(root, DEFAULT_CONFIG_FILE);
  let fromFile: Partial<AgentConfig> = {};
  try {
    fromFile = await readConfigFile(file, root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || explicit) {
      throw e instanceof ConfigError ? e : new ConfigError(`${file}: ${(e as Error).message}`);
    }
  }
  const { config: _ignored, root: _root, ...rest } = options;
  const merged: AgentConfig = { ...base, ...fromFile, ...defined(rest), root };
  for (const k of ['ca', 'cert', 'key', 'cacheDir', 'stateDir'] as const) {
    if (rest[k] !== undefined) merged[k] = resolve(rest[k]!);
  }
  if (!Number.isInteger(merged.keep) || merged.keep < 1) throw new ConfigError('keep must be a whole number of at least 1');
  if ((merged.cert === undefined) !== (merged.key === undefined)) throw new ConfigError('cert and key go together: give both or neither');
  return merged;
}
