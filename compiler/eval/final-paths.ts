/**
 * Paths marked `final`: an element at or below a final path, or above one
 * (replacing or deleting it would change the final element), cannot be
 * written any more. Kept as a trie; empty in most objects, so the check is
 * one null test.
 */
import { formatTerms, type Term } from '../model/path.js';

interface Node {
  final: boolean;
  children: Map<Term, Node> | null;
}

export class FinalPaths {
  private root: Node | null = null;
  private paths: string[] = [];
  private sig: string | null = '';

  /** All final paths, as one string (memo recordings compare it). */
  signature(): string {
    if (this.sig === null) this.sig = this.paths.slice().sort().join('\n');
    return this.sig;
  }

  mark(terms: readonly Term[]): void {
    this.paths.push(formatTerms(terms));
    this.sig = null;
    if (this.root === null) this.root = { final: false, children: null };
    let node = this.root;
    for (const t of terms) {
      if (node.children === null) node.children = new Map();
      let next = node.children.get(t);
      if (next === undefined) {
        next = { final: false, children: null };
        node.children.set(t, next);
      }
      node = next;
    }
    node.final = true;
  }

  /** The final path a write at `terms` would violate, or null. */
  conflict(terms: readonly Term[]): string | null {
    let node = this.root;
    if (node === null) return null;
    for (let i = 0; i < terms.length; i++) {
      if (node.final) return formatTerms(terms.slice(0, i));
      const next: Node | undefined = node.children?.get(terms[i] as Term);
      if (next === undefined) return null;
      node = next;
    }
    if (node.final) return formatTerms(terms);
    const below = firstFinal(node, terms.slice());
    return below;
  }
}

function firstFinal(node: Node, prefix: Term[]): string | null {
  if (node.final) return formatTerms(prefix);
  if (node.children === null) return null;
  for (const [t, child] of node.children) {
    prefix.push(t);
    const hit = firstFinal(child, prefix);
    prefix.pop();
    if (hit !== null) return hit;
  }
  return null;
}
