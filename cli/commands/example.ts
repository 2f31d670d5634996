/**
 * `panfab example`: the README's first command. Compiles the bundled example
 * site (examples/site, or --site DIR) into <out>/profiles (JSON and pan XML),
 * checks every profile against schema/, and prints a summary: profiles, Dom0s
 * with their guests, errors. When the site compiled cleanly it goes on with
 * the install server (`panfab aii --configure` of every installable node,
 * everything under <out>/aii) and the agent's dry run for each Dom0
 * (`panfab agent --all --noaction --root <out>/root/<dom0>`).
 *
 * A site directory holds panfab.yaml:
 *   include_path: [profiles, cfg]   template directories, searched in order
 *   objects: [profiles]             object templates: directories (every *.pan) or files
 *   extends: ../../site             optional: a site whose lists come after these
 *   dhcpd_conf: aii/dhcpd.conf      optional: the admins' part of dhcpd.conf
 * Paths are relative to the file; panfab's library (templates/) is searched
 * last. An object template found earlier hides later ones of the same file
 * name, so a variant replaces the templates it changes.
 *
 * The heavy parts (compiler, schemas, aii, agent) are imported inside the
 * action only.
 */
import { existsSync, readFileSync, statSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Profile } from '../../schema/index.js';
import { panFilesIn } from '../../compiler/loader/pan-files.js';

export interface SiteLayout {
  /** The site's panfab.yaml. */
  readonly file: string;
  /** Template directories, in search order (panfab's library last). */
  readonly includePath: readonly string[];
  /** Object template files, one per file name. */
  readonly objectFiles: readonly string[];
  /** The admins' part of dhcpd.conf, if the site has one. */
  readonly dhcpdConf?: string;
}

export interface ExampleOptions {
  /** Site directory (holding panfab.yaml). */
  readonly site: string;
  /** Output directory: profiles/, aii/, root/, agent/ go below it. */
  readonly out: string;
  /** Stop after compiling and checking the profiles. */
  readonly compileOnly?: boolean;
  /** Summary lines (standard output). */
  readonly write: (line: string) => void;
  /** Progress lines (standard error, on a terminal only). */
  readonly progress?: (line: string) => void;
}

export interface CompiledHost {
  readonly name: string;
  /** <out>/profiles/<name>.json */
  readonly json: string;
  readonly profile: Profile;
}

/** An object that failed to compile: the object, the error's kind and message, the full text. */
export interface CompileFailure {
  readonly object: string;
  readonly kind: string;
  readonly message: string;
  readonly text: string;
}

export interface ExampleResult {
  readonly hosts: readonly CompiledHost[];
  /** Objects that failed, those failing on their own first (then those failing because of another). */
  readonly failures: readonly CompileFailure[];
  /** Schema issues of the compiled profiles, one string per profile. */
  readonly schemaErrors: readonly string[];
  /** Failures of the install-server step. */
  readonly stepFailures: readonly string[];
  /** The agent's dry runs of the Dom0s (a preview: they do not change the exit code). */
  readonly agent: readonly AgentPreview[];
  readonly exitCode: number;
}

export class SiteConfigError extends Error {
  override name = 'SiteConfigError';
}

// ---------------------------------------------------------------- panfab.yaml

interface SiteFile {
  readonly includePath: string[];
  readonly objects: string[];
  readonly extends?: string;
  readonly dhcpdConf?: string;
}

const SITE_KEYS: Readonly<Record<string, 'list' | 'path'>> = {
  include_path: 'list',
  objects: 'list',
  extends: 'path',
  dhcpd_conf: 'path',
};

/** Read one panfab.yaml; paths resolved against its directory; errors name file:line:column. */
async function readSiteFile(file: string): Promise<SiteFile> {
  const { LineCounter, isMap, isScalar, isSeq, parseDocument } = await import('yaml');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SiteConfigError(`${file}: cannot read the site description (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset: number | undefined): string => {
    const p = lines.linePos(offset ?? 0);
    return `${file}:${p.line}:${p.col}`;
  };
  const bad = doc.errors[0];
  if (bad !== undefined) throw new SiteConfigError(`${at(bad.pos[0])}: ${bad.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  if (!isMap(doc.contents)) throw new SiteConfigError(`${at(0)}: expected a mapping with include_path and objects`);
  const base = dirname(file);
  const out: { includePath: string[]; objects: string[]; extends?: string; dhcpdConf?: string } = { includePath: [], objects: [] };
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const where = at(isScalar(pair.key) ? pair.key.range?.[0] : undefined);
    const kind = SITE_KEYS[key];
    if (kind === undefined) throw new SiteConfigError(`${where}: unknown setting '${key}' (known: ${Object.keys(SITE_KEYS).join(', ')})`);
    const node = pair.value;
    const valueAt = at(isScalar(node) || isSeq(node) ? node.range?.[0] : undefined);
    const pathOf = (n: unknown): string => {
      if (isScalar(n) && typeof n.value === 'string' && n.value !== '') return resolve(base, n.value);
      throw new SiteConfigError(`${isScalar(n) ? at(n.range?.[0]) : valueAt}: ${key}: expected a path`);
    };
    if (kind === 'list') {
      if (!isSeq(node)) throw new SiteConfigError(`${valueAt}: ${key}: expected a list of paths`);
      const list = node.items.map(pathOf);
      if (key === 'include_path') out.includePath = list;
      else out.objects = list;
    } else if (key === 'extends') {
      out.extends = pathOf(node);
    } else {
      out.dhcpdConf = pathOf(node);
    }
  }
  return out;
}

/** panfab.yaml of a site directory (or the file itself). */
function siteFileOf(site: string): string {
  const path = resolve(site);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, 'panfab.yaml') : path;
}

/** The *.pan files of directories and the files given, first one per file name. */
function objectTemplates(entries: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const entry of entries) {
    if (!existsSync(entry)) throw new SiteConfigError(`${entry}: no such object template or directory`);
    const files = statSync(entry).isDirectory()
      ? panFilesIn(entry)
      : [entry];
    for (const f of files) if (!byName.has(basename(f))) byName.set(basename(f), f);
  }
  return [...byName.values()].sort((a, b) => basename(a).localeCompare(basename(b)));
}

/** A site's layout: its panfab.yaml, then the sites it extends, then panfab's library. */
export async function loadSite(site: string, library: string): Promise<SiteLayout> {
  const file = siteFileOf(site);
  const includePath: string[] = [];
  const objects: string[] = [];
  let dhcpdConf: string | undefined;
  const seen = new Set<string>();
  for (let next: string | undefined = file; next !== undefined; ) {
    if (seen.has(next)) throw new SiteConfigError(`${next}: extends itself (through ${[...seen].join(' -> ')})`);
    seen.add(next);
    const part = await readSiteFile(next);
    includePath.push(...part.includePath);
    objects.push(...part.objects);
    dhcpdConf ??= part.dhcpdConf;
    next = part.extends === undefined ? undefined : siteFileOf(part.extends);
  }
  const objectFiles = objectTemplates(objects);
  if (objectFiles.length === 0) throw new SiteConfigError(`${file}: objects: no object template found`);
  return { file, includePath: [...includePath, library], objectFiles, ...(dhcpdConf !== undefined ? { dhcpdConf } : {}) };
}

// ---------------------------------------------------------------- compile and check

interface CompileStep {
  readonly hosts: CompiledHost[];
  readonly failures: CompileFailure[];
}

/** Failures caused by another object's (value() of an object that failed) go after the others. */
function causesFirst(failures: CompileFailure[]): CompileFailure[] {
  const consequence = (f: CompileFailure) => / could not be compiled: /.test(f.message);
  return [...failures.filter((f) => !consequence(f)), ...failures.filter(consequence)];
}

/** Compile every object into <out>/profiles; a failed object leaves no profile behind. */
async function compileSite(layout: SiteLayout, profilesDir: string, o: ExampleOptions): Promise<CompileStep> {
  const { compile } = await import('../../compiler/build/compile.js');
  const started = Date.now();
  o.progress?.(`compiling ${layout.objectFiles.length} object templates...`);
  const result = await compile(layout.objectFiles, { includePath: [...layout.includePath], outputDir: profilesDir, formats: ['json', 'pan'] });
  // compile() reports one error per failed object, in the objects' order.
  const errors = [...result.errors];
  const hosts: CompiledHost[] = [];
  const failures: CompileFailure[] = [];
  for (const obj of result.objects) {
    const json = join(profilesDir, `${obj.name}.json`);
    if (obj.ok) {
      hosts.push({ name: obj.name, json, profile: JSON.parse(readFileSync(json, 'utf8')) as Profile });
      continue;
    }
    const e = errors.shift();
    failures.push({ object: obj.name, kind: e?.kind ?? 'system', message: e?.message ?? 'failed', text: e?.format() ?? 'failed' });
    removeStale(profilesDir, obj.name, o);
  }
  for (const e of errors) failures.push({ object: '', kind: e.kind, message: e.message, text: e.format() });
  for (const w of result.warnings) o.write(`warning: ${w}`);
  const failed = result.objects.length - hosts.length;
  o.write(`compiled ${hosts.length} of ${result.objects.length} profiles into ${shown(profilesDir)} (JSON and pan XML) in ${((Date.now() - started) / 1000).toFixed(1)} s${failed > 0 ? `; ${failed} failed` : ''}`);
  return { hosts, failures: causesFirst(failures) };
}

/** Outputs of an earlier run for an object that failed now: they would pass for current. */
function removeStale(profilesDir: string, name: string, o: ExampleOptions): void {
  if (!/^[A-Za-z0-9_.+-]+$/.test(name)) return;
  for (const suffix of ['.json', '.xml']) {
    const path = join(profilesDir, name + suffix);
    if (existsSync(path)) {
      rmSync(path);
      o.write(`removed ${shown(path)}: left by an earlier run, ${name} failed to compile now`);
    }
  }
}

async function checkSchemas(hosts: readonly CompiledHost[], o: ExampleOptions): Promise<string[]> {
  const { validateProfile, formatIssues } = await import('../../schema/index.js');
  const errors: string[] = [];
  for (const h of hosts) {
    const issues = validateProfile(h.profile);
    if (issues.length > 0) errors.push(formatIssues(shown(h.json), issues));
  }
  o.write(`schema: ${hosts.length - errors.length} of ${hosts.length} profiles pass schema/`);
  return errors;
}

// ---------------------------------------------------------------- summary

function domainsOf(p: Profile): Record<string, import('../../schema/index.js').XenDomain> | undefined {
  return p.software?.components?.xen?.domains;
}

function fqdnOf(p: Profile): string {
  return `${p.system.network.hostname}.${p.system.network.domainname}`;
}

function totalRam(p: Profile): number {
  return (p.hardware.ram ?? []).reduce((sum, m) => sum + m.size, 0);
}

/** Dom0s with their guests (memory, vcpus, disk, boot), then the other hosts. */
function summarize(hosts: readonly CompiledHost[], o: ExampleOptions): void {
  const others: string[] = [];
  for (const h of hosts) {
    const domains = domainsOf(h.profile);
    if (domains === undefined) {
      if (h.profile.system.enclosure?.parent === undefined) others.push(h.name);
      continue;
    }
    const names = Object.keys(domains);
    const guestMem = names.reduce((sum, n) => sum + domains[n]!.options.memory, 0);
    o.write(`Dom0 ${fqdnOf(h.profile)}: ${names.length} guest${names.length === 1 ? '' : 's'}, ${guestMem} of ${totalRam(h.profile)} MiB RAM to guests`);
    for (const name of names) {
      const d = domains[name]!;
      const disk = d.disks.reduce((sum, x) => sum + (x.size ?? 0), 0);
      const boot = d.bootloader === undefined ? 'no bootloader' : basename(d.bootloader) + (d.install_options !== undefined ? ' + install variant' : '');
      o.write(`  ${name.padEnd(24)} ${String(d.options.memory).padStart(6)} MiB  ${String(d.options.vcpus ?? 1).padStart(2)} vcpus  ${String(disk).padStart(7)} MiB disk  ${d.vif.map((v) => v.mac).join(',')}  ${boot}`);
    }
  }
  if (others.length > 0) o.write(`other hosts: ${others.join(', ')}`);
}

// ---------------------------------------------------------------- install server

/** `panfab aii --configure` of every host with /system/aii, all paths under <out>/aii. */
async function runInstallServer(layout: SiteLayout, hosts: readonly CompiledHost[], out: string, o: ExampleOptions): Promise<string[]> {
  const installable = hosts.filter((h) => h.profile.system.aii !== undefined).map((h) => h.name);
  if (installable.length === 0) {
    o.write('install server: no host has /system/aii');
    return [];
  }
  const dhcpd = '/usr/sbin/dhcpd';
  if (!existsSync(dhcpd)) {
    o.write(`install server: skipped: ${dhcpd} (Debian isc-dhcp-server) is needed to check dhcpd.conf`);
    return [];
  }
  const dir = join(out, 'aii');
  mkdirSync(dir, { recursive: true });
  const dhcpdConf = join(dir, 'dhcpd.conf');
  if (layout.dhcpdConf !== undefined && !existsSync(dhcpdConf)) copyFileSync(layout.dhcpdConf, dhcpdConf);
  const configFile = await writeAiiConfig(dir, join(out, 'profiles'), dhcpdConf, dhcpd);
  const { loadServerConfig } = await import('../../aii/config.js');
  const { runAii } = await import('../../aii/run.js');
  o.progress?.(`panfab aii --configure ${installable.length} hosts...`);
  const log: string[] = [];
  const messages: string[] = [];
  const code = await runAii({
    action: 'configure',
    patterns: installable,
    config: loadServerConfig(configFile),
    out: (l) => log.push(l),
    err: (l) => {
      log.push(l);
      if (/^(error|note): /.test(l)) messages.push(l);
    },
  });
  const { atomicWriteFile } = await import('../../common/fs.js');
  await atomicWriteFile(join(dir, 'configure.log'), log.join('\n') + '\n');
  const changed = log.filter((l) => /^(write|dhcpd|link|remove) /.test(l)).length;
  o.write(`install server: panfab aii --configure of ${installable.length} hosts into ${shown(dir)} (dhcpd.conf checked by dhcpd -t): ${code === 0 ? 'done' : 'FAILED'}, ${changed} change${changed === 1 ? '' : 's'}; log in ${shown(join(dir, 'configure.log'))}`);
  for (const m of messages) o.write(`  ${m}`);
  if (code === 0) return [];
  const errors = messages.filter((m) => m.startsWith('error: '));
  return errors.length > 0 ? errors : [`panfab aii --configure exited with ${code}`];
}

/** The install server's configuration: every path under <out>/aii, no reload command. */
async function writeAiiConfig(dir: string, profiles: string, dhcpdConf: string, dhcpd: string): Promise<string> {
  const { stringify } = await import('yaml');
  const { atomicWriteFile } = await import('../../common/fs.js');
  const config = {
    profiles,
    profile_cache: join(dir, 'cache'),
    dhcpd: { conf: dhcpdConf, binary: dhcpd, reload: [] },
    tftp: { root: join(dir, 'tftp') },
    kickstart: { dir: join(dir, 'ks') },
  };
  const file = join(dir, 'aii.yaml');
  await atomicWriteFile(file, `# Written by panfab example: the install server of the example, everything under ${dir}.\n${stringify(config)}`);
  return file;
}

// ---------------------------------------------------------------- agent dry run

/** What the agent's dry run of one Dom0 came to. */
export interface AgentPreview {
  readonly host: string;
  /** Every component planned without refusal. */
  readonly ok: boolean;
  /** The rendered plan (<out>/agent/<dom0>.txt), when it ran. */
  readonly report?: string;
  /** Why it did not run. */
  readonly skipped?: string;
}

/**
 * `panfab agent --all --noaction --root <out>/root/<dom0>` for each Dom0. A
 * preview: the components' read-only probes (disks, volume groups, xl) look
 * at this machine, which is not the Dom0, so a refusal here says what the
 * agent would object to on such a machine; it does not fail the example.
 */
async function runAgentDryRuns(hosts: readonly CompiledHost[], out: string, o: ExampleOptions): Promise<AgentPreview[]> {
  const previews: AgentPreview[] = [];
  for (const h of hosts.filter((x) => domainsOf(x.profile) !== undefined)) {
    const missing = await missingComponents(h.profile);
    if (missing.length > 0) {
      o.write(`agent dry run for ${h.name}: skipped: ${missing.join('; ')}`);
      previews.push({ host: h.name, ok: false, skipped: missing.join('; ') });
      continue;
    }
    o.progress?.(`panfab agent --all --noaction for ${h.name}...`);
    previews.push(await agentDryRun(h, out, o));
  }
  return previews;
}

/** Active components of the profile that are not installed (the agent would fail on them). */
async function missingComponents(profile: Profile): Promise<string[]> {
  const { createRegistry, ComponentLoadError } = await import('../../components/agent/registry.js');
  const registry = createRegistry();
  const missing: string[] = [];
  for (const [name, c] of Object.entries(profile.software?.components ?? {})) {
    if (c?.active !== true) continue;
    try {
      await registry.load(name);
    } catch (e) {
      if (e instanceof ComponentLoadError) missing.push(e.message);
      else throw e;
    }
  }
  return missing;
}

async function agentDryRun(h: CompiledHost, out: string, o: ExampleOptions): Promise<AgentPreview> {
  const { loadConfig } = await import('../../components/agent/config.js');
  const { runAgent } = await import('../../components/agent/agent.js');
  const { renderReport } = await import('../../components/agent/report.js');
  const { memoryLogger } = await import('../../components/sdk/logger.js');
  const { atomicWriteFile } = await import('../../common/fs.js');
  const root = join(out, 'root', h.name);
  mkdirSync(root, { recursive: true });
  const report = await runAgent(await loadConfig({ root }), { all: true, noaction: true, profileFile: h.json, log: memoryLogger() });
  const reportFile = join(out, 'agent', `${h.name}.txt`);
  await atomicWriteFile(reportFile, renderReport(report, { diffs: true }));
  await atomicWriteFile(join(out, 'agent', `${h.name}.json`), JSON.stringify(report, null, 2) + '\n');
  // A reason with a list (`planning failed: 11 refusals:` then `  - ...` lines): its head and first item.
  const firstLine = (text: string | undefined) => {
    const [head = '', item] = (text ?? '').split('\n');
    return item === undefined ? head : `${head.replace(/:$/, '')}, first: ${item.trim().replace(/^- /, '')}`;
  };
  const parts = report.components.map((c) =>
    c.status === 'ok' ? `${c.name} ok, ${c.changes} planned change${c.changes === 1 ? '' : 's'}` : `${c.name} ${c.status}: ${firstLine(c.reason)}`);
  o.write(`agent dry run for ${h.name} (root ${shown(root)}; probes see this machine): ${report.ok ? 'ok' : 'refused here (this machine is not that Dom0; the example goes on)'}: ${firstLine(report.error) || parts.join('; ')}; report in ${shown(reportFile)}`);
  return { host: h.name, ok: report.ok, report: reportFile };
}

// ---------------------------------------------------------------- the command

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') ? path : rel;
}

export async function runExample(o: ExampleOptions): Promise<ExampleResult> {
  const { repositoryRoot } = await import('../../schema/repo-root.js');
  const layout = await loadSite(o.site, join(repositoryRoot(), 'templates'));
  const out = resolve(o.out);
  o.write(`panfab example: site ${shown(layout.file)}, ${layout.objectFiles.length} object templates`);
  const compiled = await compileSite(layout, join(out, 'profiles'), o);
  const schemaErrors = await checkSchemas(compiled.hosts, o);
  summarize(compiled.hosts, o);
  const errors = [...compiled.failures.map((f) => `${f.object === '' ? '' : `${f.object}: `}${f.text}`), ...schemaErrors];
  const stepFailures: string[] = [];
  let agent: AgentPreview[] = [];
  if (errors.length > 0) {
    o.write(`errors (${errors.length}):`);
    for (const e of errors) o.write(e.split('\n').map((l, i) => `${i === 0 ? '- ' : '    '}${l}`).join('\n'));
    if (!o.compileOnly) o.write('install server and agent steps skipped: fix the errors first');
  } else {
    o.write('errors: none');
    if (!o.compileOnly) {
      stepFailures.push(...(await runInstallServer(layout, compiled.hosts, out, o)));
      agent = await runAgentDryRuns(compiled.hosts, out, o);
    }
  }
  const exitCode = errors.length > 0 || stepFailures.length > 0 ? 1 : 0;
  return { hosts: compiled.hosts, failures: compiled.failures, schemaErrors, stepFailures, agent, exitCode };
}

export function register(program: Command): void {
  program
    .command('example')
    .description('compile the example site into out/profiles, check the profiles, configure the install server and dry-run the agent on the Dom0s')
    .option('--site <dir>', 'site directory holding panfab.yaml (default: the bundled examples/site)')
    .option('--out <dir>', 'output directory', 'out')
    .option('--compile-only', 'only compile and check the profiles')
    .action(async (flags: { site?: string; out: string; compileOnly?: boolean }) => {
      const { repositoryRoot } = await import('../../schema/repo-root.js');
      const tty = process.stderr.isTTY === true;
      const result = await runExample({
        site: flags.site ?? join(repositoryRoot(), 'examples', 'site'),
        out: flags.out,
        compileOnly: flags.compileOnly === true,
        write: (line) => process.stdout.write(`${line}\n`),
        ...(tty ? { progress: (line: string) => process.stderr.write(`${line}\n`) } : {}),
      });
      process.exitCode = result.exitCode;
    });
}
