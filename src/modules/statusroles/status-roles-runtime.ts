/**
 * What the events, commands and console operations of status roles share: the regex runner, and sweeps that never
 * run twice at once for one guild (a second request joins the running one).
 */
import type { Guild } from 'discord.js';
import type { Logger } from '#core/log/types.ts';
import type { SafeRegex } from '#core/safe-regex/index.ts';
import type { BotContext } from '#discord/context.ts';
import type { StatusRolesSettings } from './settings.ts';
import { type SweepResult, sweepGuild } from './status-role-sweep.ts';

export const MODULE = 'statusroles';

export class StatusRolesRuntime {
  private readonly running = new Map<string, Promise<SweepResult>>();
  private logger: Logger | null = null;
  /** Set while the module is loaded; the console's sweep needs the bot. */
  ctx: BotContext | null = null;

  constructor(readonly regex: SafeRegex) {}

  log(ctx: BotContext): Logger {
    this.logger ??= ctx.logs.child(MODULE);
    return this.logger;
  }

  settings(ctx: BotContext, guildId: string): StatusRolesSettings {
    return ctx.settings.get<StatusRolesSettings>(MODULE, guildId);
  }

  /** Guilds with at least one mapping (only those where the module is on, when asked). */
  configuredGuilds(ctx: BotContext, opts: { enabledOnly?: boolean } = {}): string[] {
    return ctx.settings
      .guildsWithSettings(MODULE)
      .filter(
        (id) => this.settings(ctx, id).mappings.length > 0 && (!opts.enabledOnly || ctx.modules.isEnabled(MODULE, id)),
      );
  }

  sweep(ctx: BotContext, guild: Guild): Promise<SweepResult> {
    const running = this.running.get(guild.id);
    if (running) return running;
    const run = sweepGuild(guild, this.settings(ctx, guild.id), this.regex, this.log(ctx)).finally(() =>
      this.running.delete(guild.id),
    );
    this.running.set(guild.id, run);
    return run;
  }

  isSweeping(guildId: string): boolean {
    return this.running.has(guildId);
  }

  /** Every configured guild, one after another (at start and from the console). */
  async sweepAll(ctx: BotContext): Promise<{ guilds: number } & Omit<SweepResult, 'batches'>> {
    const total = { guilds: 0, members: 0, added: 0, removed: 0, timedOut: 0 };
    if (!ctx.discord.isReady()) return total;
    for (const id of this.configuredGuilds(ctx, { enabledOnly: true })) {
      const guild = ctx.discord.client.guilds.cache.get(id);
      if (!guild) continue;
      try {
        const r = await this.sweep(ctx, guild);
        total.guilds += 1;
        total.members += r.members;
        total.added += r.added;
        total.removed += r.removed;
        total.timedOut += r.timedOut;
      } catch (err) {
        this.log(ctx).warn({ err, guild: id }, 'status roles sweep failed');
      }
    }
    return total;
  }
}
