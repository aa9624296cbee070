import {
  ActionRowBuilder,
  ApplicationCommandType,
  ButtonBuilder,
  ButtonStyle,
  type Client,
  ContextMenuCommandBuilder,
  type Interaction,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  UserSelectMenuBuilder,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginTestClient } from './login-test-client.ts';
import { type FakeDiscord, startFakeDiscord } from './server.ts';

let fake: FakeDiscord;
let client: Client;
let handler: (interaction: Interaction) => Promise<void> = async () => {};

beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatMs: 2000 });
  client = await loginTestClient(fake);
  client.on('interactionCreate', (interaction) => void handler(interaction));
  await client.application!.commands.set([
    new SlashCommandBuilder()
      .setName('case')
      .setDescription('Cases')
      .addSubcommand((s) =>
        s
          .setName('show')
          .setDescription('Show a case')
          .addIntegerOption((o) => o.setName('number').setDescription('n').setRequired(true).setAutocomplete(true))
          .addRoleOption((o) => o.setName('role').setDescription('r'))
          .addChannelOption((o) => o.setName('where').setDescription('c')),
      )
      .toJSON(),
    new SlashCommandBuilder().setName('menu').setDescription('Components').toJSON(),
    new ContextMenuCommandBuilder().setName('Report').setType(ApplicationCommandType.Message).toJSON(),
  ]);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

const origin = () => ({ userId: fake.ids.users.moderator!, channelId: fake.ids.channels.general! });

describe('slash command options', () => {
  it('nests subcommand options and resolves roles and channels', async () => {
    const seen = new Promise<Record<string, unknown>>((resolve) => {
      handler = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        resolve({
          sub: interaction.options.getSubcommand(),
          number: interaction.options.getInteger('number'),
          role: interaction.options.getRole('role')?.name,
          where: interaction.options.getChannel('where')?.id,
          channelId: interaction.channelId,
          perms: interaction.memberPermissions?.has('BanMembers'),
        });
        await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
      };
    });
    const { interactionId } = await fake.control.runSlashCommand({
      ...origin(),
      name: 'case',
      subcommand: 'show',
      options: { number: 7, role: fake.ids.roles.jail!, where: fake.ids.channels.modLog! },
    });
    expect(await seen).toEqual({
      sub: 'show',
      number: 7,
      role: 'Jail',
      where: fake.ids.channels.modLog,
      channelId: fake.ids.channels.general,
      perms: true,
    });
    const view = await fake.control.waitForInteractionResponse({ interactionId });
    expect(view.ephemeral).toBe(true);
    // Ephemeral replies stay out of channel history.
    expect(
      (await fake.control.messages({ channelId: fake.ids.channels.general! })).some((m) => m.id === view.original?.id),
    ).toBe(false);
  });

  it('names a missing required option or unknown command', async () => {
    await expect(fake.control.runSlashCommand({ ...origin(), name: 'case', subcommand: 'show' })).rejects.toThrow(
      /missing required option\(s\): number/,
    );
    await expect(fake.control.runSlashCommand({ ...origin(), name: 'nope' })).rejects.toThrow(/No command "nope"/);
  });

  it('answers autocomplete with choices', async () => {
    handler = async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      await interaction.respond([{ name: `case ${typed}1`, value: Number(`${typed}1`) }]);
    };
    const { interactionId } = await fake.control.autocomplete({
      ...origin(),
      name: 'case',
      subcommand: 'show',
      options: { number: 4 },
      focused: 'number',
    });
    const view = await fake.control.waitForInteractionResponse({ interactionId });
    expect(view.choices).toEqual([{ name: 'case 41', value: 41 }]);
  });

  it('runs a message context-menu command', async () => {
    const target = await fake.control.sendMessage({ ...origin(), content: 'report me' });
    const seen = new Promise<string>((resolve) => {
      handler = async (interaction) => {
        if (!interaction.isMessageContextMenuCommand()) return;
        resolve(interaction.targetMessage.content);
        await interaction.reply('reported');
      };
    });
    await fake.control.runContextMenu({ ...origin(), name: 'Report', targetMessageId: target.id });
    expect(await seen).toBe('report me');
  });
});

describe('components and modals', () => {
  it('clicks a button, picks from selects, and submits a modal', async () => {
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: 'pick',
          components: [
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('ok').setLabel('OK').setStyle(ButtonStyle.Primary),
            ),
            new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
              new StringSelectMenuBuilder()
                .setCustomId('color')
                .addOptions({ label: 'Red', value: 'red' }, { label: 'Blue', value: 'blue' }),
            ),
            new ActionRowBuilder<UserSelectMenuBuilder>().addComponents(new UserSelectMenuBuilder().setCustomId('who')),
          ],
        });
      } else if (interaction.isButton()) {
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('why')
            .setTitle('Why?')
            .addLabelComponents(
              new LabelBuilder()
                .setLabel('Reason')
                .setTextInputComponent(new TextInputBuilder().setCustomId('reason').setStyle(TextInputStyle.Short)),
            ),
        );
      } else if (interaction.isStringSelectMenu()) {
        await interaction.update({ content: `chose ${interaction.values.join(',')}` });
      } else if (interaction.isUserSelectMenu()) {
        await interaction.deferUpdate();
        await interaction.followUp({ content: `user ${interaction.users.first()?.username}` });
      } else if (interaction.isModalSubmit()) {
        await interaction.reply(`because ${interaction.fields.getTextInputValue('reason')}`);
      }
    };
    const command = await fake.control.runSlashCommand({ ...origin(), name: 'menu' });
    const menu = await fake.control.waitForInteractionResponse({ interactionId: command.interactionId });
    const messageId = menu.original!.id;

    const click = await fake.control.clickButton({ userId: fake.ids.users.member1!, messageId, customId: 'ok' });
    const modal = await fake.control.waitForInteractionResponse({ interactionId: click.interactionId });
    expect(modal.modal).toMatchObject({ custom_id: 'why', title: 'Why?' });
    const submit = await fake.control.submitModal({
      userId: fake.ids.users.member1!,
      interactionId: click.interactionId,
      fields: { reason: 'testing' },
    });
    expect(
      (await fake.control.waitForInteractionResponse({ interactionId: submit.interactionId })).original?.content,
    ).toBe('because testing');

    const select = await fake.control.selectMenu({
      userId: fake.ids.users.member1!,
      messageId,
      customId: 'color',
      values: ['blue'],
    });
    await fake.control.waitForInteractionResponse({ interactionId: select.interactionId });
    expect((await fake.control.message({ messageId }))?.content).toBe('chose blue');

    const who = await fake.control.selectMenu({
      userId: fake.ids.users.member1!,
      messageId,
      customId: 'who',
      values: [fake.ids.users.member2!],
    });
    const followed = await fake.control.waitForInteractionResponse({ interactionId: who.interactionId, followUps: 1 });
    expect(followed.callback?.type).toBe(6);
    expect(followed.followUps[0]?.content).toBe('user dave');
    await expect(
      fake.control.clickButton({ userId: fake.ids.users.member1!, messageId, customId: 'missing' }),
    ).rejects.toThrow(/no component/);
  });

  it('refuses a late first response with 10062', async () => {
    const slow = await startFakeDiscord({ heartbeatMs: 2000, interactionTimeoutMs: 50 });
    const c = await loginTestClient(slow);
    try {
      await c.application!.commands.set([{ name: 'slow', description: 'slow' }]);
      const result = new Promise<unknown>((resolve) => {
        c.once('interactionCreate', async (interaction) => {
          if (!interaction.isChatInputCommand()) return;
          await new Promise((r) => setTimeout(r, 120));
          resolve(await interaction.reply('late').catch((e: unknown) => e));
        });
      });
      await slow.control.runSlashCommand({
        userId: slow.ids.users.member1!,
        channelId: slow.ids.channels.general!,
        name: 'slow',
      });
      expect(await result).toMatchObject({ code: 10062 });
    } finally {
      await c.destroy();
      await slow.close();
    }
  });
});

describe('voice and members over the gateway', () => {
  it('tracks member voice joins and moves', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const userId = fake.ids.users.member1!;
    const joined = new Promise<void>((resolve) =>
      client.on(
        'voiceStateUpdate',
        (_o, n) => n.id === userId && n.channelId === fake.ids.channels.voice2 && resolve(),
      ),
    );
    await fake.control.joinVoice({ userId, channelId: fake.ids.channels.voice! });
    await fake.control.joinVoice({ userId, channelId: fake.ids.channels.voice2! });
    await joined;
    expect(guild.voiceStates.cache.get(userId)?.channelId).toBe(fake.ids.channels.voice2);
    await guild.members.cache.get(userId)!.voice.disconnect();
    expect(await fake.control.voiceStates({ guildId: guild.id })).toEqual([]);
  });

  it('answers op 4 with VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE for the bot', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    const server = new Promise<unknown>((resolve) => client.ws.once('VOICE_SERVER_UPDATE' as never, resolve as never));
    guild.shard.send({
      op: 4,
      d: { guild_id: guild.id, channel_id: fake.ids.channels.voice!, self_mute: false, self_deaf: true },
    });
    expect(await server).toMatchObject({ guild_id: guild.id, endpoint: expect.stringMatching(/^127\.0\.0\.1:/) });
    expect(await fake.control.voiceStates({ guildId: guild.id })).toEqual([
      { userId: fake.botId, channelId: fake.ids.channels.voice },
    ]);
  });

  it('answers op 8 with GUILD_MEMBERS_CHUNK and reports presence', async () => {
    const guild = client.guilds.cache.get(fake.ids.guilds.demo!)!;
    guild.members.cache.clear();
    const members = await guild.members.fetch();
    expect(members.size).toBe(fake.world.guilds.get(guild.id)!.members.size);
    const presence = new Promise<string | undefined>((resolve) =>
      client.once('presenceUpdate', (_o, n) => resolve(n.status)),
    );
    await fake.control.setPresence({ guildId: guild.id, userId: fake.ids.users.member1!, status: 'dnd' });
    expect(await presence).toBe('dnd');
    client.user!.setPresence({ status: 'idle', activities: [{ name: 'moderating' }] });
    await new Promise((r) => setTimeout(r, 100));
    expect(await fake.control.botPresence()).toMatchObject({ status: 'idle' });
  });

  it('lets a deferred reply become a Components V2 message when it is filled in, by edit or follow-up', async () => {
    const text = [{ type: 10, content: 'done' }];
    const replies = new Promise<number[]>((resolve) => {
      let runs = 0;
      const flags: number[] = [];
      handler = async (interaction) => {
        if (!interaction.isChatInputCommand()) return;
        await interaction.deferReply();
        const reply =
          runs++ === 0
            ? await interaction.editReply({ flags: MessageFlags.IsComponentsV2, components: text })
            : await interaction.followUp({ flags: MessageFlags.IsComponentsV2, components: text });
        flags.push(reply.flags.bitfield);
        if (flags.length === 2) resolve(flags);
      };
    });
    await fake.control.runSlashCommand({ ...origin(), name: 'menu' });
    await fake.control.runSlashCommand({ ...origin(), name: 'menu' });
    for (const flags of await replies) {
      expect(flags & MessageFlags.IsComponentsV2).toBe(MessageFlags.IsComponentsV2);
      expect(flags & MessageFlags.Loading).toBe(0);
    }
  });

  it('accepted every request body', async () => {
    expect(await fake.control.rejected()).toEqual([]);
  });
});
