import type { ClientEvents } from 'discord.js';
import type { DefinedPlugin, PluginDefinition, PluginEvent } from './types.ts';
import { PLUGIN_API_VERSION } from './version.ts';

/**
 * Declares a plugin: its default export. `S` is the type of its per-guild settings (as declared in the manifest).
 *
 *   export default definePlugin({ create: (tux) => ({ commands: [...] }) });
 */
export function definePlugin<S = Record<string, unknown>>(def: PluginDefinition<S>): DefinedPlugin<S> {
  return { ...def, apiVersion: PLUGIN_API_VERSION };
}

/** Declares an event handler with its arguments typed from the event's name. */
export function onEvent<E extends keyof ClientEvents>(
  event: E,
  run: (...args: ClientEvents[E]) => unknown,
): PluginEvent<E> {
  return { event, run };
}
