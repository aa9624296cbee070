import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditTrail } from '#core/audit/index.ts';
import { openDb, stageRestore } from '#core/db/index.ts';
import { type CliKit, createCliKit } from './cli-test-kit.ts';
import { registerDbCommands } from './db-commands.ts';

let kit: CliKit;
afterEach(() => kit?.cleanup());

const openAppliance = (k: CliKit) =>
  openDb({
    path: k.dbPath,
    backupsDir: path.join(k.dataDir, 'backups'),
    log: pino({ level: 'silent' }),
    exclusive: true,
  });

describe('tux db', () => {
  it('status before and after migrate', async () => {
    kit = createCliKit(registerDbCommands);
    let r = await kit.run('db', 'status');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(`No database yet at ${kit.dbPath}`);
    expect(fs.existsSync(kit.dbPath)).toBe(false);

    r = await kit.run('db', 'migrate');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Applied \d+ migration\(s\)/);
    expect((await kit.run('db', 'migrate')).out).toMatch(/Up to date/);

    r = await kit.run('db', 'status');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`file:       ${kit.dbPath}`);
    expect(r.out).toMatch(/pending:\s+none/);
    expect(r.out).toMatch(/integrity:\s+ok/);
    expect(r.out).toMatch(/appliance:\s+stopped/);
    const json = JSON.parse((await kit.run('db', 'status', '--json')).out);
    expect(json).toMatchObject({ exists: true, file: kit.dbPath, pending: [], quickCheck: 'ok', runningPid: null });
    expect(json.applied.length).toBeGreaterThan(0);
    expect(json.version).toBe(json.applied.at(-1));
  });

  it('migrate refuses while the appliance runs; status shows it running', async () => {
    kit = createCliKit(registerDbCommands);
    const app = await openAppliance(kit);
    try {
      const r = await kit.run('db', 'migrate');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/in use by another Tux process \(pid \d+/);
      expect((await kit.run('db', 'status')).out).toMatch(new RegExp(`appliance:\\s+running \\(pid ${process.pid}\\)`));
    } finally {
      app.close();
    }
  });

  it('backup writes a copy (default and explicit path) and never overwrites', async () => {
    kit = createCliKit(registerDbCommands);
    expect((await kit.run('db', 'backup')).code).toBe(1);
    const app = await openAppliance(kit);
    try {
      // Online: works while the appliance holds the database.
      let r = await kit.run('db', 'backup');
      expect(r.code).toBe(0);
      const printed = r.out.split(' (')[0]!;
      expect(printed.startsWith(path.join(kit.dataDir, 'backups', 'tux-'))).toBe(true);
      expect(fs.statSync(printed).size).toBeGreaterThan(0);
      expect(r.out).toMatch(/\(\d+(\.\d)? (B|KB|MB), \d+ bytes\)/);
      const dest = path.join(kit.dir, 'mine.db');
      expect((await kit.run('db', 'backup', dest)).code).toBe(0);
      r = await kit.run('db', 'backup', dest);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/already exists/);
    } finally {
      app.close();
    }
  });

  it('status shows a restore staged from the console; an offline restore replaces it', async () => {
    kit = createCliKit(registerDbCommands);
    const app = await openAppliance(kit);
    const backup = path.join(kit.dir, 'snap.db');
    await app.backup(backup);
    await stageRestore({ dataDir: kit.dataDir, dbPath: kit.dbPath, source: backup });
    app.close();
    let r = await kit.run('db', 'status');
    expect(r.out).toMatch(/^restore: +.*restore-staged\.db is staged for the next start$/m);
    r = await kit.run('db', 'restore', backup);
    expect(r.code).toBe(0);
    expect(r.out).toContain('A restore staged from the console was dropped.');
    expect(fs.existsSync(path.join(kit.dataDir, 'restore-staged.db'))).toBe(false);
    expect((await kit.run('db', 'status')).out).not.toMatch(/^restore:/m);
  });

  it('restore: refused while running, validates the file, backs up the current database, swaps it', async () => {
    kit = createCliKit(registerDbCommands);
    const app = await openAppliance(kit);
    const audit = createAuditTrail({ db: app, keysDir: path.join(kit.dir, 'keys') });
    audit.record({ actor: 'cli:root', action: 'before.backup', outcome: 'ok' });
    const backup = path.join(kit.dir, 'snap.db');
    await app.backup(backup);
    audit.record({ actor: 'cli:root', action: 'after.backup', outcome: 'ok' });

    let r = await kit.run('db', 'restore', backup);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Tux is running \(pid \d+\).*Stop it/);
    app.close();

    const text = path.join(kit.dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database');
    r = await kit.run('db', 'restore', text);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/not a SQLite database; nothing was restored/);

    const foreign = path.join(kit.dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE x (y)');
    f.close();
    r = await kit.run('db', 'restore', foreign);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/another program/);

    const damaged = path.join(kit.dir, 'damaged.db');
    const d = new Database(damaged);
    d.pragma('application_id = 1416984625');
    d.exec('CREATE TABLE t (v text); CREATE INDEX t_v ON t (v);');
    const ins = d.prepare('INSERT INTO t VALUES (?)');
    d.transaction(() => {
      for (let i = 0; i < 2000; i++) ins.run(`value-${i}-${'x'.repeat(50)}`);
    })();
    d.close();
    const fd = fs.openSync(damaged, 'r+');
    fs.writeSync(fd, Buffer.alloc(3000, 0xab), 0, 3000, 4096 * 5 + 50);
    fs.closeSync(fd);
    r = await kit.run('db', 'restore', damaged);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing was restored/);

    const beforeRestore = fs.readFileSync(kit.dbPath);
    expect(beforeRestore.length).toBeGreaterThan(0);
    r = await kit.run('db', 'restore', backup);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Restored ${kit.dbPath} from ${backup}`);
    const previous = /saved at (\S+\.db)/.exec(r.out)?.[1];
    expect(previous).toMatch(/pre-restore-/);

    const restored = await openAppliance(kit);
    const actions = createAuditTrail({ db: restored, keysDir: path.join(kit.dir, 'keys') })
      .query()
      .map((x) => x.action);
    expect(actions).toEqual(['before.backup']);
    restored.close();
    const old = new Database(previous!, { readonly: true });
    expect(old.prepare('SELECT action FROM audit_log ORDER BY id').all()).toEqual([
      { action: 'before.backup' },
      { action: 'after.backup' },
    ]);
    old.close();
    expect(fs.existsSync(`${kit.dbPath}.lock`)).toBe(false);
  });

  it('works through the real tux command', () => {
    kit = createCliKit(registerDbCommands);
    const bin = fileURLToPath(new URL('../../bin/tux.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, '--config', path.join(kit.dir, 'tux.toml'), 'db', 'migrate'], {
      encoding: 'utf8',
      env: { ...process.env, TUX_CONFIG: '' },
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Applied \d+ migration\(s\)/);
    expect(fs.existsSync(kit.dbPath)).toBe(true);
  });
});
