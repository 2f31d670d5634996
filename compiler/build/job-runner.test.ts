import { describe, expect, it } from 'vitest';
import type { CompileSession } from '../eval/session.js';
import { makeSmallSite } from '../../test/build/small-site.js';
import type { InputEntry } from './input-entries.js';
import { JobRunner } from './job-runner.js';
import './compile.js'; // registers the parser

describe('JobRunner', () => {
  it('keeps only the objects another object read, without their build context', async () => {
    const site = makeSmallSite(3);
    try {
      const entries = new Map<number, InputEntry>();
      const runner = new JobRunner({
        options: { includePath: site.includePath, outputDir: site.out, formats: ['json'] },
        initialRoot: undefined, seenAt: Date.now(), onEntry: (id, e) => entries.set(id, e),
      });
      const session = (): CompileSession => (runner as unknown as { session: CompileSession }).session;
      const results = site.objects.map((file, index) => runner.run({ index, file }));
      expect(results.every((r) => r.ok)).toBe(true);
      // b read a: a stays (slim), the rest is gone.
      expect([...session().objects.keys()]).toEqual(['a']);
      expect(session().objects.get('a')?.context).toBeUndefined();
      expect(session().objects.get('a')?.root).toBeDefined();
      const b = results.find((r) => r.name === 'b')!;
      expect(b.references).toEqual(['a']);
      // Every input id was announced, and the object file is one of them.
      for (const id of b.inputs) expect(entries.has(id)).toBe(true);
      expect(b.inputs.map((id) => entries.get(id)!).some((e) => e.kind === 'o' && e.name === site.path('profiles/b.pan'))).toBe(true);
      expect(b.inputs.map((id) => entries.get(id)!).some((e) => e.kind === 'f' && e.name === 'motd.txt')).toBe(true);
    } finally {
      site.cleanup();
    }
  });

  it("attributes each object's warnings to it, not to the object that caused its build", () => {
    const site = makeSmallSite();
    try {
      site.write('profiles/a.pan', 'object template a;\n"/x" = { deprecated(0, "in a"); 1; };\n');
      site.write('profiles/b.pan', 'object template b;\n"/y" = { deprecated(0, "in b"); value("a:/x"); };\n');
      const runner = new JobRunner({
        options: { includePath: site.includePath, formats: ['json'] }, initialRoot: undefined, seenAt: Date.now(), onEntry: () => undefined,
      });
      const r = runner.run({ index: 0, file: site.path('profiles/b.pan') });
      expect(r.reports.map((x) => [x.object, x.warnings.map((w) => w.replace(/.*: /, ''))])).toEqual([['a', ['in a']], ['b', ['in b']]]);
    } finally {
      site.cleanup();
    }
  });

  it("forgets a profile's own templates some jobs later, keeps the shared ones compiled", () => {
    const site = makeSmallSite();
    try {
      const files = Array.from({ length: 100 }, (_, i) => {
        site.write(`lib/own/h${i}.pan`, `template own/h${i};\n"/own" = ${i};\n`);
        return site.write(`profiles/h${i}.pan`, `object template h${i};\ninclude 'common';\ninclude 'own/h${i}';\n`);
      });
      const runner = new JobRunner({
        options: { includePath: site.includePath, formats: ['json'] }, initialRoot: undefined, seenAt: Date.now(), onEntry: () => undefined,
      });
      const session = (): CompileSession => (runner as unknown as { session: CompileSession }).session;
      files.forEach((file, index) => expect(runner.run({ index, file }).ok).toBe(true));
      expect(session().templateKind(site.path('lib/own/h0.pan'))).toBeUndefined();
      expect(session().templateKind(site.path('lib/own/h99.pan'))).toBe('ordinary');
      expect(session().templateKind(site.path('lib/common.pan'))).toBe('unique');
      // Forgotten is only forgotten: needed again, it is compiled again.
      expect(runner.run({ index: 100, file: files[0] as string }).ok).toBe(true);
    } finally {
      site.cleanup();
    }
  });
});
