import path from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { ConfigError, loadConfig, resolveConfigPaths } from '#core/config/index.ts';
import type { ConfigStore } from '#core/config/types.ts';
import { DbError } from '#core/db/db-error.ts';
import { type OpenedDb, openDb } from '#core/db/open-db.ts';

/** What the management commands need from main.ts. Tests pass their own config and output streams. */
export interface CliDeps {
  loadConfig(): Promise<ConfigStore>;
  /** Default process.stdout / process.stderr. */
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
}

/** Deps for the real `tux` command: the config comes from the global --config option (or $TUX_CONFIG / ./tux.toml). */
export function createCliDeps(program: Command): CliDeps {
  return {
    loadConfig: async () => {
      const configPath = program.opts<{ config?: string }>().config;
      return loadConfig({ ...(configPath ? { path: configPath } : {}), env: process.env });
    },
  };
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Prints the message to stderr and makes the command exit 1. */
  fail(message: string): void;
}

export function cliIo(deps: CliDeps): CliIo {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  return {
    out: (line) => stdout.write(`${line}\n`),
    err: (line) => stderr.write(`${line}\n`),
    fail: (message) => {
      stderr.write(`tux: ${message}\n`);
      process.exitCode = 1;
    },
  };
}

/** The database file and backups directory the appliance uses, from the config. */
export async function dataFiles(deps: CliDeps): Promise<{ store: ConfigStore; dbPath: string; backupsDir: string }> {
  const store = await deps.loadConfig();
  const { data } = resolveConfigPaths(store);
  return { store, dbPath: path.join(data, 'tux.db'), backupsDir: path.join(data, 'backups') };
}

/** Runs a command body; expected failures (bad config, database problems) become one clear line and exit code 1. */
export async function runGuarded(deps: CliDeps, body: () => Promise<void> | void): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof DbError || err instanceof ConfigError) {
      cliIo(deps).fail(err.message);
      return;
    }
    throw err;
  }
}

/** Opens the appliance's database read-only, without migrating or taking the appliance lock (it may be running). */
export function openDataDbReadonly(files: {
  store: ConfigStore;
  dbPath: string;
  backupsDir: string;
}): Promise<OpenedDb> {
  return openDb({
    path: files.dbPath,
    backupsDir: files.backupsDir,
    readonly: true,
    busyTimeoutMs: files.store.current().db.busy_timeout_ms,
    log: pino({ level: 'silent' }),
  });
}
