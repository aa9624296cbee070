/** The plugins that ship with Tux. Each imports only the plugin API (checked by src/plugins/imports.test.ts). */
import type { PluginDefinition } from '../plugin-api/index.ts';

export function bundledPlugins(): PluginDefinition[] {
  return [];
}
