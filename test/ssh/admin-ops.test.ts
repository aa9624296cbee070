import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor, sshActor } from '#admin/actor.ts';
import { AdminError } from '#admin/admin-errors.ts';
import { runAdminOp } from '#admin/run-op.ts';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole({ env: { TUX_SSH_RECORD_SESSIONS: 'true' } });
});
afterAll(async () => {
  await tc?.close();
});

const viewer = sshActor('SHA256:viewer', 'viewer', '10.0.0.9:5000');
const admin = sshActor('SHA256:admin', 'admin', '10.0.0.8:5000');

describe('runAdminOp', () => {
  it('validates input with a clear message and audits the failed change', async () => {
    const err = await runAdminOp(tc.ctx, 'services.restart', { nme: 'db' }, admin).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AdminError);
    expect((err as AdminError).code).toBe('invalid-input');
    expect((err as AdminError).message).toMatch(/name/);
    const row = tc.ctx.audit.query({ action: 'services.restart', limit: 1 })[0];
    expect(row?.outcome).toBe('failed');
  });

  it('refuses a change above the role with a typed error and a denied audit row', async () => {
    const err = await runAdminOp(tc.ctx, 'keys.list', {}, viewer).catch((e: unknown) => e);
    expect((err as AdminError).code).toBe('forbidden');
    const row = tc.ctx.audit.query({ action: 'keys.list', limit: 1 })[0];
    expect(row).toMatchObject({ outcome: 'denied', actor: 'ssh:SHA256:viewer' });
    expect(row?.details.address).toBe('10.0.0.9:5000');
  });

  it('never writes a secret into the audit trail or results', async () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret.token-value';
    await runAdminOp(tc.ctx, 'config.set', { key: 'bot.token', value: token }, cliActor('root'));
    const got = await runAdminOp(tc.ctx, 'config.get', { key: 'bot.token' }, viewer);
    expect(got.keys[0]?.value).toBe('********');
    const diff = await runAdminOp(tc.ctx, 'config.diff', { key: 'bot.token', value: 'other' }, viewer);
    expect(JSON.stringify(diff)).not.toContain('other');
    expect(JSON.stringify(tc.ctx.audit.query({ limit: 1000 }))).not.toContain('secret.token');
    await runAdminOp(tc.ctx, 'config.set', { key: 'bot.token', value: '' }, cliActor('root'));
  });

  it('reports a version conflict instead of overwriting', async () => {
    const v = tc.ctx.config.version();
    await runAdminOp(tc.ctx, 'config.set', { key: 'bot.name', value: 'One', expectedVersion: v }, admin);
    const err = await runAdminOp(
      tc.ctx,
      'config.set',
      { key: 'bot.name', value: 'Two', expectedVersion: v },
      admin,
    ).catch((e: unknown) => e);
    expect((err as AdminError).code).toBe('conflict');
    expect(tc.ctx.config.get('bot.name')).toBe('One');
  });

  it('backs up the database (admin)', async () => {
    const r = await runAdminOp(tc.ctx, 'db.backup', {}, admin);
    expect(fs.statSync(r.file).size).toBe(r.bytes);
    expect(r.file.startsWith(path.join(tc.ctx.paths.data, 'backups'))).toBe(true);
  });
});

describe('session recording', () => {
  it('writes an asciicast v2 file of the session output', async () => {
    const t = await tc.openTui(tc.keys.viewer, { cols: 90, rows: 25 });
    await t.waitFor('Recent activity');
    t.send('q');
    await t.exit;
    const dir = path.join(tc.ctx.paths.data, 'recordings');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cast'));
    expect(files).toHaveLength(1);
    const lines = fs.readFileSync(path.join(dir, files[0]!), 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ version: 2, width: 90, height: 25 });
    const events = lines.slice(1).map((l) => JSON.parse(l) as [number, string, string]);
    expect(events.some((e) => e[1] === 'o' && e[2].includes('Recent activity'))).toBe(true);
    expect(fs.statSync(path.join(dir, files[0]!)).mode & 0o777).toBe(0o600);
  });
});
