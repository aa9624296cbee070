import type { Logger } from 'pino';

export type { Logger };
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogEntry {
  /** Monotonic sequence number, unique within the process. */
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  level: LogLevelName;
  /** The child logger's module name ("core", "ssh", "discord", "moderation", ...). */
  module: string;
  msg: string;
  /** Remaining structured fields, already redacted. */
  fields: Record<string, unknown>;
}

export interface LogFilter {
  minLevel?: LogLevelName;
  module?: string;
  /** Case-insensitive substring of msg or module. */
  text?: string;
}

export interface LogSubscription {
  /** Entries dropped because the subscriber fell behind, since the subscription began. */
  readonly dropped: number;
  close(): void;
}

/** Ring buffer of recent entries plus live, filtered, non-blocking subscriptions. */
export interface LogHub {
  /** Most recent entries (oldest first) that pass the filter, at most `limit`. */
  recent(filter?: LogFilter, limit?: number): LogEntry[];
  /**
   * Follows new entries. Delivery is batched and never blocks logging: a subscriber whose queue exceeds
   * `maxQueue` (default 1000) loses the oldest entries and is told how many through `onDrop`.
   */
  subscribe(
    filter: LogFilter,
    onEntries: (entries: LogEntry[]) => void,
    opts?: { maxQueue?: number; onDrop?: (dropped: number) => void },
  ): LogSubscription;
  /** Counters for the health screen. */
  stats(): { size: number; capacity: number; total: number; subscribers: number };
}

export interface LogSystem {
  root: Logger;
  hub: LogHub;
  /** A child logger for one module; its level can be changed at runtime with setLevel. */
  child(module: string): Logger;
  setLevel(level: LogLevelName, module?: string): void;
  /** Strings (tokens, keys) that must never appear in any log output. */
  addSecret(secret: string): void;
  flush(): Promise<void>;
}
