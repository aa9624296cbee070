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
  onChange(listener: (change: ConfigChange) => void): () => void;
}
