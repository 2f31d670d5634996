/**
 * Where values came from: with `--provenance`, every write to the
 * configuration tree (assignments, deletions, type defaults) is logged with
 * the statement and the include chain that led to it. Off by default, so
 * ordinary compiles pay one null test per write.
 */
import type { SourceRange } from '../ast.js';
import type { Term } from '../model/path.js';
import type { PanValue } from '../model/values.js';

export interface SourceSite {
  readonly file: string;
  readonly loc: SourceRange;
  /** Template holding the statement. */
  readonly template: string;
}

export interface ProvenanceEntry {
  /** Path written, as terms. */
  readonly path: readonly Term[];
  /** `assign` (a statement set it), `delete` (null assigned), `default` (a type default filled it). */
  readonly action: 'assign' | 'delete' | 'default';
  readonly value: PanValue | null;
  readonly site: SourceSite;
  /** Include chain, object template first: each template and where it was included. */
  readonly includes: readonly SourceSite[];
  /** For defaults: the type that supplied it. */
  readonly type?: string;
}

export class ProvenanceLog {
  readonly entries: ProvenanceEntry[] = [];

  add(entry: ProvenanceEntry): void {
    this.entries.push(entry);
  }

  /** Entries that set `path` or one of its ancestors (which replaced it), oldest first. */
  about(path: readonly Term[]): ProvenanceEntry[] {
    return this.entries.filter((e) => e.path.length <= path.length && e.path.every((t, i) => t === path[i])
      || (e.path.length > path.length && path.every((t, i) => t === e.path[i])));
  }
}
