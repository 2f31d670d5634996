/**
 * A small Pan site in a temporary directory, for the driver's tests: two
 * include directories (`site/` searched before `lib/`), object templates in
 * `profiles/`, a data file read by file_contents, an optional template probed
 * with if_exists (absent at first), and one object reading another through
 * value('a:/...'). Extra objects are `nNN.example.org`.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface SmallSite {
  readonly root: string;
  readonly includePath: string[];
  readonly out: string;
  readonly cache: string;
  /** Object template files, sorted. */
  readonly objects: string[];
  write(relative: string, text: string): string;
  path(relative: string): string;
  cleanup(): void;
}

const FILES: Record<string, string> = {
  'lib/common.pan': `unique template common;\n"/system/common" = "v1";\n`,
  'lib/other.pan': `unique template other;\n"/system/other" = "v1";\n`,
  'lib/motd.txt': `welcome v1\n`,
  'lib/features/a.pan': [
    'template features/a;',
    'include if_exists("optional/extra");',
    '"/system/motd" = file_contents("motd.txt");',
    '',
  ].join('\n'),
  'profiles/a.pan': `object template a;\ninclude 'common';\ninclude 'features/a';\n"/system/x" = "from a";\n`,
  'profiles/b.pan': `object template b;\ninclude 'common';\n"/system/copy" = value("a:/system/x");\n`,
  'profiles/c.pan': `object template c;\ninclude 'other';\n`,
};

export function makeSmallSite(extraObjects = 0): SmallSite {
  const root = mkdtempSync(join(tmpdir(), 'panfab-build-test-'));
  const write = (relative: string, text: string): string => {
    const path = join(root, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  for (const [rel, text] of Object.entries(FILES)) write(rel, text);
  const objects = ['profiles/a.pan', 'profiles/b.pan', 'profiles/c.pan'];
  for (let i = 1; i <= extraObjects; i++) {
    const name = `n${String(i).padStart(2, '0')}.example.org`;
    write(`profiles/${name}.pan`, `object template ${name};\ninclude '${i % 2 === 0 ? 'common' : 'other'}';\n"/system/n" = ${i};\n`);
    objects.push(`profiles/${name}.pan`);
  }
  mkdirSync(join(root, 'site'), { recursive: true });
  backdate(root);
  return {
    root,
    includePath: [join(root, 'site'), join(root, 'lib'), join(root, 'profiles')],
    out: join(root, 'out'),
    cache: join(root, 'cache'),
    objects: objects.map((o) => join(root, o)).sort(),
    write,
    path: (relative) => join(root, relative),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Make every file and directory an hour old: their stamps are then trusted (file-state.ts RACY_MS). */
function backdate(dir: string): void {
  const past = new Date(Date.now() - 3_600_000);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) backdate(path);
    utimesSync(path, past, past);
  }
  utimesSync(dir, past, past);
}
