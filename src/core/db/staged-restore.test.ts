import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DbError } from './db-error.ts';
import { type OpenedDb, openDb } from './open-db.ts';
import { applyStagedRestore, cancelStagedRestore, readStagedRestore, stageRestore } from './staged-restore.ts';

const log = pino({ level: 'silent' });
let dirs: string[] = [];
let open: OpenedDb[] = [];

afterEach(() => {
  for (const d of open) d.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  open = [];
  dirs = [];
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-staged-'));
  dirs.push(d);
  return d;
}

async function openData(dir: string): Promise<OpenedDb> {
  const db = await openDb({
    path: path.join(dir, 'tux.db'),
    backupsDir: path.join(dir, 'backups'),
    log,
    exclusive: true,
  });
  open.push(db);
  return db;
}

function probe(db: OpenedDb): string | undefined {
  return (db.sqlite.prepare('SELECT v FROM probe').get() as { v: string } | undefined)?.v;
}

/** A data dir whose database says "before", and a backup of it taken when it said "backup". */
async function dataWithBackup(): Promise<{ dir: string; backup: string }> {
  const dir = tempDir();
  const db = await openData(dir);
  db.sqlite.exec("CREATE TABLE probe (v TEXT); INSERT INTO probe VALUES ('backup');");
  const backup = path.join(dir, 'backups', 'tux-x.db');
  await db.backup(backup);
  db.sqlite.exec("UPDATE probe SET v = 'before'");
  return { dir, backup };
}

describe('staged restore', () => {
  it('stages a checked copy while the database is open, and the next open swaps it in, keeping the old one', async () => {
    const { dir, backup } = await dataWithBackup();
    const staged = await stageRestore({ dataDir: dir, dbPath: path.join(dir, 'tux.db'), source: backup });
    expect(staged.pending).toEqual([]);
    expect(fs.statSync(staged.file).mode & 0o777).toBe(0o600);
    // The live database is untouched until the next start.
    expect(probe(open[0] as OpenedDb)).toBe('before');
    // The staged file is a copy: removing the backup changes nothing.
    fs.rmSync(backup);
    (open.pop() as OpenedDb).close();

    const r = await applyStagedRestore({
      dataDir: dir,
      dbPath: path.join(dir, 'tux.db'),
      backupsDir: path.join(dir, 'backups'),
      log,
    });
    expect(r.status).toBe('restored');
    expect(readStagedRestore(dir)).toBeNull();
    const db = await openData(dir);
    expect(probe(db)).toBe('backup');
    expect(fs.statSync(path.join(dir, 'tux.db')).mode & 0o777).toBe(0o600);
    const previous = r.status === 'restored' ? r.previous : null;
    expect(previous).toMatch(/pre-restore-.*\.db$/);
    const old = new Database(previous as string, { readonly: true });
    expect((old.prepare('SELECT v FROM probe').get() as { v: string }).v).toBe('before');
    old.close();
  });

  it('refuses to stage what is not a sound Tux database, and stages nothing', async () => {
    const { dir } = await dataWithBackup();
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database at all, just text that is long enough to look like a file');
    const dbPath = path.join(dir, 'tux.db');
    await expect(stageRestore({ dataDir: dir, dbPath, source: junk })).rejects.toThrow(/not a SQLite database/);
    await expect(stageRestore({ dataDir: dir, dbPath, source: path.join(dir, 'nope.db') })).rejects.toThrow(
      /There is no file/,
    );
    await expect(stageRestore({ dataDir: dir, dbPath, source: dbPath })).rejects.toBeInstanceOf(DbError);
    expect(readStagedRestore(dir)).toBeNull();
  });

  it('a staged file that fails the check at start is set aside and the current database kept', async () => {
    const { dir } = await dataWithBackup();
    (open.pop() as OpenedDb).close();
    fs.writeFileSync(path.join(dir, 'restore-staged.db'), 'garbage, not SQLite, written by hand after staging....');
    const r = await applyStagedRestore({
      dataDir: dir,
      dbPath: path.join(dir, 'tux.db'),
      backupsDir: path.join(dir, 'backups'),
      log,
    });
    expect(r.status).toBe('rejected');
    expect(readStagedRestore(dir)).toBeNull();
    expect(fs.existsSync(r.status === 'rejected' ? r.movedTo : '')).toBe(true);
    expect(probe(await openData(dir))).toBe('before');
  });

  it('a staged restore can be cancelled', async () => {
    const { dir, backup } = await dataWithBackup();
    await stageRestore({ dataDir: dir, dbPath: path.join(dir, 'tux.db'), source: backup });
    expect(cancelStagedRestore(dir)).toBe(true);
    expect(cancelStagedRestore(dir)).toBe(false);
    expect(readStagedRestore(dir)).toBeNull();
  });
});
