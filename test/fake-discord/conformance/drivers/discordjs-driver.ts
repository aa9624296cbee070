import {
  Client,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Guild,
  type Message,
  type TextChannel,
} from 'discord.js';
import { driverSettings, reportLibraryError, SeenMessages, serveSteps, str } from './js-driver.ts';

/** discord.js 14, configured only through its options: `rest.api`; the gateway URL comes from /gateway/bot. */

const settings = driverSettings();
const client = new Client({
  intents: Object.values(GatewayIntentBits).filter((v): v is number => typeof v === 'number'),
  rest: { api: settings.api },
});
const seen = new SeenMessages();
let answer = '';
let commandName = '';
client.on(Events.MessageCreate, (message) => seen.add(message.id));
client.on(Events.Error, reportLibraryError);
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand() && interaction.commandName === commandName)
    void interaction.reply({ content: answer });
});

let guild: Guild;
const channel = (id: unknown) => client.channels.cache.get(str(id)) as TextChannel;
const message = (args: Record<string, unknown>): Promise<Message> =>
  channel(args.channelId).messages.fetch({ message: str(args.messageId), force: true });

serveSteps(
  {
    login: async (args) => {
      const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
      await client.login(settings.token);
      await ready;
      guild = client.guilds.cache.get(str(args.guildId))!;
      return { userId: client.user!.id, guildName: guild.name, channelCount: guild.channels.cache.size };
    },
    send: async (args) => ({ messageId: (await channel(args.channelId).send(str(args.content))).id }),
    fetch: async (args) => ({ content: (await message(args)).content }),
    edit: async (args) => ({ messageId: (await (await message(args)).edit(str(args.content))).id }),
    reply: async (args) => ({ messageId: (await (await message(args)).reply(str(args.content))).id }),
    embed: async (args) => {
      const embed = new EmbedBuilder()
        .setTitle(str(args.title))
        .setDescription(str(args.description))
        .setTimestamp(new Date(str(args.timestamp)));
      return { messageId: (await channel(args.channelId).send({ embeds: [embed] })).id };
    },
    react: async (args) => {
      await (await message(args)).react(str(args.emoji));
      return {};
    },
    typing: async (args) => {
      await channel(args.channelId).sendTyping();
      return {};
    },
    dm: async (args) => ({
      messageId: (await (await client.users.fetch(str(args.userId))).send(str(args.content))).id,
    }),
    memberFetch: async (args) => {
      const member = await guild.members.fetch({ user: str(args.userId), force: true });
      return { username: member.user.username, nick: member.nickname };
    },
    ban: async (args) => {
      await guild.members.ban(str(args.userId), { reason: str(args.reason) });
      return {};
    },
    unban: async (args) => {
      await guild.members.unban(str(args.userId), str(args.reason));
      return {};
    },
    timeout: async (args) => {
      const member = await guild.members.fetch(str(args.userId));
      await member.disableCommunicationUntil(new Date(str(args.until)), str(args.reason));
      return {};
    },
    roleAdd: async (args) => {
      const member = await guild.members.fetch(str(args.userId));
      await member.roles.add(str(args.roleId), str(args.reason));
      return {};
    },
    slashCommand: async (args) => {
      commandName = str(args.name);
      answer = str(args.answer);
      const command = await guild.commands.create({ name: commandName, description: str(args.description) });
      return { commandId: command.id };
    },
    resume: async (args) => {
      await seen.wait(str(args.messageId));
      return { messageId: str(args.messageId) };
    },
    delete: async (args) => {
      await (await message(args)).delete();
      return {};
    },
  },
  async () => {
    await client.destroy();
  },
);
