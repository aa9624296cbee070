/** The GIF limiter through real discord.js and the emulator: channel and per-member limits, exclusions, notices. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminOp } from '#admin/run-op.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

const actor = { id: 'cli:test', role: 'admin' as const };
const GIF = 'look https://tenor.com/view/tux-dance-gif-123';

describe('GIF limiter', () => {
  let h: Harness;
  let gid: string;
  let general: string;
  let offTopic: string;
  beforeAll(async () => {
    h = await startHarness();
    gid = h.id('guilds', 'demo');
    general = h.id('channels', 'general');
    offTopic = h.id('channels', 'botCommands');
    // The bot deletes GIFs: give it Manage Messages as a server would.
    const botRole = h.fake.world.guild(gid).roles.get(h.id('roles', 'botRole'))!;
    botRole.permissions = String(BigInt(botRole.permissions) | (1n << 13n));
  });
  afterAll(async () => {
    await h?.stop();
  });

  const op = (name: string, input: Record<string, unknown>) => runAdminOp(h.app, name, input, actor);
  const exists = (id: string) => h.fake.world.messages.has(id);
  /** Sends a GIF and waits until the bot has dealt with it (deleted it, or a later message shows it let it be). */
  const gif = async (user: string, channel: string) => {
    const sent = await h.send(user, channel, GIF);
    await h.fake.control
      .waitForRequest({ route: '/channels/{channel_id}/messages/{message_id}', method: 'DELETE', timeoutMs: 300 })
      .catch(() => null);
    return sent.id;
  };

  it('does nothing until a channel has a limit', async () => {
    const ids = [await gif('member1', 'general'), await gif('member1', 'general'), await gif('member1', 'general')];
    expect(ids.every(exists)).toBe(true);
  });

  it('limits a member in one channel only, and deletes the notice after a while', async () => {
    await op('giflimiter.set', { guildId: gid, channelId: general, userLimit: 2 });
    await op('settings.set', { module: 'giflimiter', guildId: gid, key: 'notice_seconds', value: 1 });
    const first = await h.send('member2', 'general', GIF);
    const second = await h.send('member2', 'general', GIF);
    const third = await h.send('member2', 'general', GIF);
    const notice = await h.fake.control.waitForMessage({
      channelId: general,
      after: third.id,
      authorId: h.fake.botId,
      timeoutMs: 5000,
    });
    expect(notice.content).toBe('-# GIF ratelimit exceeded for user');
    expect(exists(first.id) && exists(second.id)).toBe(true);
    expect(exists(third.id)).toBe(false);
    // Another channel has its own count (Tux counted across every channel).
    await op('giflimiter.set', { guildId: gid, channelId: offTopic, userLimit: 2 });
    const elsewhere = await h.send('member2', 'botCommands', GIF);
    const other = await h.send('member1', 'general', GIF);
    await new Promise((r) => setTimeout(r, 300));
    expect(exists(elsewhere.id)).toBe(true);
    expect(exists(other.id)).toBe(true);
    await expect.poll(() => exists(notice.id), { timeout: 5000 }).toBe(false);
  });

  it('limits the channel as a whole before the member limit, and plain text or excluded channels pass', async () => {
    await op('giflimiter.set', { guildId: gid, channelId: offTopic, channelLimit: 1, userLimit: null });
    // member2 already posted one GIF in botCommands within the window.
    const over = await h.send('member3', 'botCommands', GIF);
    const notice = await h.fake.control.waitForMessage({
      channelId: offTopic,
      after: over.id,
      authorId: h.fake.botId,
      timeoutMs: 5000,
    });
    expect(notice.content).toBe('-# GIF ratelimit exceeded for channel');
    expect(exists(over.id)).toBe(false);
    const text = await h.send('member3', 'botCommands', 'no gif here, just words');
    await op('giflimiter.exclude', { guildId: gid, channelId: offTopic, excluded: true });
    const excluded = await h.send('member3', 'botCommands', GIF);
    await new Promise((r) => setTimeout(r, 300));
    expect(exists(text.id)).toBe(true);
    expect(exists(excluded.id)).toBe(true);
    const shown = (await op('giflimiter.show', { guildId: gid })) as {
      channels: { channelId: string; channelLimit: number | null; userLimit: number | null; recent: number }[];
      exclude: string[];
    };
    expect(shown.exclude).toEqual([offTopic]);
    expect(shown.channels.find((c) => c.channelId === offTopic)).toMatchObject({
      channelLimit: 1,
      userLimit: null,
      recent: 1,
    });
    expect(shown.channels.find((c) => c.channelId === general)).toMatchObject({ channelLimit: null, userLimit: 2 });
  });

  it('refuses bad limits and changes nothing', async () => {
    await expect(op('giflimiter.set', { guildId: gid, channelId: general, userLimit: 0 })).rejects.toThrow();
    await expect(op('giflimiter.set', { guildId: gid, channelId: general })).rejects.toThrow(/channelLimit, userLimit/);
    await expect(op('giflimiter.set', { guildId: gid, channelId: 'general', userLimit: 3 })).rejects.toThrow(
      /17–20 digits/,
    );
    const shown = (await op('giflimiter.show', { guildId: gid })) as {
      channels: { channelId: string; userLimit: number | null }[];
    };
    expect(shown.channels.find((c) => c.channelId === general)?.userLimit).toBe(2);
  });

  it('is set from Discord by an admin with giflimit, and refuses a bad limit or a member', async () => {
    const say = async (user: string, text: string) => textOf(await h.say(user, 'general', text));
    expect(await say('owner', `$giflimit channel <#${general}> 4`)).toContain('channel 4, per member 2');
    expect(await say('owner', `$gl user <#${general}> off`)).toContain('channel 4, per member off');
    expect(await say('owner', `$giflimit user <#${general}> lots`)).toContain('is not a limit');
    expect(await say('owner', '$giflimit show')).toContain(`<#${general}>: channel 4 · per member off`);
    expect(await say('member1', `$giflimit channel <#${general}> 1`)).not.toContain('GIF limits in');
    const shown = (await op('giflimiter.show', { guildId: gid })) as {
      channels: { channelId: string; channelLimit: number | null }[];
    };
    expect(shown.channels.find((c) => c.channelId === general)?.channelLimit).toBe(4);
  });
});
