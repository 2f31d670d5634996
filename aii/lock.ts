/**
 * One changing aii run at a time: two runs that rewrote dhcpd.conf together
 * would lose each other's entries. The lock (common/lock.ts) sits beside
 * dhcpd.conf; a second run fails at once rather than wait.
 */
import { withLock } from '../common/lock.js';

function lockPath(dhcpdConf: string): string {
  return `${dhcpdConf}.panfab-lock`;
}

/** Run `body` holding the lock of this dhcpd.conf. */
export function withAiiLock<T>(dhcpdConf: string, body: () => Promise<T>): Promise<T> {
  return withLock(lockPath(dhcpdConf), 'a panfab aii run', body);
}
