/** Service actions, performed with systemctl (argument arrays; unit names checked). */
import type { ServiceAction } from './types.js';

const ACTIONS: ReadonlySet<string> = new Set(['reload', 'restart', 'reload-or-restart', 'try-restart', 'start', 'stop']);

export function checkUnit(unit: string): string {
  if (typeof unit !== 'string' || !/^[A-Za-z0-9_.@:\\][A-Za-z0-9_.@:\\-]*$/.test(unit) || unit.length > 255) {
    throw new Error(`invalid service unit name ${JSON.stringify(unit)}`);
  }
  return unit;
}

export function serviceArgv(unit: string, action: ServiceAction['action']): string[] {
  if (!ACTIONS.has(action)) throw new Error(`invalid service action ${JSON.stringify(action)}`);
  return ['systemctl', action, '--', checkUnit(unit)];
}
