/**
 * Turns a plugin (its manifest and definition) into a module the ModuleManager loads like a built-in one, and
 * builds the narrow context the plugin sees. A plugin that cannot load becomes a module whose setup fails with
 * the reason, so it shows as failed on the console and everything else runs.
 */

import type { z } from 'zod';
import { createWebService } from '#core/http/web-service.ts';
import type { LogSystem } from '#core/log/types.ts';
import type { Job } from '#core/scheduler/types.ts';
import type { Service } from '#core/services/types.ts';
import type { BotContext } from '#discord/context.ts';
import { type AnyEvent, type BotModule, defineModule } from '#discord/module.ts';
import * as pluginApi from '../plugin-api/index.ts';
import { intentBits, type PluginManifest, settingsSchemaOf } from '../plugin-api/manifest.ts';
import type { PluginContext, PluginDefinition, PluginParts } from '../plugin-api/types.ts';
import { PLUGIN_API_VERSION } from '../plugin-api/version.ts';

export interface PluginHostDeps {
  logs: LogSystem;
  /** The finished application context (ready by the time any handler runs). */
  app: () => BotContext;
  /** Where a plugin's web services are registered (started with the others, shown on the Services screen). */
  services?: { register(service: Service): void };
}

export function pluginContext(manifest: PluginManifest, deps: PluginHostDeps): PluginContext {
  const { name } = manifest;
  return {
    name,
    version: manifest.version,
    apiVersion: PLUGIN_API_VERSION,
    api: pluginApi,
    log: deps.logs.child(`plugin.${name}`),
    settings: (guildId) => deps.app().settings.get(name, guildId),
    isEnabled: (guildId) => deps.app().modules.isEnabled(name, guildId ?? null),
    client: () => deps.app().discord.client,
    web({ listed, ...opts }) {
      if (!manifest.permissions.network) {
        throw new Error(`plugin ${name} did not declare "network": true in its manifest`);
      }
      const service = createWebService({
        name: `plugin.${name}.${opts.label}`,
        timeoutMs: 10_000,
        ...opts,
        log: deps.logs.child(`plugin.${name}`),
      });
      if (deps.services && listed !== false) deps.services.register(service);
      else void service.start();
      return service;
    },
    schedule: (type, runAt, payload, opts) => deps.app().scheduler.schedule(`${name}.${type}`, runAt, payload, opts),
  };
}

export function pluginModule(manifest: PluginManifest, parts: PluginParts, source: string): BotModule {
  const { name } = manifest;
  const events: AnyEvent[] = (parts.events ?? []).map((e) => ({
    event: e.event,
    run: (_ctx, ...args) => e.run(...args),
  }));
  const onMessage = parts.onMessage;
  const settings =
    Object.keys(manifest.settings).length > 0 ? withCheck(settingsSchemaOf(manifest.settings), parts) : undefined;
  return defineModule({
    name,
    description: manifest.description,
    version: manifest.version,
    source,
    ...(settings ? { config: settings } : {}),
    ...(parts.settingsNote ? { settingsNote: parts.settingsNote } : {}),
    commands: parts.commands ?? [],
    events,
    ...(onMessage ? { onMessage: (_ctx, message, info) => onMessage(message, info) } : {}),
    jobs: Object.fromEntries(
      Object.entries(parts.jobs ?? {}).map(([type, run]) => [
        `${name}.${type}`,
        async (job: Job) => {
          await run(job);
        },
      ]),
    ),
    intents: intentBits(manifest.permissions.intents),
    ...(parts.setup ? { setup: parts.setup } : {}),
  });
}

/** The plugin's own check of each set value (checkSetting), added to the settings schema so a bad value is refused. */
function withCheck(schema: z.ZodObject, parts: PluginParts): z.ZodObject {
  const check = parts.checkSetting;
  if (!check) return schema;
  return schema.superRefine((values, ctx) => {
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      if (value === null || value === undefined) continue;
      let problem: string | null | undefined;
      try {
        problem = check(key, value);
      } catch {
        problem = 'the plugin could not check this value';
      }
      if (problem) ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });
}

/** A plugin that could not load: it shows as failed with the reason, and enabling it says the same again. */
export function failedPluginModule(name: string, version: string | null, source: string, reason: string): BotModule {
  return defineModule({
    name,
    description: 'A plugin that could not be loaded',
    ...(version ? { version } : {}),
    source,
    setup() {
      throw new Error(reason);
    },
  });
}

/** Runs the plugin's create(); a throw becomes the plugin's failure reason. */
export function createParts(def: PluginDefinition, tux: PluginContext): PluginParts {
  const parts = def.create(tux);
  if (!parts || typeof parts !== 'object') throw new Error('create() must return an object of parts');
  return parts;
}
