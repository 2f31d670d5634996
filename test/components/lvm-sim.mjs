// LVM simulator for the logical-volume layer (this kernel has no
// device-mapper, so lvcreate cannot run here). Physical volumes and volume
// groups are real (pvcreate/vgcreate on loop devices); logical volumes live
// in a JSON state file and take space from the real groups: `vgs` is the
// real vgs with the simulated volumes' extents taken off vg_free.
//
//   node lvm-sim.mjs vgs|lvs|lvcreate|lvextend|lvremove ARGS...
//
// Environment: PANFAB_LVM_SIM (state file), PANFAB_LVM_SIM_REAL_VGS (the
// real vgs). Only the argument forms the components use are accepted; the
// error messages and exit status (5) are LVM's.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const [cmd, ...args] = process.argv.slice(2);
const stateFile = process.env.PANFAB_LVM_SIM;
const realVgs = process.env.PANFAB_LVM_SIM_REAL_VGS;
const REPORT = ['--noheadings', '--units', 'm', '--nosuffix', '--separator', '|', '-o'];
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.+-]{0,126}$/;

function die(message, status = 5) {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(status);
}

function load() {
  if (!stateFile) die('lvm-sim: PANFAB_LVM_SIM is not set', 3);
  return existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : { lvs: [] };
}

function save(state) {
  writeFileSync(stateFile + '.tmp', JSON.stringify(state, null, 2));
  renameSync(stateFile + '.tmp', stateFile);
}

function sameArgs(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Real volume groups, with the simulated volumes' space taken off. */
function volumeGroups(state) {
  const r = spawnSync(realVgs, [...REPORT, 'vg_name,vg_size,vg_free,vg_extent_size'], { encoding: 'utf8', env: { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' } });
  if (r.status !== 0) die(r.stderr || 'vgs failed', r.status ?? 5);
  const vgs = new Map();
  for (const line of r.stdout.split('\n')) {
    const f = line.trim().split('|');
    if (f.length !== 4) continue;
    const used = state.lvs.filter((lv) => lv.vg === f[0]).reduce((s, lv) => s + lv.size, 0);
    vgs.set(f[0], { name: f[0], size: Number(f[1]), free: Number(f[2]) - used, extent: Number(f[3]) });
  }
  return vgs;
}

const fmt = (n) => n.toFixed(2);

function vgs() {
  if (!sameArgs(args, [...REPORT, 'vg_name,vg_size,vg_free,vg_extent_size'])) die(`lvm-sim: unsupported vgs arguments: ${args.join(' ')}`, 3);
  for (const vg of volumeGroups(load()).values()) process.stdout.write(`  ${vg.name}|${fmt(vg.size)}|${fmt(vg.free)}|${fmt(vg.extent)}\n`);
}

function lvs() {
  if (!sameArgs(args, [...REPORT, 'vg_name,lv_name,lv_size'])) die(`lvm-sim: unsupported lvs arguments: ${args.join(' ')}`, 3);
  for (const lv of load().lvs) process.stdout.write(`  ${lv.vg}|${lv.name}|${fmt(lv.size)}\n`);
}

/** `<n>m` (MiB) as given to -L. */
function mib(text) {
  const m = /^(\d+)m$/.exec(text ?? '');
  if (!m) die(`lvm-sim: unsupported size ${text}`, 3);
  return Number(m[1]);
}

function extents(size, vg) {
  return Math.ceil(size / vg.extent);
}

function lvcreate() {
  // lvcreate --yes --wipesignatures y --zero y (-L <n>m | -l 100%FREE) -n NAME VG
  const fixed = ['--yes', '--wipesignatures', 'y', '--zero', 'y'];
  if (!sameArgs(args.slice(0, 5), fixed) || args.length !== 10 || args[7] !== '-n') die(`lvm-sim: unsupported lvcreate arguments: ${args.join(' ')}`, 3);
  const [sizeFlag, sizeValue, , name, vgName] = args.slice(5);
  const state = load();
  const vg = volumeGroups(state).get(vgName);
  if (!vg) die(`  Volume group "${vgName}" not found\n  Cannot process volume group ${vgName}`);
  if (!NAME_RE.test(name)) die(`  Logical volume name "${name}" is invalid.`, 3);
  if (state.lvs.some((lv) => lv.vg === vgName && lv.name === name)) die(`  Logical Volume "${name}" already exists in volume group "${vgName}"`);
  let size;
  if (sizeFlag === '-L') size = extents(mib(sizeValue), vg) * vg.extent;
  else if (sizeFlag === '-l' && sizeValue === '100%FREE') size = vg.free;
  else die(`lvm-sim: unsupported size option ${sizeFlag} ${sizeValue}`, 3);
  if (size === 0 || size > vg.free) die(`  Volume group "${vgName}" has insufficient free space (${Math.floor(vg.free / vg.extent)} extents): ${extents(size, vg)} required.`);
  state.lvs.push({ vg: vgName, name, size });
  save(state);
  process.stdout.write(`  Logical volume "${name}" created.\n`);
}

function lvextend() {
  // lvextend -L <n>m VG/LV
  if (args.length !== 3 || args[0] !== '-L') die(`lvm-sim: unsupported lvextend arguments: ${args.join(' ')}`, 3);
  const [vgName, name] = args[2].split('/');
  const state = load();
  const vg = volumeGroups(state).get(vgName);
  const lv = state.lvs.find((l) => l.vg === vgName && l.name === name);
  if (!vg || !lv) die(`  Failed to find logical volume "${args[2]}"`);
  const size = extents(mib(args[1]), vg) * vg.extent;
  if (size <= lv.size) die(`  New size given (${extents(size, vg)} extents) not larger than existing size (${extents(lv.size, vg)} extents)`);
  if (size - lv.size > vg.free) die(`  Insufficient free space: ${extents(size - lv.size, vg)} extents needed, but only ${Math.floor(vg.free / vg.extent)} available`);
  lv.size = size;
  save(state);
  process.stdout.write(`  Logical volume ${vgName}/${name} successfully resized.\n`);
}

function lvremove() {
  if (args.length !== 2 || args[0] !== '--yes') die(`lvm-sim: unsupported lvremove arguments: ${args.join(' ')}`, 3);
  const [vgName, name] = args[1].split('/');
  const state = load();
  const before = state.lvs.length;
  state.lvs = state.lvs.filter((l) => !(l.vg === vgName && l.name === name));
  if (state.lvs.length === before) die(`  Failed to find logical volume "${args[1]}"`);
  save(state);
  process.stdout.write(`  Logical volume "${name}" successfully removed.\n`);
}

const commands = { vgs, lvs, lvcreate, lvextend, lvremove };
if (!commands[cmd]) die(`lvm-sim: unknown command ${cmd}`, 3);
commands[cmd]();
