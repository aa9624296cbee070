/**
 * What the events, commands and console operations of temp voice share: the store, the per-guild queue and the
 * sweep over every guild (at start, when the module is switched on, and on demand).
 */
import type { Guild } from 'discord.js';
import type { Db } from '#core/db/types.ts';
import type { Logger } from '#core/log/types.ts';
import type { BotContext } from '#discord/context.ts';
import { GuildQueue } from './guild-queue.ts';
import type { TempVoiceSettings } from './settings.ts';
import { TempVoiceStore } from './temp-voice-store.ts';
import { type SyncResult, syncGuild } from './temp-voice-sync.ts';

export const MODULE = 'tempvoice';

export class TempVoiceRuntime {
  private store: TempVoiceStore | null = null;
  private readonly queue = new GuildQueue();
  private logger: Logger | null = null;
  /** Set while the module is loaded (its setup ran); the console's sweep needs the bot. */
  ctx: BotContext | null = null;

  storeFor(db: Db): TempVoiceStore {
    this.store ??= new TempVoiceStore(db);
    return this.store;
  }

  log(ctx: BotContext): Logger {
    this.logger ??= ctx.logs.child(MODULE);
    return this.logger;
  }

  settings(ctx: BotContext, guildId: string): TempVoiceSettings {
    return ctx.settings.get<TempVoiceSettings>(MODULE, guildId);
  }

  sync(ctx: BotContext, guild: Guild): Promise<SyncResult> {
    return this.queue.run(guild.id, () =>
      syncGuild(guild, this.settings(ctx, guild.id), this.storeFor(ctx.db), this.log(ctx)),
    );
  }

  /** Every guild with temp channels or a join-to-create channel, where the module is on. */
  async sweepAll(ctx: BotContext): Promise<SyncResult & { guilds: number }> {
    const total = { created: 0, moved: 0, deleted: 0, forgotten: 0, guilds: 0 };
    if (!ctx.discord.isReady()) return total;
    const store = this.storeFor(ctx.db);
    const client = ctx.discord.client;
    const ids = new Set(store.guildIds());
    for (const guild of client.guilds.cache.values()) if (this.settings(ctx, guild.id).channel) ids.add(guild.id);
    for (const id of ids) {
      const guild = client.guilds.cache.get(id);
      // A guild the bot is no longer in keeps its rows: its channels cannot be checked from here.
      if (!guild || !ctx.modules.isEnabled(MODULE, id)) continue;
      const r = await this.sync(ctx, guild);
      total.guilds += 1;
      total.created += r.created;
      total.moved += r.moved;
      total.deleted += r.deleted;
      total.forgotten += r.forgotten;
      if (r.deleted || r.forgotten || r.created)
        this.log(ctx).info(
          { guild: id, ...r },
          `temp voice sweep: ${guild.name}: ${r.deleted} empty channel(s) deleted, ${r.forgotten} gone, ${r.created} created`,
        );
    }
    return total;
  }
}
