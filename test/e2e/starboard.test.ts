/**
 * Starboard through the real app and the emulator: setup by prefix and slash with bad input refused, a burst of 50
 * members starring one message at once leaving exactly one post with the right count, the author's own star not
 * counted, the post edited and deleted as the count moves, a server emoji as the star, and NSFW channels left out.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityFixture } from './community-fixture.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const say = async (content: string, user = 'owner') => textOf(await h.say(user, 'general', content));
const boardPosts = () => h.fake.world.channelMessages(C('starboard')).filter((m) => m.author_id === h.fake.botId);
const footerOf = (m: { embeds?: APIMessage['embeds'] }) => m.embeds?.[0]?.footer?.text ?? '';

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

describe('setup', () => {
  it('refuses a threshold of 0 and emoji the bot cannot use, changing nothing', async () => {
    expect(await say(`$starboard setup <#${C('starboard')}> ⭐ 0`)).toMatch(/at least 1|1/);
    expect(await say(`$starboard setup <#${C('starboard')}> abc 2`)).toMatch(/single default Discord emoji/);
    expect(await say(`$starboard setup <#${C('starboard')}> <:nope:123456789012345678> 2`)).toMatch(/Invalid Emoji/);
    expect(await say('$starboard remove')).toMatch(/No starboard is set up/);
    expect(h.app.settings.get('starboard', gid)).toMatchObject({ channel: null, threshold: 1 });
  });

  it('sets up by slash', async () => {
    const r = await h.slash('owner', 'general', {
      name: 'starboard',
      subcommand: 'setup',
      options: { channel: C('starboard'), emoji: '⭐', threshold: 3 },
    });
    expect(textOf(r.original)).toMatch(/Messages with 3 ⭐ go to/);
    expect(h.app.settings.get('starboard', gid)).toMatchObject({ channel: C('starboard'), emoji: '⭐', threshold: 3 });
  });
});

describe('posts', () => {
  it('leaves exactly one post when 50 members star a message within 100 ms', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const u = await h.fake.control.createUser({ username: `fan${i}` });
      await h.fake.control.joinGuild({ guildId: gid, userId: u.id });
      ids.push(u.id);
    }
    const msg = await h.send('member1', 'general', 'a message worth a star');
    const started = Date.now();
    await Promise.all([
      h.fake.control.reactionBurst({ userIds: ids.slice(0, 25), messageId: msg.id, emoji: '⭐' }),
      h.fake.control.reactionBurst({ userIds: ids.slice(25), messageId: msg.id, emoji: '⭐' }),
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
    await waitFor('the post to reach 50', () => boardPosts().some((p) => footerOf(p) === '50 ⭐'));
    await new Promise((r) => setTimeout(r, 1000));
    const posts = boardPosts();
    expect(posts).toHaveLength(1);
    expect(footerOf(posts[0]!)).toBe('50 ⭐');
    expect(textOf(posts[0]!)).toMatch(/a message worth a star/);
    const creates = (await h.fake.control.requests({})).filter(
      (r) => r.method === 'POST' && r.path === `/channels/${C('starboard')}/messages`,
    );
    expect(creates).toHaveLength(1);
  }, 60_000);

  it('does not count the author’s own star, and follows the count down to deletion', async () => {
    const msg = await h.send('member2', 'general', 'star me');
    for (const u of ['member1', 'member3'])
      await h.fake.control.addReaction({ userId: U(u), messageId: msg.id, emoji: '⭐' });
    await h.fake.control.addReaction({ userId: U('member2'), messageId: msg.id, emoji: '⭐' });
    await new Promise((r) => setTimeout(r, 800));
    expect(boardPosts().filter((p) => textOf(p).includes('star me'))).toHaveLength(0);
    await waitFor('the author’s star removed', () => {
      const stored = h.fake.world.messages.get(msg.id);
      return ![...(stored?.reactions.values() ?? [])].some((r) => r.users.has(U('member2')));
    });
    await h.fake.control.addReaction({ userId: U('moderator'), messageId: msg.id, emoji: '⭐' });
    await waitFor('a post at 3', () =>
      boardPosts().some((p) => textOf(p).includes('star me') && footerOf(p) === '3 ⭐'),
    );
    await h.fake.control.addReaction({ userId: U('admin'), messageId: msg.id, emoji: '⭐' });
    await waitFor('the post edited to 4', () =>
      boardPosts().some((p) => textOf(p).includes('star me') && footerOf(p) === '4 ⭐'),
    );
    await h.fake.control.removeReaction({ userId: U('admin'), messageId: msg.id, emoji: '⭐' });
    await h.fake.control.removeReaction({ userId: U('moderator'), messageId: msg.id, emoji: '⭐' });
    await waitFor('the post deleted', () => !boardPosts().some((p) => textOf(p).includes('star me')));
  });

  it('leaves NSFW channels out', async () => {
    const msg = await h.send('member1', 'nsfw', 'not for the board');
    await h.fake.control.reactionBurst({
      userIds: [U('member2'), U('member3'), U('moderator'), U('admin')],
      messageId: msg.id,
      emoji: '⭐',
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(boardPosts().filter((p) => textOf(p).includes('not for the board'))).toHaveLength(0);
  });

  it('uses a server emoji as the star', async () => {
    const guild = h.app.discord.client.guilds.cache.get(gid)!;
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    const emoji = await guild.emojis.create({ attachment: png, name: 'tuxstar' });
    expect(await say(`$starboard setup <#${C('starboard')}> <:tuxstar:${emoji.id}> 2`)).toMatch(/Starboard Set/);
    const msg = await h.send('member1', 'general', 'custom star');
    await h.fake.control.reactionBurst({
      userIds: [U('member2'), U('member3')],
      messageId: msg.id,
      emoji: `tuxstar:${emoji.id}`,
    });
    await waitFor('a post with the server emoji', () =>
      boardPosts().some((p) => textOf(p).includes('custom star') && footerOf(p) === `2 <:tuxstar:${emoji.id}>`),
    );
  });
});
