import { ChannelType, type Client, type ForumChannel, type Message, type ThreadChannel } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginTestClient } from './login-test-client.ts';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

let fake: FakeDiscord;
let client: Client;

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 2000 });
  client = await loginTestClient(fake);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const guildId = () => fake.ids.guilds.demo!;

async function forumNamed(name: string, tags: string[], requireTag = false): Promise<ForumChannel> {
  const created = await fake.control.createForum({ guildId: guildId(), name, tags, requireTag });
  const until = Date.now() + 5000;
  while (!client.channels.cache.has(created.id) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return client.channels.cache.get(created.id) as ForumChannel;
}

describe('forum channels', () => {
  it('creates a forum with tags that discord.js reads', async () => {
    const forum = await forumNamed('support', ['linux', 'windows']);
    expect(forum.type).toBe(ChannelType.GuildForum);
    expect(forum.availableTags.map((t) => t.name)).toEqual(['linux', 'windows']);
  });

  it('a member opens a post: THREAD_CREATE with newly_created, then the starter message with the thread’s id', async () => {
    const forum = await forumNamed('help', ['arch', 'debian']);
    const created = new Promise<[ThreadChannel, boolean]>((resolve) =>
      client.once('threadCreate', (thread, newly) => resolve([thread, newly])),
    );
    const starter = new Promise<Message>((resolve) => {
      const on = (m: Message) => {
        if (m.channel.isThread() && m.channel.parentId === forum.id) {
          client.off('messageCreate', on);
          resolve(m);
        }
      };
      client.on('messageCreate', on);
    });
    const post = await fake.control.openForumPost({
      userId: fake.ids.users.member1!,
      channelId: forum.id,
      name: 'wifi drops',
      content: 'my wifi drops every hour',
      tags: ['Arch'],
    });
    const [thread, newly] = await created;
    expect(newly).toBe(true);
    expect(thread.id).toBe(post.thread.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(forum.id);
    expect(thread.ownerId).toBe(fake.ids.users.member1);
    expect(thread.appliedTags.map((id) => forum.availableTags.find((t) => t.id === id)?.name)).toEqual(['arch']);
    const first = await starter;
    expect(first.id).toBe(thread.id);
    expect(first.content).toBe('my wifi drops every hour');
    expect((await thread.fetchStarterMessage())?.id).toBe(thread.id);
    await expect(
      fake.control.openForumPost({
        userId: fake.ids.users.member1!,
        channelId: forum.id,
        name: 'x',
        content: 'y',
        tags: ['nope'],
      }),
    ).rejects.toThrow(/has no tag "nope"/);
    await expect(
      fake.control.openForumPost({
        userId: fake.ids.users.member1!,
        channelId: fake.ids.channels.general!,
        name: 'x',
        content: 'y',
      }),
    ).rejects.toThrow(/is not a forum/);
  });

  it('the bot opens a post over REST; a post without a message or a required tag is refused', async () => {
    const forum = await forumNamed('announcements', ['news'], true);
    const news = forum.availableTags[0]!.id;
    const thread = await forum.threads.create({
      name: 'release',
      message: { content: 'v2 is out' },
      appliedTags: [news],
    });
    expect(thread.parentId).toBe(forum.id);
    expect(thread.appliedTags).toEqual([news]);
    expect((await fake.control.message({ messageId: thread.id }))?.content).toBe('v2 is out');
    await expect(forum.threads.create({ name: 'untagged', message: { content: 'x' } })).rejects.toMatchObject({
      code: 40067,
    });
    await expect(
      forum.threads.create({ name: 'unknown tag', message: { content: 'x' }, appliedTags: ['123456789012345678'] }),
    ).rejects.toMatchObject({ code: 50035 });
    await expect(
      client.rest.post(`/channels/${forum.id}/threads`, { body: { name: 'no message', applied_tags: [news] } }),
    ).rejects.toMatchObject({ code: 50035 });
  });
});
