import { describe, expect, it } from 'vitest';
import { AiiError } from '../errors.js';
import { HAND_WRITTEN_DHCPD } from '../testing.js';
import { BEGIN_MARKER, END_MARKER, parseManagedConf, renderManagedConf } from './managed-block.js';

const entry = (fqdn: string, ip: string) => ({ fqdn, ip, text: `host ${fqdn} {\n  hardware ethernet 52:54:00:00:00:01;\n  fixed-address ${ip};\n}\n` });

describe('managed block of dhcpd.conf', () => {
  it('appends a block to a hand-written file and keeps that file byte for byte', () => {
    const conf = parseManagedConf(HAND_WRITTEN_DHCPD, 'dhcpd.conf');
    expect(conf.entries.size).toBe(0);
    conf.entries.set('a.example.org', entry('a.example.org', '192.0.2.5'));
    const text = renderManagedConf(conf);
    expect(text.startsWith(HAND_WRITTEN_DHCPD)).toBe(true);
    expect(text).toContain(`${BEGIN_MARKER}\nhost a.example.org {`);
    expect(text.endsWith(`${END_MARKER}\n`)).toBe(true);
  });

  it('reads its entries back and renders the same text (stable, sorted)', () => {
    const hand2 = '# after the block, also by hand\nhost z.example.org { hardware ethernet 00:aa:bb:cc:dd:ee; }\n';
    const first = parseManagedConf(HAND_WRITTEN_DHCPD, 'dhcpd.conf');
    first.entries.set('b.example.org', entry('b.example.org', '192.0.2.6'));
    first.entries.set('a.example.org', entry('a.example.org', '192.0.2.5'));
    const text = renderManagedConf(first) + hand2;
    const again = parseManagedConf(text, 'dhcpd.conf');
    expect([...again.entries.keys()]).toEqual(['a.example.org', 'b.example.org']);
    expect(again.entries.get('b.example.org')?.ip).toBe('192.0.2.6');
    expect(again.entries.get('a.example.org')?.mac).toBe('52:54:00:00:00:01');
    expect(renderManagedConf(again)).toBe(text);
    expect(text.split('\n')[again.afterLine - 1]).toBe('# after the block, also by hand');
    again.entries.delete('a.example.org');
    const removed = renderManagedConf(again);
    expect(removed).not.toContain('a.example.org');
    expect(removed.startsWith(HAND_WRITTEN_DHCPD)).toBe(true);
    expect(removed.endsWith(hand2)).toBe(true);
  });

  it('refuses hand edits inside the block, naming file:line:column', () => {
    const text = `${HAND_WRITTEN_DHCPD}${BEGIN_MARKER}\nhost a.example.org {\n  fixed-address 1.2.3.4;\n}\nsubnet 10.0.0.0 netmask 255.0.0.0 { }\n${END_MARKER}\n`;
    const line = text.split('\n').findIndex((l) => l.startsWith('subnet 10.')) + 1;
    expect(() => parseManagedConf(text, '/etc/dhcp/dhcpd.conf')).toThrow(new RegExp(`^/etc/dhcp/dhcpd\\.conf:${line}:1: unexpected line in the panfab-managed block`));
  });

  it('refuses broken markers', () => {
    expect(() => parseManagedConf(`${BEGIN_MARKER}\n`, 'd.conf')).toThrow(AiiError);
    expect(() => parseManagedConf(`${END_MARKER}\n${BEGIN_MARKER}\n`, 'd.conf')).toThrow(/d\.conf:\d+:1: the panfab-managed block needs exactly one BEGIN/);
    expect(() => parseManagedConf(`${BEGIN_MARKER}\nhost a.example.org {\n  fixed-address 1.2.3.4;\n${END_MARKER}\n`, 'd.conf')).toThrow('d.conf:2:1: host entry a.example.org has no closing brace');
  });
});
