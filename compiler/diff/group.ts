/**
 * Grouping identical changes across nodes: a change is identified by its
 * kind, its path and its old and new values, each with the node's own name
 * abstracted (node-name.ts); the same change on 412 nodes is one group of
 * 412 nodes.
 */
import { formatTerms } from '../model/path.js';
import type { PanValue } from '../model/values.js';
import { NodeName } from './node-name.js';
import type { Change, ChangeKind } from './tree-diff.js';
import { valueText } from './value-text.js';

export interface ChangeGroup {
  readonly kind: ChangeKind;
  /** The change as seen on the first node (concrete path and values). */
  readonly sample: Change;
  /** That node's name, to abstract the sample for display. */
  readonly sampleNode: NodeName;
  /** Nodes with this change, sorted. */
  readonly nodes: string[];
}

/** Text that identifies a change whatever the node: kind, path and values with the node's name abstracted. */
export function changeKey(change: Change, node: NodeName): string {
  const rewrite = (s: string): string => node.abstract(s);
  const value = (v: PanValue | undefined): string => (v === undefined ? '' : valueText(v, rewrite));
  return `${change.kind}\u0000${node.abstract(formatTerms(change.path))}\u0000${value(change.old)}\u0000${value(change.new)}`;
}

export class ChangeGroups {
  private readonly byKey = new Map<string, ChangeGroup>();

  /** Record the changes of one node. */
  add(objectName: string, changes: readonly Change[]): void {
    const node = new NodeName(objectName);
    for (const change of changes) {
      const key = changeKey(change, node);
      const group = this.byKey.get(key);
      if (group === undefined) this.byKey.set(key, { kind: change.kind, sample: change, sampleNode: node, nodes: [objectName] });
      else if (group.nodes[group.nodes.length - 1] !== objectName) group.nodes.push(objectName);
    }
  }

  /** The groups, most widespread first, then by path. */
  list(): ChangeGroup[] {
    const groups = [...this.byKey.values()];
    for (const g of groups) g.nodes.sort();
    return groups.sort((a, b) => b.nodes.length - a.nodes.length || comparePaths(a, b));
  }
}

function comparePaths(a: ChangeGroup, b: ChangeGroup): number {
  const pa = a.sampleNode.abstract(formatTerms(a.sample.path));
  const pb = b.sampleNode.abstract(formatTerms(b.sample.path));
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}
