import { listKeys } from './key-meta.ts';
import type { TuxConfig } from './schema.ts';

export const SECRET_MASK = '********';

/** A secret's value as it may be shown: masked when set, empty when not set (so "not set" stays visible). */
export function maskValue(value: unknown): unknown {
  return value === '' || value === undefined || value === null ? value : SECRET_MASK;
}

/** A copy of the config with every secret key masked, safe for logs, audit rows and the console. */
export function maskSecrets(config: TuxConfig): TuxConfig {
  const copy = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const info of listKeys()) {
    const section = copy[info.section];
    if (info.secret && section && info.name in section) section[info.name] = maskValue(section[info.name]);
  }
  return copy as unknown as TuxConfig;
}

/** The current values of all secret keys that are set, for log redaction. */
export function secretValues(config: TuxConfig): string[] {
  const sections = config as unknown as Record<string, Record<string, unknown>>;
  return listKeys()
    .filter((info) => info.secret)
    .map((info) => sections[info.section]?.[info.name])
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/**
 * A console command line safe to store: after a secret key's name (`config set bot.token …`) every word is masked,
 * and any current secret value is masked wherever it appears.
 */
export function maskCommandLine(line: string, config: TuxConfig): string {
  const secretKeys = new Set(
    listKeys()
      .filter((info) => info.secret)
      .map((info) => info.key),
  );
  const words = line.split(/(\s+)/);
  const at = words.findIndex((w) => secretKeys.has(w.replace(/^['"]|['"]$/g, '')));
  let masked =
    at < 0 ? line : [...words.slice(0, at + 1), ...(at + 1 < words.length ? [' ', SECRET_MASK] : [])].join('');
  for (const value of secretValues(config)) masked = masked.split(value).join(SECRET_MASK);
  return masked;
}
