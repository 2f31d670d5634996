/** `panfab fetch`: configuration from flags, output, exit status (see exit-status.ts). */
import { streamLogger } from '../sdk/logger.js';
import { configOptions, logLevel, type CommonFlags } from './cli-options.js';
import { loadConfig } from './config.js';
import { EXIT_FAILED, EXIT_OK, reportError } from './exit-status.js';
import { fetchProfile, FetchFailedError, type FetchResult } from './fetch.js';

function describeFetch(r: FetchResult): string {
  switch (r.status) {
    case 'updated':
      return `profile ${r.version} is current (new, from ${r.url}${r.compressed ? ', gzip' : ''})${r.previous ? `; was ${r.previous}` : ''}`;
    case 'would-update':
      return `--noaction: a new profile from ${r.url} passed the checks; it would become current`;
    case 'unchanged':
      return `profile ${r.version} is current (unchanged${r.notModified ? ': 304 Not Modified' : ''} at ${r.url})`;
  }
}

export async function fetchCommand(flags: CommonFlags & { force?: boolean }): Promise<number> {
  try {
    const config = await loadConfig(configOptions(flags));
    const log = streamLogger('fetch', logLevel(flags));
    const r = await fetchProfile(config, { noaction: flags.noaction === true, force: flags.force === true, log });
    if (flags.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else if (!flags.quiet) process.stdout.write(describeFetch(r) + '\n');
    return EXIT_OK;
  } catch (e) {
    if (e instanceof FetchFailedError) {
      process.stderr.write(`panfab fetch: ${e.message}\n`);
      return EXIT_FAILED;
    }
    return reportError('panfab fetch', e);
  }
}

