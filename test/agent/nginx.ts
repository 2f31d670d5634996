/**
 * A real nginx (Debian's) for the agent's end-to-end tests: started on
 * loopback with a configuration the test writes into a temporary prefix,
 * `daemon off`, stopped (and waited for) by stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Nginx {
  prefix: string;
  /** Document root shared by the plain server blocks. */
  www: string;
  stop(): Promise<void>;
  errorLog(): string;
}

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
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

/**
 * Start nginx with the server blocks `serverBlocks(www)` returns (each the
 * directives inside `server { }`, given the document root); `ports` are
 * waited for before returning.
 */
export async function startNginx(serverBlocks: (www: string) => string[], ports: number[]): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'panfab-nginx-'));
  const www = join(prefix, 'www');
  for (const d of ['www', 'logs', 'tmp']) mkdirSync(join(prefix, d));
  const errorLog = join(prefix, 'logs', 'error.log');
  const conf = join(prefix, 'nginx.conf');
  // Workers run as root when we are root: the temporary tree is not readable by nobody.
  const user = process.getuid?.() === 0 ? 'user root root;' : '';
  writeFileSync(
    conf,
    `${user}
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${errorLog} info;
events { worker_connections 128; }
http {${httpPreamble(prefix)}
${serverBlocks(www).map((b) => `  server {\n${b}\n  }`).join('\n')}
}
`,
  );
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
    rmSync(prefix, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    while (!(await accepting(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const log = (() => {
          try {
            return readFileSync(errorLog, 'utf8');
          } catch {
            return '';
          }
        })();
        await stop();
        throw new Error(`nginx did not start: ${stderr}${log}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return {
    prefix,
    www,
    stop,
    errorLog: () => readFileSync(errorLog, 'utf8'),
  };
}
