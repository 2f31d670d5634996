/**
 * panc's `dot` format: a graphviz digraph of the templates the object used,
 * one edge from the object to each template it depended on, in `.dep` order.
 * Files read with file_contents and absent templates are left out.
 *
 * Written from memory of panc's DotFormatter (graph attributes included);
 * there is no golden for it.
 */
import { compareDependencies, type Dependency } from './dep.js';
import { replaceUnpairedSurrogates } from './surrogates.js';

/** The object's dependency graph (each line ends with a newline). */
export function formatDot(objectName: string, deps: Iterable<Dependency>): string {
  const object = quoted(objectName);
  const lines = [
    `digraph ${object} {`,
    'bgcolor = beige',
    'node [ color = black, shape = box, fontname=Helvetica ]',
    'edge [ color = black ]',
  ];
  const seen = new Set<string>([objectName]);
  for (const dep of Array.from(deps).sort(compareDependencies)) {
    if ((dep.type !== 'PAN' && dep.type !== 'TPL') || seen.has(dep.name)) continue;
    seen.add(dep.name);
    lines.push(`${object} -> ${quoted(dep.name)}`);
  }
  lines.push('}');
  return replaceUnpairedSurrogates(lines.join('\n') + '\n');
}

function quoted(id: string): string {
  return '"' + id.replace(/["\\]/g, '\\$&') + '"';
}
