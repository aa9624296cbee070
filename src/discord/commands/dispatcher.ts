/**
 * Routes messages and interactions to commands. Both faces share one pipeline: maintenance mode, module switch,
 * guild-only, permission rank (checked before arguments, so users see "permission denied" before "missing
 * argument"), cooldown (given back when the command refuses), input parsing, run, and one error reporter.
 */
import type { AutocompleteInteraction, ChatInputCommandInteraction, Interaction, Message } from 'discord.js';
import type { Logger } from '#core/log/types.ts';
import type { BotContext } from '../context.ts';
import type { PermissionService } from '../permissions/permission-service.ts';
import type { PrefixStore } from '../prefixes/prefix-store.ts';
import { errorEmbed } from '../ui/brand.ts';
import { toCommandAttachment } from './attachment.ts';
import { PrefixContext, SlashContext } from './command-context.ts';
import { routePrefix, routeSlash } from './command-routing.ts';
import { convertInput, probeToken } from './convert.ts';
import { Cooldowns } from './cooldowns.ts';
import { suggestCommands } from './did-you-mean.ts';
import { guildResolver } from './entity-resolver.ts';
import { reportCommandError, userErrorFromDiscord } from './error-reporter.ts';
import { UserError } from './errors.ts';
import type { OptionsShape } from './options.ts';
import { parsePrefixInput } from './prefix-parser.ts';
import type { CommandRegistry } from './registry.ts';
import { roleIdsOf } from './role-ids.ts';
import { readSlashInput } from './slash-input.ts';
import type { AutocompleteContext, CommandContext, RegisteredCommand } from './types.ts';

export const MAINTENANCE_MESSAGE =
  '🔧 **Maintenance Mode**: The bot is currently in maintenance mode. Only bot owners can use commands at this time.';

/** Slash commands still unanswered after this long are deferred (publicly) so the interaction stays valid. */
export const AUTO_DEFER_MS = 2000;

export interface DispatcherDeps {
  app: () => BotContext;
  registry: CommandRegistry;
  prefixes: PrefixStore;
  permissions: PermissionService;
  log: Logger;
  /** Called once per command that ran (for the console's commands-per-minute). */
  onCommand?: (cmd: RegisteredCommand, ms: number, ok: boolean) => void;
}

export class CommandDispatcher {
  readonly cooldowns = new Cooldowns();
  /** `<@bot>` at the start of a message, built once per bot id rather than per message. */
  private mention: { botId: string; pattern: RegExp } | null = null;

  constructor(private readonly deps: DispatcherDeps) {}

  /**
   * Whether a message could invoke a command: from a user (not a bot or webhook), starting with the prefix or a
   * mention. Everything else (nearly all chat) is dropped before any per-message work.
   */
  mightBeCommand(message: Message): boolean {
    if (message.author.bot || message.webhookId || !message.content) return false;
    const content = message.content;
    return content.startsWith('<@') || content.startsWith(this.deps.prefixes.get(message.guildId));
  }

  private mentionPattern(botId: string): RegExp {
    if (this.mention?.botId !== botId) this.mention = { botId, pattern: new RegExp(`^<@!?${botId}>\\s*`) };
    return this.mention.pattern;
  }

  /** Handles a message if it invokes a prefix command (or a bot mention). */
  async handleMessage(message: Message): Promise<void> {
    if (message.author.bot || message.webhookId || !message.content) return;
    const receivedAt = Date.now();
    const { registry, prefixes } = this.deps;
    const prefix = prefixes.get(message.guildId);
    const content = message.content;
    let rest: string | null = null;
    if (content.startsWith(prefix)) rest = content.slice(prefix.length);
    else {
      const botId = message.client.user?.id;
      const m = botId ? this.mentionPattern(botId).exec(content) : null;
      if (m) rest = content.slice(m[0].length);
    }
    if (rest === null) return;
    rest = rest.trimStart();
    const nameMatch = /^\S+/.exec(rest);
    if (!nameMatch) return;
    const typed = nameMatch[0];
    const top = registry.get(typed);
    if (!top?.prefix) {
      if (top?.slash && !top.hidden && this.mayRun(top, this.callerOf(message))) {
        await this.answer(
          message,
          'Slash Command',
          `\`${prefix}${top.name}\` works only as a slash command: use \`/${top.name}\`.`,
        );
        return;
      }
      await this.didYouMean(message, typed, prefix);
      return;
    }
    const { command: cmd, rest: remainder } = routePrefix(top, rest.slice(typed.length));
    const app = this.deps.app();
    const ctx = new PrefixContext({ app, command: cmd, prefix, log: this.deps.log, receivedAt, message });
    const target = cmd;
    await this.execute(ctx, async () => {
      if (!target.def.run) {
        const subs = [...target.children.values()].filter((c) => c.prefix && !c.hidden).map((c) => `\`${c.name}\``);
        throw new UserError(
          'command.subcommand_required',
          `\`${prefix}${target.qualifiedName}\` needs a subcommand: ${subs.join(', ')}. See \`${prefix}help ${target.qualifiedName}\`.`,
        );
      }
      const args = (target.def.args ?? {}) as OptionsShape;
      const flags = (target.def.flags ?? {}) as OptionsShape;
      const raw = parsePrefixInput(remainder.trim(), args, flags, probeToken);
      const files = [...message.attachments.values()].map(toCommandAttachment);
      return convertInput(raw, args, flags, guildResolver(message.client, message.guild), files);
    });
  }

  async handleInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) await this.handleSlash(interaction);
    else if (interaction.isAutocomplete()) await this.handleAutocomplete(interaction);
  }

  /** The command a slash interaction names, following subcommand groups and subcommands. */
  resolveSlash(i: ChatInputCommandInteraction | AutocompleteInteraction): RegisteredCommand | undefined {
    const top = this.deps.registry.get(i.commandName);
    if (!top || top.name !== i.commandName.toLowerCase()) return undefined;
    return routeSlash(top, i.options.getSubcommandGroup(false), i.options.getSubcommand(false));
  }

  private async handleSlash(i: ChatInputCommandInteraction): Promise<void> {
    const receivedAt = Date.now();
    const cmd = this.resolveSlash(i);
    if (!cmd?.def.run) {
      await i
        .reply({
          embeds: [errorEmbed({ title: 'Command Error', description: 'This command is not available right now.' })],
          flags: 64,
        })
        .catch(() => undefined);
      return;
    }
    const app = this.deps.app();
    const prefix = this.deps.prefixes.get(i.guildId);
    const ctx = new SlashContext({ app, command: cmd, prefix, log: this.deps.log, receivedAt, interaction: i });
    await this.execute(ctx, () => readSlashInput(i, cmd.def));
  }

  private async handleAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const cmd = this.resolveSlash(i);
    const focused = i.options.getFocused(true);
    const shapes = [cmd?.def.args ?? {}, cmd?.def.flags ?? {}] as OptionsShape[];
    const spec = shapes.map((s) => s[focused.name]).find((s) => s !== undefined);
    if (!cmd || !spec?.autocomplete) {
      await i.respond([]).catch(() => undefined);
      return;
    }
    const ctx: AutocompleteContext = {
      app: this.deps.app(),
      interaction: i,
      guildId: i.guildId,
      user: i.user,
      option: focused.name,
    };
    try {
      const choices = await spec.autocomplete(ctx, String(focused.value ?? ''));
      await i.respond(choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value })));
    } catch (err) {
      this.deps.log.warn({ err, command: cmd.qualifiedName }, 'autocomplete failed');
      await i.respond([]).catch(() => undefined);
    }
  }

  /** Whether the caller may run the command here; used by help to list only what is allowed. */
  mayRun(
    cmd: RegisteredCommand,
    who: { userId: string; guildId: string | null; guildOwnerId: string | null; roleIds: readonly string[] },
  ): boolean {
    const app = this.deps.app();
    if (!app.modules.isEnabled(cmd.module, who.guildId)) return false;
    if (cmd.guildOnly && !who.guildId) return false;
    return this.deps.permissions.check(who, cmd).allowed;
  }

  private async execute(ctx: CommandContext, readInput: () => Promise<Record<string, unknown>>): Promise<void> {
    const cmd = ctx.command;
    const app = ctx.app;
    const started = performance.now();
    let ok = false;
    let autoDefer: NodeJS.Timeout | undefined;
    const cooldownIds = { userId: ctx.user.id, channelId: ctx.channelId, guildId: ctx.guildId };
    let cooling = false;
    try {
      const owner = this.deps.permissions.isOwner(ctx.user.id);
      if (app.config.current().bot.maintenance && !owner) {
        throw new UserError('maintenance', MAINTENANCE_MESSAGE, {}, 'Maintenance Mode');
      }
      if (!app.modules.isEnabled(cmd.module, ctx.guildId)) {
        throw new UserError(
          'command.module_disabled',
          `\`${cmd.qualifiedName}\` is turned off here (module ${cmd.module}).`,
        );
      }
      if (cmd.guildOnly && !ctx.guild) {
        throw new UserError('command.guild_only', 'This command cannot be used in private messages.');
      }
      const decision = this.deps.permissions.check(
        {
          userId: ctx.user.id,
          guildId: ctx.guildId,
          guildOwnerId: ctx.guild?.ownerId ?? null,
          roleIds: roleIdsOf(ctx),
        },
        cmd,
      );
      if (!decision.allowed) {
        throw new UserError(
          'permission.denied',
          decision.message,
          { required: decision.required, current: decision.current },
          'Permission Denied',
        );
      }
      if (!owner) {
        const left = this.cooldowns.take(cmd, cooldownIds);
        cooling = left === 0;
        if (left > 0) {
          throw new UserError(
            'command.cooldown',
            `Command on cooldown. Wait ${(left / 1000).toFixed(1)}s before using \`${cmd.qualifiedName}\` again.`,
            { retryAfterMs: left },
            'Slow Down',
          );
        }
      }
      const input = await readInput();
      // Discord drops an interaction not answered within 3 s: acknowledge slow commands in time.
      if (ctx.kind === 'slash') {
        autoDefer = setTimeout(() => {
          if (!ctx.replied) void ctx.defer().catch(() => undefined);
        }, AUTO_DEFER_MS);
      }
      await cmd.def.run!(ctx, input);
      ok = true;
    } catch (err) {
      // A refusal (bad input, a rule, a Discord refusal) used nothing up: the user may fix it and retry at once.
      // Unexpected failures keep the cooldown so a broken command cannot be hammered.
      if (cooling && (err instanceof UserError || userErrorFromDiscord(err))) this.cooldowns.refund(cmd, cooldownIds);
      await reportCommandError(ctx, err, this.deps.log);
    } finally {
      clearTimeout(autoDefer);
      this.deps.onCommand?.(cmd, performance.now() - started, ok);
    }
  }

  /** Who sent a message, for permission checks before any command runs. */
  private callerOf(message: Message) {
    return {
      userId: message.author.id,
      guildId: message.guildId,
      guildOwnerId: message.guild?.ownerId ?? null,
      roleIds: message.member ? [...message.member.roles.cache.keys()] : [],
    };
  }

  /** Suggests commands the sender may run here; slash-only ones are offered as `/name`. */
  private async didYouMean(message: Message, typed: string, prefix: string): Promise<void> {
    // "$5" or "$$$" is money talk, not a mistyped command.
    if (typed.length < 2 || typed.length > 32 || !/^[a-z]/i.test(typed)) return;
    const lead = new Map<string, string>();
    const caller = this.callerOf(message);
    for (const c of this.deps.registry.list()) {
      if (c.hidden || !(c.prefix || c.slash) || !this.mayRun(c, caller)) continue;
      for (const n of [c.name, ...(c.prefix ? (c.def.aliases ?? []) : [])]) lead.set(n, c.prefix ? prefix : '/');
    }
    const suggestions = suggestCommands(typed, [...lead.keys()]);
    if (suggestions.length === 0) return;
    const list = suggestions.map((s) => `\`${lead.get(s)}${s}\``).join(', ');
    await this.answer(
      message,
      'Command Not Found',
      `Command \`${typed.slice(0, 32)}\` not found. Did you mean: ${list}?`,
    );
  }

  private async answer(message: Message, title: string, description: string): Promise<void> {
    await message
      .reply({
        embeds: [errorEmbed({ title, description })],
        failIfNotExists: false,
        allowedMentions: { parse: [], repliedUser: false },
      })
      .catch((err: unknown) => this.deps.log.warn({ err }, 'could not answer an unknown command'));
  }
}
