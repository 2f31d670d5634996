/**
 * Site components for the agent's end-to-end tests, written as plain ES
 * modules into the test root and named in its agent.yaml, the way a site
 * adds its own components. They build plain Plan objects (no SDK import).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEST_COMPONENTS: Record<string, string> = {
  // Writes /etc/motd from its configuration, keeping a backup of the old one.
  motd: `export const component = {
  name: 'motd',
  async plan(ctx) {
    return { actions: [{ kind: 'file', path: '/etc/motd', content: ctx.config.text + '\\n', mode: 0o644, backup: '.old' }], notes: [] };
  },
};`,
  // A config file and a reload that runs only when the file changed.
  svc: `export const component = {
  name: 'svc',
  async plan(ctx) {
    return {
      actions: [
        { kind: 'directory', path: '/var/log' },
        { kind: 'file', path: '/etc/svc.conf', content: 'port = ' + ctx.config.port + '\\n' },
        { kind: 'command', argv: ['sh', '-c', 'echo reloaded >> "$PANFAB_ROOT/var/log/svc.log"'], changes: 'reloads svc', ifChanged: ['/etc/svc.conf'] },
      ],
      notes: [],
    };
  },
};`,
  // Fails (a command exiting 4) while its configuration says so.
  failing: `export const component = {
  name: 'failing',
  async plan(ctx) {
    const actions = [{ kind: 'file', path: '/etc/failing.conf', content: 'fail = ' + ctx.config.fail + '\\n' }];
    if (ctx.config.fail) actions.push({ kind: 'command', argv: ['sh', '-c', 'echo broken >&2; exit 4'], changes: 'breaks' });
    return { actions, notes: [] };
  },
};`,
  // Needs failing to have run (dependencies/pre in the profile).
  dependent: `export const component = {
  name: 'dependent',
  async plan() {
    return { actions: [{ kind: 'file', path: '/etc/dependent', content: 'ran\\n' }], notes: [] };
  },
};`,
  // Watches /system/network; counts its runs in its own state; reads the host through a probe.
  netwatch: `export const component = {
  name: 'netwatch',
  watches: ['/system/network'],
  async plan(ctx) {
    const ip = ctx.profile.system.network.interfaces.eth0.ip;
    const runs = (ctx.state && ctx.state.runs) || 0;
    const seen = await ctx.probe.readText('/etc/hosts.panfab');
    const notes = seen !== undefined && !seen.includes(ip) ? ['address changed from ' + seen.trim()] : [];
    return {
      actions: [
        { kind: 'file', path: '/etc/hosts.panfab', content: ip + '\\n' },
        { kind: 'symlink', path: '/etc/hosts.link', target: 'hosts.panfab' },
      ],
      notes,
      state: { runs: runs + 1 },
    };
  },
};`,
  // Active but not dispatched: only --all or its name runs it.
  manual: `export const component = {
  name: 'manual',
  async plan() {
    return { actions: [{ kind: 'file', path: '/etc/manual', content: 'manual\\n' }], notes: [] };
  },
};`,
};

/** Write the component modules under `root`/opt/components; returns the `components:` config lines. */
export function installTestComponents(root: string): string {
  const dir = join(root, 'opt/components');
  mkdirSync(dir, { recursive: true });
  const lines = ['components:'];
  for (const [name, source] of Object.entries(TEST_COMPONENTS)) {
    writeFileSync(join(dir, `${name}.mjs`), source + '\n');
    lines.push(`  ${name}: /opt/components/${name}.mjs`);
  }
  return lines.join('\n') + '\n';
}
