/** Global configuration: tux.toml + TUX_* environment, validated by the schema, saved atomically, watched. */
export { writeFileAtomic } from './atomic-write.ts';
export { coerceString } from './coerce-value.ts';
export { configJsonSchema, renderConfigExample, renderJsonSchemaFile } from './config-artifacts.ts';
export { ConfigError, type ConfigIssue } from './config-error.ts';
export { resolveConfigPaths } from './config-paths.ts';
export { type LoadConfigOptions, loadConfig, requireKey } from './config-store.ts';
export { type KeyInfo, type KeyType, keyMeta, listKeys, listSections } from './key-meta.ts';
export { maskSecrets, maskValue, SECRET_MASK, secretValues } from './mask-secrets.ts';
export type { ApplyMode, ConfigSection, KeyMeta, TuxConfig, TuxConfigInput } from './schema.ts';
export { configSchema } from './schema.ts';
export type * from './types.ts';
