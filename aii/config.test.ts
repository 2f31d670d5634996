import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG_FILE as AGENT_CONFIG_FILE } from '../components/agent/config.js';
import { DEFAULT_CONFIG, loadServerConfig, parseServerConfig } from './config.js';

describe('install server configuration', () => {
  it('reads YAML over the defaults, then the command-line overrides', () => {
    const text = [
      'profiles: https://cdb.example.org/profiles',
      'next_server: 192.0.2.2',
      'dhcpd:',
      '  conf: /srv/dhcp/dhcpd.conf',
      '  reload: [systemctl, restart, isc-dhcp-server]',
      'tftp:',
      '  root: /srv/tftp',
      '  serial: "0 115200"',
      'ack:',
      '  trusted: [192.0.2.2]',
    ].join('\n');
    const c = parseServerConfig('aii.yaml', text, { tftpRoot: '/other/tftp' });
    expect(c.profiles).toBe('https://cdb.example.org/profiles');
    expect(c.dhcpd).toEqual({ conf: '/srv/dhcp/dhcpd.conf', binary: '/usr/sbin/dhcpd', reload: ['systemctl', 'restart', 'isc-dhcp-server'] });
    expect(c.tftp.root).toBe('/other/tftp');
    expect(c.tftp.serial).toBe('0 115200');
    expect(c.tftp.pxelinuxDir).toBe('pxelinux.cfg');
    expect(c.ack.trusted).toEqual(['192.0.2.2']);
    expect(parseServerConfig('aii.json', '{"next_server": "10.0.0.1"}').nextServer).toBe('10.0.0.1');
  });

  it("writes the installed agent's configuration where the agent reads it by default", () => {
    expect(DEFAULT_CONFIG.kickstart.agentConfig).toBe(AGENT_CONFIG_FILE);
    expect(parseServerConfig('aii.yaml', 'kickstart:\n  agent_package: panfab\n').kickstart.agentConfig).toBe(AGENT_CONFIG_FILE);
  });

  it('reports bad settings at file:line:column', () => {
    expect(() => parseServerConfig('aii.yaml', 'tftp:\n  root: relative/dir\n')).toThrow('aii.yaml:2:9: tftp.root: "relative/dir" must be an absolute path');
    expect(() => parseServerConfig('aii.yaml', 'dhcpd:\n  reloadd: []\n')).toThrow(/^aii\.yaml:2:3: unknown setting dhcpd\.reloadd/);
    expect(() => parseServerConfig('aii.yaml', 'next_server: 10.0.0.300\n')).toThrow('aii.yaml:1:14: next_server: "10.0.0.300" is not an IPv4 address');
    expect(() => parseServerConfig('aii.yaml', 'dhcpd:\n  reload: systemctl restart dhcpd\n')).toThrow('aii.yaml:2:11: dhcpd.reload must be a list of strings');
    expect(() => parseServerConfig('aii.yaml', 'tftp:\n  serial: "0; DEFAULT evil"\n')).toThrow(/aii\.yaml:2:11: tftp\.serial: .* must be pxelinux SERIAL arguments/);
    expect(() => parseServerConfig('aii.yaml', 'tftp: [\n')).toThrow(/^aii\.yaml:\d+:\d+: /);
    expect(() => parseServerConfig('aii.yaml', '', { nextServer: 'x' })).toThrow('--next-server: "x" is not an IPv4 address');
  });

  it('uses the defaults when the default file is absent, and fails when a named file is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'panfab-cfg-'));
    try {
      expect(() => loadServerConfig(join(dir, 'missing.yaml'))).toThrow(`${join(dir, 'missing.yaml')}: cannot read the aii configuration (ENOENT)`);
      writeFileSync(join(dir, 'aii.yaml'), '# empty\n');
      expect(loadServerConfig(join(dir, 'aii.yaml'))).toEqual(DEFAULT_CONFIG);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
