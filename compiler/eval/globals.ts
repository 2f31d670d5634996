/** Global variables of an object, as seen from DML. */
import type { PanValue } from '../model/values.js';
import type { ObjectContext } from './object-context.js';

/** Value of a global variable, undefined when it does not exist. */
export function readGlobal(ctx: ObjectContext, name: string): PanValue | undefined {
  return ctx.getGlobal(name)?.value;
}
