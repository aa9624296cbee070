import path from 'node:path';
import type { ConfigStore } from './types.ts';

/** Absolute data and keys directories: relative paths in the config are resolved from the config file's directory. */
export function resolveConfigPaths(store: ConfigStore): { data: string; keys: string; config: string } {
  const base = path.dirname(store.path);
  const { paths } = store.current();
  return { data: path.resolve(base, paths.data), keys: path.resolve(base, paths.keys), config: store.path };
}
