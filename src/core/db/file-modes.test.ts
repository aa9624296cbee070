import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from './open-db.ts';
import { restoreDb } from './restore-db.ts';

const mode = (f: string) => fs.statSync(f).mode & 0o777;
let dir: string;
let oldUmask: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-modes-'));
  // The usual default umask, which gave 0644 files and 0755 folders.
  oldUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(oldUmask);
  fs.rmSync(dir, { recursive: true, force: true });
});

function logLines() {
  const lines: string[] = [];
  const log = pino(
    { level: 'warn' },
    { write: (s: string) => lines.push(String((JSON.parse(s) as { msg: string }).msg)) },
  );
  return { log, lines };
}

describe('database file modes', () => {
  it('creates tux.db, its WAL and SHM, backups and their folder private whatever the umask', async () => {
    const file = path.join(dir, 'tux.db');
    const backupsDir = path.join(dir, 'backups');
    const db = await openDb({ path: file, backupsDir, log: pino({ level: 'silent' }) });
    try {
      db.sqlite.exec('CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1);');
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
      const backup = path.join(backupsDir, 'tux-1.db');
      await db.backup(backup);
      expect(mode(backup)).toBe(0o600);
      expect(mode(backupsDir)).toBe(0o700);
    } finally {
      db.close();
    }
    // A restore swaps in a copy that is private as well.
    fs.chmodSync(file, 0o644);
    await restoreDb({ dbPath: file, source: path.join(backupsDir, 'tux-1.db'), backupsDir });
    expect(mode(file)).toBe(0o600);
    for (const name of fs.readdirSync(backupsDir)) expect(mode(path.join(backupsDir, name))).toBe(0o600);
  });

  it('tightens the files and backups of an older install, and says so', async () => {
    const file = path.join(dir, 'tux.db');
    const backupsDir = path.join(dir, 'backups');
    (await openDb({ path: file, backupsDir, log: pino({ level: 'silent' }) })).close();
    fs.mkdirSync(backupsDir, { mode: 0o755 });
    fs.chmodSync(backupsDir, 0o755);
    fs.writeFileSync(path.join(backupsDir, 'old.db'), '');
    fs.chmodSync(path.join(backupsDir, 'old.db'), 0o644);
    fs.chmodSync(file, 0o644);
    const { log, lines } = logLines();
    const db = await openDb({ path: file, backupsDir, log });
    db.close();
    expect(mode(file)).toBe(0o600);
    expect(mode(backupsDir)).toBe(0o700);
    expect(mode(path.join(backupsDir, 'old.db'))).toBe(0o600);
    expect(lines.join('\n')).toContain(`${file} was mode 0644 (readable by others); changed to 0600`);
  });
});
