/** A config key set by the environment: `config set` says the environment wins, and the Config screen shows it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from './ssh-harness.ts';

let tc: TestConsole;
beforeAll(async () => {
  tc = await startTestConsole({ env: { TUX_BOT_NAME: 'FromEnv', TUX_BOT_TOKEN: 'env.token.value' } });
});
afterAll(async () => {
  await tc?.close();
});

describe('config overridden by the environment', () => {
  it('config set says the environment overrides the key, and the running value stays', async () => {
    const r = await tc.exec(tc.keys.admin, 'config set bot.name FromFile');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('bot.name: saved to the file, but TUX_BOT_NAME is set in the environment');
    expect(r.stdout).not.toContain('applied');
    expect(tc.ctx.config.get('bot.name')).toBe('FromEnv');
    const token = await tc.exec(tc.keys.admin, 'config set bot.token other.token.value');
    expect(token.stdout).toContain('TUX_BOT_TOKEN is set in the environment and overrides it');
    const json = JSON.parse((await tc.exec(tc.keys.admin, 'config set bot.name Again --json')).stdout);
    expect(json).toMatchObject({ overriddenByEnv: true, envVariable: 'TUX_BOT_NAME' });
  });

  it('the Config screen names the variable that overrides a key', async () => {
    const t = await tc.openTui(tc.keys.admin, { cols: 120, rows: 30 });
    await t.waitFor('Overview', 20_000);
    t.send('5');
    // the first key is bot.token: its row is marked env, and the line below names the variable
    await t.waitFor(/bot\.token .*hot env/);
    await t.waitFor('TUX_BOT_TOKEN is set in the environment and overrides the file');
    t.send('q');
    expect(await t.exit).toBe(0);
  }, 60_000);
});
