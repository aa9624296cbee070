/**
 * Finds, checks and registers plugins: the bundled ones and every folder in `<data>/plugins/`. Each is checked
 * before it is registered (manifest, plugin API range, settings schema, name and command clashes); one that fails
 * is registered as failed with the reason and the others load. Folder plugins are plain ES modules imported at run
 * time from a file URL, so they need no build step and work with the compiled appliance.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModuleManager } from '#core/modules/module-manager.ts';
import type { AnyCommand } from '#discord/commands/types.ts';
import type { BotContext } from '#discord/context.ts';
import { type PluginManifest, parseManifest } from '../plugin-api/manifest.ts';
import { satisfies } from '../plugin-api/semver.ts';
import type { AnyPluginDefinition, PluginDefinition } from '../plugin-api/types.ts';
import { PLUGIN_API_VERSION } from '../plugin-api/version.ts';
import { createParts, failedPluginModule, type PluginHostDeps, pluginContext, pluginModule } from './plugin-module.ts';

export interface PluginReport {
  name: string;
  version: string | null;
  source: string;
  status: 'loaded' | 'failed';
  error: string | null;
}

export interface LoadPluginsOptions extends PluginHostDeps {
  modules: ModuleManager<BotContext>;
  bundled: readonly AnyPluginDefinition[];
  /** `<data>/plugins`; a missing folder means no folder plugins. */
  dir: string;
}

class PluginLoadError extends Error {}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PluginLoadError(`broken manifest: ${path.basename(file)} is not valid JSON (${(err as Error).message})`);
  }
}

/** plugin.json, or package.json with the manifest under "tux" (an npm package). */
function readFolderManifest(dir: string): unknown {
  const own = path.join(dir, 'plugin.json');
  if (fs.existsSync(own)) return readJson(own);
  const pkgFile = path.join(dir, 'package.json');
  if (fs.existsSync(pkgFile)) {
    const pkg = readJson(pkgFile) as Record<string, unknown>;
    if (pkg.tux && typeof pkg.tux === 'object') {
      return { name: pkg.name, version: pkg.version, description: pkg.description, main: pkg.main, ...pkg.tux };
    }
    throw new PluginLoadError('package.json has no "tux" manifest');
  }
  throw new PluginLoadError('no plugin.json in the folder');
}

function readManifest(raw: unknown): PluginManifest {
  const parsed = parseManifest(raw);
  if (!parsed.ok) throw new PluginLoadError(`broken manifest: ${parsed.error}`);
  return parsed.manifest;
}

function checkApiRange(m: PluginManifest): void {
  if (!satisfies(PLUGIN_API_VERSION, m.api)) {
    throw new PluginLoadError(
      `needs plugin API ${m.api}, but this Tux provides ${PLUGIN_API_VERSION}; use a plugin version made for it`,
    );
  }
}

/** The definition a folder plugin's module exports: definePlugin(...), { create }, or a bare create function. */
function definitionOf(exported: unknown): PluginDefinition {
  const value = (exported as { default?: unknown }).default;
  if (typeof value === 'function') return { create: value as PluginDefinition['create'] };
  if (value && typeof value === 'object' && typeof (value as PluginDefinition).create === 'function') {
    return value as PluginDefinition;
  }
  throw new PluginLoadError('the default export is not a plugin (use definePlugin({ create }) or a function)');
}

function commandNames(commands: readonly AnyCommand[] | readonly unknown[] | undefined): string[] {
  return (commands ?? []).flatMap((c) => {
    const cmd = c as AnyCommand;
    return [cmd.name, ...(cmd.aliases ?? [])];
  });
}

function checkClashes(
  manifest: PluginManifest,
  commands: readonly AnyCommand[],
  modules: LoadPluginsOptions['modules'],
) {
  const taken = new Map<string, string>();
  for (const def of modules.definitions()) for (const n of commandNames(def.commands)) taken.set(n, def.name);
  const own = new Set<string>();
  for (const n of commandNames(commands)) {
    const owner = taken.get(n);
    if (owner) throw new PluginLoadError(`command name "${n}" is already used by ${owner}`);
    if (own.has(n)) throw new PluginLoadError(`command name "${n}" is declared twice`);
    own.add(n);
  }
  if (manifest && modules.get(manifest.name)) {
    throw new PluginLoadError(`the name "${manifest.name}" is already taken by a module`);
  }
}

function fallbackName(raw: unknown, folder: string): string {
  const n = (raw as { name?: unknown } | null)?.name;
  const candidate = typeof n === 'string' ? n : folder;
  const clean = candidate
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 32);
  return clean || 'plugin';
}

export async function loadPlugins(opts: LoadPluginsOptions): Promise<PluginReport[]> {
  const log = opts.logs.child('plugins');
  const reports: PluginReport[] = [];

  const register = (manifest: PluginManifest, def: PluginDefinition, source: string) => {
    const tux = pluginContext(manifest, opts);
    let parts: ReturnType<typeof createParts>;
    try {
      parts = createParts(def, tux);
    } catch (err) {
      throw new PluginLoadError(`create() threw: ${(err as Error)?.message ?? String(err)}`);
    }
    checkClashes(manifest, parts.commands ?? [], opts.modules);
    opts.modules.register(pluginModule(manifest, parts, source));
  };

  const fail = (name: string, version: string | null, source: string, reason: string) => {
    log.error(`plugin ${name} (${source}) not loaded: ${reason}`);
    reports.push({ name, version, source, status: 'failed', error: reason });
    if (opts.modules.get(name)) return; // a clash with a module's name: the report and the log say so
    opts.modules.register(failedPluginModule(name, version, source, reason));
  };

  for (const def of opts.bundled) {
    const source = 'bundled plugin';
    let manifest: PluginManifest | null = null;
    try {
      manifest = readManifest(def.manifest);
      checkApiRange(manifest);
      register(manifest, def, source);
      reports.push({ name: manifest.name, version: manifest.version, source, status: 'loaded', error: null });
    } catch (err) {
      if (!(err instanceof PluginLoadError)) throw err;
      fail(manifest?.name ?? fallbackName(def.manifest, 'bundled'), manifest?.version ?? null, source, err.message);
    }
  }

  const folders = fs.existsSync(opts.dir)
    ? fs
        .readdirSync(opts.dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
        .map((d) => d.name)
        .sort()
    : [];
  for (const folder of folders) {
    const dir = path.join(opts.dir, folder);
    const source = `plugins/${folder}`;
    let raw: unknown = null;
    let manifest: PluginManifest | null = null;
    try {
      raw = readFolderManifest(dir);
      manifest = readManifest(raw);
      checkApiRange(manifest);
      const file = path.resolve(dir, manifest.main);
      if (!file.startsWith(dir + path.sep)) throw new PluginLoadError(`main "${manifest.main}" is outside the folder`);
      if (!fs.existsSync(file)) throw new PluginLoadError(`main file ${manifest.main} is missing`);
      let exported: unknown;
      try {
        exported = await import(pathToFileURL(file).href);
      } catch (err) {
        throw new PluginLoadError(`importing ${manifest.main} failed: ${(err as Error)?.message ?? String(err)}`);
      }
      register(manifest, definitionOf(exported), source);
      reports.push({ name: manifest.name, version: manifest.version, source, status: 'loaded', error: null });
    } catch (err) {
      if (!(err instanceof PluginLoadError)) {
        fail(fallbackName(raw, folder), manifest?.version ?? null, source, (err as Error)?.message ?? String(err));
        continue;
      }
      fail(manifest?.name ?? fallbackName(raw, folder), manifest?.version ?? null, source, err.message);
    }
  }
  if (reports.length > 0) {
    const failed = reports.filter((r) => r.status === 'failed').length;
    log.info(`${reports.length - failed} plugin(s) loaded, ${failed} failed`);
  }
  return reports;
}
