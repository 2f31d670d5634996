/**
 * Worker-thread side of the conformance runner: compiles one unit per
 * message with the compiler's API and answers with the errors reported.
 * Runs in a worker so that the runner can stop a unit that hangs and survive
 * one that crashes the thread.
 */
import { parentPort } from 'node:worker_threads';
import type { CompileOptions, CompileResult, OutputFormat } from '../../compiler/build/api.js';
import type { ReportedError } from './suite.js';

/** `load` only imports the compiler (so that its start-up is not charged to the first unit). */
export interface LoadRequest {
  type: 'load';
  id: number;
  /** file: URL of compiler/build/compile.ts. */
  compileModule: string;
}

export interface UnitRequest {
  type: 'compile';
  id: number;
  compileModule: string;
  mainFile: string;
  includeDir: string;
  outputDir: string;
  formats: OutputFormat[];
  initialData: string | undefined;
}

export interface UnitResponse {
  id: number;
  errors: ReportedError[];
  /** `crash: ...` when the compiler threw something that is not a PanError. */
  crash?: string;
  /** Set when the compiler module itself cannot be loaded. */
  compilerMissing?: string;
}

type CompileFunction = (files: string[], options: CompileOptions) => CompileResult | Promise<CompileResult>;

/** The fields of a PanError this runner needs; checked structurally (the class may come from another module instance). */
interface PanErrorLike {
  kind: string;
  format(): string;
}

function isPanError(e: unknown): e is PanErrorLike {
  return e instanceof Error && e.name === 'PanError' && typeof (e as Partial<PanErrorLike>).format === 'function';
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}` + (e.stack ? `\n${e.stack.split('\n').slice(1, 4).join('\n')}` : '');
  return String(e);
}

let compileFunction: CompileFunction | undefined;

async function loadCompile(url: string): Promise<CompileFunction> {
  if (compileFunction === undefined) {
    const module = (await import(url)) as { compile?: unknown };
    if (typeof module.compile !== 'function') throw new Error(`${url} does not export a compile function`);
    compileFunction = module.compile as CompileFunction;
  }
  return compileFunction;
}

async function compileUnit(request: UnitRequest): Promise<UnitResponse> {
  let compile: CompileFunction;
  try {
    compile = await loadCompile(request.compileModule);
  } catch (e) {
    return { id: request.id, errors: [], compilerMissing: describe(e) };
  }
  const options: CompileOptions = {
    includePath: [request.includeDir],
    outputDir: request.outputDir,
    formats: request.formats,
    maxIteration: 100,
    maxRecursion: 50,
    debug: false,
    warnings: 'on',
    nthread: 1,
  };
  if (request.initialData !== undefined) options.initialData = request.initialData;
  try {
    const result = await compile([request.mainFile], options);
    return { id: request.id, errors: result.errors.map((e) => ({ kind: e.kind, text: e.format() })) };
  } catch (e) {
    if (isPanError(e)) return { id: request.id, errors: [{ kind: e.kind, text: e.format() }] };
    return { id: request.id, errors: [], crash: `crash: ${describe(e)}` };
  }
}

async function load(request: LoadRequest): Promise<UnitResponse> {
  try {
    await loadCompile(request.compileModule);
    return { id: request.id, errors: [] };
  } catch (e) {
    return { id: request.id, errors: [], compilerMissing: describe(e) };
  }
}

parentPort?.on('message', (request: LoadRequest | UnitRequest) => {
  const work = request.type === 'load' ? load(request) : compileUnit(request);
  void work.then((response) => parentPort?.postMessage(response));
});
