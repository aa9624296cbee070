/**
 * The plugin API: everything a plugin may import. See docs/plugins.md. Versioned by PLUGIN_API_VERSION; a plugin
 * names the range it supports in its manifest.
 */
export { z } from 'zod';
export { WebServiceError } from '#core/http/web-error.ts';
export type { WebService } from '#core/http/web-service.ts';
export {
  type AnyCommand,
  arg,
  type CommandAttachment,
  type CommandContext,
  defineCommand,
  flag,
  type ReplyOptions,
  toCommandAttachment,
  UserError,
} from '#discord/commands/index.ts';
export { type PaginateOptions, paginate } from '#discord/ui/interactive.ts';
export { definePlugin, onEvent } from './define-plugin.ts';
export { type PluginManifest, type PluginManifestInput, parseManifest, type SettingField } from './manifest.ts';
export { satisfies } from './semver.ts';
export type {
  AnyPluginDefinition,
  AnyPluginEvent,
  DefinedPlugin,
  PluginApi,
  PluginContext,
  PluginDefinition,
  PluginEvent,
  PluginParts,
  PluginTeardown,
  PluginWebOptions,
} from './types.ts';
export { PLUGIN_API_VERSION } from './version.ts';
