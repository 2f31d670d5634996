/** Global variables of an object, as seen from DML. */
import type { PanValue } from '../model/values.js';
import type { NameRef } from './name-slots.js';
import type { ObjectContext } from './object-context.js';

/** Value of a global variable, undefined when it does not exist. */
export function readGlobal(ctx: ObjectContext, name: string, nameRef?: NameRef): PanValue | undefined {
  return ctx.getGlobal(name, nameRef)?.value;
}
