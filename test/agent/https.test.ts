/**
 * `panfab fetch` over HTTPS from nginx, with a throwaway CA made by openssl:
 * the server must be signed by the configured CA, and nginx requires a
 * client certificate signed by it. Each refusal leaves the current profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AgentConfig } from '../../components/agent/config.js';
import { fetchProfile, FetchFailedError } from '../../components/agent/fetch.js';
import { memoryLogger } from '../../components/sdk/logger.js';
import { startNginx, type Nginx } from './nginx.js';
import { makePki, type Pki } from './pki.js';
import { profile, profileJson } from './profiles.js';

let nginx: Nginx;
let pki: Pki;
let pkiDir: string;
let root: string;
let httpsPort: number;

const good1 = profileJson(profile({ ip: '192.0.2.21' }));
const good2 = profileJson(profile({ ip: '192.0.2.22' }));

beforeAll(async () => {
  pkiDir = mkdtempSync(join(tmpdir(), 'panfab-pki-'));
  root = mkdtempSync(join(tmpdir(), 'panfab-https-'));
  pki = await makePki(pkiDir);
  nginx = await startNginx({ listen: ['https'] }, (www, { https }) => [
    `listen 127.0.0.1:${https} ssl;
    ssl_certificate ${pki.serverCert};
    ssl_certificate_key ${pki.serverKey};
    ssl_client_certificate ${pki.caCert};
    ssl_verify_client on;
    root ${www};`,
  ]);
  httpsPort = nginx.port.https;
  mkdirSync(join(nginx.www, 'profiles'));
});

afterAll(async () => {
  await nginx?.stop();
  rmSync(pkiDir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

/** Publish with a given mtime: nginx's ETag is mtime-size, and both profiles have the same size. */
function publish(content: string, mtime: string): void {
  const file = join(nginx.www, 'profiles/node1.json');
  writeFileSync(file, content);
  utimesSync(file, new Date(mtime), new Date(mtime));
}

async function config(tls: Partial<AgentConfig>): Promise<AgentConfig> {
  const c = await loadConfig({ root, urls: [`https://127.0.0.1:${httpsPort}/profiles/node1.json`], retries: 0, timeout: 10 });
  return { ...c, ...tls };
}

const current = () => readFileSync(join(root, 'var/lib/panfab/profile/current'), 'utf8');

async function refused(tls: Partial<AgentConfig>, pattern: RegExp): Promise<void> {
  const e = await fetchProfile(await config(tls), { log: memoryLogger() }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(FetchFailedError);
  expect((e as Error).message).toMatch(pattern);
  expect(current()).toBe(good1);
}

describe('fetch over HTTPS with CA verification and client certificates', () => {
  it('fetches with the CA and a client certificate, then refuses every weaker setup', async () => {
    publish(good1, '2026-01-01T00:00:00Z');
    const ok = await fetchProfile(await config({ ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey }), { log: memoryLogger() });
    expect(ok.status).toBe('updated');
    expect(current()).toBe(good1);

    publish(good2, '2026-01-02T00:00:00Z');
    // No client certificate: nginx answers 400.
    await refused({ ca: pki.caCert }, /HTTP 400/);
    // A client certificate from another CA: 400 as well.
    await refused({ ca: pki.caCert, cert: pki.rogueClientCert, key: pki.rogueClientKey }, /HTTP 400/);
    // The server is not signed by the CA we trust.
    await refused({ ca: pki.rogueCaCert, cert: pki.clientCert, key: pki.clientKey }, /TLS: .*(self[- ]signed|unable to (get|verify))/i);
    // No CA configured: the system's CAs do not know the throwaway one.
    await refused({ cert: pki.clientCert, key: pki.clientKey }, /TLS: /);

    const again = await fetchProfile(await config({ ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey }), { log: memoryLogger() });
    expect(again.status).toBe('updated');
    expect(current()).toBe(good2);
  });

  it('an unreadable CA file is a clear error', async () => {
    const e = await fetchProfile(await config({ ca: join(pkiDir, 'missing.pem') }), { log: memoryLogger() }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/^cannot read the CA bundle .*missing\.pem: ENOENT/);
  });
});
