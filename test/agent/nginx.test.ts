/** The nginx helper of the agent's tests: a port another process takes before nginx binds it is survived. */
import { describe, expect, it } from 'vitest';
import { freePorts, holdPort } from '../ports.js';
import { startNginx } from './nginx.js';

describe('nginx test helper', () => {
  it('starts again on new ports when another process took one first', async () => {
    const [taken] = await freePorts(1);
    const release = await holdPort('tcp', taken!);
    if (release === undefined) throw new Error(`port ${taken} was taken meanwhile`);
    const picks: number[][] = [];
    const pick = async (n: number) => {
      const ports = picks.length === 0 ? [taken!] : await freePorts(n);
      picks.push(ports);
      return ports;
    };
    const nginx = await startNginx({ listen: ['web'], pick }, (www, { web }) => [`listen 127.0.0.1:${web};\n    root ${www};`]);
    try {
      expect(picks).toHaveLength(2);
      expect(nginx.port.web).not.toBe(taken);
      expect(nginx.errorLog()).toMatch(/start worker process/);
      const r = await fetch(`http://127.0.0.1:${nginx.port.web}/none`);
      expect(r.status).toBe(404);
    } finally {
      await nginx.stop();
      await release();
    }
  });
});
