/**
 * A real nginx (Debian's) for the agent's end-to-end tests: started on
 * loopback with a configuration the test writes into a temporary prefix,
 * `daemon off`, stopped (and waited for) by stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../ports.js';

export interface Nginx<K extends string = string> {
  prefix: string;
  /** Document root shared by the plain server blocks. */
  www: string;
  /** The port of each name the caller gave, all different. */
  port: Record<K, number>;
  stop(): Promise<void>;
  errorLog(): string;
}

/** What the test's server blocks need: ports nginx listens on, and ports nothing may listen on. */
export interface NginxPorts<K extends string> {
  listen: readonly K[];
  /** Left unbound (a "server that is down"), but never one of the others. */
  unused?: readonly K[];
  /** How ports are picked: freePorts, unless a test of this helper says otherwise. */
  pick?: (n: number) => Promise<number[]>;
}

/** The http{} preamble: everything kept inside the prefix, workers able to read temp dirs. */
function httpPreamble(prefix: string): string {
  const tmp = (n: string) => join(prefix, 'tmp', n);
  return `
  access_log ${join(prefix, 'logs', 'access.log')};
  client_body_temp_path ${tmp('body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  types { application/json json; }
  default_type application/octet-stream;
  sendfile on;`;
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

type Started = { ok: true; stop: () => Promise<void> } | { ok: false; portTaken: boolean; why: string };

/**
 * Run nginx on `conf` until its master has bound every port and started its
 * worker (it says so in its log), or it gives up. While nginx retries a
 * bind its other ports already accept connections, so "the ports accept"
 * would not tell that it will stay up.
 */
async function runNginx(prefix: string, conf: string, errorLog: string): Promise<Started> {
  const child: ChildProcess = spawn('nginx', ['-e', errorLog, '-c', conf, '-p', prefix, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const log = readOr(errorLog, '');
    if (/start worker process \d+/.test(log)) return { ok: true, stop };
    const portTaken = /bind\(\) to \S+ failed \(98: /.test(log);
    if (portTaken || child.exitCode !== null || Date.now() > deadline) {
      await stop();
      return { ok: false, portTaken, why: `${stderr}${log}` };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Start nginx with the server blocks `serverBlocks(www, port)` returns (each
 * the directives inside `server { }`, given the document root and the
 * ports). If another process takes one of the ports first, it starts again
 * on new ones.
 */
export async function startNginx<K extends string>(
  ports: NginxPorts<K>,
  serverBlocks: (www: string, port: Record<K, number>) => string[],
): Promise<Nginx<K>> {
  const prefix = mkdtempSync(join(tmpdir(), 'panfab-nginx-'));
  const www = join(prefix, 'www');
  for (const d of ['www', 'logs', 'tmp']) mkdirSync(join(prefix, d));
  const errorLog = join(prefix, 'logs', 'error.log');
  const conf = join(prefix, 'nginx.conf');
  // Workers run as root when we are root: the temporary tree is not readable by nobody.
  const user = process.getuid?.() === 0 ? 'user root root;' : '';
  const names = [...ports.listen, ...(ports.unused ?? [])];
  for (let attempt = 1; ; attempt++) {
    const numbers = await (ports.pick ?? freePorts)(names.length);
    const port = Object.fromEntries(names.map((name, i) => [name, numbers[i]!])) as Record<K, number>;
    writeFileSync(
      conf,
      `${user}
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${errorLog} info;
events { worker_connections 128; }
http {${httpPreamble(prefix)}
${serverBlocks(www, port).map((b) => `  server {\n${b}\n  }`).join('\n')}
}
`,
    );
    rmSync(errorLog, { force: true }); // a retry's log starts afresh
    const started = await runNginx(prefix, conf, errorLog);
    if (started.ok) {
      const stop = async () => {
        await started.stop();
        rmSync(prefix, { recursive: true, force: true });
      };
      return { prefix, www, port, stop, errorLog: () => readFileSync(errorLog, 'utf8') };
    }
    if (!started.portTaken || attempt === 5) {
      rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx did not start: ${started.why}`);
    }
  }
}
