/**
 * A node's own name, abstracted out of paths and values, so that the same
 * change on many nodes is recognised as one: `/system/aii/nbp/kslocation
 * "http://ks/vm1.example.org.ks"` on vm1 and `".../vm2.example.org.ks"` on
 * vm2 are both `"http://ks/<node>.ks"`. Three forms are recognised, longest
 * first, each only as a whole word (not inside a longer name):
 *
 *   <node>     the object's name without namespace: `vm1.example.org`
 *   {<node>}   the same escaped as a Pan key: `vm1_2eexample_2eorg`
 *   <host>     its first label, when it has a domain: `vm1`
 */
import { escapeKey } from '../model/path.js';

export const NODE = '<node>';
export const NODE_ESCAPED = '{<node>}';
export const HOST = '<host>';

/** Shortest host label that is abstracted (shorter ones match too many words). */
const MIN_HOST_LENGTH = 2;

function regexpEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class NodeName {
  private readonly pattern: RegExp | null;
  private readonly replacements: ReadonlyMap<string, string>;

  constructor(readonly objectName: string) {
    const base = objectName.slice(objectName.lastIndexOf('/') + 1);
    const forms = new Map<string, string>();
    forms.set(escapeKey(base), NODE_ESCAPED);
    forms.set(base, NODE);
    const dot = base.indexOf('.');
    const host = dot > 0 ? base.slice(0, dot) : '';
    if (host.length >= MIN_HOST_LENGTH && !/^[0-9]+$/.test(host)) forms.set(host, HOST);
    this.replacements = forms;
    const alternatives = [...forms.keys()].filter((f) => f !== '').sort((a, b) => b.length - a.length).map(regexpEscape);
    this.pattern = alternatives.length === 0 ? null : new RegExp(`(?<![A-Za-z0-9])(?:${alternatives.join('|')})(?![A-Za-z0-9])`, 'g');
  }

  /** The text with every whole-word occurrence of the node's name replaced by a placeholder. */
  abstract(text: string): string {
    if (this.pattern === null) return text;
    return text.replace(this.pattern, (m) => this.replacements.get(m) ?? m);
  }
}
