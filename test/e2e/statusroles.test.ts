/**
 * Status roles through the real app, the emulator and the worker-thread regex runner: bad and catastrophic regexes
 * refused when set, the presence intent requested only once a guild has status roles, roles added and removed as
 * custom statuses change, a sweep on demand in batches that rides out a 429, and the sweep at start after statuses
 * changed while the appliance was down, with its progress in the log.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminOp } from '#admin/run-op.ts';
import { createApp } from '#src/app.ts';
import { communityFixture } from './community-fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const U = (key: string) => h.id('users', key);
const R = (key: string) => h.id('roles', key);
const say = async (content: string, user = 'owner', timeoutMs = 8000) =>
  textOf(await h.say(user, 'general', content, timeoutMs));
const actor = { id: 'cli:test', role: 'admin' as const };
const hasRole = (userId: string, roleId: string) =>
  h.fake.world.guild(gid).members.get(userId)?.roles.includes(roleId) ?? false;
const lastIntents = () => [...h.fake.gateway.sessions.values()].map((s) => s.intents).at(-1) ?? 0;
const status = (userId: string, text: string | null, state: 'online' | 'offline' = 'online') =>
  h.fake.control.setPresence({
    guildId: gid,
    userId,
    status: state,
    activities: text === null ? [] : [{ type: 4, state: text }],
  });

async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  h = await startHarness({ fixture: communityFixture() });
  gid = h.id('guilds', 'demo');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('setting status roles', () => {
  it('says so while presences are not allowed, and refuses to sweep then', async () => {
    expect(await say(`$statusroles add <@&${R('booster')}> discord\\.gg/linux`)).toMatch(/Presence updates are off/);
    expect(lastIntents() & GatewayIntentBits.GuildPresences).toBe(0);
    expect(await say('$statusroles sweep')).toMatch(/cannot see custom statuses/);
    expect(await say(`$statusroles remove <@&${R('booster')}>`)).toMatch(/no longer a status role/);
  });

  it('does not ask for presences while no guild has status roles, even when allowed', async () => {
    const identifies = h.fake.gateway.stats.identifies;
    await runAdminOp(h.app, 'config.set', { key: 'discord.presences', value: true }, actor);
    await waitFor('a reconnect', () => h.fake.gateway.stats.identifies > identifies && h.discord.runtime.isReady());
    expect(lastIntents() & GatewayIntentBits.GuildPresences).toBe(0);
  });

  it('refuses an invalid regex and a catastrophic one, changing nothing', async () => {
    expect(await say(`$statusroles add <@&${R('booster')}> [unclosed`)).toMatch(/Invalid regular expression/);
    expect(await say(`$statusroles add <@&${R('booster')}> (a+)+$`)).toMatch(/catastrophic backtracking/);
    expect(await say(`$statusroles add <@&${gid}> linux`)).toMatch(/cannot be given/);
    expect(h.app.settings.get('statusroles', gid)).toMatchObject({ mappings: [] });
    // The per-guild setting refuses a bad regex too.
    await expect(
      runAdminOp(
        h.app,
        'settings.set',
        { module: 'statusroles', guildId: gid, key: 'mappings', value: [{ role: R('booster'), regex: '(' }] },
        actor,
      ),
    ).rejects.toThrow(/Invalid regular expression/);
  });

  it('sets one by slash, and the gateway reconnects with the presence intent', async () => {
    const identifies = h.fake.gateway.stats.identifies;
    const r = await h.slash('owner', 'general', {
      name: 'statusroles',
      subcommand: 'add',
      options: { role: R('booster'), regex: 'discord\\.gg/linux' },
    });
    expect(textOf(r.original)).toMatch(/discord\\\.gg\/linux/);
    expect(h.app.settings.get('statusroles', gid)).toMatchObject({
      mappings: [{ role: R('booster'), regex: 'discord\\.gg/linux' }],
    });
    await waitFor('a reconnect', () => h.fake.gateway.stats.identifies > identifies && h.discord.runtime.isReady());
    expect(lastIntents() & GatewayIntentBits.GuildPresences).not.toBe(0);
    expect(await say('$statusroles list')).toMatch(/discord\\\.gg\/linux/);
  });
});

describe('presence changes', () => {
  it('adds the role when the custom status matches and removes it when it no longer does', async () => {
    const carol = U('member1');
    await status(carol, 'come to DISCORD.GG/LINUX');
    await waitFor('carol to get the role', () => hasRole(carol, R('booster')));
    await status(carol, 'just vibing');
    await waitFor('carol to lose the role', () => !hasRole(carol, R('booster')));
    await status(carol, 'discord.gg/linux');
    await waitFor('carol to get it again', () => hasRole(carol, R('booster')));
    await status(carol, null, 'offline');
    await waitFor('carol to lose it offline', () => !hasRole(carol, R('booster')));
  });
});

describe('sweeps', () => {
  it('sweeps on demand in batches, riding out a rate limit', async () => {
    const fans: string[] = [];
    for (let i = 0; i < 45; i++) {
      const u = await h.fake.control.createUser({ username: `penguin${i}` });
      await h.fake.control.joinGuild({ guildId: gid, userId: u.id });
      fans.push(u.id);
    }
    await h.app.modules.disable('statusroles', { guildId: gid });
    for (const [i, id] of fans.entries()) await status(id, i % 3 === 0 ? 'discord.gg/linux' : 'hello');
    await h.app.modules.enable('statusroles', { guildId: gid });
    const wanted = fans.filter((_, i) => i % 3 === 0);
    expect(wanted.some((id) => hasRole(id, R('booster')))).toBe(false);
    await h.fake.control.injectFault({
      kind: 'rate-limit',
      method: 'PUT',
      route: '/guilds/{guild_id}/members/{user_id}/roles/{role_id}',
      retryAfterMs: 300,
      times: 2,
    });
    h.app.logs.setLevel('info', 'statusroles');
    const reply = await say('$statusroles sweep', 'owner', 30_000);
    expect(reply).toMatch(/members checked: 15 roles given, 0 taken/);
    for (const id of fans) expect(hasRole(id, R('booster'))).toBe(wanted.includes(id));
    const progress = h.app.logs.hub.recent({ text: 'status roles sweep' }).map((e) => e.msg);
    expect(progress.some((m) => /\d+\/\d+ members checked/.test(m))).toBe(true);
    expect(await h.fake.control.faults()).toEqual([expect.objectContaining({ hits: 2 })]);
  }, 60_000);

  it('sweeps at start: statuses that changed while the appliance was down are applied', async () => {
    const [carol, dave] = [U('member1'), U('member2')];
    await status(dave, 'discord.gg/linux');
    await waitFor('dave to get the role', () => hasRole(dave, R('booster')));
    await h.app.stop();
    await status(carol, 'discord.gg/linux is the place');
    await status(dave, 'something else');
    await new Promise((r) => setTimeout(r, 200));
    expect(hasRole(carol, R('booster'))).toBe(false);
    expect(hasRole(dave, R('booster'))).toBe(true);

    const again = await createApp({
      configPath: path.join(h.dir, 'tux.toml'),
      env: {},
      cwd: h.dir,
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      discord: { syncDelayMs: 20, retryDelayMs: 300, clientOptions: { waitGuildTimeout: 200 } },
    });
    try {
      again.logs.setLevel('info', 'statusroles');
      await again.start();
      await again.discordService.waitReady(10_000);
      await waitFor('the start sweep', () => hasRole(carol, R('booster')) && !hasRole(dave, R('booster')), 20_000);
      const lines = () => again.logs.hub.recent({ text: 'status roles sweep' }).map((e) => e.msg);
      await waitFor('the start sweep to finish', () => lines().some((m) => /(\d+)\/\1 members checked/.test(m)));
      expect(lines().some((m) => /checking \d+ members/.test(m))).toBe(true);
      expect(await runAdminOp(again, 'statusroles.list', { guildId: gid }, actor)).toEqual([
        { guildId: gid, role: R('booster'), regex: 'discord\\.gg/linux' },
      ]);
      expect(await runAdminOp(again, 'statusroles.sweep', {}, actor)).toMatchObject({
        guilds: 1,
        added: 0,
        removed: 0,
      });
      // Removing the last status role drops the presence intent again (members keep the role).
      const identifies = h.fake.gateway.stats.identifies;
      expect(await say(`$statusroles remove <@&${R('booster')}>`)).toMatch(/no longer a status role/);
      await waitFor(
        'a reconnect without presences',
        () => h.fake.gateway.stats.identifies > identifies && again.discordService.runtime.isReady(),
      );
      expect(lastIntents() & GatewayIntentBits.GuildPresences).toBe(0);
      expect(hasRole(carol, R('booster'))).toBe(true);
    } finally {
      await again.stop();
    }
  }, 60_000);
});
