import { ChannelType, type Client, type Message, MessageFlags, SlashCommandBuilder } from 'discord.js';
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

function nextEvent<T>(event: string, filter: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const handler = (value: T) => {
      if (!filter(value)) return;
      client.off(event, handler);
      resolve(value);
    };
    client.on(event, handler);
  });
}

describe('login', () => {
  it('readies with the bot user, application and a fully cached guild', async () => {
    expect(client.user?.id).toBe(fake.botId);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    expect(guild.available).toBe(true);
    expect(guild.name).toBe('Tux Demo');
    expect(guild.channels.cache.get(fake.ids.channels.general!)?.type).toBe(ChannelType.GuildText);
    expect(guild.channels.cache.get(fake.ids.channels.voice!)?.type).toBe(ChannelType.GuildVoice);
    expect(guild.roles.everyone.id).toBe(guild.id);
    expect(guild.roles.cache.find((r) => r.name === 'Moderator')).toBeDefined();
    expect(guild.members.me?.id).toBe(fake.botId);
    expect(guild.members.me?.roles.cache.has(fake.ids.roles.botRole!)).toBe(true);
    expect(guild.members.cache.get(fake.ids.users.moderator!)?.roles.cache.has(fake.ids.roles.moderatorRole!)).toBe(
      true,
    );
    expect(guild.members.me?.permissions.has('BanMembers')).toBe(true);
    expect(guild.ownerId).toBe(fake.ids.users.owner);
  });
});

describe('messages', () => {
  it('delivers a member message to the bot with content and mentions', async () => {
    const received = nextEvent<Message>('messageCreate', (m) => m.content.startsWith('hello'));
    await fake.control.sendMessage({
      channelId: fake.ids.channels.general!,
      userId: fake.ids.users.member1!,
      content: `hello <@${fake.botId}>`,
    });
    const message = await received;
    expect(message.author.id).toBe(fake.ids.users.member1);
    expect(message.member?.roles.cache.has(fake.ids.roles.member!)).toBe(true);
    expect(message.mentions.users.has(fake.botId)).toBe(true);
    expect(message.guildId).toBe(fake.ids.guilds.demo);
  });

  it('stores what the bot sends, including files, and the control API can wait for it', async () => {
    const channel = client.channels.cache.get(fake.ids.channels.general!);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const waiting = fake.control.waitForMessage({ channelId: fake.ids.channels.general!, contains: 'pong' });
    const sent = await channel.send({
      content: 'pong',
      files: [{ attachment: Buffer.from('log line'), name: 'log.txt' }],
    });
    const seen = await waiting;
    expect(seen.id).toBe(sent.id);
    expect(seen.attachments[0]?.filename).toBe('log.txt');
    const stored = await fake.control.messages({ channelId: fake.ids.channels.general!, limit: 1 });
    expect(stored[0]?.content).toBe('pong');
    const download = await fetch(sent.attachments.first()!.url);
    expect(await download.text()).toBe('log line');
  });

  it('edits, fetches and deletes messages', async () => {
    const channel = client.channels.cache.get(fake.ids.channels.general!);
    if (!channel?.isTextBased() || !channel.isSendable()) throw new Error('not text');
    const sent = await channel.send('first');
    const edited = await sent.edit('second');
    expect(edited.content).toBe('second');
    const fetched = await channel.messages.fetch({ limit: 5 });
    expect(fetched.get(sent.id)?.content).toBe('second');
    await sent.delete();
    expect(await fake.control.message({ messageId: sent.id })).toBeNull();
  });
});

describe('slash commands', () => {
  beforeAll(async () => {
    const ping = new SlashCommandBuilder()
      .setName('ping')
      .setDescription('Ping')
      .addUserOption((o) => o.setName('target').setDescription('who'))
      .addStringOption((o) => o.setName('mode').setDescription('reply mode'));
    const registered = await client.application!.commands.set([ping.toJSON()], fake.ids.guilds.demo!);
    expect(registered.first()?.id).toMatch(/^\d+$/);
  });

  it('replies, follows up and fetches the reply', async () => {
    client.once('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const target = interaction.options.getUser('target');
      await interaction.reply({ content: `pong ${target?.username}` });
      const reply = await interaction.fetchReply();
      await interaction.followUp({ content: `follow ${reply.id}`, flags: MessageFlags.Ephemeral });
    });
    const { interactionId } = await fake.control.runSlashCommand({
      userId: fake.ids.users.member1!,
      channelId: fake.ids.channels.general!,
      name: 'ping',
      options: { target: fake.ids.users.member2! },
    });
    const view = await fake.control.waitForInteractionResponse({ interactionId, followUps: 1 });
    expect(view.callback?.type).toBe(4);
    expect(view.original?.content).toBe('pong dave');
    expect(view.followUps[0]?.content).toBe(`follow ${view.original?.id}`);
    expect(view.followUps[0]?.flags).toBe(MessageFlags.Ephemeral);
  });

  it('defers then edits the reply; a second acknowledgement is refused with 40060', async () => {
    const second = new Promise<unknown>((resolve) => {
      client.once('interactionCreate', async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        await interaction.editReply('done');
        // discord.js guards reply() itself, so go to REST directly for a second callback.
        resolve(
          await client.rest
            .post(`/interactions/${interaction.id}/${interaction.token}/callback`, {
              body: { type: 4, data: { content: 'again' } },
              auth: false,
            })
            .catch((error: unknown) => error),
        );
      });
    });
    const { interactionId } = await fake.control.runSlashCommand({
      userId: fake.ids.users.member1!,
      channelId: fake.ids.channels.general!,
      name: 'ping',
    });
    const view = await fake.control.waitForInteractionResponse({ interactionId });
    expect(view.callback?.type).toBe(5);
    expect(view.original?.content).toBe('done');
    expect(await second).toMatchObject({ code: 40060 });
  });
});

describe('request validation', () => {
  it('accepted every request discord.js made in this file', async () => {
    expect(await fake.control.rejected()).toEqual([]);
    const requests = await fake.control.requests();
    expect(requests.some((r) => r.route === '/interactions/{interaction_id}/{interaction_token}/callback')).toBe(true);
  });
});
