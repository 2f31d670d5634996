/**
 * `panfab diff OLD NEW`: what the command does, apart from parsing options.
 * OLD and NEW are two directories of compiled profiles, or (`--git`) two
 * revisions of the template tree, compiled first; NEW omitted means the
 * work tree. Exit status: 0 no change, 1 changes, 2 error (then the
 * comparison is incomplete, whatever it shows).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileRevisions, type RevisionOutputs, type SiteInTree } from './compile-revisions.js';
import { diffProfileDirs, hasChanges, type DiffReport } from './diff-dirs.js';
import { formatReportJson, formatReportText } from './format-report.js';
import { terminalProgress, type Progress } from '../../common/progress.js';
import { pathAt, siteAt } from './git-revisions.js';
import { siteFromOptions, type SiteLoader } from './site.js';

export interface DiffCommandOptions {
  readonly git?: boolean;
  /** Repository (any directory inside it) for --git; default the current directory. */
  readonly repo?: string;
  readonly site?: string;
  readonly includePath?: readonly string[];
  readonly objects?: readonly string[];
  readonly json?: boolean;
  readonly details?: boolean;
  readonly full?: boolean;
  /** Only these objects. */
  readonly node?: readonly string[];
}

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  readonly progress?: Progress;
  /** Reads --site (a panfab.yaml or a directory holding one). */
  readonly loadSite?: SiteLoader;
}

/** Errors printed in full before the rest are only counted. */
const MAX_ERRORS_SHOWN = 5;

export const EXIT_SAME = 0;
export const EXIT_CHANGED = 1;
export const EXIT_ERROR = 2;

/** A usage or input problem: reported on one line, exit status 2. */
export class DiffUsageError extends Error {}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The site in each checkout: a site description is read again in each
 * revision (it may have changed too); command-line paths are moved there.
 */
function siteInTree(o: DiffCommandOptions, loadSite: SiteLoader | undefined): SiteInTree {
  if (o.site !== undefined) {
    if (loadSite === undefined) throw new DiffUsageError('--site is not available here');
    const file = resolve(o.site);
    return (tree, root) => loadSite(tree === root ? file : pathAt(file, root, tree));
  }
  if ((o.includePath?.length ?? 0) === 0 || (o.objects?.length ?? 0) === 0) {
    throw new DiffUsageError('--git needs the site to compile: --site FILE, or --include-path and --objects');
  }
  const site = siteFromOptions(o.includePath ?? [], o.objects ?? []);
  return async (tree, root) => (tree === root ? site : siteAt(site, root, tree));
}

function compileErrors(side: { label: string; errors: string[] }): string[] {
  return side.errors.map((e) => `compiling ${side.label}: ${e}`);
}

async function gitReport(oldRev: string, newRev: string | undefined, o: DiffCommandOptions, io: CommandIo, progress: Progress): Promise<DiffReport> {
  const siteIn = siteInTree(o, io.loadSite);
  let outputs: RevisionOutputs | undefined;
  try {
    outputs = await compileRevisions(o.repo ?? process.cwd(), siteIn, oldRev, newRev, progress);
    const report = dirReport(outputs.old.outputDir, outputs.new.outputDir, o, progress);
    return { ...report, errors: [...compileErrors(outputs.old), ...compileErrors(outputs.new), ...report.errors] };
  } finally {
    outputs?.cleanup();
  }
}

function dirReport(oldDir: string, newDir: string, o: DiffCommandOptions, progress: Progress): DiffReport {
  return diffProfileDirs(oldDir, newDir, {
    only: o.node === undefined || o.node.length === 0 ? undefined : new Set(o.node),
    details: o.details ?? false,
    onProgress: (done, total) => progress.update(`comparing profiles: ${done}/${total}`),
  });
}

/** Errors on stderr; past a few, only their number (a broken shared template fails every node alike; --json has them all). */
function printErrors(errors: readonly string[], io: CommandIo): void {
  for (const e of errors.slice(0, MAX_ERRORS_SHOWN)) io.err(`panfab diff: ${e}\n`);
  if (errors.length > MAX_ERRORS_SHOWN) io.err(`panfab diff: ... and ${errors.length - MAX_ERRORS_SHOWN} more errors (--json lists them all)\n`);
}

export async function runDiff(oldArg: string, newArg: string | undefined, o: DiffCommandOptions, io: CommandIo): Promise<number> {
  const progress = io.progress ?? terminalProgress();
  let report: DiffReport;
  try {
    if (o.git) {
      report = await gitReport(oldArg, newArg, o, io, progress);
    } else {
      if (newArg === undefined) throw new DiffUsageError('give two directories of compiled profiles, or --git OLD_REV [NEW_REV]');
      for (const d of [oldArg, newArg]) {
        if (!isDirectory(d)) throw new DiffUsageError(`${d}: not a directory of compiled profiles (use --git to compare revisions)`);
      }
      report = dirReport(oldArg, newArg, o, progress);
    }
  } catch (e) {
    progress.done();
    io.err(`panfab diff: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_ERROR;
  }
  progress.done();
  io.out(o.json ? formatReportJson(report) : formatReportText(report, { full: o.full ?? false }));
  if (!o.json) printErrors(report.errors, io);
  if (report.errors.length > 0) return EXIT_ERROR;
  return hasChanges(report) ? EXIT_CHANGED : EXIT_SAME;
}
