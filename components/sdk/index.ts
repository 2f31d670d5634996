/**
 * The component SDK: what a component (components/xen, components/filesystems)
 * imports. See components/README.md for the contract.
 */
export type {
  Action,
  CommandAction,
  CommandResult,
  Component,
  ComponentContext,
  DirectoryAction,
  FileInfo,
  Logger,
  Plan,
  ProbeCommandOptions,
  Probes,
  RemoveSymlinkAction,
  ServiceAction,
  SymlinkAction,
  WriteFileAction,
} from './types.js';
export type { JsonObject, JsonPrimitive, JsonValue } from './json.js';
export { canonicalJson, getPath, isJsonObject, sha256 } from './json.js';
export { PlanBuilder } from './plan-builder.js';
export { hostPath, checkHostPath, PathError } from './paths.js';
export { unifiedDiff } from './diff.js';
export { formatArgv } from './command-runner.js';
export type { ActionRecord, ActionStatus } from './records.js';
export { isChange } from './records.js';
export { renderRecords } from './render.js';
export { memoryLogger, streamLogger } from './logger.js';
export { runComponent, componentConfig } from './run-component.js';
export type { ComponentOutcome, RunComponentOptions } from './run-component.js';
export { PlanRefused, ProfileError, Refusals } from './refusals.js';
export {
  ABSOLUTE_PATH_RE,
  DEVICE_NAME_RE,
  MAX_MIB,
  at,
  booleanAt,
  describe,
  enumAt,
  integerAt,
  listAt,
  objectAt,
  optionalIntegerAt,
  optionalObjectAt,
  optionalStringAt,
  stringAt,
} from './profile-values.js';
