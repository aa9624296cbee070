import type { APIMessage } from 'discord-api-types/v10';
import type { FakeDiscord } from '../server.ts';

/**
 * The conformance scenario: one list of steps that every client library runs against the emulator. A driver (one
 * per library, in drivers/) performs each step with its library's own API and answers with what it saw; the check
 * reads the effect back through the control API. A library that cannot do a step answers "unsupported".
 */

export type StepArgs = Record<string, unknown>;
export type StepResult = Record<string, unknown>;

/** What earlier steps produced (message ids…), for later steps. */
export type ScenarioState = Record<string, string>;

export interface Step {
  name: string;
  /** What the step proves, for the README table. */
  title: string;
  /** Arguments sent to the driver; may act on the emulator first (drop the connection, run a slash command). */
  prepare(fake: FakeDiscord, state: ScenarioState): Promise<StepArgs>;
  /** Throws with a message naming what is wrong; may act after the driver answered (run the slash command). */
  check(fake: FakeDiscord, args: StepArgs, result: StepResult, state: ScenarioState): Promise<void>;
  /** How long the driver may take (default 20 s). */
  timeoutMs?: number;
  /** The step drops the connection on purpose: a library may report that as an error (Eris does). */
  dropsConnection?: boolean;
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function stringResult(result: StepResult, key: string): string {
  const value = result[key];
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new Error(`the driver answered without a snowflake string "${key}": ${JSON.stringify(result)}`);
  return value;
}

async function message(fake: FakeDiscord, id: string): Promise<APIMessage> {
  const found = await fake.control.message({ messageId: id });
  if (!found) throw new Error(`message ${id} is not in the emulator`);
  return found;
}

async function requestWithReason(fake: FakeDiscord, method: string, route: string, since: number, reason: string) {
  const requests = await fake.control.requests({ method, route, since });
  const done = requests.find((r) => r.status < 300);
  if (!done) throw new Error(`no successful ${method} ${route} was recorded`);
  expectEqual(done.auditLogReason, reason, `the audit-log reason of ${method} ${route}`);
}

const ids = (fake: FakeDiscord) => ({
  guildId: fake.ids.guilds.demo!,
  general: fake.ids.channels.general!,
});

export const SLASH_COMMAND = { name: 'conformance', description: 'Answers with pong', answer: 'pong from the bot' };

export const scenario: Step[] = [
  {
    name: 'login',
    title: 'login, READY and the guild cache',
    prepare: async (fake) => ({ guildId: ids(fake).guildId }),
    check: async (fake, _args, result) => {
      expectEqual(result.userId, fake.botId, 'the bot user from READY');
      expectEqual(result.guildName, 'Tux Demo', 'the cached guild name');
      const channels = (await fake.control.channels({ guildId: ids(fake).guildId })).length;
      expectEqual(result.channelCount, channels, 'the cached channel count');
      if ((await fake.control.events({ t: 'READY' })).length === 0) throw new Error('no READY in the events');
    },
  },
  {
    name: 'send',
    title: 'send a message',
    prepare: async (fake) => ({ channelId: ids(fake).general, content: 'conformance: hello' }),
    check: async (fake, args, result, state) => {
      const sent = await message(fake, stringResult(result, 'messageId'));
      expectEqual(sent.content, args.content, 'the stored content');
      expectEqual(sent.author.id, fake.botId, 'the author');
      state.sent = sent.id;
    },
  },
  {
    name: 'fetch',
    title: 'fetch a message',
    prepare: async (fake, state) => ({ channelId: ids(fake).general, messageId: state.sent }),
    check: async (_fake, _args, result) => expectEqual(result.content, 'conformance: hello', 'the fetched content'),
  },
  {
    name: 'edit',
    title: 'edit a message',
    prepare: async (fake, state) => ({ channelId: ids(fake).general, messageId: state.sent, content: 'edited' }),
    check: async (fake, _args, _result, state) => {
      const edited = await message(fake, state.sent!);
      expectEqual(edited.content, 'edited', 'the content after the edit');
      if (!edited.edited_timestamp) throw new Error('edited_timestamp is not set');
    },
  },
  {
    name: 'reply',
    title: 'reply with message_reference',
    prepare: async (fake, state) => ({ channelId: ids(fake).general, messageId: state.sent, content: 'a reply' }),
    check: async (fake, args, result) => {
      const reply = await message(fake, stringResult(result, 'messageId'));
      expectEqual(reply.message_reference?.message_id, args.messageId, 'message_reference.message_id');
      expectEqual(reply.type, 19, 'the message type (reply)');
    },
  },
  {
    name: 'embed',
    title: 'embed with a timestamp',
    prepare: async (fake) => ({
      channelId: ids(fake).general,
      title: 'Conformance',
      description: 'an embed',
      timestamp: '2026-01-02T03:04:05.000Z',
    }),
    check: async (fake, args, result) => {
      const sent = await message(fake, stringResult(result, 'messageId'));
      const embed = sent.embeds[0];
      expectEqual(embed?.title, args.title, 'the embed title');
      expectEqual(Date.parse(embed?.timestamp ?? ''), Date.parse(String(args.timestamp)), 'the embed timestamp');
    },
  },
  {
    name: 'react',
    title: 'add a reaction',
    prepare: async (fake, state) => ({ channelId: ids(fake).general, messageId: state.sent, emoji: '👍' }),
    check: async (fake, _args, _result, state) => {
      const reacted = await message(fake, state.sent!);
      const reaction = reacted.reactions?.find((r) => r.emoji.name === '👍');
      if (!reaction?.me) throw new Error('the bot has no 👍 reaction on the message');
    },
  },
  {
    name: 'typing',
    title: 'typing indicator',
    prepare: async (fake, state) => {
      state.typingSince = String((await fake.control.requests({})).at(-1)?.id ?? 0);
      return { channelId: ids(fake).general };
    },
    check: async (fake, _args, _result, state) => {
      const typing = await fake.control.requests({
        method: 'POST',
        route: '/channels/{channel_id}/typing',
        since: Number(state.typingSince),
      });
      if (!typing.some((r) => r.status === 204)) throw new Error('no successful POST /channels/{id}/typing');
      if (!(await fake.control.events({ t: 'TYPING_START' })).length) throw new Error('no TYPING_START dispatched');
    },
  },
  {
    name: 'dm',
    title: 'direct message',
    prepare: async (fake) => ({ userId: fake.ids.users.member1!, content: 'conformance: a DM' }),
    check: async (fake, args) => {
      const dms = await fake.control.dmMessages({ userId: String(args.userId) });
      if (!dms.some((m) => m.content === args.content && m.author.id === fake.botId))
        throw new Error('the DM is not in the DM channel');
    },
  },
  {
    name: 'memberFetch',
    title: 'fetch a member',
    prepare: async (fake) => ({ guildId: ids(fake).guildId, userId: fake.ids.users.member2! }),
    check: async (fake, args, result) => {
      const member = await fake.control.member({ guildId: String(args.guildId), userId: String(args.userId) });
      expectEqual(result.username, member?.user.username, 'the fetched username');
      expectEqual(result.nick, member?.nick ?? null, 'the fetched nickname');
    },
  },
  {
    name: 'ban',
    title: 'ban with an audit-log reason',
    prepare: async (fake, state) => {
      state.banSince = String((await fake.control.requests({})).at(-1)?.id ?? 0);
      return { guildId: ids(fake).guildId, userId: fake.ids.users.member3!, reason: 'conformance ban' };
    },
    check: async (fake, args, _result, state) => {
      const bans = await fake.control.bans({ guildId: String(args.guildId) });
      const ban = bans.find((b) => b.user.id === args.userId);
      if (!ban) throw new Error('the user is not banned');
      expectEqual(ban.reason, args.reason, 'the stored ban reason');
      await requestWithReason(
        fake,
        'PUT',
        '/guilds/{guild_id}/bans/{user_id}',
        Number(state.banSince),
        'conformance ban',
      );
    },
  },
  {
    name: 'unban',
    title: 'unban with an audit-log reason',
    prepare: async (fake, state) => {
      state.unbanSince = String((await fake.control.requests({})).at(-1)?.id ?? 0);
      return { guildId: ids(fake).guildId, userId: fake.ids.users.member3!, reason: 'conformance unban' };
    },
    check: async (fake, args, _result, state) => {
      const bans = await fake.control.bans({ guildId: String(args.guildId) });
      if (bans.some((b) => b.user.id === args.userId)) throw new Error('the user is still banned');
      await requestWithReason(
        fake,
        'DELETE',
        '/guilds/{guild_id}/bans/{user_id}',
        Number(state.unbanSince),
        'conformance unban',
      );
    },
  },
  {
    name: 'timeout',
    title: 'timeout a member',
    prepare: async (fake) => {
      const until = new Date(Date.now() + 10 * 60_000);
      until.setUTCMilliseconds(0);
      return {
        guildId: ids(fake).guildId,
        userId: fake.ids.users.member1!,
        until: until.toISOString(),
        reason: 'quiet',
      };
    },
    check: async (fake, args) => {
      const member = await fake.control.member({ guildId: String(args.guildId), userId: String(args.userId) });
      const until = Date.parse(member?.communication_disabled_until ?? '');
      expectEqual(until, Date.parse(String(args.until)), 'communication_disabled_until');
    },
  },
  {
    name: 'roleAdd',
    title: 'add a role',
    prepare: async (fake) => ({
      guildId: ids(fake).guildId,
      userId: fake.ids.users.member2!,
      roleId: fake.ids.roles.jail!,
      reason: 'conformance role',
    }),
    check: async (fake, args) => {
      const member = await fake.control.member({ guildId: String(args.guildId), userId: String(args.userId) });
      if (!member?.roles.includes(String(args.roleId))) throw new Error('the member does not have the role');
    },
  },
  {
    name: 'slashCommand',
    title: 'slash command registered and answered',
    prepare: async (fake) => ({ guildId: ids(fake).guildId, ...SLASH_COMMAND }),
    check: async (fake, args) => {
      const commands = (await fake.control.commands({ guildId: String(args.guildId) })) as { name: string }[];
      if (!commands.some((c) => c.name === SLASH_COMMAND.name)) throw new Error('the command is not registered');
      const started = await fake.control.runSlashCommand({
        userId: fake.ids.users.moderator!,
        channelId: ids(fake).general,
        name: SLASH_COMMAND.name,
      });
      const answered = await fake.control.waitForInteractionResponse({
        interactionId: started.interactionId,
        timeoutMs: 10_000,
      });
      expectEqual(answered.callback?.type, 4, 'the interaction callback type');
      expectEqual(answered.original?.content, SLASH_COMMAND.answer, 'the reply content');
    },
  },
  {
    name: 'resume',
    title: 'dropped connection resumes',
    timeoutMs: 45_000,
    dropsConnection: true,
    prepare: async (fake, state) => {
      const stats = await fake.control.gatewayStats();
      state.identifies = String(stats.identifies);
      state.resumes = String(stats.resumes);
      await fake.control.dropConnections();
      // Sent while the bot is disconnected: it must arrive through the RESUME replay.
      const missed = await fake.control.sendMessage({
        channelId: ids(fake).general,
        userId: fake.ids.users.moderator!,
        content: 'conformance: sent while disconnected',
      });
      return { channelId: ids(fake).general, messageId: missed.id, content: missed.content };
    },
    check: async (fake, args, result, state) => {
      expectEqual(result.messageId, args.messageId, 'the message received after the resume');
      const stats = await fake.control.gatewayStats();
      if (stats.resumes <= Number(state.resumes)) throw new Error('the client did not RESUME');
      expectEqual(stats.identifies, Number(state.identifies), 'IDENTIFY count (a resume must not identify again)');
    },
  },
  {
    name: 'delete',
    title: 'delete a message',
    prepare: async (fake, state) => ({ channelId: ids(fake).general, messageId: state.sent }),
    check: async (fake, args) => {
      if (await fake.control.message({ messageId: String(args.messageId) }))
        throw new Error('the message is still there');
    },
  },
];
