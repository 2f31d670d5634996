/**
 * Sample profiles for tests (schema/fixtures/): hand-written as panfab's
 * compiler would emit them, until the example site compiles.
 *
 *   dom0a.example.org   Xen Dom0, guests vm1 and vm2, grub2 install
 *   vm1.example.org     Xen guest, partitions, pxelinux install
 *   vm2.example.org     Xen guest, LVM, a file-backed disk on its Dom0
 *   node1.example.org   physical node, LVM, a swap file, protected
 *
 * invalid-variants.json describes broken copies of them: JSON pointers to set,
 * remove or rename, and the issue paths validation must report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfilePart } from './index.js';
import { repositoryRoot } from './repo-root.js';

export const FIXTURE_DIR = join(repositoryRoot(), 'schema', 'fixtures');

/** The valid fixtures, by role. */
export const FIXTURES = {
  dom0: 'dom0a.example.org',
  guest: 'vm1.example.org',
  guest2: 'vm2.example.org',
  physical: 'node1.example.org',
} as const;

export type FixtureName = (typeof FIXTURES)[keyof typeof FIXTURES];

/** A fresh copy of a fixture profile (callers may modify it). */
export function loadFixture(name: FixtureName): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

export interface InvalidVariant {
  name: string;
  fixture: FixtureName;
  /** Parts to validate; all when absent. */
  parts?: ProfilePart[];
  /** JSON pointer -> new value. */
  set?: Record<string, unknown>;
  /** JSON pointers to delete. */
  remove?: string[];
  /** JSON pointer of a dict entry -> its new key. */
  rename?: Record<string, string>;
  /** Exactly the issue paths validation must report. */
  expect: string[];
}

export function loadInvalidVariants(): InvalidVariant[] {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, 'invalid-variants.json'), 'utf8')) as InvalidVariant[];
}

/** The variant's profile: its fixture with the changes applied. */
export function buildVariant(variant: InvalidVariant): Record<string, unknown> {
  const profile = loadFixture(variant.fixture);
  for (const [pointer, value] of Object.entries(variant.set ?? {})) setPointer(profile, pointer, value);
  for (const pointer of variant.remove ?? []) removePointer(profile, pointer);
  for (const [pointer, key] of Object.entries(variant.rename ?? {})) renameKey(profile, pointer, key);
  return profile;
}

// ---------------------------------------------------------------- JSON pointers (RFC 6901)

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer must start with '/': ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function parentOf(root: unknown, pointer: string): { parent: Container; key: string } {
  const segments = parsePointer(pointer);
  const key = segments.pop();
  if (key === undefined) throw new Error('cannot change the root');
  let node = root;
  for (const s of segments) {
    if (typeof node !== 'object' || node === null) throw new Error(`${pointer}: no such path`);
    node = (node as Record<string, unknown>)[s];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`${pointer}: no such path`);
  return { parent: node as Container, key };
}

export function getPointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const s of parsePointer(pointer)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

export function setPointer(root: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) {
    if (key === '-') parent.push(value);
    else parent[Number(key)] = value;
  } else {
    parent[key] = value;
  }
}

export function removePointer(root: unknown, pointer: string): void {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
}

/** Give a dict entry another key, keeping its value. */
export function renameKey(root: unknown, pointer: string, newKey: string): void {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) throw new Error(`${pointer}: a list entry has no key`);
  parent[newKey] = parent[key];
  delete parent[key];
}
