/**
 * The simulated parts of the component tests, behind the real command
 * runner: a directory of `lvcreate`, `lvs`, `vgs`, `lvextend`, `lvremove`,
 * `xl` and `xm` executables (wrappers around lvm-sim.mjs and xl-sim.mjs) put
 * first on PATH, so the components run exactly the commands they run on a
 * host. pvcreate, vgcreate, pvs, blkid... stay the real ones.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { buildXlcheck } from '../../components/xen/checker/xlcheck.js';
import { repositoryRoot } from '../../schema/repo-root.js';

const here = join(repositoryRoot(), 'test', 'components');
const LVM_SIM = join(here, 'lvm-sim.mjs');
const XL_SIM = join(here, 'xl-sim.mjs');
const LVM_SIMULATED = ['vgs', 'lvs', 'lvcreate', 'lvextend', 'lvremove'];

export interface SimLv {
  vg: string;
  name: string;
  /** MiB. */
  size: number;
}

export interface SimXl {
  running: { name: string; memory: number; config: string }[];
  failCreate: string[];
  created: { name: string; config: string }[];
}

export interface Simulators {
  dir: string;
  /** Environment for a child process (PATH and the simulators' state files). */
  env: Record<string, string>;
  lvs(): SimLv[];
  /** Add simulated logical volumes (as if they existed before). */
  addLvs(lvs: SimLv[]): void;
  xl(): SimXl;
  setXl(change: Partial<SimXl>): void;
  /** Forget every simulated volume and domain. */
  reset(): void;
  /** Put the simulators in this process's environment; returns the undo. */
  activate(): () => void;
  cleanup(): void;
}

/** The real executable `name` on PATH. */
export function which(name: string, path = process.env.PATH ?? ''): string {
  for (const dir of [...path.split(delimiter), '/usr/sbin', '/sbin']) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  throw new Error(`${name} not found on PATH`);
}

function wrapper(script: string, command: string): string {
  return `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(script)} ${command} "$@"\n`;
}

export interface StartedSimulators extends Simulators {
  /** The xlcheck built for them, in `dir` (removed by cleanup()). */
  xlcheck: string;
  /** Undo the activation (nothing when not activated). */
  restore(): void;
}

/**
 * The component tests' set-up: xlcheck built in a new simulators directory,
 * the simulators made there and, unless `activate` is false, put in this
 * process's environment. Tear down with restore(), then cleanup().
 */
export async function startSimulators(o: { activate?: boolean } = {}): Promise<StartedSimulators> {
  const dir = mkdtempSync(join(tmpdir(), 'panfab-sims-'));
  let xlcheck: string;
  try {
    xlcheck = await buildXlcheck(dir);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const sims = simulatorsIn(dir, xlcheck);
  const restore = o.activate === false ? () => {} : sims.activate();
  return { ...sims, xlcheck, restore };
}

function simulatorsIn(dir: string, checker: string): Simulators {
  const bin = join(dir, 'bin');
  const lvmState = join(dir, 'lvm.json');
  const xlState = join(dir, 'xl.json');
  const reset = () => {
    writeFileSync(lvmState, JSON.stringify({ lvs: [] }));
    writeFileSync(xlState, JSON.stringify({ running: [], failCreate: [], created: [] }));
  };
  reset();
  const realVgs = which('vgs');
  mkdirSync(bin);
  for (const c of LVM_SIMULATED) writeFileSync(join(bin, c), wrapper(LVM_SIM, c), { mode: 0o755 });
  writeFileSync(join(bin, 'xl'), wrapper(XL_SIM, 'xl'), { mode: 0o755 });
  writeFileSync(join(bin, 'xm'), wrapper(XL_SIM, 'xm'), { mode: 0o755 });
  const env = {
    PATH: `${bin}${delimiter}${process.env.PATH ?? ''}${delimiter}/usr/sbin${delimiter}/sbin`,
    PANFAB_LVM_SIM: lvmState,
    PANFAB_LVM_SIM_REAL_VGS: realVgs,
    PANFAB_XL_SIM: xlState,
    PANFAB_XL_SIM_CHECKER: checker,
  };
  const readJson = <T>(f: string): T => JSON.parse(readFileSync(f, 'utf8')) as T;
  return {
    dir,
    env,
    lvs: () => readJson<{ lvs: SimLv[] }>(lvmState).lvs,
    addLvs: (lvs) => writeFileSync(lvmState, JSON.stringify({ lvs: [...readJson<{ lvs: SimLv[] }>(lvmState).lvs, ...lvs] })),
    xl: () => readJson<SimXl>(xlState),
    setXl: (change) => writeFileSync(xlState, JSON.stringify({ ...readJson<SimXl>(xlState), ...change })),
    reset,
    activate() {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      return () => {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
