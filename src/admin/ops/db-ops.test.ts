import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { cliActor, sshActor } from '#admin/actor.ts';
import type { AdminError } from '#admin/admin-errors.ts';
import { runAdminOp } from '#admin/run-op.ts';
import { type App, createApp } from '#src/app.ts';
import { runExecCommand } from '#ssh/exec-commands.ts';

const admin = cliActor('test');
const operator = sshActor('SHA256:op', 'operator', '10.0.0.7:5000');
const dirs: string[] = [];
const apps: App[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function startApp(dir: string): Promise<App> {
  const env = {
    TUX_PATHS_DATA: path.join(dir, 'data'),
    TUX_PATHS_KEYS: path.join(dir, 'keys'),
    TUX_SSH_ENABLED: 'false',
    TUX_LOG_FILE: 'false',
  };
  const app = await createApp({ env, cwd: dir, stdout: new Writable({ write: (_c, _e, cb) => cb() }) });
  await app.start();
  apps.push(app);
  return app;
}

async function stop(app: App): Promise<void> {
  apps.splice(apps.indexOf(app), 1);
  await app.stop();
}

function probe(app: App): string {
  return (app.db.sqlite.prepare('SELECT v FROM probe').get() as { v: string }).v;
}

async function exec(app: App, line: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runExecCommand(app, admin, line, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    signal: new AbortController().signal,
  });
  return { code, out, err };
}

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-dbops-'));
  dirs.push(d);
  return d;
}

describe('db admin operations', () => {
  it('backs up, lists, stages a restore that the next start applies, and audits the restore', async () => {
    const dir = tempDir();
    let app = await startApp(dir);
    app.db.sqlite.exec("CREATE TABLE probe (v TEXT); INSERT INTO probe VALUES ('in backup');");
    const backup = await runAdminOp(app, 'db.backup', {}, admin);
    expect(fs.statSync(backup.file).mode & 0o777).toBe(0o600);
    app.db.sqlite.exec("UPDATE probe SET v = 'after backup'");

    const list = await runAdminOp(app, 'db.backups', {}, admin);
    expect(list.backups.map((b) => b.file)).toContain(backup.file);
    expect(list.staged).toBeNull();

    // A bare name is found in the backups folder.
    const staged = await runAdminOp(app, 'db.restore', { file: path.basename(backup.file) }, admin);
    expect(staged.cancelled).toBe(false);
    // Nothing changes while running.
    expect(probe(app)).toBe('after backup');
    expect((await runAdminOp(app, 'db.backups', {}, admin)).staged).not.toBeNull();
    const row = app.audit.query({ action: 'db.restore', limit: 1 })[0];
    expect(row).toMatchObject({ outcome: 'ok', target: path.basename(backup.file) });

    await stop(app);
    app = await startApp(dir);
    expect(probe(app)).toBe('in backup');
    expect((await runAdminOp(app, 'db.backups', {}, admin)).staged).toBeNull();
    expect(app.logs.hub.recent({ text: 'restored the staged backup' }).length).toBe(1);
    const saved = fs.readdirSync(path.join(app.paths.data, 'backups')).filter((n) => n.startsWith('pre-restore-'));
    expect(saved).toHaveLength(1);
  });

  it('refuses bad restores with a clear message and stages nothing; only admins may restore', async () => {
    const app = await startApp(tempDir());
    const fail = (input: unknown, actor = admin) =>
      runAdminOp(app, 'db.restore', input, actor).then(
        () => {
          throw new Error('expected a refusal');
        },
        (e: unknown) => e as AdminError,
      );
    fs.writeFileSync(path.join(app.paths.data, 'notes.db'), 'plain text, not SQLite, long enough to be a file');
    expect((await fail({ file: 'notes.db' })).message).toMatch(/not a SQLite database/);
    expect((await fail({ file: 'missing.db' })).message).toMatch(/There is no file/);
    expect((await fail({ file: app.db.path })).message).toMatch(/live database/);
    expect((await fail({ cancel: true })).code).toBe('not-found');
    expect((await fail({ file: 'x.db' }, operator)).code).toBe('forbidden');
    expect(fs.existsSync(path.join(app.paths.data, 'restore-staged.db'))).toBe(false);
  });

  it('works from the exec console: backup, backup list, backup restore, backup unstage', async () => {
    const app = await startApp(tempDir());
    const made = await exec(app, 'backup');
    expect(made.code).toBe(0);
    const file = /to (\S+)\n/.exec(made.out)?.[1] as string;
    const listed = await exec(app, 'backup list');
    expect(listed.out).toContain(path.basename(file));
    const restore = await exec(app, `backup restore ${path.basename(file)}`);
    expect(restore).toMatchObject({ code: 0 });
    expect(restore.out).toMatch(/restart Tux to restore it/);
    expect((await exec(app, 'backup list')).out).toMatch(/staged for the next start/);
    expect((await exec(app, 'backup unstage')).code).toBe(0);
    expect((await exec(app, 'backup unstage')).code).toBe(1);
    expect((await exec(app, 'backup restore')).code).toBe(2);
  });
});
