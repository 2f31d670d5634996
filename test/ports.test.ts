/** The tests' port picker: ports of one call differ, lie below the ephemeral range, and are free. */
import { describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { ephemeralLow, freePorts, type Protocol } from './ports.js';

async function bindAll(protocol: Protocol, ports: number[]): Promise<void> {
  const closers = await Promise.all(
    ports.map(
      (port) =>
        new Promise<() => void>((resolve, reject) => {
          if (protocol === 'tcp') {
            const s = createServer().once('error', reject);
            s.listen(port, '127.0.0.1', () => resolve(() => s.close()));
          } else {
            const s = createSocket('udp4').once('error', reject);
            s.bind(port, '127.0.0.1', () => resolve(() => s.close()));
          }
        }),
    ),
  );
  for (const close of closers) close();
}

describe('freePorts', () => {
  for (const protocol of ['tcp', 'udp'] as const) {
    it(`gives different free ${protocol} ports below the ephemeral range`, async () => {
      for (let round = 0; round < 20; round++) {
        const ports = await freePorts(6, protocol);
        expect(new Set(ports).size).toBe(6);
        for (const p of ports) expect(p).toBeLessThan(ephemeralLow());
        await bindAll(protocol, ports);
      }
    });
  }
});
