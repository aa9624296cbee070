import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';

export type Sqlite = Database.Database;
export type Orm = BetterSQLite3Database<Record<string, never>>;

export interface Db {
  readonly path: string;
  readonly sqlite: Sqlite;
  /** drizzle over the same connection; modules pass their own table objects to it. */
  readonly orm: Orm;
  /** Online backup to `dest` with the SQLite backup API. Returns the bytes written. */
  backup(dest: string): Promise<number>;
  /** Runs fn in a BEGIN IMMEDIATE transaction (synchronous, as better-sqlite3 requires). */
  transaction<T>(fn: () => T): T;
  close(): void;
}
