/**
 * User and group names -> numeric ids. Under `--root DIR` the tree's own
 * etc/passwd and etc/group are read (as a chroot would), falling back to the
 * host's when the tree has none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function idTable(root: string, file: 'passwd' | 'group'): Map<string, number> {
  let text: string | undefined;
  for (const dir of root === '/' ? ['/etc'] : [join(root, 'etc'), '/etc']) {
    try {
      text = readFileSync(join(dir, file), 'utf8');
      break;
    } catch {
      /* try the next */
    }
  }
  const table = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 3 && /^\d+$/.test(fields[2]!)) table.set(fields[0]!, Number(fields[2]));
  }
  return table;
}

export class OwnerResolver {
  private users: Map<string, number> | undefined;
  private groups: Map<string, number> | undefined;
  constructor(private readonly root: string) {}

  uid(owner: string | number): number {
    this.users ??= idTable(this.root, 'passwd');
    return resolveId(owner, this.users, 'user');
  }

  gid(group: string | number): number {
    this.groups ??= idTable(this.root, 'group');
    return resolveId(group, this.groups, 'group');
  }
}

function resolveId(name: string | number, table: Map<string, number>, what: string): number {
  if (typeof name === 'number') {
    if (!Number.isInteger(name) || name < 0) throw new Error(`invalid ${what} id ${name}`);
    return name;
  }
  if (/^\d+$/.test(name)) return Number(name);
  const id = table.get(name);
  if (id === undefined) throw new Error(`unknown ${what} ${JSON.stringify(name)}`);
  return id;
}
