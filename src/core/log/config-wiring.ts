import { secretValues } from '../config/mask-secrets.ts';
import type { TuxConfig } from '../config/schema.ts';
import type { ConfigStore } from '../config/types.ts';
import type { LogSystemOptions } from './log-system.ts';
import type { LogSystem } from './types.ts';

/**
 * Registers the config's secret values (the bot token) with the log system, now and after every change, so they
 * are redacted from every log output. Returns a function that stops following changes.
 */
export function registerConfigSecrets(logs: Pick<LogSystem, 'addSecret'>, config: ConfigStore): () => void {
  const register = () => {
    for (const secret of secretValues(config.current())) logs.addSecret(secret);
  };
  register();
  return config.onChange(register);
}

/** Follows log.level (a hot key) so an edit of tux.toml changes the level at once. */
export function followLogLevel(logs: Pick<LogSystem, 'setLevel'>, config: ConfigStore): () => void {
  return config.onChange((change) => {
    if (change.changes.some((c) => c.key === 'log.level')) logs.setLevel(change.config.log.level);
  });
}

/** createLogSystem options from the config: level, buffer and file rotation. */
export function logOptionsFromConfig(config: TuxConfig, dataDir: string): LogSystemOptions {
  return {
    level: config.log.level,
    dataDir,
    bufferSize: config.log.buffer,
    file: config.log.file ? { maxMb: config.log.file_max_mb, count: config.log.file_count } : false,
  };
}
