// Node module hooks that run the TypeScript sources directly (Node 20 has no
// type stripping): `.js` specifiers that only exist as `.ts` resolve to the
// `.ts` file, which is transpiled by the project's own TypeScript. The
// end-to-end test uses it to run aii/pxeboot/main.ts in a network namespace
// without depending on a fresh `npm run build`. With PXEBOOT_TS_CACHE set,
// transpiled files are kept there (keyed by path, size and mtime), so that
// only the first run pays for loading the compiler.
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cacheDir = process.env.PXEBOOT_TS_CACHE;

export async function resolve(specifier, context, next) {
  if (specifier.endsWith('.js') && (specifier.startsWith('.') || specifier.startsWith('/')) && context.parentURL?.endsWith('.ts')) {
    const url = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(url))) return next(url.href.replace(/\.js$/, '.ts'), context);
  }
  return next(specifier, context);
}

async function transpile(path) {
  const { default: ts } = await import('typescript');
  const source = await readFile(path, 'utf8');
  return ts.transpileModule(source, {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true },
  }).outputText;
}

async function cached(path) {
  if (!cacheDir) return transpile(path);
  const st = await stat(path);
  const key = createHash('sha1').update(`${path}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  const file = join(cacheDir, `${key}.js`);
  if (existsSync(file)) return readFile(file, 'utf8');
  const js = await transpile(path);
  await mkdir(cacheDir, { recursive: true });
  const tmp = `${file}.${process.pid}`;
  await writeFile(tmp, js);
  await rename(tmp, file);
  return js;
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  return { format: 'module', source: await cached(fileURLToPath(url)), shortCircuit: true };
}
