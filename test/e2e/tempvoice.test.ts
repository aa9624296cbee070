/**
 * Temp voice through the real app and the emulator: setup by prefix and slash with bad input refused, joining the
 * create-channel cloning it (category, bitrate, user limit, overwrites) under the guild's name template and moving
 * the member, the channel deleted when it empties, two members at once, the console's list and sweep, and a
 * restart after members left while the appliance was down removing the channels they left empty.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import type { VoiceChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminOp } from '#admin/run-op.ts';
import { createApp } from '#src/app.ts';
import { communityFixture } from './community-fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const say = async (content: string, user = 'owner') => textOf(await h.say(user, 'general', content));
const actor = { id: 'cli:test', role: 'admin' as const };

async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const channelNamed = (name: string) => h.fake.world.guildChannels(gid).find((c) => c.name === name);
const voiceChannelOf = (userId: string) => h.fake.world.guild(gid).voiceStates.get(userId)?.channel_id;
const tracked = () => runAdminOp(h.app, 'tempvoice.list', { guildId: gid }, actor) as Promise<{ channelId: string }[]>;

beforeAll(async () => {
  h = await startHarness({ fixture: communityFixture() });
  gid = h.id('guilds', 'demo');
}, 60_000);
afterAll(async () => {
  await h?.stop();
});

describe('setup', () => {
  it('refuses a text channel and a template with an unknown placeholder, changing nothing', async () => {
    expect(await say(`$tempvoice set <#${C('general')}>`)).toMatch(/wrong kind of channel/);
    expect(await say('$tempvoice name /tmp/{user}')).toMatch(/\{username\} and \{display_name\}/);
    expect(await say('$tempvoice off')).toMatch(/not set up/);
    expect(h.app.settings.get('tempvoice', gid)).toMatchObject({ channel: null, name_template: '/tmp/{username}' });
  });

  it('is staff only', async () => {
    expect(await say(`$tempvoice set <#${C('voice')}>`, 'member1')).toMatch(/permission|rank/i);
  });

  it('sets the create-channel by prefix and the name template by slash', async () => {
    expect(await say(`$tempvoice set <#${C('voice')}>`)).toMatch(/Temp Voice Set/);
    const r = await h.slash('owner', 'general', {
      name: 'tempvoice',
      subcommand: 'name',
      options: { template: 'vc-{display_name}' },
    });
    expect(textOf(r.original)).toMatch(/vc-\{display_name\}/);
    expect(h.app.settings.get('tempvoice', gid)).toMatchObject({
      channel: C('voice'),
      name_template: 'vc-{display_name}',
    });
    expect(await say('$tempvoice name /tmp/{username}')).toMatch(/Name Set/);
  });
});

describe('lifecycle', () => {
  it('clones the create-channel for a member who joins it, moves them, and deletes it when it empties', async () => {
    const carol = U('member1');
    await (h.app.discord.client.channels.cache.get(C('voice')) as VoiceChannel).edit({ userLimit: 4 });
    const source = h.fake.world.channel(C('voice'));
    await h.fake.control.joinVoice({ userId: carol, channelId: C('voice') });
    const temp = await waitFor('carol’s temp channel', () => channelNamed('/tmp/carol'));
    expect(temp).toMatchObject({ type: 2, parent_id: source.parent_id, user_limit: 4, bitrate: source.bitrate });
    await waitFor('carol to be moved', () => voiceChannelOf(carol) === temp.id);
    expect((await tracked()).map((r) => r.channelId)).toEqual([temp.id]);

    // Back to the create-channel: she gets the channel she has, not a second one.
    await h.fake.control.joinVoice({ userId: carol, channelId: C('voice') });
    await waitFor('carol back in her channel', () => voiceChannelOf(carol) === temp.id);
    expect(h.fake.world.guildChannels(gid).filter((c) => c.name === '/tmp/carol')).toHaveLength(1);

    await h.fake.control.leaveVoice({ userId: carol, guildId: gid });
    await waitFor('the empty temp channel to go', () => !h.fake.world.channels.has(temp.id));
    expect(await tracked()).toEqual([]);
    expect(h.fake.world.channels.has(C('voice'))).toBe(true);
  });

  it('gives two members who join at once a channel each', async () => {
    const [carol, dave] = [U('member1'), U('member2')];
    await Promise.all([
      h.fake.control.joinVoice({ userId: carol, channelId: C('voice') }),
      h.fake.control.joinVoice({ userId: dave, channelId: C('voice') }),
    ]);
    const a = await waitFor('carol’s', () => channelNamed('/tmp/carol'));
    const b = await waitFor('dave’s', () => channelNamed('/tmp/dave'));
    await waitFor('both moved', () => voiceChannelOf(carol) === a.id && voiceChannelOf(dave) === b.id);
    // Dave visits carol; his own channel empties and goes, hers stays.
    await h.fake.control.joinVoice({ userId: dave, channelId: a.id });
    await waitFor('dave’s empty channel to go', () => !h.fake.world.channels.has(b.id));
    expect(h.fake.world.channels.has(a.id)).toBe(true);
    await h.fake.control.leaveVoice({ userId: carol, guildId: gid });
    await h.fake.control.leaveVoice({ userId: dave, guildId: gid });
    await waitFor('carol’s channel to go', () => !h.fake.world.channels.has(a.id));
  });

  it('lists and sweeps from the console', async () => {
    const carol = U('member1');
    await h.fake.control.joinVoice({ userId: carol, channelId: C('voice') });
    const temp = await waitFor('carol’s temp channel', () => channelNamed('/tmp/carol'));
    await waitFor('carol to be moved', () => voiceChannelOf(carol) === temp.id);
    expect(await tracked()).toEqual([expect.objectContaining({ channelId: temp.id, ownerId: carol })]);
    // A sweep leaves an occupied channel alone.
    expect(await runAdminOp(h.app, 'tempvoice.sweep', {}, actor)).toMatchObject({ deleted: 0 });
    expect(h.fake.world.channels.has(temp.id)).toBe(true);
    await h.fake.control.leaveVoice({ userId: carol, guildId: gid });
    await waitFor('the empty temp channel to go', () => !h.fake.world.channels.has(temp.id));
    await expect(runAdminOp(h.app, 'tempvoice.sweep', {}, { id: 'v', role: 'viewer' })).rejects.toThrow(/operator/);
  });
});

describe('after downtime', () => {
  it('deletes at start the temp channels members left while the appliance was down', async () => {
    const [carol, dave] = [U('member1'), U('member2')];
    await h.fake.control.joinVoice({ userId: carol, channelId: C('voice') });
    await h.fake.control.joinVoice({ userId: dave, channelId: C('voice') });
    const a = await waitFor('carol’s', () => channelNamed('/tmp/carol'));
    const b = await waitFor('dave’s', () => channelNamed('/tmp/dave'));
    await waitFor('both moved', () => voiceChannelOf(carol) === a.id && voiceChannelOf(dave) === b.id);

    await h.app.stop();
    // While the appliance is down: carol leaves (her channel is now empty), dave stays.
    await h.fake.control.leaveVoice({ userId: carol, guildId: gid });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.world.channels.has(a.id)).toBe(true);

    const again = await createApp({
      configPath: path.join(h.dir, 'tux.toml'),
      env: {},
      cwd: h.dir,
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      discord: { syncDelayMs: 20, retryDelayMs: 300, clientOptions: { waitGuildTimeout: 200 } },
    });
    try {
      await again.start();
      await again.discordService.waitReady(10_000);
      await waitFor('carol’s empty channel to be swept', () => !h.fake.world.channels.has(a.id));
      expect(h.fake.world.channels.has(b.id)).toBe(true);
      const rows = (await runAdminOp(again, 'tempvoice.list', { guildId: gid }, actor)) as { channelId: string }[];
      expect(rows.map((r) => r.channelId)).toEqual([b.id]);
      // The restarted bot still follows voice: dave leaves and his channel goes.
      await h.fake.control.leaveVoice({ userId: dave, guildId: gid });
      await waitFor('dave’s channel to go', () => !h.fake.world.channels.has(b.id));
    } finally {
      await again.stop();
    }
  }, 60_000);

  it('accepted every request body', async () => {
    expect(await h.fake.control.rejected()).toEqual([]);
  });
});
