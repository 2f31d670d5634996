/** A throwaway PKI made with openssl: a CA, a server certificate for 127.0.0.1, a client certificate, and a rogue CA. */
import { execa } from 'execa';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

export interface Pki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  rogueCaCert: string;
  rogueClientCert: string;
  rogueClientKey: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await execa('openssl', args, { cwd, stdin: 'ignore' });
}

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.pem`], dir);
}

async function makeSigned(dir: string, ca: string, name: string, subject: string, ext: string): Promise<void> {
  writeFileSync(join(dir, `${name}.ext`), ext);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`], dir);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-sha256', '-extfile', `${name}.ext`, '-out', `${name}.pem`], dir);
}

export async function makePki(dir: string): Promise<Pki> {
  await Promise.all([makeCa(dir, 'ca'), makeCa(dir, 'rogue-ca')]);
  await Promise.all([
    makeSigned(dir, 'ca', 'server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'),
    makeSigned(dir, 'ca', 'client', '/CN=node1.example.org', 'extendedKeyUsage=clientAuth\n'),
    makeSigned(dir, 'rogue-ca', 'rogue-client', '/CN=node1.example.org', 'extendedKeyUsage=clientAuth\n'),
  ]);
  const p = (f: string) => join(dir, f);
  return {
    caCert: p('ca.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    clientCert: p('client.pem'),
    clientKey: p('client.key'),
    rogueCaCert: p('rogue-ca.pem'),
    rogueClientCert: p('rogue-client.pem'),
    rogueClientKey: p('rogue-client.key'),
  };
}
