import { ChannelType, type Client, type TextChannel } from 'discord.js';
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

const guild = () => client.guilds.cache.get(fake.ids.guilds.demo!)!;
const text = (key: string) => guild().channels.cache.get(fake.ids.channels[key]!) as TextChannel;

describe('REST breadth through discord.js', () => {
  it('pages messages with before/after/around', async () => {
    const channelId = fake.ids.channels.botCommands!;
    const sent = [];
    for (let i = 0; i < 5; i++)
      sent.push(await fake.control.sendMessage({ channelId, userId: fake.ids.users.moderator!, content: `n${i}` }));
    const channel = text('botCommands');
    const before = await channel.messages.fetch({ before: sent[3]!.id, limit: 2 });
    expect([...before.values()].map((m) => m.content)).toEqual(['n2', 'n1']);
    const after = await channel.messages.fetch({ after: sent[1]!.id, limit: 2 });
    expect([...after.values()].map((m) => m.content).sort()).toEqual(['n2', 'n3']);
    const around = await channel.messages.fetch({ around: sent[2]!.id, limit: 3 });
    expect([...around.values()].map((m) => m.content).sort()).toEqual(['n1', 'n2', 'n3']);
    await expect(channel.messages.fetch('123456789012345678')).rejects.toMatchObject({ code: 10008 });
  });

  it('lists reaction users and removes a member reaction', async () => {
    const msg = await fake.control.sendMessage({
      channelId: fake.ids.channels.general!,
      userId: fake.ids.users.moderator!,
      content: 'vote',
    });
    await fake.control.addReaction({ userId: fake.ids.users.member1!, messageId: msg.id, emoji: '🔥' });
    const message = await text('general').messages.fetch(msg.id);
    const reaction = message.reactions.cache.get('🔥')!;
    const users = await reaction.users.fetch();
    expect(users.map((u) => u.id)).toEqual([fake.ids.users.member1]);
    await reaction.users.remove(fake.ids.users.member1!);
    expect((await fake.control.message({ messageId: msg.id }))?.reactions).toBeUndefined();
  });

  it('creates threads without a message, joins them and sends typing', async () => {
    const thread = await text('general').threads.create({ name: 'private talk', type: ChannelType.PrivateThread });
    expect(thread.type).toBe(ChannelType.PrivateThread);
    await thread.leave();
    await thread.join();
    await thread.members.add(fake.ids.users.member1!);
    expect(fake.world.channels.get(thread.id)?.threadMembers?.has(fake.ids.users.member1!)).toBe(true);
    await thread.setArchived(true);
    expect(fake.world.channels.get(thread.id)?.thread_metadata?.archived).toBe(true);
    await text('general').sendTyping();
    expect((await fake.control.events({ t: 'TYPING_START' })).length).toBe(1);
  });

  it('reads users, the guild, its channels and the application', async () => {
    expect((await client.users.fetch(fake.ids.users.owner!, { force: true })).username).toBe('alice');
    await expect(client.users.fetch('123456789012345678')).rejects.toMatchObject({ code: 10013 });
    expect((await client.rest.get('/users/@me')) as { id: string }).toMatchObject({ id: fake.botId });
    const fetched = await client.guilds.fetch({ guild: fake.ids.guilds.demo!, force: true, withCounts: true });
    expect(fetched.memberCount).toBeGreaterThan(5);
    const channels = await guild().channels.fetch();
    expect(channels.has(fake.ids.channels.voice!)).toBe(true);
    expect((await client.application!.fetch()).id).toBe(fake.applicationId);
    await expect(client.channels.fetch('123456789012345678')).rejects.toMatchObject({ code: 10003 });
  });

  it('manages global commands and their ids', async () => {
    const created = await client.application!.commands.create({ name: 'hello', description: 'hi' });
    expect((await fake.control.commands()).map((c) => (c as { id: string }).id)).toEqual([created.id]);
    const edited = await created.edit({ description: 'hello there' });
    expect(edited.id).toBe(created.id);
    expect(edited.description).toBe('hello there');
    const again = await client.application!.commands.set([{ name: 'hello', description: 'kept id' }]);
    expect(again.first()?.id).toBe(created.id);
    await client.application!.commands.delete(created.id);
    expect(await fake.control.commands()).toEqual([]);
  });

  it('replies with a response object, edits and deletes follow-ups', async () => {
    await client.application!.commands.set([{ name: 'echo', description: 'echo' }], fake.ids.guilds.demo!);
    const done = new Promise<Record<string, unknown>>((resolve) => {
      client.once('interactionCreate', async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        const response = await interaction.reply({ content: 'first', withResponse: true });
        const follow = await interaction.followUp('second');
        await interaction.webhook.editMessage(follow, { content: 'second, edited' });
        const extra = await interaction.followUp('third');
        await interaction.deleteReply(extra);
        await interaction.editReply('first, edited');
        resolve({ messageId: response.resource?.message?.id, follow: follow.id });
      });
    });
    const { interactionId } = await fake.control.runSlashCommand({
      userId: fake.ids.users.member1!,
      channelId: fake.ids.channels.general!,
      name: 'echo',
    });
    const result = await done;
    const view = await fake.control.interaction({ interactionId });
    expect(view.original?.id).toBe(result.messageId);
    expect(view.original?.content).toBe('first, edited');
    expect(view.followUps.map((m) => m.content)).toEqual(['second, edited']);
  });

  it('manages guild and application emojis', async () => {
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    const emoji = await guild().emojis.create({ attachment: image, name: 'tux' });
    expect(guild().emojis.cache.has(emoji.id)).toBe(true);
    await emoji.delete();
    const appEmoji = await client.application!.emojis.create({ attachment: image, name: 'penguin' });
    const list = await client.application!.emojis.fetch();
    expect(list.map((e) => e.name)).toEqual(['penguin']);
    await appEmoji.delete();
  });

  it('accepted every request body', async () => {
    expect(await fake.control.rejected()).toEqual([]);
  });
});
