/**
 * The component contract. A component is pure planning: from the profile and
 * what it observes on the host (through read-only probes) it returns a Plan;
 * the shared executor applies the plan, or prints it under --noaction.
 */
import type { JsonObject, JsonValue } from './json.js';

export interface Component {
  /** Name under /software/components/<name>. */
  name: string;
  /** Bumped when the component's behaviour changes; part of the --changed fingerprint. */
  version?: string;
  /** Profile paths (beyond /software/components/<name>) whose change should trigger it, e.g. '/system/filesystems'. */
  watches?: string[];
  /** Pure: what should change, from the profile and the observed host. */
  plan(ctx: ComponentContext): Promise<Plan>;
}

export interface ComponentContext {
  /** The component's name. */
  name: string;
  /** The whole compiled profile (pinned for the whole agent run). */
  profile: JsonObject;
  /** The profile version being applied (cache id, or the file name given with --profile). */
  profileVersion: string;
  /** The component's own subtree, /software/components/<name>. */
  config: JsonObject;
  /** Directory standing for `/` (`--root DIR`); '/' on a real host. */
  root: string;
  /** True under --noaction: the plan is printed, not applied. */
  noaction: boolean;
  /** Read-only views of the host; they run even under --noaction. */
  probe: Probes;
  log: Logger;
  /** What this component saved (Plan.state) after its last successful run. */
  state: JsonValue | undefined;
  /** Host path -> path on disk under `root`. Throws on relative paths or `..` escapes. */
  hostPath(path: string): string;
}

export interface FileInfo {
  kind: 'file' | 'directory' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size: number;
}

export interface CommandResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Why it did not run or was killed (not found, signal, timeout), if so. */
  error?: string;
}

export interface ProbeCommandOptions {
  /** Milliseconds (default 60 s). */
  timeout?: number;
  input?: string;
  env?: Record<string, string>;
}

/** Read-only probes. All paths are host paths, resolved under the root. */
export interface Probes {
  readFile(path: string): Promise<Buffer | undefined>;
  readText(path: string): Promise<string | undefined>;
  /** lstat: a symlink is reported as a symlink. */
  stat(path: string): Promise<FileInfo | undefined>;
  readlink(path: string): Promise<string | undefined>;
  /** Entry names, sorted; undefined when the directory does not exist. */
  readdir(path: string): Promise<string[] | undefined>;
  /** Run a command that changes nothing (lvs, xl list...); it runs even under --noaction. A non-zero exit is returned, not thrown. */
  run(argv: string[], opts?: ProbeCommandOptions): Promise<CommandResult>;
}

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

// ---------------------------------------------------------------- the plan

export interface WriteFileAction {
  kind: 'file';
  /** Absolute host path. */
  path: string;
  content: string | Uint8Array;
  /** Permission bits, e.g. 0o644 (default: kept for an existing file, 0o644 for a new one). */
  mode?: number;
  /** User name or numeric uid (default: kept, root for a new file). */
  owner?: string | number;
  /** Group name or numeric gid. */
  group?: string | number;
  /** Keep the previous content as `<path><suffix>` before replacing it (e.g. '.old'). */
  backup?: string;
  /** False for secrets: the diff is not printed or reported. */
  showDiff?: boolean;
}

export interface DirectoryAction {
  kind: 'directory';
  path: string;
  mode?: number;
  owner?: string | number;
  group?: string | number;
}

export interface SymlinkAction {
  kind: 'symlink';
  path: string;
  /** What the link points to (written as given). */
  target: string;
}

/** Remove a symlink; only done when this component made it (recorded in its state). */
export interface RemoveSymlinkAction {
  kind: 'remove-symlink';
  path: string;
}

export interface CommandAction {
  kind: 'command';
  argv: string[];
  /** What running it changes, in words, for the plan and the report ("creates LV vg0/web_xvda"). */
  changes: string;
  /** Changes nothing: it runs even under --noaction. */
  readOnly?: boolean;
  /** Milliseconds (default 5 min). */
  timeout?: number;
  /** Exit codes that count as success (default [0]). */
  okExitCodes?: number[];
  input?: string;
  env?: Record<string, string>;
  /** Run only when one of these earlier file/symlink/directory actions changed something. */
  ifChanged?: string[];
}

export interface ServiceAction {
  kind: 'service';
  unit: string;
  action: 'reload' | 'restart' | 'reload-or-restart' | 'try-restart' | 'start' | 'stop';
  /** Run only when one of these earlier file/symlink/directory actions changed something. */
  ifChanged?: string[];
}

export type Action = WriteFileAction | DirectoryAction | SymlinkAction | RemoveSymlinkAction | CommandAction | ServiceAction;

export interface Plan {
  /** Applied in order; the first failure stops the component. */
  actions: Action[];
  /** Reported, not done: e.g. a guest removed from the profile whose storage is kept. */
  notes: string[];
  /** Saved after a successful (non --noaction) run; handed back as ctx.state next time. */
  state?: JsonValue;
  /**
   * Run me again next time even if nothing I read changed, and why: the host
   * is still on its way to what the profile says (a guest installing, to be
   * started in boot mode once the installer has finished). Recorded with a
   * successful run; `panfab agent --changed` runs the component again.
   */
  revisit?: string;
}
