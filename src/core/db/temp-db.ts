/** A real, migrated Tux database in a fresh temp directory, for tests. `cleanup()` closes it and deletes the dir. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { type OpenDbOptions, type OpenedDb, openDb } from './open-db.ts';

export interface TempDb {
  db: OpenedDb;
  dir: string;
  file: string;
  /** Opens another connection to the same file (closed by cleanup too). */
  reopen(extra?: Partial<OpenDbOptions>): Promise<OpenedDb>;
  cleanup(): void;
}

export async function openTempDb(extra: Partial<OpenDbOptions> = {}): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-db-'));
  const file = path.join(dir, 'tux.db');
  const opened: OpenedDb[] = [];
  const open = async (more: Partial<OpenDbOptions>) => {
    const db = await openDb({
      path: file,
      backupsDir: path.join(dir, 'backups'),
      log: pino({ level: 'silent' }),
      synchronous: 'normal',
      ...extra,
      ...more,
    });
    opened.push(db);
    return db;
  };
  const db = await open({});
  return {
    db,
    dir,
    file,
    reopen: open,
    cleanup() {
      for (const d of opened) d.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
