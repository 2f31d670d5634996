/** Registers every built-in family; import this module once before compiling. */
import { configurationBuiltins } from './configuration.js';
import { controlBuiltins } from './control.js';
import { convertBuiltins } from './convert.js';
import { jsonBuiltins } from './json.js';
import { listBuiltins } from './lists.js';
import { networkBuiltins } from './network.js';
import { predicateBuiltins } from './predicates.js';
import { registerBuiltins } from './registry.js';
import { statisticsBuiltins } from './statistics.js';
import { stringBuiltins } from './strings.js';
import { substituteBuiltins } from './substitute.js';
import { validationBuiltins } from './validation.js';

registerBuiltins([
  ...listBuiltins,
  ...stringBuiltins,
  ...convertBuiltins,
  ...predicateBuiltins,
  ...statisticsBuiltins,
  ...jsonBuiltins,
  ...configurationBuiltins,
  ...controlBuiltins,
  ...validationBuiltins,
  ...substituteBuiltins,
  ...networkBuiltins,
]);

