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
