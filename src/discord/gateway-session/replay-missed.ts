import type { Client } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import { snowflakeTime } from '../snowflake.ts';
import type { MissedEvent } from './resume-replay.ts';

/** Discord's time limit for an interaction's first response; a replayed one older than this cannot be answered. */
export const INTERACTION_RESPONSE_MS = 3000;

export interface ReplayCounts {
  messages: number;
  interactions: number;
  alreadyAnswered: number;
  tooLate: number;
  seenLive: number;
}

interface RawMessage {
  id: string;
  channel_id: string;
  author?: { id?: string };
  message_reference?: { message_id?: string };
}

/**
 * discord.js handles gateway packets in a method it keeps private; this is the one place that reaches it, so a
 * replayed event takes the very path a live one takes (caches, partials, then `messageCreate`/`interactionCreate`).
 */
function handlePacket(client: Client, event: MissedEvent): void {
  const ws = client.ws as unknown as {
    handlePacket(packet: unknown, shard: unknown): boolean;
    shards: Map<number, unknown>;
  };
  ws.handlePacket({ op: 0, t: event.t, s: event.s, d: event.d }, ws.shards.values().next().value);
}

/** Ids of the messages the bot has already replied to, among those in one channel from `firstId` on. */
async function answeredIn(client: Client, channelId: string, firstId: string): Promise<Set<string>> {
  const answered = new Set<string>();
  const botId = client.user?.id;
  let after = (BigInt(firstId) - 1n).toString();
  for (let page = 0; page < 10; page++) {
    const batch = (await client.rest.get(Routes.channelMessages(channelId), {
      query: new URLSearchParams({ after, limit: '100' }),
    })) as RawMessage[];
    for (const m of batch) {
      const ref = m.message_reference?.message_id;
      if (ref && m.author?.id === botId) answered.add(ref);
    }
    if (batch.length < 100) break;
    after = batch.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
  }
  return answered;
}

/**
 * Hands the commands a crashed process missed to the new client, once it is ready: messages and interactions only
 * (state events are already current in the new session's READY and GUILD_CREATE). Skipped: what the new session
 * delivered itself (`seenLive`, read as it grows), a message the bot already replied to (it was answered just before the crash,
 * after the stored sequence), and an interaction older than Discord's 3 s response limit.
 */
export async function replayMissedCommands(
  client: Client,
  events: readonly MissedEvent[],
  seenLive: ReadonlySet<string>,
  log: Logger,
  now: () => number = Date.now,
): Promise<ReplayCounts> {
  const counts: ReplayCounts = { messages: 0, interactions: 0, alreadyAnswered: 0, tooLate: 0, seenLive: 0 };
  const ids = new Set<string>();
  const wanted = events.filter((e) => {
    if (e.t !== 'MESSAGE_CREATE' && e.t !== 'INTERACTION_CREATE') return false;
    const id = (e.d as { id?: unknown })?.id;
    if (typeof id !== 'string' || ids.has(id)) return false;
    ids.add(id);
    return true;
  });
  const firstByChannel = new Map<string, string>();
  for (const e of wanted) {
    if (e.t !== 'MESSAGE_CREATE') continue;
    const m = e.d as RawMessage;
    const first = firstByChannel.get(m.channel_id);
    if (!first || BigInt(m.id) < BigInt(first)) firstByChannel.set(m.channel_id, m.id);
  }
  const answered = new Set<string>();
  for (const [channelId, firstId] of firstByChannel) {
    try {
      for (const id of await answeredIn(client, channelId, firstId)) answered.add(id);
    } catch (err) {
      log.warn({ err, channel: channelId }, `cannot check channel ${channelId} for replies already sent; replaying`);
    }
  }
  for (const e of wanted) {
    const id = (e.d as { id: string }).id;
    // Checked last: the new session may deliver its own copy of the newest events while the checks above run.
    if (seenLive.has(id)) {
      counts.seenLive++;
      continue;
    }
    if (e.t === 'MESSAGE_CREATE') {
      if (answered.has(id)) {
        counts.alreadyAnswered++;
        continue;
      }
      counts.messages++;
    } else {
      if (now() - snowflakeTime(id) > INTERACTION_RESPONSE_MS) {
        counts.tooLate++;
        continue;
      }
      counts.interactions++;
    }
    handlePacket(client, e);
  }
  return counts;
}
