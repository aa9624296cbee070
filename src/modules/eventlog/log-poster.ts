/**
 * Posts event-log entries, batched under bursts like the mod log: a channel that had no post in the last second gets
 * the entry at once; within a second of the last post, entries queue and leave together — up to 10 embeds a message
 * (Discord's limits). When more than 10 are waiting (a purge, a raid), they leave as ONE digest: a summary embed
 * with every entry in an attached text file, so a burst of any size costs a few posts and at most about one post a
 * second per log channel. Entries that carry a file (a bulk deletion) go in a message of their own.
 *
 * Rate limits are waited out by discord.js's REST queue. A channel the bot cannot post in (403/404) is logged once
 * per channel, not on every event.
 */
import type { APIEmbed } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import { embedChars, MAX_EMBED_CHARS_PER_MESSAGE, MAX_EMBEDS_PER_MESSAGE } from '#discord/ui/embed-limits.ts';

export interface LogFile {
  name: string;
  content: string;
}

export interface LogEntry {
  embed: APIEmbed;
  /** The entry as one line of plain text, for a digest file. */
  text: string;
  file?: LogFile;
}

export interface LogMessage {
  embeds: APIEmbed[];
  files: LogFile[];
}

/** Sends one message to a channel; throws Discord's error. */
export type SendLog = (channelId: string, message: LogMessage) => Promise<unknown>;

interface Lane {
  channelId: string;
  queue: LogEntry[];
  inFlight: boolean;
  lastSentAt: number;
  timer: NodeJS.Timeout | null;
  idle: (() => void)[];
}

/** The most entries one digest file holds. */
export const MAX_DIGEST_ENTRIES = 1000;
export const DEFAULT_BURST_WINDOW_MS = 1000;

export interface LogPosterOptions {
  send: SendLog;
  log: Logger;
  burstWindowMs?: number;
}

/** The next message's worth from the front of the queue. */
export function takeMessage(queue: LogEntry[], now = new Date()): LogMessage {
  const first = queue[0] as LogEntry;
  if (first.file) {
    queue.shift();
    return { embeds: [first.embed], files: [first.file] };
  }
  const plain = queue.findIndex((e) => e.file);
  const run = plain === -1 ? queue.length : plain;
  if (run > MAX_EMBEDS_PER_MESSAGE) {
    const entries = queue.splice(0, Math.min(run, MAX_DIGEST_ENTRIES));
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    return {
      embeds: [
        {
          title: `${entries.length} events`,
          description: `A burst of ${entries.length} events; each is in the attached file, oldest first.`,
          color: 0x5865f2,
          timestamp: now.toISOString(),
        },
      ],
      files: [{ name: `events-${stamp}.txt`, content: `${entries.map((e) => e.text).join('\n')}\n` }],
    };
  }
  const embeds: APIEmbed[] = [];
  let chars = 0;
  while (queue.length > 0 && embeds.length < MAX_EMBEDS_PER_MESSAGE && !queue[0]?.file) {
    const size = embedChars((queue[0] as LogEntry).embed);
    if (embeds.length > 0 && chars + size > MAX_EMBED_CHARS_PER_MESSAGE) break;
    chars += size;
    embeds.push((queue.shift() as LogEntry).embed);
  }
  return { embeds, files: [] };
}

export class LogPoster {
  private readonly lanes = new Map<string, Lane>();
  private readonly reported = new Set<string>();
  private readonly windowMs: number;
  private closed = false;

  constructor(private readonly opts: LogPosterOptions) {
    this.windowMs = opts.burstWindowMs ?? DEFAULT_BURST_WINDOW_MS;
  }

  post(channelId: string, entry: LogEntry): void {
    if (this.closed) return;
    let lane = this.lanes.get(channelId);
    if (!lane) {
      lane = { channelId, queue: [], inFlight: false, lastSentAt: 0, timer: null, idle: [] };
      this.lanes.set(channelId, lane);
    }
    lane.queue.push(entry);
    this.schedule(lane);
  }

  /** Resolves once every queued entry has been sent (or given up on). */
  async idle(): Promise<void> {
    await Promise.all(
      [...this.lanes.values()]
        .filter((l) => l.inFlight || l.queue.length > 0)
        .map((l) => new Promise<void>((resolve) => l.idle.push(resolve))),
    );
  }

  close(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) {
      if (lane.timer) clearTimeout(lane.timer);
      lane.queue.length = 0;
      for (const resolve of lane.idle.splice(0)) resolve();
    }
  }

  private schedule(lane: Lane): void {
    if (lane.inFlight || this.closed) return;
    if (lane.queue.length === 0) {
      for (const resolve of lane.idle.splice(0)) resolve();
      return;
    }
    const wait = lane.lastSentAt + this.windowMs - Date.now();
    if (wait <= 0) {
      void this.flush(lane);
      return;
    }
    lane.timer ??= setTimeout(() => void this.flush(lane), wait);
  }

  private async flush(lane: Lane): Promise<void> {
    if (lane.timer) clearTimeout(lane.timer);
    lane.timer = null;
    if (lane.queue.length === 0) return this.schedule(lane);
    lane.inFlight = true;
    lane.lastSentAt = Date.now();
    const message = takeMessage(lane.queue);
    try {
      await this.opts.send(lane.channelId, message);
      this.reported.delete(lane.channelId);
    } catch (err) {
      const status = (err as { status?: unknown }).status;
      if (status === 403 || status === 404) {
        if (!this.reported.has(lane.channelId)) {
          this.reported.add(lane.channelId);
          this.opts.log.warn(
            { channelId: lane.channelId, status },
            `event-log channel ${lane.channelId} is unusable (${String((err as Error).message)}); fix it with eventlog set`,
          );
        }
      } else {
        this.opts.log.warn({ err, channelId: lane.channelId }, 'could not post to an event-log channel');
      }
    } finally {
      lane.inFlight = false;
      lane.lastSentAt = Date.now();
      this.schedule(lane);
    }
  }
}
