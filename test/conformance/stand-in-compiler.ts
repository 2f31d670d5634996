/**
 * A stand-in for compiler/build/compile.ts, used only by runner.test.ts to
 * drive the runner through what a real compiler may do to it (answer, fail,
 * throw, hang, kill its thread) on demand. Each main template says what to
 * do in `// STAND-IN:` lines:
 *   xml <text>            write <basename>.xml with <text>
 *   dep <line>            add a line to <basename>.dep
 *   error <kind> <text>   report a PanError
 *   throw                 throw a TypeError
 *   hang                  loop forever (synchronously)
 *   exit                  end the thread (process.exit in a worker)
 *   echo-options          write <basename>.xml holding the arguments received as JSON
 *                         (in /nlist/string[@name='call'])
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CompileOptions, CompileResult } from '../../compiler/build/api.js';
import { PanError, type ErrorKind } from '../../compiler/errors.js';

export function compile(files: string[], options: CompileOptions): CompileResult {
  const file = files[0] as string;
  const basename = path.basename(file, '.pan');
  const out = (suffix: string): string => path.join(options.outputDir as string, basename + suffix);
  const result: CompileResult = { objects: [{ name: basename, file, ok: true }], errors: [], warnings: [] };
  const deps: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\/\/ STAND-IN: (\S+) ?(.*)$/.exec(line);
    if (m === null) continue;
    const [, action, arg = ''] = m;
    if (action === 'xml') writeFileSync(out('.xml'), arg);
    else if (action === 'dep') deps.push(arg);
    else if (action === 'error') {
      const [kind = 'evaluation', ...text] = arg.split(' ');
      result.errors.push(new PanError(kind as ErrorKind, text.join(' '), file, { startLine: 1, startCol: 1, endLine: 1, endCol: 5 }));
    } else if (action === 'throw') throw new TypeError('stand-in failure');
    else if (action === 'hang') for (;;);
    else if (action === 'exit') process.exit(3);
    else if (action === 'echo-options') writeFileSync(out('.xml'), echoXml(files, options));
  }
  if (deps.length > 0) writeFileSync(out('.dep'), deps.map((d) => d + '\n').join(''));
  return result;
}

function echoXml(files: string[], options: CompileOptions): string {
  const json = JSON.stringify({ files, options }).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<nlist format="pan" name="profile"><string name="call">${json}</string></nlist>`;
}
