/** supportnotifier through real discord.js and the emulator's forum: off until a forum is set, then a ping per post. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('supportnotifier plugin', () => {
  let h: Harness;
  let forumId: string;
  beforeAll(async () => {
    h = await startHarness();
    const forum = await h.fake.control.createForum({
      guildId: h.id('guilds', 'demo'),
      name: 'support',
      tags: ['arch', 'wifi', 'solved'],
    });
    forumId = forum.id;
    const until = Date.now() + 5000;
    while (!h.discord.runtime.client.channels.cache.has(forumId) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  const open = (name: string, tags: string[] = []) =>
    h.fake.control.openForumPost({ userId: h.id('users', 'member1'), channelId: forumId, name, content: 'help', tags });
  const botMessages = (channelId: string) =>
    [...h.fake.world.messages.values()].filter((m) => m.channel_id === channelId && m.author_id === h.fake.botId);

  it('says nothing until a server sets its forum', async () => {
    const post = await open('quiet post');
    await new Promise((r) => setTimeout(r, 700));
    expect(botMessages(post.thread.id)).toEqual([]);
  });

  it('pings the role in the new post, with its author and tags', async () => {
    const guildId = h.id('guilds', 'demo');
    const role = h.id('roles', 'moderatorRole');
    h.app.settings.set('supportnotifier', guildId, 'forum', forumId, 'test');
    h.app.settings.set('supportnotifier', guildId, 'role', role, 'test');
    const post = await open('wifi drops', ['arch', 'wifi']);
    const notice = await h.fake.control.waitForMessage({
      channelId: post.thread.id,
      after: post.message.id,
      authorId: h.fake.botId,
      timeoutMs: 8000,
    });
    expect(notice.content).toBe(`<@&${role}>`);
    expect(notice.mention_roles).toEqual([role]);
    expect(textOf(notice)).toContain(
      `**New support thread created** - help is appreciated!\n<#${post.thread.id}> by <@${h.id('users', 'member1')}>\n**Tags**: \`arch, wifi\``,
    );
  });

  it('posts in the chosen channel instead, and nothing while switched off', async () => {
    const guildId = h.id('guilds', 'demo');
    const general = h.id('channels', 'general');
    h.app.settings.set('supportnotifier', guildId, 'notify_channel', general, 'test');
    const marker = await h.send('member2', 'general', 'before the post');
    const post = await open('printer on fire');
    const notice = await h.fake.control.waitForMessage({
      channelId: general,
      after: marker.id,
      authorId: h.fake.botId,
      timeoutMs: 8000,
    });
    expect(textOf(notice)).toContain(`<#${post.thread.id}> by <@${h.id('users', 'member1')}>`);
    expect(textOf(notice)).not.toContain('Tags');
    expect(botMessages(post.thread.id)).toEqual([]);

    await h.app.modules.disable('supportnotifier', { guildId, actor: 'test' });
    const off = await open('while off');
    await new Promise((r) => setTimeout(r, 700));
    expect(
      botMessages(general).some(
        (m) => m.content.includes(off.thread.id) || JSON.stringify(m.embeds).includes(off.thread.id),
      ),
    ).toBe(false);
    await h.app.modules.enable('supportnotifier', { guildId, actor: 'test' });
  });
});
