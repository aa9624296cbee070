/**
 * Posts to the mod log. The channel comes from the guild's routes (per kind, else the default).
 *
 * A burst is logged in few messages. A post to a channel that had none in the last second goes out at once, so a
 * lone case is never delayed. Within a second of the last message (a raid, an automod wave), posts queue and leave
 * together when the second is up, or as soon as 10 are waiting: up to 10 case embeds a message (Discord's limit,
 * and at most 6000 characters of embeds). A burst thus costs about one message a second per mod-log channel
 * instead of one per case, and each case still gets the id of the message that carries its embed.
 *
 * Rate limits and server errors are retried with backoff. Only 403 and 404 mean the channel is unusable: that is
 * logged once per guild and channel — not on every action — and never fails the action.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import type { Db } from '#core/db/types.ts';
import type { Logger } from '#core/log/types.ts';
import { embedChars, MAX_EMBED_CHARS_PER_MESSAGE, MAX_EMBEDS_PER_MESSAGE } from '#discord/ui/embed-limits.ts';
import { replaceCaseEmbed } from '#modules/cases/case-embeds.ts';
import { classifyDiscordError } from './discord-errors.ts';
import { type RetryOptions, withDiscordRetry } from './discord-retry.ts';
import type { GuildPort } from './guild-port.ts';
import { resolveModlogChannel } from './modlog-routes.ts';

export { embedChars, MAX_EMBED_CHARS_PER_MESSAGE, MAX_EMBEDS_PER_MESSAGE };

export interface ModLogPost {
  channelId: string;
  messageId: string;
}

export interface ModLog {
  /**
   * Posts the embed to the channel routed for `kind`; null when none is set or the post failed. A function is
   * called when the post leaves, so what may change while it waits out a burst (a case's reason) is current.
   */
  post(guild: GuildPort, kind: string, embed: APIEmbed | (() => APIEmbed)): Promise<ModLogPost | null>;
  /**
   * Replaces case `caseNumber`'s embed in an earlier post, keeping the other cases' embeds of that message; false
   * when it could not (deleted message, lost access).
   */
  edit(guild: GuildPort, post: ModLogPost, caseNumber: number, embed: APIEmbed): Promise<boolean>;
}

interface Pending {
  embed: APIEmbed | (() => APIEmbed);
  resolve(post: ModLogPost | null): void;
}

/** One mod-log channel of one guild. */
interface Lane {
  guild: GuildPort;
  channelId: string;
  queue: Pending[];
  inFlight: boolean;
  /** When the last message left (0: never). */
  lastSentAt: number;
  timer: NodeJS.Timeout | null;
}

/** Takes the next message's worth from the front of the queue: up to 10 embeds within 6000 characters. */
function takeBatch(queue: Pending[]): Pending[] {
  const batch: Pending[] = [];
  let chars = 0;
  while (queue.length > 0 && batch.length < MAX_EMBEDS_PER_MESSAGE) {
    const next = queue[0] as Pending;
    if (typeof next.embed === 'function') next.embed = next.embed();
    const size = embedChars(next.embed);
    if (batch.length > 0 && chars + size > MAX_EMBED_CHARS_PER_MESSAGE) break;
    chars += size;
    batch.push(queue.shift() as Pending);
  }
  return batch;
}

/** Mod-log posts wait longer than a moderation action: the case exists, only its log line is at stake. */
const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseMs: 1000 };

/** A channel that had a post within this window is in a burst: further posts wait and leave together. */
export const DEFAULT_BURST_WINDOW_MS = 1000;

export interface ModLogDeps {
  db: Db;
  log: Logger;
  retry?: RetryOptions;
  /** Default 1 s. */
  burstWindowMs?: number;
}

export function createModLog(deps: ModLogDeps): ModLog {
  const retry = { ...DEFAULT_RETRY, ...deps.retry };
  const reported = new Set<string>();
  const windowMs = deps.burstWindowMs ?? DEFAULT_BURST_WINDOW_MS;
  /** guildId:channelId → its queue (one entry per mod-log channel in use). */
  const lanes = new Map<string, Lane>();

  const failed = (guild: GuildPort, channelId: string, err: unknown, what: string): void => {
    const f = classifyDiscordError(err);
    if (f.kind !== 'forbidden' && f.kind !== 'not-found') {
      deps.log.warn(
        { guildId: guild.guildId, channelId, status: f.status, err: f.message },
        `could not ${what} in mod-log channel ${channelId} of ${guild.guildName} (${f.message})`,
      );
      return;
    }
    const key = `${guild.guildId}:${channelId}`;
    if (reported.has(key)) return;
    reported.add(key);
    deps.log.warn(
      { guildId: guild.guildId, channelId, status: f.status, err: f.message },
      `mod-log channel ${channelId} in ${guild.guildName} is unusable (${f.message}); fix it with /modlog set`,
    );
  };

  /** Posts one message; on a refusal of the whole batch other than 403/404, each embed is tried alone. */
  const send = async (guild: GuildPort, channelId: string, batch: Pending[]): Promise<void> => {
    try {
      const messageId = await withDiscordRetry(
        () =>
          guild.postEmbeds(
            channelId,
            batch.map((p) => p.embed as APIEmbed),
          ),
        retry,
      );
      reported.delete(`${guild.guildId}:${channelId}`);
      for (const p of batch) p.resolve({ channelId, messageId });
    } catch (err) {
      const kind = classifyDiscordError(err).kind;
      if (batch.length > 1 && kind === 'other') {
        for (const p of batch) await send(guild, channelId, [p]);
        return;
      }
      failed(guild, channelId, err, 'post');
      for (const p of batch) p.resolve(null);
    }
  };

  const flush = async (lane: Lane): Promise<void> => {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    lane.inFlight = true;
    lane.lastSentAt = Date.now();
    try {
      await send(lane.guild, lane.channelId, takeBatch(lane.queue));
    } catch (err) {
      deps.log.error({ guildId: lane.guild.guildId, channelId: lane.channelId, err }, 'mod-log posting failed');
    } finally {
      lane.inFlight = false;
      schedule(lane);
    }
  };

  /** Sends at once when the channel is quiet or a message is full; otherwise a burst waits out the window. */
  const schedule = (lane: Lane): void => {
    if (lane.inFlight || lane.queue.length === 0) return;
    const wait = lane.lastSentAt + windowMs - Date.now();
    if (wait <= 0 || lane.queue.length >= MAX_EMBEDS_PER_MESSAGE) {
      void flush(lane);
      return;
    }
    lane.timer ??= setTimeout(() => void flush(lane), wait);
  };

  return {
    async post(guild, kind, embed) {
      const channelId = resolveModlogChannel(deps.db, guild.guildId, kind);
      if (!channelId) return null;
      const key = `${guild.guildId}:${channelId}`;
      let lane = lanes.get(key);
      if (!lane) {
        lane = { guild, channelId, queue: [], inFlight: false, lastSentAt: 0, timer: null };
        lanes.set(key, lane);
      }
      lane.guild = guild;
      const target = lane;
      return new Promise<ModLogPost | null>((resolve) => {
        target.queue.push({ embed, resolve });
        schedule(target);
      });
    },
    async edit(guild, post, caseNumber, embed) {
      try {
        await withDiscordRetry(async () => {
          const current = await guild.messageEmbeds(post.channelId, post.messageId);
          await guild.editMessage(post.channelId, post.messageId, replaceCaseEmbed(current, caseNumber, embed));
        }, retry);
        return true;
      } catch (err) {
        failed(guild, post.channelId, err, 'edit a post');
        return false;
      }
    },
  };
}
