/**
 * The profile schema files, in dependency order (a file only refers to files
 * before it). Imported as JSON modules so that they travel with the build.
 */
import type { JsonSchema } from './json-schema.js';
import common from './common.schema.json' with { type: 'json' };
import hardware from './hardware.schema.json' with { type: 'json' };
import network from './network.schema.json' with { type: 'json' };
import enclosure from './enclosure.schema.json' with { type: 'json' };
import aii from './aii.schema.json' with { type: 'json' };
import blockdevices from './blockdevices.schema.json' with { type: 'json' };
import filesystems from './filesystems.schema.json' with { type: 'json' };
import component from './component.schema.json' with { type: 'json' };
import xen from './xen.schema.json' with { type: 'json' };
import filesystemsComponent from './filesystems-component.schema.json' with { type: 'json' };
import profile from './profile.schema.json' with { type: 'json' };

/** Base URI of every schema `$id`; `.invalid` so that nothing ever tries to fetch it. */
export const SCHEMA_BASE_URI = 'https://panfab.invalid/schema/';

export interface SchemaFile {
  /** File name in schema/, also the last part of its `$id`. */
  readonly file: string;
  readonly schema: JsonSchema;
}

function entry(file: string, schema: unknown): SchemaFile {
  return { file, schema: schema as JsonSchema };
}

export const SCHEMA_FILES: readonly SchemaFile[] = [
  entry('common.schema.json', common),
  entry('hardware.schema.json', hardware),
  entry('network.schema.json', network),
  entry('enclosure.schema.json', enclosure),
  entry('aii.schema.json', aii),
  entry('blockdevices.schema.json', blockdevices),
  entry('filesystems.schema.json', filesystems),
  entry('component.schema.json', component),
  entry('xen.schema.json', xen),
  entry('filesystems-component.schema.json', filesystemsComponent),
  entry('profile.schema.json', profile),
];
