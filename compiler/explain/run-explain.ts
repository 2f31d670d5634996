/**
 * `panfab explain OBJECT PATH`: what the command does, apart from parsing
 * options. Exit status: 0 the value was explained, 1 the path does not exist
 * in the profile, 2 error (object not found or failing to compile, bad path).
 */
import { siteFromOptions, type Site, type SiteLoader } from '../diff/site.js';
import { explain, type Explanation } from './explain.js';
import { formatExplanationJson, formatExplanationText } from './format-explanation.js';

export interface ExplainCommandOptions {
  readonly site?: string;
  readonly includePath?: readonly string[];
  readonly json?: boolean;
  readonly full?: boolean;
  readonly below?: boolean;
}

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads --site (a panfab.yaml or a directory holding one). */
  readonly loadSite?: SiteLoader;
}

export const EXIT_EXPLAINED = 0;
export const EXIT_NO_SUCH_PATH = 1;
export const EXIT_ERROR = 2;

/** The site: --include-path directories first, then the site description's. */
async function siteOf(o: ExplainCommandOptions, loadSite: SiteLoader | undefined): Promise<Site> {
  const extra = siteFromOptions(o.includePath ?? [], []);
  if (o.site === undefined) return extra;
  if (loadSite === undefined) throw new Error('--site is not available here');
  const site = await loadSite(o.site);
  return { includePath: [...extra.includePath, ...site.includePath], objects: site.objects };
}

export async function runExplain(object: string, path: string, o: ExplainCommandOptions, io: CommandIo): Promise<number> {
  let e: Explanation;
  try {
    e = explain(object, path, await siteOf(o, io.loadSite), { below: o.below ?? false });
  } catch (err) {
    io.err(`panfab explain: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_ERROR;
  }
  io.out(o.json ? formatExplanationJson(e) : formatExplanationText(e, { full: o.full ?? false }));
  return e.value === undefined ? EXIT_NO_SUCH_PATH : EXIT_EXPLAINED;
}
