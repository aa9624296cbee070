import type { ConfigError } from './config-error.ts';
import type { ApplyMode, TuxConfig } from './schema.ts';

/** One changed key, as told to subscribers. `key` is dotted: "ssh.port". */
export interface ConfigKeyChange {
  key: string;
  apply: ApplyMode;
  secret: boolean;
  /** Old and new values; secrets are masked as "********". */
  before: unknown;
  after: unknown;
}

export interface ConfigChange {
  config: TuxConfig;
  changes: ConfigKeyChange[];
  /** True when at least one changed key needs a restart to take effect. */
  restartRequired: boolean;
}

export interface SetResult {
  changes: ConfigKeyChange[];
  restartRequired: boolean;
  /** Notes for the admin: the env variable still wins, the file had to be rewritten in full, ... */
  warnings: string[];
  /** Set when an environment variable overrides this key: the file changed but the effective value did not. */
  envOverride?: string;
}

export type ReloadResult = { ok: true; changes: ConfigKeyChange[] } | { ok: false; error: ConfigError };

/** What the store logs to (a pino logger fits). */
export interface ConfigLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WatchOptions {
  log?: ConfigLog;
  /** Quiet period after the last file event before reloading (default 200 ms). */
  debounceMs?: number;
}

/** The loaded, validated configuration and the only way to change it. */
export interface ConfigStore {
  /** Absolute path of the config file (it may not exist yet). */
  readonly path: string;
  /** Current effective config: file + environment overrides + defaults. */
  current(): TuxConfig;
  /** A dotted key's effective value. Throws ConfigError for an unknown key. */
  get(key: string): unknown;
  /**
   * Validates, then writes the file atomically (temp + fsync + rename) and notifies subscribers.
   * A value given as a string is coerced to the key's type ("2222" -> 2222, "true" -> true, JSON for arrays).
   * Throws ConfigError (and changes nothing) when invalid. `expectedVersion` guards against lost updates.
   */
  set(key: string, value: unknown, opts?: { expectedVersion?: number }): Promise<SetResult>;
  /** Increases on every successful save; callers pass it back as expectedVersion. */
  version(): number;
  /** Keys overridden by environment variables (they win over the file). */
  envOverrides(): string[];
  /** The variable overriding a key ("TUX_SSH_PORT"), if any. */
  envVariable(key: string): string | undefined;
  onChange(listener: (change: ConfigChange) => void): () => void;
  /** Unknown sections/keys and unknown TUX_* variables found while loading (they are ignored, not fatal). */
  readonly warnings: readonly string[];
  /**
   * Re-reads the file. Valid: installs it and notifies subscribers. Invalid: keeps the current config, logs the
   * error (when watching with a log) and returns it.
   */
  reload(): ReloadResult;
  /** Reloads on external edits of the file (debounced). Loading alone never watches. */
  watch(opts?: WatchOptions): void;
  /** Stops watching. */
  close(): void;
}
