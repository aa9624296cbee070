/**
 * Security regressions of the console's audit trail and output, against a real appliance over real SSH: no secret in
 * any audit row a viewer can read, a chain anchored outside the database, inert --json output, usage exit codes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKey, startTestConsole, type TestConsole } from './ssh-harness.ts';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456';
const NEW_TOKEN = 'OTg3NjU0MzIxMDk4NzY1NDMyMQ.XyZaBc.zyxwvutsrqponmlkjihgfedcba6543210';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole({ env: { TUX_BOT_TOKEN: TOKEN } });
});
afterAll(async () => {
  await tc?.close();
});

describe('secrets and the audit trail', () => {
  it('a viewer reading the audit trail never sees a token typed into an exec line', async () => {
    // A viewer tries to set the token: refused, but the raw exec line is what ssh.session.start records.
    const denied = await tc.exec(tc.keys.viewer, `config set bot.token ${NEW_TOKEN}`);
    expect(denied.code).toBe(126);
    const admin = await tc.exec(tc.keys.admin, `config check bot.token ${TOKEN}`);
    expect(admin.code).toBe(0);
    // The refused attempt is one denied config.set row; a line that runs no operation (config check) is one ssh.exec
    // row whose command line is masked.
    const rows = tc.ctx.audit.query({ limit: 20 });
    expect(rows.some((r) => r.action === 'config.set' && r.outcome === 'denied')).toBe(true);
    expect(rows.filter((r) => r.action === 'ssh.exec').map((r) => r.target)).toContain(
      'config check bot.token ********',
    );

    const seen = await tc.exec(tc.keys.viewer, 'audit --limit 500 --json');
    expect(seen.code).toBe(0);
    expect(seen.stdout).not.toContain(NEW_TOKEN);
    expect(seen.stdout).not.toContain(TOKEN);
    // Nor is it stored: the database holds only masked text.
    const stored = tc.ctx.db.sqlite.prepare('SELECT actor, action, target, details FROM audit_log').all();
    expect(JSON.stringify(stored)).not.toContain(NEW_TOKEN);
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
    // And a text search cannot probe for it: only the search's own session row matches.
    const probe = await tc.exec(tc.keys.viewer, `audit --text ${NEW_TOKEN.slice(0, 10)} --json`);
    const hits = JSON.parse(probe.stdout) as { details: { command?: string } }[];
    expect(hits.every((h) => h.details.command?.startsWith('audit --text'))).toBe(true);
  });

  it('the trail verifies against the head record in the keys folder', async () => {
    const r = tc.ctx.audit.verify();
    expect(r).toMatchObject({ ok: true, anchored: true });
    expect(fs.existsSync(path.join(tc.ctx.paths.keys, 'audit_hmac_key'))).toBe(true);
    expect(r.keyedRows).toBe(r.rows);
  });
});

describe('exec output and usage', () => {
  it('--json output carries C1 controls and bidi overrides only as escapes', async () => {
    tc.ctx.log.warn('c1 \x9b2J osc \x9d0;title\x07 bidi \u202eevil\u202c end');
    const r = await tc.exec(tc.keys.viewer, 'logs --text c1 --json');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\x7f-\x9f\u202a-\u202e]/);
    expect(r.stdout).toContain('\\u009b2J');
    expect(r.stdout).toContain('\\u202eevil');
    const entry = (JSON.parse(r.stdout) as { msg: string }[]).at(-1)!;
    expect(entry.msg).toBe('c1 \x9b2J osc \x9d0;title\x07 bidi \u202eevil\u202c end');
  });

  it('audit --since with a bad duration is a usage error (exit 2)', async () => {
    const r = await tc.exec(tc.keys.viewer, 'audit --since yesterday');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--since');
    expect((await tc.exec(tc.keys.viewer, 'audit --outcome maybe')).code).toBe(2);
    expect((await tc.exec(tc.keys.viewer, 'audit --since 1d')).code).toBe(0);
  });

  it('keys add without --role adds a viewer; a comment with control characters is refused', async () => {
    const k = makeKey('viewer');
    const r = await tc.exec(tc.keys.admin, `keys add "${k.publicKey} dave@desk"`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/as viewer/);
    const bad = await tc.exec(tc.keys.admin, `keys add "${makeKey('admin').publicKey} x\u202egnp" --role admin`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('control or bidirectional characters');
  });
});

describe('authorized_keys folder', () => {
  it('refuses every key while the keys folder is world-writable, and logs why', async () => {
    const keysDir = tc.ctx.paths.keys;
    fs.chmodSync(keysDir, 0o777);
    try {
      await expect(tc.exec(tc.keys.admin, 'status')).rejects.toThrow(/authentication/);
      const logged = tc.ctx.logs.hub
        .recent({ text: 'authorized_keys refused' }, 50)
        .map((e) => e.msg)
        .join('\n');
      expect(logged).toContain(
        `authorized_keys refused: ${keysDir} (a folder holding authorized_keys) is group- or world-writable`,
      );
    } finally {
      fs.chmodSync(keysDir, 0o700);
    }
    expect((await tc.exec(tc.keys.admin, 'status')).code).toBe(0);
  });

  it('refuses the local console key too while its folder is world-writable, and logs why', async () => {
    const keysDir = tc.ctx.paths.keys;
    expect((await tc.exec(tc.localKey(), 'status')).code).toBe(0);
    fs.chmodSync(keysDir, 0o777);
    try {
      await expect(tc.exec(tc.localKey(), 'status')).rejects.toThrow(/authentication/);
      const logged = tc.ctx.logs.hub
        .recent({ text: 'local console key refused' }, 50)
        .map((e) => e.msg)
        .join('\n');
      expect(logged).toContain(
        `local console key refused: ${keysDir} (a folder holding local_admin_ed25519) is group- or world-writable`,
      );
    } finally {
      fs.chmodSync(keysDir, 0o700);
    }
    expect((await tc.exec(tc.localKey(), 'status')).code).toBe(0);
  });

  it('refuses the local console key while others can read it', async () => {
    const file = path.join(tc.ctx.paths.keys, 'local_admin_ed25519');
    fs.chmodSync(file, 0o644);
    try {
      await expect(tc.exec(tc.localKey(), 'status')).rejects.toThrow(/authentication/);
      const logged = tc.ctx.logs.hub
        .recent({ text: 'local console key refused' }, 50)
        .map((e) => e.msg)
        .join('\n');
      expect(logged).toContain(`${file} is readable by others (mode 0644)`);
    } finally {
      fs.chmodSync(file, 0o600);
    }
    expect((await tc.exec(tc.localKey(), 'status')).code).toBe(0);
  });
});
