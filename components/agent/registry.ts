/**
 * The component registry: component name -> the module implementing it.
 * Built-in components live beside the agent (components/<name>/index.ts);
 * a site adds its own with `components: {name: /path/module.js}` in the
 * configuration. A component module exports `component` (a Component).
 * Modules are imported only when their component is needed.
 */
import { pathToFileURL } from 'node:url';
import type { Component } from '../sdk/types.js';

/** Built-in components, as module specifiers relative to this file. */
export const BUILTIN_COMPONENTS: Readonly<Record<string, string>> = {
  xen: '../xen/index.js',
  filesystems: '../filesystems/index.js',
};

export class ComponentLoadError extends Error {
  override name = 'ComponentLoadError';
}

export interface ComponentRegistry {
  /** Load a component; throws ComponentLoadError when it is not installed or not a component. */
  load(name: string): Promise<Component>;
  has(name: string): boolean;
}

function checkComponent(value: unknown, name: string, where: string): Component {
  const c = value as Partial<Component> | undefined;
  if (!c || typeof c !== 'object' || typeof c.plan !== 'function' || c.name !== name) {
    throw new ComponentLoadError(`${where} does not export a component named ${name} (export const component = { name: '${name}', plan })`);
  }
  if (c.watches !== undefined && !(Array.isArray(c.watches) && c.watches.every((w) => typeof w === 'string' && w.startsWith('/')))) {
    throw new ComponentLoadError(`${where}: watches must be a list of profile paths`);
  }
  return c as Component;
}

function notFound(e: unknown, specifier: string): boolean {
  const err = e as NodeJS.ErrnoException;
  const missing = err?.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|Does the file exist/.test(String(err?.message));
  return missing && String(err?.message).includes(specifier.replace(/^\.\.\//, '').replace(/\.js$/, ''));
}

export function createRegistry(extra: Record<string, string> = {}, inline: Component[] = []): ComponentRegistry {
  const loaded = new Map<string, Component>(inline.map((c) => [c.name, c]));
  const modules: Record<string, string> = { ...BUILTIN_COMPONENTS };
  for (const [name, path] of Object.entries(extra)) modules[name] = pathToFileURL(path).href;
  return {
    has: (name) => loaded.has(name) || Object.prototype.hasOwnProperty.call(modules, name),
    async load(name) {
      const ready = loaded.get(name);
      if (ready) return ready;
      if (!Object.prototype.hasOwnProperty.call(modules, name)) throw new ComponentLoadError(`no component named ${name} is installed`);
      const specifier = modules[name]!;
      let mod: { component?: unknown; default?: unknown };
      try {
        mod = (await import(specifier)) as typeof mod;
      } catch (e) {
        if (notFound(e, specifier)) throw new ComponentLoadError(`component ${name} is not installed (${specifier} not found)`);
        throw new ComponentLoadError(`component ${name} failed to load: ${(e as Error).message}`);
      }
      const component = checkComponent(mod.component ?? mod.default, name, specifier);
      loaded.set(name, component);
      return component;
    },
  };
}
