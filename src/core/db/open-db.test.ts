import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { lockPathFor } from './app-lock.ts';
import { DbError } from './db-error.ts';
import { createDbService } from './db-service.ts';
import { TUX_APPLICATION_ID } from './identity.ts';
import { defaultMigrationsDir } from './migrations.ts';
import { type OpenDbOptions, type OpenedDb, openDb } from './open-db.ts';

const log = pino({ level: 'silent' });
let dirs: string[] = [];
let open: OpenedDb[] = [];

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-opendb-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of open) d.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  open = [];
  dirs = [];
});

async function openIn(dir: string, extra: Partial<OpenDbOptions> = {}): Promise<OpenedDb> {
  const db = await openDb({ path: path.join(dir, 'tux.db'), backupsDir: path.join(dir, 'backups'), log, ...extra });
  open.push(db);
  return db;
}

async function openError(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DbError);
    return err as DbError;
  }
  throw new Error('expected openDb to fail');
}

/** A copy of the real migrations that a test can add migrations to. */
function migrationsCopy(): { dir: string; add(tag: string, sql: string): void } {
  const dir = path.join(tempDir(), 'migrations');
  fs.cpSync(defaultMigrationsDir, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  return {
    dir,
    add(tag, sql) {
      const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8'));
      const last = journal.entries.at(-1);
      journal.entries.push({ idx: last.idx + 1, version: '6', when: last.when + 1000, tag, breakpoints: true });
      fs.writeFileSync(journalPath, JSON.stringify(journal, null, 2));
      fs.writeFileSync(path.join(dir, `${tag}.sql`), sql);
    },
  };
}

const tables = (db: Database.Database | OpenedDb['sqlite']) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (r) => r.name,
  );

describe('openDb', () => {
  it('creates the directory and a migrated database with the documented pragmas', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const db = await openIn(dir, { busyTimeoutMs: 1234 });
    expect(db.path).toBe(path.join(dir, 'tux.db'));
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.sqlite.pragma('application_id', { simple: true })).toBe(TUX_APPLICATION_ID);
    expect(db.migrations.pending).toEqual([]);
    expect(db.appliedAtOpen.length).toBeGreaterThan(0);
    expect(tables(db.sqlite)).toEqual(expect.arrayContaining(['audit_log', 'scheduler_jobs']));
    // A brand-new file has nothing worth a backup.
    expect(db.preMigrationBackup).toBeNull();
    db.close();
    const again = await openIn(dir, { synchronous: 'normal' });
    expect(again.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    expect(again.appliedAtOpen).toEqual([]);
  });

  it('resolves the default migrations from the source tree, not the working directory', () => {
    expect(path.isAbsolute(defaultMigrationsDir)).toBe(true);
    expect(fs.existsSync(path.join(defaultMigrationsDir, 'meta', '_journal.json'))).toBe(true);
  });

  it('names the directory when it cannot be created', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'plainfile'), 'x');
    const err = await openError(openIn(path.join(dir, 'plainfile', 'data')));
    expect(err.code).toBe('unwritable');
    expect(err.message).toContain(path.join(dir, 'plainfile', 'data'));
  });

  it('refuses a file that is not a database and leaves it alone', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tux.db');
    fs.writeFileSync(file, 'hello, I am a text file\n');
    const err = await openError(openIn(dir));
    expect(err.code).toBe('not-a-database');
    expect(err.message).toContain(file);
    expect(err.message).toContain('file is not a database');
    expect(fs.readFileSync(file, 'utf8')).toBe('hello, I am a text file\n');
    // A SQLite header followed by garbage is caught by SQLite itself.
    fs.writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(200, 7)]));
    expect((await openError(openIn(dir))).code).toBe('not-a-database');
  });

  it("refuses another program's SQLite database without changing it", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tux.db');
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    other.close();
    const before = fs.readFileSync(file);
    const err = await openError(openIn(dir));
    expect(err.code).toBe('foreign-database');
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/another program/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(lockPathFor(file))).toBe(false);
  });

  it('explains a database locked by another process', async () => {
    const dir = tempDir();
    (await openIn(dir)).close();
    const holder = new Database(path.join(dir, 'tux.db'));
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE; CREATE TABLE scratch (x); ');
    try {
      const err = await openError(openIn(dir, { busyTimeoutMs: 50 }));
      expect(err.code).toBe('locked');
      expect(err.message).toMatch(/locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('refuses a second appliance on the same file and takes over a stale lock', async () => {
    const dir = tempDir();
    const first = await openIn(dir, { exclusive: true });
    const lockFile = lockPathFor(first.path);
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    const err = await openError(openIn(dir, { exclusive: true }));
    expect(err.code).toBe('in-use');
    expect(err.message).toContain(`pid ${process.pid}`);
    // Readers do not need the lock.
    const reader = await openIn(dir, { readonly: true });
    expect(reader.migrations.pending).toEqual([]);
    first.close();
    expect(fs.existsSync(lockFile)).toBe(false);

    // A lock left by a process that is gone.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      timeout: 30_000,
    }).stdout.toString();
    fs.writeFileSync(
      lockFile,
      JSON.stringify({ pid: Number(dead), host: os.hostname(), processStartedAt: 1, lockedAt: 1 }),
    );
    const second = await openIn(dir, { exclusive: true });
    expect(JSON.parse(fs.readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    second.close();
  });

  it('backs up before applying new migrations and keeps only the newest backups', async () => {
    const dir = tempDir();
    const m = migrationsCopy();
    const db = await openIn(dir, { migrationsDir: m.dir });
    db.sqlite.prepare(`INSERT INTO module_state (module, guild_id, enabled, updated_at) VALUES ('x', '', 1, 1)`).run();
    db.close();
    for (let i = 1; i <= 3; i++) {
      m.add(`010${i}_extra`, `CREATE TABLE extra_${i} (id integer PRIMARY KEY);`);
      const next = await openIn(dir, { migrationsDir: m.dir, backupsKept: 2 });
      expect(next.appliedAtOpen).toEqual([`010${i}_extra`]);
      expect(next.preMigrationBackup).toMatch(/pre-migrate-.*\.db$/);
      // The backup is the database as it was before this migration.
      const copy = new Database(next.preMigrationBackup!, { readonly: true });
      expect(tables(copy)).not.toContain(`extra_${i}`);
      expect(copy.prepare('SELECT count(*) AS n FROM module_state').get()).toEqual({ n: 1 });
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
      next.close();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([
      expect.stringMatching(/^pre-migrate-.*\.db$/),
      expect.stringMatching(/^pre-migrate-.*\.db$/),
    ]);
  });

  it('rolls back every pending migration when one fails, and says which one and where the backup is', async () => {
    const dir = tempDir();
    const m = migrationsCopy();
    (await openIn(dir, { migrationsDir: m.dir })).close();
    m.add('0100_good', 'CREATE TABLE good_one (id integer PRIMARY KEY);');
    m.add('0101_broken', 'CREATE TABLE half_done (id integer);\n--> statement-breakpoint\nCREATE TABLE oops (;');
    const err = await openError(openIn(dir, { migrationsDir: m.dir }));
    expect(err.code).toBe('migration-failed');
    expect(err.message).toContain('0101_broken');
    expect(err.message).toMatch(/Nothing was changed/);
    const backup = /copy of the database from before the upgrade is at (\S+\.db)/.exec(err.message)?.[1];
    expect(backup && fs.existsSync(backup)).toBe(true);
    const file = new Database(path.join(dir, 'tux.db'), { readonly: true });
    expect(tables(file)).not.toContain('good_one');
    expect(tables(file)).not.toContain('half_done');
    file.close();
    expect(fs.existsSync(lockPathFor(path.join(dir, 'tux.db')))).toBe(false);
    // Still usable without the broken migration.
    const ok = await openIn(dir, { migrationsDir: defaultMigrationsDir });
    expect(ok.migrations.pending).toEqual([]);
  });

  it('refuses a database upgraded by a newer Tux', async () => {
    const dir = tempDir();
    const m = migrationsCopy();
    m.add('0100_future', 'CREATE TABLE future (id integer);');
    (await openIn(dir, { migrationsDir: m.dir })).close();
    const err = await openError(openIn(dir));
    expect(err.message).toMatch(/newer version of Tux/);
  });

  it('backs up online, runs immediate transactions, and reports health as a service', async () => {
    const dir = tempDir();
    const db = await openIn(dir);
    db.sqlite.exec('CREATE TABLE t (v integer)');
    expect(() =>
      db.transaction(() => {
        db.sqlite.prepare('INSERT INTO t VALUES (1)').run();
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(db.transaction(() => db.sqlite.prepare('INSERT INTO t VALUES (2)').run().changes)).toBe(1);
    const dest = path.join(dir, 'copies', 'b.db');
    const bytes = await db.backup(dest);
    expect(bytes).toBe(fs.statSync(dest).size);
    const copy = new Database(dest, { readonly: true });
    expect(copy.prepare('SELECT v FROM t').all()).toEqual([{ v: 2 }]);
    copy.close();

    const svc = createDbService(db);
    expect(svc.name).toBe('db');
    await svc.start();
    const h = svc.health();
    expect(h.status).toBe('ok');
    expect(h.metrics?.fileBytes).toBeGreaterThan(0);
    expect(h.metrics?.pageCount).toBeGreaterThan(0);
    expect(h.metrics).toHaveProperty('walBytes');
    await svc.stop();
    expect(db.sqlite.open).toBe(false);
    expect(svc.health().status).toBe('stopped');
  });
});
