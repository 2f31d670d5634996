/**
 * The README example on the example site (examples/site): raise one guest's
 * RAM in its own template; `panfab diff --git` shows the guest and its Dom0
 * changing and nothing else, and `panfab explain` traces the Dom0's value.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerDiff } from '../../cli/commands/diff.js';
import { register as registerExplain } from '../../cli/commands/explain.js';
import { runPanfab } from './helpers.js';

const EXAMPLE_SITE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', 'site');
const RAM = /('\/hardware\/ram' = list\(dict\('size', )(\d+)\)/;

let root: string;

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=panfab test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: root, stdio: 'ignore' });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'panfab-diff-example-'));
  cpSync(EXAMPLE_SITE, join(root, 'site'), { recursive: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'example site');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('diff and explain on the example site', () => {
  it("shows a guest's RAM change on the guest and on its Dom0 only", async () => {
    const file = join(root, 'site', 'profiles', 'web1.example.org.pan');
    const text = readFileSync(file, 'utf8');
    const old = Number(RAM.exec(text)?.[2]);
    expect(old).toBeGreaterThan(0);
    writeFileSync(file, text.replace(RAM, `$1${old * 2})`));

    const r = await runPanfab(registerDiff, ['diff', '--git', 'HEAD', '--site', 'site', '--json'], root);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc.profiles.changed).toEqual(['dom0a.example.org', 'web1.example.org']);
    expect(doc.changes.map((c: { path: string; old: number; new: number; nodes: string[] }) => [c.nodes, c.path, c.old, c.new])).toEqual([
      [['web1.example.org'], '/hardware/ram/0/size', old, old * 2],
      [['dom0a.example.org'], expect.stringMatching(/^\/software\/components\/xen\/domains\/web1[^/]*\/options\/memory$/), old, old * 2],
    ]);
  });

  it("traces the Dom0's copy of the guest's RAM to the Xen host template, and the guest's to its own template", async () => {
    const dom0 = await runPanfab(registerExplain, ['explain', '--site', 'site', 'dom0a.example.org', '/software/components/xen/domains', '--json'], root);
    expect(dom0.code).toBe(0);
    const doc = JSON.parse(dom0.out);
    expect(doc.steps.at(-1)).toMatchObject({ file: expect.stringMatching(/templates\/xen\/host\/config\.pan$/), template: 'xen/host/config' });
    expect(doc.references).toContain('web1.example.org');
    const guest = await runPanfab(registerExplain, ['explain', '--site', 'site', 'web1.example.org', '/hardware/ram/0/size'], root);
    expect(guest.code).toBe(0);
    expect(guest.out).toMatch(/^ {2}\d\. site\/profiles\/web1\.example\.org\.pan:\d+:1 {2}assign \/hardware\/ram = /m);
  });
});
