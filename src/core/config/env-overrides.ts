/**
 * Environment overrides: every key as TUX_<SECTION>_<KEY>. DISCORD_TOKEN also sets bot.token (TUX_BOT_TOKEN wins).
 * TUX_BOT_PREFIX forces the prefix everywhere: it sets bot.prefix and bot.force_prefix = true, unless
 * TUX_BOT_FORCE_PREFIX is set explicitly. Empty variables count as unset (compose files often pass VAR= through).
 */
import { coerceString } from './coerce-value.ts';
import { listKeys, listSections } from './key-meta.ts';

export interface EnvOverrides {
  /** Section -> key -> coerced value, ready to lay over the file's values. */
  values: Record<string, Record<string, unknown>>;
  /** Dotted key -> the variable that set it ("TUX_SSH_PORT"). */
  sources: Map<string, string>;
  /** Dotted key -> the variable's raw text, for error messages. */
  raw: Map<string, string>;
  warnings: string[];
}

export function readEnvOverrides(env: NodeJS.ProcessEnv): EnvOverrides {
  const result: EnvOverrides = { values: {}, sources: new Map(), raw: new Map(), warnings: [] };
  const put = (key: string, value: unknown, variable: string, raw: string) => {
    const [section, name] = key.split('.') as [string, string];
    result.values[section] ??= {};
    result.values[section][name] = value;
    result.sources.set(key, variable);
    result.raw.set(key, raw);
  };
  const known = new Set<string>();
  for (const info of listKeys()) {
    known.add(info.env);
    let variable = info.env;
    let raw = env[variable];
    if (info.key === 'bot.token' && !raw && env.DISCORD_TOKEN) {
      variable = 'DISCORD_TOKEN';
      raw = env.DISCORD_TOKEN;
    }
    if (raw === undefined || raw === '') continue;
    put(info.key, coerceString(info, raw), variable, raw);
    if (info.key === 'bot.prefix' && !env.TUX_BOT_FORCE_PREFIX) put('bot.force_prefix', true, variable, raw);
  }
  // A misspelt variable would silently do nothing; name it.
  const prefixes = listSections().map((s) => `TUX_${s.toUpperCase()}_`);
  for (const name of Object.keys(env)) {
    if (!known.has(name) && prefixes.some((p) => name.startsWith(p)) && env[name]) {
      result.warnings.push(`${name} (environment): no config key matches this variable; it is ignored`);
    }
  }
  return result;
}
