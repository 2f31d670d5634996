/**
 * `<fqdn>.ks`: the kickstart an installing node fetches. Commands come from
 * the profile (network, storage, packages); the %post installs the panfab
 * agent, writes its configuration and calls the acknowledgement URL, which
 * flips the node to local boot. Kickstart lines are split like shell words
 * by the installer and %post is a shell script, so every value is a checked
 * single word or a single-quoted shell word.
 */
import { AiiError } from '../errors.js';
import * as esc from '../escape.js';
import type { Where } from '../escape.js';
import type { InstallNode } from '../node.js';
import { GENERATED_HEADER } from '../pxelinux/config.js';
import { storageCommands } from './partitions.js';

export interface KickstartOptions {
  /** Package of the panfab agent, installed in %post. */
  readonly agentPackage: string;
  /** Where %post writes the agent's configuration: the agent's own file, /etc/panfab/agent.yaml. */
  readonly agentConfig: string;
}

/**
 * The agent's configuration as written on the installed node, in the agent's
 * own format (components/agent/config.ts, `/etc/panfab/agent.yaml`): the
 * profile URL (placeholders already replaced) and the values of __HOST__
 * and __DOMAIN__.
 */
export interface AgentBootstrapConfig {
  readonly url: readonly string[];
  readonly host: string;
  readonly domain: string;
}

/** YAML text of the agent configuration: JSON-quoted scalars (valid YAML), one per line. */
export function agentConfigYaml(c: AgentBootstrapConfig): string[] {
  return ['url:', ...c.url.map((u) => `  - ${JSON.stringify(u)}`), `host: ${JSON.stringify(c.host)}`, `domain: ${JSON.stringify(c.domain)}`];
}

const INSTALL_SOURCE_RE = /^(url|nfs|cdrom|harddrive|liveimg)( +[A-Za-z0-9._~:/?@%=&+,-]+)*$/;
const PACKAGE_RE = /^[A-Za-z0-9@_.+*:^-][A-Za-z0-9@_.+*: ^-]*$/;
const HEREDOC_END = 'PANFAB_AGENT_CONFIG';

/** Replace __HOST__ and __DOMAIN__ in a profile URL, then check the result. */
export function expandUrl(template: string, node: InstallNode, where: Where): string {
  return esc.url(template.replace(/__HOST__/g, node.hostname).replace(/__DOMAIN__/g, node.domain), where);
}

export function renderKickstart(node: InstallNode, opts: KickstartOptions): string {
  const where: Where = { source: node.source, path: '/system/aii/ks' };
  const ks = node.ks;
  const storage = storageCommands(node);
  const lines = [
    `${GENERATED_HEADER} for ${node.fqdn}: do not edit, change the profile and run panfab aii --configure`,
    'text',
    esc.pattern(ks.installtype, esc.at(where, 'installtype'), INSTALL_SOURCE_RE, 'a kickstart install-source line (url --url http://...)'),
    `lang ${esc.pattern(ks.lang, esc.at(where, 'lang'), /^[A-Za-z0-9_.@-]+$/, 'a locale name')}`,
    `keyboard --vckeymap=${esc.pattern(ks.keyboard, esc.at(where, 'keyboard'), /^[A-Za-z0-9_.-]+$/, 'a keymap name')}`,
    `timezone ${esc.pattern(ks.timezone, esc.at(where, 'timezone'), /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/, 'a time zone name')} --utc`,
    `rootpw --iscrypted ${esc.pattern(ks.rootpw, esc.at(where, 'rootpw'), /^\$[0-9a-z]+(?:\$[A-Za-z0-9./=]*)+$/, 'a crypted password hash ($6$salt$hash)')}`,
    networkCommand(node),
    ...storage.commands,
    'reboot',
    '',
    ...(storage.pre.length > 0 ? ['%pre --erroronfail', 'set -eu', ...storage.pre, '%end', ''] : []),
    '%packages',
    ...ks.packages.map((p, i) => esc.pattern(p, esc.at(where, 'packages', i), PACKAGE_RE, 'a package name, glob, @group or -name')),
    '%end',
    '',
    ...postScript(node, opts, where),
    '',
  ];
  return lines.join('\n');
}

function networkCommand(node: InstallNode): string {
  const nic = node.install;
  const common = `network --device=${nic.mac} --hostname=${node.fqdn} --onboot=yes --activate`;
  if (nic.bootproto === 'dhcp') return `${common} --bootproto=dhcp`;
  const opts = [`--bootproto=static`, `--ip=${nic.ip}`];
  if (nic.netmask !== undefined) opts.push(`--netmask=${nic.netmask}`);
  if (nic.gateway !== undefined) opts.push(`--gateway=${nic.gateway}`);
  if (node.nameservers.length > 0) opts.push(`--nameserver=${node.nameservers.join(',')}`);
  return `${common} ${opts.join(' ')}`;
}

function postScript(node: InstallNode, opts: KickstartOptions, where: Where): string[] {
  const agentConfig: AgentBootstrapConfig = { url: [expandUrl(node.ks.agent_profile_url, node, esc.at(where, 'agent_profile_url'))], host: node.hostname, domain: node.domain };
  // Every line starts with a key or '  - ': none can end the here-document or the %post section.
  const yaml = agentConfigYaml(agentConfig);
  const ackUrl = expandUrl(node.ks.ackurl, node, esc.at(where, 'ackurl'));
  const configWhere: Where = { source: 'aii configuration', path: 'kickstart' };
  if (!/^[A-Za-z0-9._+-]+$/.test(opts.agentPackage)) throw new AiiError(`aii configuration: kickstart.agent_package ${JSON.stringify(opts.agentPackage)} is not a package name`);
  const q = (s: string) => esc.singleQuote(s, configWhere);
  const configDir = opts.agentConfig.replace(/\/[^/]*$/, '') || '/';
  return [
    '%post --log=/root/panfab-ks-post.log',
    'set -eu',
    `if command -v dnf >/dev/null 2>&1; then dnf -y install ${q(opts.agentPackage)}; else yum -y install ${q(opts.agentPackage)}; fi`,
    `mkdir -p ${q(configDir)}`,
    `cat > ${q(opts.agentConfig)} <<'${HEREDOC_END}'`,
    ...yaml,
    HEREDOC_END,
    `chmod 0644 ${q(opts.agentConfig)}`,
    '# tell the install server the install succeeded: it switches this node to local boot',
    `curl -fsS --retry 5 --retry-delay 10 -o /dev/null ${esc.singleQuote(ackUrl, esc.at(where, 'ackurl'))}`,
    '%end',
  ];
}
