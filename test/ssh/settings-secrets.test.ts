/**
 * A plugin's secret guild setting set over SSH (`ssh tux@host settings set git GUILD token …`) is stored, and shown
 * masked everywhere a console can see it: the command's answer, `settings get`, the audit trail, the logs, and the
 * recording of another admin's console session watching the Audit and Logs screens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole({ env: { TUX_SSH_RECORD_SESSIONS: 'true' } });
}, 60_000);
afterAll(async () => {
  await tc?.close();
});

const GUILD = '123456789012345678';

describe('settings over SSH', () => {
  it('sets a secret guild setting and never shows it in answers, audit rows, logs or recordings', async () => {
    const secret = 'ghp_setOverSsh0123456789abcdef';
    const watcher = await tc.openTui(tc.keys.admin, { cols: 120, rows: 30 });
    await watcher.waitFor('Recent activity', 15_000);
    watcher.send('6');
    await watcher.waitFor(/Audit/);

    const set = await tc.exec(tc.keys.operator, `settings set git ${GUILD} token ${secret}`);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('git.token = "********"');
    expect(tc.ctx.settings.get<{ token: string }>('git', GUILD).token).toBe(secret);

    const got = await tc.exec(tc.keys.viewer, `settings get git ${GUILD}`);
    expect(got.code).toBe(0);
    expect(got.stdout).toMatch(/token\s+"\*{8}"\s+changed/);
    const json = await tc.exec(tc.keys.viewer, `settings get git ${GUILD} --json`);
    expect(JSON.parse(json.stdout).values.token).toBe('********');

    // Misspelt module: refused with a clear message; the line is still masked in the trail.
    const typo = await tc.exec(tc.keys.operator, `settings set gti ${GUILD} token ${secret}x`);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('module "gti" has no settings');

    // A viewer may not set it; the refusal is audited, without the value.
    const denied = await tc.exec(tc.keys.viewer, `settings set git ${GUILD} token ${secret}y`);
    expect(denied.code).toBe(126);

    // A usage error runs no operation: the session's own ssh.exec row keeps the line, with the value masked.
    const usage = await tc.exec(tc.keys.operator, `settings set git ${GUILD} token ${secret}z --bogus`);
    expect(usage.code).toBe(2);
    const row = tc.ctx.audit.query({ action: 'ssh.exec', limit: 1 })[0];
    expect(row?.target).toBe(`settings set git ${GUILD} token ********`);

    // The watching console shows the change (masked) on its Audit screen, then its Logs screen.
    watcher.send('r');
    await watcher.waitFor('settings.set', 15_000);
    watcher.send('2');
    await watcher.waitFor(/Logs/);
    watcher.send('q');
    await watcher.exit;

    const audit = JSON.stringify(tc.ctx.audit.query({ limit: 1000 }));
    expect(audit).toContain('settings.set');
    expect(audit).not.toContain(secret);
    await tc.app.logs.flush();
    expect(JSON.stringify(tc.app.logs.hub.recent())).not.toContain(secret);

    const dir = path.join(tc.ctx.paths.data, 'recordings');
    const casts = fs.readdirSync(dir).filter((f) => f.endsWith('.cast'));
    expect(casts.length).toBeGreaterThan(0);
    const recorded = casts.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(recorded).toContain('settings.set');
    expect(recorded).not.toContain(secret);
    expect(recorded).not.toContain(secret.slice(0, 16));
  }, 60_000);

  it('resets it, and lists the keys with the secret marked', async () => {
    const list = await tc.exec(tc.keys.viewer, 'settings list git');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/git\s+token \(secret\)/);
    const reset = await tc.exec(tc.keys.operator, `settings reset git ${GUILD} token`);
    expect(reset.code).toBe(0);
    expect(tc.ctx.settings.get<{ token: string | null }>('git', GUILD).token).toBeNull();
    const bad = await tc.exec(tc.keys.operator, 'settings set git');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('needs a module and a guild id');
  });
});
