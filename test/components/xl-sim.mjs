// xl (and legacy xm) simulator (there is no hypervisor here): keeps the
// running domains in a JSON state file. `xl create FILE` reads the config
// with the real Xen parser (xlcheck, built against libxlutil) and refuses
// what it rejects, like xl would; `xm create FILE` executes it with python3,
// like xm did. A domain name listed in `failCreate` fails to start, as a
// domain does when libxl cannot build it.
//
//   node xl-sim.mjs xl|xm list | create FILE | destroy NAME
//
// Environment: PANFAB_XL_SIM (state file), PANFAB_XL_SIM_CHECKER (xlcheck).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const [tool, cmd, ...args] = process.argv.slice(2);
const stateFile = process.env.PANFAB_XL_SIM;

function die(message, status = 1) {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(status);
}

function load() {
  if (!stateFile) die('xl-sim: PANFAB_XL_SIM is not set', 3);
  const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  return { running: [], failCreate: [], created: [], ...state };
}

function save(state) {
  writeFileSync(stateFile + '.tmp', JSON.stringify(state, null, 2));
  renameSync(stateFile + '.tmp', stateFile);
}

function list() {
  if (args.length !== 0) die('xl-sim: unsupported list arguments', 3);
  const lines = ['Name                                        ID   Mem VCPUs\tState\tTime(s)', 'Domain-0                                     0  2048     2     r-----      42.0'];
  load().running.forEach((d, i) => lines.push(`${d.name.padEnd(40)} ${String(i + 1).padStart(5)}  ${String(d.memory).padStart(4)}     1     -b----       1.0`));
  process.stdout.write(lines.join('\n') + '\n');
}

function readXl(file) {
  const check = spawnSync(process.env.PANFAB_XL_SIM_CHECKER, [file, 'name:string', 'memory:long'], { encoding: 'utf8' });
  if (check.status !== 0) die(check.stderr || 'config rejected', 1);
  const values = check.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { name: values.find((v) => v.key === 'name').value, memory: values.find((v) => v.key === 'memory').value };
}

function readPython(file) {
  const script = 'import json,sys\nns={}\nexec(open(sys.argv[1]).read(), ns)\nprint(json.dumps({"name": ns["name"], "memory": ns["memory"]}))';
  const r = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  if (r.status !== 0) die(r.stderr || 'config rejected', 1);
  return JSON.parse(r.stdout);
}

function create() {
  if (args.length !== 1) die('xl-sim: unsupported create arguments', 3);
  const file = args[0];
  process.stderr.write(`Parsing config from ${file}\n`);
  const { name, memory } = tool === 'xm' ? readPython(file) : readXl(file);
  const state = load();
  if (state.running.some((d) => d.name === name)) die(`libxl: error: libxl_create.c: Domain ${name} already exists`, 3);
  if (state.failCreate.includes(name)) die(`libxl: error: libxl_create.c: Domain ${name}: cannot (re-)build domain: -3`, 3);
  state.running.push({ name, memory, config: file });
  state.created.push({ name, config: file });
  save(state);
}

function destroy() {
  if (args.length !== 1) die('xl-sim: unsupported destroy arguments', 3);
  const state = load();
  const before = state.running.length;
  state.running = state.running.filter((d) => d.name !== args[0]);
  if (state.running.length === before) die(`xl-sim: domain ${args[0]} is not running`, 1);
  save(state);
}

const commands = { list, create, destroy };
if ((tool !== 'xl' && tool !== 'xm') || !commands[cmd]) die(`xl-sim: unknown command ${tool} ${cmd}`, 3);
commands[cmd]();
