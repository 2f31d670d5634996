// Node module hooks that let a worker thread import the compiler's TypeScript
// sources directly (Node 20 cannot): `.js` specifiers resolve to the `.ts`
// file beside them when only that exists (NodeNext style), and `.ts` files
// are transpiled module by module with TypeScript (types erased, no checking).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  inlineSourceMap: true,
  inlineSources: true,
};

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  if (parent !== undefined && parent.startsWith('file:') && /^\.{1,2}\//.test(specifier) && specifier.endsWith('.js')) {
    const url = new URL(specifier, parent);
    if (!existsSync(url)) {
      const tsUrl = new URL(url.href.slice(0, -'.js'.length) + '.ts');
      if (existsSync(tsUrl)) return { url: tsUrl.href, format: 'module', shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName });
  return { format: 'module', source: outputText, shortCircuit: true };
}
