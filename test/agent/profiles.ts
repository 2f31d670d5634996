/** Profiles for the agent tests: small, and valid against schema/ unless made otherwise. */
import type { JsonObject } from '../../components/sdk/json.js';

export function profile(opts: { components?: Record<string, JsonObject>; hostname?: string; ip?: string } = {}): JsonObject {
  return {
    hardware: {
      cpu: [{ arch: 'x86_64', cores: 2 }],
      ram: [{ size: 2048 }],
      cards: { nic: { eth0: { hwaddr: '52:54:00:12:34:56', boot: true } } },
    },
    system: {
      network: {
        hostname: opts.hostname ?? 'node1',
        domainname: 'example.org',
        interfaces: { eth0: { bootproto: 'static', ip: opts.ip ?? '192.0.2.10', netmask: '255.255.255.0' } },
      },
    },
    software: { components: opts.components ?? {} },
  };
}

/** Serialised as panc would (two-space indentation). */
export function profileJson(p: JsonObject): string {
  return JSON.stringify(p, null, 2) + '\n';
}

/** A profile the schema rejects: /system/network/hostname is not a host name. */
export function schemaInvalidProfileJson(): string {
  const p = profile();
  (p.system as { network: { hostname: unknown } }).network.hostname = 'Not A Host!';
  return profileJson(p);
}
