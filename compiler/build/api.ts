/**
 * The compiler's public entry point, as used by the command line, the
 * conformance runner, the acceptance tests and the benchmarks.
 */
import type { PanError } from '../errors.js';

export type OutputFormat = 'pan' | 'pan.gz' | 'xml' | 'xml.gz' | 'json' | 'json.gz' | 'dep' | 'text' | 'dot' | 'null';

export interface CompileOptions {
  /** Directories searched for templates, in order (panc's --include-path). */
  includePath: string[];
  /** Where output files go; nothing is written when undefined. */
  outputDir?: string;
  formats: OutputFormat[];
  /** Loop iteration limit (panc --max-iteration, default 10000). */
  maxIteration?: number;
  /** Call depth limit (panc --max-recursion, default 50). */
  maxRecursion?: number;
  /** DML expression giving the initial root of every object (panc --initial-data). */
  initialData?: string;
  /** Deprecation warnings: print them, drop them or turn them into errors. */
  warnings?: 'on' | 'off' | 'fatal';
  /** Highest deprecated() level reported when warnings are on (panc's deprecation level, default 0). */
  deprecationLevel?: number;
  /** debug() output on (panc --debug); restricted by the include/exclude patterns. */
  debug?: boolean;
  debugNsInclude?: string[];
  debugNsExclude?: string[];
  /** Worker threads; 1 compiles in the calling thread. */
  nthread?: number;
  /** Replay recorded template executions between objects (on unless false; for tests and diagnosis). */
  memo?: boolean;
  /** Record where every value was assigned (BuiltObject.context.provenance); slower, for `explain`. */
  provenance?: boolean;
}

export interface ObjectResult {
  /** Object (profile) name, e.g. `ns/host.example.org`. */
  name: string;
  /** Object template file. */
  file: string;
  ok: boolean;
}

export interface CompileResult {
  objects: ObjectResult[];
  /** Every error, in the order reported. */
  errors: PanError[];
  /** Deprecation and other warnings (already formatted lines). */
  warnings: string[];
}

/** Options of the build driver (`panfab compile`, `panc`): compile() options plus scale features. */
export interface BuildOptions extends CompileOptions {
  /** Build cache and parse cache directory; nothing is cached when undefined. */
  cacheDir?: string;
  /** Compile only the K-th of N deterministic parts of the object templates (1-based). */
  shard?: { index: number; count: number };
  /** Progress line on stderr (default: when stderr is a terminal and CI is unset). */
  progress?: boolean;
  /** Write the profiles index beside the outputs (default true when there is an output directory). */
  index?: boolean;
  /** Statistics after the summary line. */
  verbose?: boolean;
}

/** What happened to one object template of a build. */
export type BuildStatus = 'compiled' | 'unchanged' | 'failed';

export interface BuildObjectResult extends ObjectResult {
  status: BuildStatus;
}

/** Lines for the user, in command-line order of the object templates. */
export interface BuildMessage {
  readonly stream: 'warning' | 'debug' | 'error';
  readonly text: string;
}

export interface BuildResult {
  objects: BuildObjectResult[];
  /** Warnings, debug lines and errors, grouped by object template in command-line order. */
  messages: BuildMessage[];
  errors: PanError[];
  stats: BuildStats;
}

export interface BuildStats {
  /** Object templates after sharding. */
  total: number;
  compiled: number;
  unchanged: number;
  failed: number;
  /** Output files written because their content changed. */
  outputsWritten: number;
  wallMs: number;
  threads: number;
  /** Whether a writer thread wrote the output files (compiler/build/output-writer.ts). */
  writerThread?: boolean;
  templatesParsed: number;
  templatesFromParseCache: number;
  /** The in-process session: 'new', or kept by the compile server ('kept', 'patched' or 'reset'); absent when none ran. */
  session?: string;
  /** Milliseconds spent in each phase (for --verbose and the benchmark). */
  phases?: Record<string, number>;
  /** Why the profiles not found unchanged were compiled (for --verbose). */
  why?: DirtyReasons;
}

/** Why profiles were compiled rather than found unchanged: each counted under the first reason that applies. */
export interface DirtyReasons {
  /** No record of an earlier build (a new object template, or no cache). */
  new: number;
  /** Whether the cache held only another compiler's builds (another panfab or Node.js version). */
  otherCompiler?: boolean;
  /** An input changed (a template or file it loaded, or where a lookup would now find one). */
  inputs: number;
  /** An output file changed or vanished since it was written. */
  outputs: number;
  /** Templates edited in comments or layout only: their profiles were kept, unless a message of theirs names them. */
  layoutOnly?: string[];
  /** Inputs found changed: how many, and the first three as --verbose names them. */
  changedInputCount: number;
  changedInputs: string[];
}
