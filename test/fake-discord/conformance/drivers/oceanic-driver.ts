import { createRequire } from 'node:module';
import type { Guild } from 'oceanic.js';
import { driverSettings, reportLibraryError, SeenMessages, serveSteps, str } from './js-driver.ts';

/** Oceanic.js, configured only through its options: `rest.baseURL`; the gateway URL comes from /gateway/bot. */

// Its ESM wrapper unwraps `.default.default` of CommonJS files, which tsx's loader already unwrapped once; the
// CommonJS entry is the same library.
const { Client } = createRequire(import.meta.url)('oceanic.js') as typeof import('oceanic.js');

const settings = driverSettings();
const client = new Client({
  auth: `Bot ${settings.token}`,
  gateway: { intents: ['ALL'] },
  rest: { baseURL: `${settings.api}/v10` },
});
const seen = new SeenMessages();
let answer = '';
let commandName = '';
client.on('messageCreate', (message) => seen.add(message.id));
client.on('interactionCreate', (interaction) => {
  if (interaction.isCommandInteraction() && interaction.data.name === commandName)
    void interaction.createMessage({ content: answer });
});
client.on('error', reportLibraryError);

let guild: Guild;
const channels = () => client.rest.channels;

serveSteps(
  {
    login: async (args) => {
      const ready = new Promise((resolve) => client.once('ready', () => resolve(undefined)));
      await client.connect();
      await ready;
      guild = client.guilds.get(str(args.guildId))!;
      return { userId: client.user.id, guildName: guild.name, channelCount: guild.channels.size };
    },
    send: async (args) => ({
      messageId: (await channels().createMessage(str(args.channelId), { content: str(args.content) })).id,
    }),
    fetch: async (args) => ({
      content: (await channels().getMessage(str(args.channelId), str(args.messageId))).content,
    }),
    edit: async (args) => ({
      messageId: (
        await channels().editMessage(str(args.channelId), str(args.messageId), { content: str(args.content) })
      ).id,
    }),
    reply: async (args) => ({
      messageId: (
        await channels().createMessage(str(args.channelId), {
          content: str(args.content),
          messageReference: { messageID: str(args.messageId) },
        })
      ).id,
    }),
    embed: async (args) => ({
      messageId: (
        await channels().createMessage(str(args.channelId), {
          embeds: [{ title: str(args.title), description: str(args.description), timestamp: str(args.timestamp) }],
        })
      ).id,
    }),
    react: async (args) => {
      await channels().createReaction(str(args.channelId), str(args.messageId), str(args.emoji));
      return {};
    },
    typing: async (args) => {
      await channels().sendTyping(str(args.channelId));
      return {};
    },
    dm: async (args) => {
      const dm = await client.rest.users.createDM(str(args.userId));
      return { messageId: (await dm.createMessage({ content: str(args.content) })).id };
    },
    memberFetch: async (args) => {
      const member = await client.rest.guilds.getMember(str(args.guildId), str(args.userId));
      return { username: member.user.username, nick: member.nick };
    },
    ban: async (args) => {
      await client.rest.guilds.createBan(str(args.guildId), str(args.userId), { reason: str(args.reason) });
      return {};
    },
    unban: async (args) => {
      await client.rest.guilds.removeBan(str(args.guildId), str(args.userId), str(args.reason));
      return {};
    },
    timeout: async (args) => {
      await client.rest.guilds.editMember(str(args.guildId), str(args.userId), {
        communicationDisabledUntil: str(args.until),
        reason: str(args.reason),
      });
      return {};
    },
    roleAdd: async (args) => {
      await client.rest.guilds.addMemberRole(str(args.guildId), str(args.userId), str(args.roleId), str(args.reason));
      return {};
    },
    slashCommand: async (args) => {
      commandName = str(args.name);
      answer = str(args.answer);
      const command = await client.rest.applications.createGuildCommand(client.application.id, str(args.guildId), {
        type: 1,
        name: commandName,
        description: str(args.description),
      });
      return { commandId: command.id };
    },
    resume: async (args) => {
      await seen.wait(str(args.messageId));
      return { messageId: str(args.messageId) };
    },
    delete: async (args) => {
      await channels().deleteMessage(str(args.channelId), str(args.messageId));
      return {};
    },
  },
  async () => {
    client.disconnect(false);
  },
);
