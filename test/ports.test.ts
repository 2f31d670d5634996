/** The tests' port picker: ports of one call differ, lie below the ephemeral range, and are free. */
import { describe, expect, it } from 'vitest';
import { ephemeralLow, freePorts, holdPort, type Protocol } from './ports.js';

async function bindAll(protocol: Protocol, ports: number[]): Promise<void> {
  const closers = await Promise.all(ports.map((port) => holdPort(protocol, port)));
  await Promise.all(closers.map((close) => (close ? close() : Promise.resolve())));
  const taken = ports.filter((_, i) => closers[i] === undefined);
  if (taken.length > 0) throw new Error(`ports in use: ${taken.join(', ')}`);
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
