import https from 'node:https';
import { createRequire } from 'node:module';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { CommandInteraction, Guild } from 'eris';
import { driverSettings, reportLibraryError, SeenMessages, serveSteps, str } from './js-driver.ts';

/**
 * Eris, configured only through its options. Its REST client always speaks HTTPS to `rest.domain` on the agent's
 * port, so the emulator runs with TLS and the agent carries the port (Node's `https.Agent` `defaultPort`); the
 * gateway URL comes from /gateway.
 */

const Eris = createRequire(import.meta.url)('eris') as typeof import('eris');
const settings = driverSettings();
const api = new URL(settings.api);
// Node's request takes the port from the agent when the options name none (`agent.defaultPort`).
const agent = Object.assign(new https.Agent({ keepAlive: true }), { defaultPort: Number(api.port) });
const client = Eris(`Bot ${settings.token}`, {
  intents: Object.values(GatewayIntentBits)
    .filter((v): v is number => typeof v === 'number')
    .reduce((all, bit) => all | bit, 0),
  restMode: true,
  rest: {
    domain: api.hostname,
    baseURL: `${api.pathname}/v10`,
    agent,
  },
});
const seen = new SeenMessages();
let answer = '';
let commandName = '';
client.on('messageCreate', (message) => seen.add(message.id));
client.on('interactionCreate', (interaction) => {
  const command = interaction as CommandInteraction;
  if (command.type === 2 && command.data.name === commandName) void command.createMessage(answer);
});
client.on('error', reportLibraryError);
client.on('warn', (message) => console.error('eris warn', message));

let guild: Guild;

serveSteps(
  {
    login: async (args) => {
      const ready = new Promise((resolve) => client.once('ready', () => resolve(undefined)));
      await client.connect();
      await ready;
      guild = client.guilds.get(str(args.guildId))!;
      return { userId: client.user.id, guildName: guild.name, channelCount: guild.channels.size };
    },
    send: async (args) => ({ messageId: (await client.createMessage(str(args.channelId), str(args.content))).id }),
    fetch: async (args) => ({ content: (await client.getMessage(str(args.channelId), str(args.messageId))).content }),
    edit: async (args) => ({
      messageId: (await client.editMessage(str(args.channelId), str(args.messageId), str(args.content))).id,
    }),
    reply: async (args) => ({
      messageId: (
        await client.createMessage(str(args.channelId), {
          content: str(args.content),
          messageReference: { messageID: str(args.messageId) },
        })
      ).id,
    }),
    embed: async (args) => ({
      messageId: (
        await client.createMessage(str(args.channelId), {
          embeds: [{ title: str(args.title), description: str(args.description), timestamp: str(args.timestamp) }],
        })
      ).id,
    }),
    react: async (args) => {
      await client.addMessageReaction(str(args.channelId), str(args.messageId), str(args.emoji));
      return {};
    },
    typing: async (args) => {
      await client.sendChannelTyping(str(args.channelId));
      return {};
    },
    dm: async (args) => {
      const dm = await client.getDMChannel(str(args.userId));
      return { messageId: (await dm.createMessage(str(args.content))).id };
    },
    memberFetch: async (args) => {
      const member = await client.getRESTGuildMember(str(args.guildId), str(args.userId));
      return { username: member.user.username, nick: member.nick ?? null };
    },
    ban: async (args) => {
      await client.banGuildMember(str(args.guildId), str(args.userId), { reason: str(args.reason) });
      return {};
    },
    unban: async (args) => {
      await client.unbanGuildMember(str(args.guildId), str(args.userId), str(args.reason));
      return {};
    },
    timeout: async (args) => {
      await client.editGuildMember(
        str(args.guildId),
        str(args.userId),
        { communicationDisabledUntil: new Date(str(args.until)) },
        str(args.reason),
      );
      return {};
    },
    roleAdd: async (args) => {
      await client.addGuildMemberRole(str(args.guildId), str(args.userId), str(args.roleId), str(args.reason));
      return {};
    },
    slashCommand: async (args) => {
      commandName = str(args.name);
      answer = str(args.answer);
      const command = await client.createGuildCommand(str(args.guildId), {
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
      await client.deleteMessage(str(args.channelId), str(args.messageId));
      return {};
    },
  },
  async () => {
    client.disconnect({ reconnect: false });
  },
);
