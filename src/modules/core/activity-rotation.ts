/**
 * Rotating presence (Tux §5.9): cycles through bot.activities every bot.activity_interval seconds, first ~7 s after
 * the gateway is ready. Placeholders {member_count} {guild_count} {bot_name} {bot_version} {prefix}. Reads the
 * config at every tick, so edits apply without a restart.
 */
import { ActivityType } from 'discord-api-types/v10';
import type { TuxConfig } from '#core/config/schema.ts';
import type { BotContext } from '#discord/context.ts';

type Activity = TuxConfig['bot']['activities'][number];

export const DEFAULT_ACTIVITY: Activity = { type: 'playing', name: 'with Linux commands' };

const TYPES: Record<Activity['type'], ActivityType> = {
  playing: ActivityType.Playing,
  streaming: ActivityType.Streaming,
  listening: ActivityType.Listening,
  watching: ActivityType.Watching,
  competing: ActivityType.Competing,
};

export interface PlaceholderValues {
  member_count: number;
  guild_count: number;
  bot_name: string;
  bot_version: string;
  prefix: string;
}

export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(
    /\{(member_count|guild_count|bot_name|bot_version|prefix)\}/g,
    (_, key: keyof PlaceholderValues) => String(values[key]),
  );
}

export function activityAt(activities: readonly Activity[], index: number): Activity {
  const list = activities.length > 0 ? activities : [DEFAULT_ACTIVITY];
  return list[index % list.length]!;
}

export function startActivityRotation(ctx: BotContext, opts: { firstDelayMs?: number } = {}): () => void {
  let index = 0;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = (): void => {
    if (stopped) return;
    const cfg = ctx.config.current();
    try {
      if (ctx.discord.isReady()) {
        const client = ctx.discord.client;
        const activity = activityAt(cfg.bot.activities, index++);
        const values: PlaceholderValues = {
          member_count: client.guilds.cache.reduce((n, g) => n + (g.memberCount ?? 0), 0),
          guild_count: client.guilds.cache.size,
          bot_name: cfg.bot.name,
          bot_version: ctx.version,
          prefix: cfg.bot.prefix,
        };
        client.user?.setPresence({
          activities: [
            {
              type: TYPES[activity.type],
              name: fillPlaceholders(activity.name, values).slice(0, 128),
              ...(activity.url ? { url: activity.url } : {}),
            },
          ],
        });
      }
    } catch (err) {
      ctx.log.warn({ err }, 'could not update the activity');
    }
    timer = setTimeout(tick, cfg.bot.activity_interval * 1000);
    timer.unref?.();
  };
  timer = setTimeout(tick, opts.firstDelayMs ?? 7000);
  timer.unref?.();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
