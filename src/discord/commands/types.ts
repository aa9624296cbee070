import type {
  APIEmbed,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Client,
  Guild,
  GuildMember,
  JSONEncodable,
  Message,
  MessageMentionOptions,
  PollData,
  TextBasedChannel,
  User,
} from 'discord.js';
import type { Logger } from '#core/log/types.ts';
import type { BotContext } from '../context.ts';
import type { InputOf, OptionsShape } from './options.ts';

export interface CooldownSpec {
  seconds: number;
  /** Who shares the cooldown. Default "user". */
  scope?: 'user' | 'channel' | 'guild';
}

/** One command, declared once; slash options, the prefix parser, usage and help are derived from it. */
export interface CommandDefinition<A extends OptionsShape = OptionsShape, F extends OptionsShape = OptionsShape> {
  /** Lower case, 1–32 characters, letters, digits, "-" and "_". */
  name: string;
  aliases?: readonly string[];
  /** Shown in help and in the slash picker (1–100 characters). */
  description: string;
  /** Help category; default: the module's name. */
  category?: string;
  /** Refuse in DMs. Inherited by subcommands. */
  guildOnly?: boolean;
  /**
   * Rank (0–10) needed on a guild that has not configured this command. Required on top-level commands;
   * subcommands inherit their parent's unless they set one.
   */
  defaultRank?: number;
  /** Only bot owners; can never be given a rank. */
  ownerOnly?: boolean;
  /** Seconds, or a spec. Per user by default. Owners are exempt. */
  cooldown?: number | CooldownSpec;
  /** Offer it as a slash command (default true) / by prefix (default true). */
  slash?: boolean;
  prefix?: boolean;
  /** Left out of help and did-you-mean. */
  hidden?: boolean;
  /** Extra lines for help, e.g. "ban @spammer spam -silent". Written without the prefix. */
  examples?: readonly string[];
  args?: A;
  flags?: F;
  /** Subcommands (and groups: subcommands that have subcommands). At most two levels under a top-level command. */
  subcommands?: readonly AnyCommand[];
  /**
   * For a command with subcommands that also runs on its own (`run`, with its own `args`/`flags`): the slash
   * subcommand that runs it, since Discord allows no options beside subcommands (`/cases show case:5` for
   * `$cases 5`). Required when such a command has args or flags and is offered by slash; without it the command's
   * own form is prefix only. The name must differ from the subcommands' names; the description defaults to the
   * command's.
   */
  slashDefault?: { name: string; description?: string };
  run?(ctx: CommandContext, input: InputOf<A, F>): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of commands holds every argument shape
export type AnyCommand = CommandDefinition<any, any>;

export type ReplyPayload = string | ReplyOptions;

export interface ReplyOptions {
  content?: string;
  embeds?: readonly (APIEmbed | JSONEncodable<APIEmbed>)[];
  // biome-ignore lint/suspicious/noExplicitAny: discord.js accepts several component builder and JSON shapes
  components?: readonly any[];
  files?: readonly { attachment: Buffer | string; name: string }[];
  /** Only the invoker sees it (slash). By prefix it is a normal reply. */
  ephemeral?: boolean;
  /** The components are Components V2 (no content or embeds allowed). */
  componentsV2?: boolean;
  allowedMentions?: MessageMentionOptions;
  /** A native Discord poll (discord.js PollData: question, answers, duration in hours). */
  poll?: PollData;
}

/** What a command's `run` gets, the same for `/slash` and `$prefix`. */
export interface CommandContext {
  readonly kind: 'slash' | 'prefix';
  readonly app: BotContext;
  readonly client: Client<true>;
  /** The command that runs, with its qualified name ("config ranks init"). */
  readonly command: RegisteredCommand;
  readonly user: User;
  readonly member: GuildMember | null;
  readonly guild: Guild | null;
  readonly guildId: string | null;
  readonly channel: TextBasedChannel | null;
  readonly channelId: string;
  readonly interaction: ChatInputCommandInteraction | null;
  readonly message: Message | null;
  /** The guild's prefix, for hints ("Use `$help`"). */
  readonly prefix: string;
  readonly log: Logger;
  /** When the invocation arrived (epoch ms). */
  readonly receivedAt: number;
  /**
   * Replies to the invocation. The first call replies; later calls follow up. Resolves with the sent message
   * (for ephemeral slash replies a message object too, usable for component collectors).
   */
  reply(payload: ReplyPayload): Promise<Message>;
  /** Acknowledge now, reply later: slash defers (ephemeral if asked), prefix shows typing. */
  defer(opts?: { ephemeral?: boolean }): Promise<void>;
  /** Edits the first reply (or sends one if none yet). */
  editReply(payload: ReplyPayload): Promise<Message>;
  /** Whether a reply (or defer) was already sent. */
  readonly replied: boolean;
  /** The invoker's permission rank in this guild (0 in DMs). */
  rank(): Promise<number>;
}

export interface AutocompleteContext {
  readonly app: BotContext;
  readonly interaction: AutocompleteInteraction;
  readonly guildId: string | null;
  readonly user: User;
  /** The option being completed. */
  readonly option: string;
}

/** A command after registration: its place in the tree and its module. */
export interface RegisteredCommand {
  readonly def: AnyCommand;
  readonly name: string;
  /** "config ranks init". */
  readonly qualifiedName: string;
  readonly module: string;
  readonly category: string;
  readonly parent: RegisteredCommand | null;
  readonly children: ReadonlyMap<string, RegisteredCommand>;
  /** Children by name and alias. */
  readonly childLookup: ReadonlyMap<string, RegisteredCommand>;
  /** The effective default rank (own, else the nearest ancestor's, else 0). */
  readonly defaultRank: number;
  readonly guildOnly: boolean;
  readonly ownerOnly: boolean;
  readonly hidden: boolean;
  readonly slash: boolean;
  readonly prefix: boolean;
}
