/**
 * Options shared by `panfab fetch` and `panfab agent`: each configuration
 * setting has an option of the same (kebab-case) name, overriding the file.
 * Kept free of heavy imports: it is loaded when the commands register.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { ConfigOptions } from './config.js';
import type { LogLevel } from '../sdk/logger.js';

function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--root <dir>', 'manage this directory tree instead of / (config, cache and state under it too)')
    .option('--config <file>', 'configuration file (default <root>/etc/panfab/agent.yaml)')
    .option('--cache-dir <dir>', 'profile cache (default <root>/var/lib/panfab/profile)')
    .option('--lock-wait <seconds>', 'wait this long for a running fetch/agent to finish', number)
    .option('-n, --noaction', 'show what would be done; change nothing')
    .option('--json', 'print the result as JSON on standard output')
    .option('-v, --verbose', 'more detail on standard error')
    .option('-q, --quiet', "print only errors (and a failed run's report)");
}

export function addFetchOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'profile URL; repeat for failover (placeholders __HOST__, __DOMAIN__)', collect)
    .option('--host <name>', 'short host name for __HOST__ (default: from the system host name)')
    .option('--domain <name>', 'domain for __DOMAIN__ (default: from the system host name)')
    .option('--ca <file>', 'CA bundle (PEM) that HTTPS servers must be signed by')
    .option('--cert <file>', 'client certificate (PEM)')
    .option('--key <file>', 'client key (PEM)')
    .option('--timeout <seconds>', 'limit for one download attempt', number)
    .option('--retries <n>', 'extra rounds over the URL list', number)
    .option('--retry-delay <seconds>', 'wait before the first retry round (doubles each round)', number)
    .option('--max-retry-delay <seconds>', 'longest wait between rounds', number)
    .option('--max-size <bytes>', 'largest profile accepted', number)
    .option('--keep <n>', 'profile versions kept in the cache', number)
    .option('--force', 'download even if the server says the profile is unchanged');
}

export interface CommonFlags {
  root?: string;
  config?: string;
  cacheDir?: string;
  stateDir?: string;
  lockWait?: number;
  noaction?: boolean;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  url?: string[];
  host?: string;
  domain?: string;
  ca?: string;
  cert?: string;
  key?: string;
  timeout?: number;
  retries?: number;
  retryDelay?: number;
  maxRetryDelay?: number;
  maxSize?: number;
  keep?: number;
  runCommands?: boolean;
}

/** Command-line flags -> configuration overrides (undefined: keep the file's or the default). */
export function configOptions(f: CommonFlags): ConfigOptions {
  const o: ConfigOptions = {
    root: f.root,
    config: f.config,
    cacheDir: f.cacheDir,
    stateDir: f.stateDir,
    lockWait: f.lockWait,
    urls: f.url,
    host: f.host,
    domain: f.domain,
    ca: f.ca,
    cert: f.cert,
    key: f.key,
    timeout: f.timeout,
    retries: f.retries,
    retryDelay: f.retryDelay,
    maxRetryDelay: f.maxRetryDelay,
    maxSize: f.maxSize,
    keep: f.keep,
    runCommands: f.runCommands,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ConfigOptions;
}

/** Quiet in CI: progress (info) only on a terminal or with --verbose. */
export function logLevel(f: CommonFlags): LogLevel {
  if (f.quiet) return 'error';
  if (f.verbose) return 'debug';
  return process.stderr.isTTY ? 'info' : 'warn';
}
