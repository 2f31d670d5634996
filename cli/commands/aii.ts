/**
 * `panfab aii`: the install server's verbs (aii-shellfe's: --configure,
 * --install, --boot, --rescue, --firmware, --remove, --status), and
 * `panfab aii-ack`: acknowledge a finished install (once, or as an HTTP
 * endpoint).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';

const VERBS = ['configure', 'install', 'boot', 'rescue', 'firmware', 'remove', 'status'] as const;
type VerbName = (typeof VERBS)[number];

interface ServerOptions {
  config?: string;
  profiles?: string;
  profileCache?: string;
  dhcpdConf?: string;
  tftpRoot?: string;
  ksDir?: string;
  nextServer?: string;
}

function addServerOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'aii configuration (YAML or JSON)', undefined)
    .option('--profiles <dir|url>', 'profile directory or http(s) URL')
    .option('--profile-cache <dir>', 'cache of profiles fetched over HTTP(S)')
    .option('--dhcpd-conf <file>', 'dhcpd.conf to manage')
    .option('--tftp-root <dir>', 'TFTP root')
    .option('--ks-dir <dir>', 'directory of generated kickstarts')
    .option('--next-server <ip>', 'default next-server');
}

/** Relative paths on the command line are taken from the current directory. */
function absolute(p: string | undefined): string | undefined {
  return p === undefined || /^https?:\/\//.test(p) ? p : resolve(p);
}

async function loadConfig(o: ServerOptions) {
  const { loadServerConfig } = await import('../../aii/config.js');
  // Overrides left undefined are skipped.
  return loadServerConfig(absolute(o.config), {
    profiles: absolute(o.profiles),
    profileCache: absolute(o.profileCache),
    dhcpdConf: absolute(o.dhcpdConf),
    tftpRoot: absolute(o.tftpRoot),
    ksDir: absolute(o.ksDir),
    nextServer: o.nextServer,
  });
}

type AiiCliOptions = ServerOptions & { [K in VerbName]?: string[] | boolean } & {
  hostlist?: string;
  cascade?: boolean;
  confirm?: boolean;
  noaction?: boolean;
};

export function register(program: Command): void {
  const aii = program.command('aii').description('install server: make nodes install on their next network boot, or boot locally');
  for (const verb of VERBS) {
    const what: Record<VerbName, string> = {
      configure: 'write dhcpd entries, boot configs and kickstarts',
      install: 'configure, and install on the next network boot',
      boot: 'boot from local disk on the next network boot',
      rescue: "boot the profile's rescue config",
      firmware: "boot the profile's firmware config",
      remove: "remove the nodes' dhcpd entries, boot configs and kickstarts",
      status: 'show the install state (all nodes when none is named)',
    };
    aii.option(`--${verb} [hosts...]`, `${what[verb]}; hosts are names or regular expressions`);
  }
  aii
    .option('--hostlist <file>', 'hosts for the verb, one per line')
    .option('--cascade', 'apply the verb to a Dom0 and all its guests too')
    .option('--confirm', 'allow configure, install and remove of protected nodes')
    .option('-n, --noaction', 'print what would be done, change nothing');
  addServerOptions(aii).action(async (o: AiiCliOptions) => {
    const given = VERBS.filter((v) => o[v] !== undefined);
    if (given.length !== 1) throw new Error(given.length === 0 ? `aii: give one of ${VERBS.map((v) => `--${v}`).join(', ')}` : `aii: give one verb per run, not ${given.map((v) => `--${v}`).join(' and ')}`);
    const action = given[0]!;
    const value = o[action];
    const { runAii } = await import('../../aii/run.js');
    process.exitCode = await runAii({
      action,
      patterns: Array.isArray(value) ? value : [],
      ...(o.hostlist !== undefined ? { hostsFile: resolve(o.hostlist) } : {}),
      cascade: o.cascade === true,
      confirm: o.confirm === true,
      noaction: o.noaction === true,
      config: await loadConfig(o),
      out: (l) => process.stdout.write(`${l}\n`),
      err: (l) => process.stderr.write(`${l}\n`),
    });
  });

  const ack = program
    .command('aii-ack')
    .description('acknowledge a finished install: switch the node from install to local boot')
    .argument('[hosts...]', 'nodes whose install finished')
    .option('--listen [host:port]', 'serve GET /ack?host=<fqdn> instead (default: ack.listen of the configuration)');
  addServerOptions(ack).action(async (hosts: string[], o: ServerOptions & { listen?: string | boolean }) => {
    const config = await loadConfig(o);
    const { acknowledgeInstall, serveAck } = await import('../../aii/ack.js');
    if (o.listen !== undefined) {
      const server = await serveAck(config, typeof o.listen === 'string' ? o.listen : config.ack.listen);
      process.stderr.write(`panfab aii-ack: listening on ${server.url}\n`);
      const stop = () => void server.close();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return;
    }
    if (hosts.length === 0) throw new Error('aii-ack: name the hosts, or use --listen');
    for (const h of hosts) process.stdout.write(`${(await acknowledgeInstall(config, h)).message}\n`);
  });
}
