/**
 * The two faces of a CommandContext: one over a slash interaction, one over a prefix message. Both reply the same
 * way: the first reply answers, later ones follow up; ephemeral applies to slash only; defer shows typing by prefix.
 */
import type {
  ChatInputCommandInteraction,
  Client,
  Guild,
  GuildMember,
  Message,
  TextBasedChannel,
  User,
} from 'discord.js';
import { MessageFlags } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import type { BotContext } from '../context.ts';
import { roleIdsOf } from './role-ids.ts';
import type { CommandContext, RegisteredCommand, ReplyOptions, ReplyPayload } from './types.ts';

function normalise(payload: ReplyPayload): ReplyOptions {
  return typeof payload === 'string' ? { content: payload } : payload;
}

function flagsOf(o: ReplyOptions, allowEphemeral: boolean): number {
  let flags = 0;
  if (o.ephemeral && allowEphemeral) flags |= MessageFlags.Ephemeral;
  if (o.componentsV2) flags |= MessageFlags.IsComponentsV2;
  return flags;
}

// biome-ignore lint/suspicious/noExplicitAny: the discord.js option unions are wider than this bridge needs
type AnyOptions = any;

function messageOptions(o: ReplyOptions, allowEphemeral: boolean): AnyOptions {
  const out: Record<string, unknown> = {};
  if (o.content !== undefined) out.content = o.content;
  if (o.embeds) out.embeds = o.embeds;
  if (o.components) out.components = o.components;
  if (o.files) out.files = o.files;
  if (o.allowedMentions) out.allowedMentions = o.allowedMentions;
  if (o.poll) out.poll = o.poll;
  const flags = flagsOf(o, allowEphemeral);
  if (flags) out.flags = flags;
  return out;
}

interface BaseInit {
  app: BotContext;
  command: RegisteredCommand;
  prefix: string;
  log: Logger;
  receivedAt: number;
}

abstract class BaseContext {
  readonly app: BotContext;
  readonly command: RegisteredCommand;
  readonly prefix: string;
  readonly log: Logger;
  readonly receivedAt: number;
  abstract readonly member: GuildMember | null;
  abstract readonly guild: Guild | null;
  abstract readonly user: User;
  abstract readonly interaction: ChatInputCommandInteraction | null;

  constructor(init: BaseInit) {
    this.app = init.app;
    this.command = init.command;
    this.prefix = init.prefix;
    this.log = init.log;
    this.receivedAt = init.receivedAt;
  }

  get guildId(): string | null {
    return this.guild?.id ?? null;
  }

  async rank(): Promise<number> {
    if (!this.guildId) return 0;
    return this.app.discord.permissions.userRank(this.guildId, roleIdsOf(this));
  }
}

export class SlashContext extends BaseContext implements CommandContext {
  readonly kind = 'slash' as const;
  readonly interaction: ChatInputCommandInteraction;
  readonly message = null;
  private state: 'none' | 'deferred' | 'replied' = 'none';

  constructor(init: BaseInit & { interaction: ChatInputCommandInteraction }) {
    super(init);
    this.interaction = init.interaction;
  }

  get client(): Client<true> {
    return this.interaction.client;
  }
  get user(): User {
    return this.interaction.user;
  }
  get member(): GuildMember | null {
    const m = this.interaction.member;
    return m && 'roles' in m && !Array.isArray(m.roles) ? (m as GuildMember) : null;
  }
  get guild(): Guild | null {
    return this.interaction.guild;
  }
  get channel(): TextBasedChannel | null {
    return this.interaction.channel;
  }
  get channelId(): string {
    return this.interaction.channelId;
  }
  get replied(): boolean {
    return this.state !== 'none' || this.interaction.replied || this.interaction.deferred;
  }

  async reply(payload: ReplyPayload): Promise<Message> {
    const o = normalise(payload);
    if (this.state === 'none' && !this.interaction.replied && !this.interaction.deferred) {
      this.state = 'replied';
      const res = await this.interaction.reply({ ...messageOptions(o, true), withResponse: true });
      return res.resource?.message ?? (await this.interaction.fetchReply());
    }
    if (this.state === 'deferred') {
      this.state = 'replied';
      return this.interaction.editReply(messageOptions(o, false));
    }
    return this.interaction.followUp(messageOptions(o, true));
  }

  async defer(opts: { ephemeral?: boolean } = {}): Promise<void> {
    if (this.replied) return;
    this.state = 'deferred';
    await this.interaction.deferReply(opts.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  }

  async editReply(payload: ReplyPayload): Promise<Message> {
    if (!this.replied) return this.reply(payload);
    this.state = 'replied';
    return this.interaction.editReply(messageOptions(normalise(payload), false));
  }
}

export class PrefixContext extends BaseContext implements CommandContext {
  readonly kind = 'prefix' as const;
  readonly interaction = null;
  readonly message: Message;
  private first: Message | null = null;
  private typing = false;

  constructor(init: BaseInit & { message: Message }) {
    super(init);
    this.message = init.message;
  }

  get client(): Client<true> {
    return this.message.client as Client<true>;
  }
  get user(): User {
    return this.message.author;
  }
  get member(): GuildMember | null {
    return this.message.member;
  }
  get guild(): Guild | null {
    return this.message.guild;
  }
  get channel(): TextBasedChannel | null {
    return this.message.channel;
  }
  get channelId(): string {
    return this.message.channelId;
  }
  get replied(): boolean {
    return this.first !== null || this.typing;
  }

  async reply(payload: ReplyPayload): Promise<Message> {
    const options = messageOptions(normalise(payload), false);
    const sent = await this.message.reply({ ...options, failIfNotExists: false });
    this.first ??= sent;
    return sent;
  }

  async defer(): Promise<void> {
    this.typing = true;
    const channel = this.message.channel;
    if ('sendTyping' in channel) await channel.sendTyping().catch(() => undefined);
  }

  async editReply(payload: ReplyPayload): Promise<Message> {
    if (!this.first) return this.reply(payload);
    this.first = await this.first.edit(messageOptions(normalise(payload), false));
    return this.first;
  }
}
