import type { APIEmbed } from 'discord-api-types/v10';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from '#core/db/temp-db.ts';
import { MemoryGuildPort } from './memory-guild-port.ts';
import { createModLog, embedChars, MAX_EMBED_CHARS_PER_MESSAGE, type ModLogPost } from './mod-log.ts';
import { setModlogRoute } from './modlog-routes.ts';

const G = '110000000000000000';
const LOG = '140000000000000001';
const fast = { sleep: async () => undefined };
let t: TempDb;
let guild: MemoryGuildPort;
let lines: string[];

beforeEach(async () => {
  t = await openTempDb();
  guild = new MemoryGuildPort(G, 'g', '1', '2', 1);
  guild.channels.add(LOG);
  setModlogRoute(t.db, G, '*', LOG);
  lines = [];
});
afterEach(() => t.cleanup());

const log = () => pino({ level: 'warn' }, { write: (l: string) => lines.push(l) });
const caseEmbed = (n: number, description = 'spam'): APIEmbed => ({
  author: { name: `Case #${n} (WARN)` },
  description,
});
/** The message that carries case `n`'s embed. */
const messageOf = (n: number) => guild.posts.find((p) => p.embed.author?.name === `Case #${n} (WARN)`)?.messageId;

describe('mod-log batching', () => {
  it('posts a lone case at once, and a burst up to 10 embeds a message, each case keeping its message id', async () => {
    const modLog = createModLog({ db: t.db, log: log(), burstWindowMs: 60_000 });
    // Quiet channel: out at once, even with a long window.
    const first = await modLog.post(guild, 'WARN', caseEmbed(1));
    expect(first).toEqual({ channelId: LOG, messageId: messageOf(1) });

    // A burst right after: 25 cases wait for 10 to gather, so 2 full messages leave; the last 5 wait out the window.
    const burst = Array.from({ length: 25 }, (_, i) => modLog.post(guild, 'WARN', caseEmbed(i + 2)));
    const settled = await Promise.race([
      Promise.all(burst.slice(0, 20)),
      new Promise<null>((r) => setTimeout(() => r(null), 10_000)),
    ]);
    expect(settled).not.toBeNull();
    const posts = settled as ModLogPost[];
    for (const [i, post] of posts.entries()) expect(post.messageId).toBe(messageOf(i + 2));
    const messages = new Set(posts.map((p) => p.messageId));
    expect(messages.size).toBe(2);
    for (const id of messages) expect(guild.posts.filter((p) => p.messageId === id)).toHaveLength(10);
    expect(guild.posts).toHaveLength(21);
  });

  it('sends the rest of a burst when the window is up', async () => {
    const modLog = createModLog({ db: t.db, log: log(), burstWindowMs: 50 });
    const all = await Promise.all(Array.from({ length: 7 }, (_, i) => modLog.post(guild, 'WARN', caseEmbed(i + 1))));
    expect(all.every((p) => p !== null)).toBe(true);
    for (const [i, post] of all.entries()) expect(post?.messageId).toBe(messageOf(i + 1));
    // The first alone, the six that queued behind it together.
    expect(new Set(all.map((p) => p?.messageId)).size).toBe(2);
  });

  it('keeps a message within 6000 characters of embeds', async () => {
    const modLog = createModLog({ db: t.db, log: log(), burstWindowMs: 20 });
    const long = 'x'.repeat(1900);
    const all = await Promise.all(
      Array.from({ length: 7 }, (_, i) => modLog.post(guild, 'WARN', caseEmbed(i + 1, long))),
    );
    for (const [i, post] of all.entries()) expect(post?.messageId).toBe(messageOf(i + 1));
    for (const id of new Set(all.map((p) => p?.messageId))) {
      const chars = guild.posts.filter((p) => p.messageId === id).reduce((n, p) => n + embedChars(p.embed), 0);
      expect(chars).toBeLessThanOrEqual(MAX_EMBED_CHARS_PER_MESSAGE);
    }
  });

  it('draws a waiting post when it leaves, so a change made meanwhile shows', async () => {
    const modLog = createModLog({ db: t.db, log: log(), burstWindowMs: 100 });
    await modLog.post(guild, 'WARN', caseEmbed(1));
    let reason = 'spam';
    const waiting = modLog.post(guild, 'WARN', () => caseEmbed(2, reason));
    reason = 'spam in #general';
    await waiting;
    expect(guild.posts.find((p) => p.embed.author?.name === 'Case #2 (WARN)')?.embed.description).toBe(
      'spam in #general',
    );
  });

  it('edits one case in a shared message and keeps the others', async () => {
    const modLog = createModLog({ db: t.db, log: log(), burstWindowMs: 20 });
    const all = await Promise.all([1, 2, 3].map((n) => modLog.post(guild, 'WARN', caseEmbed(n))));
    const shared = all[2]!;
    expect(all[1]?.messageId).toBe(shared.messageId);
    expect(await modLog.edit(guild, shared, 3, caseEmbed(3, 'updated'))).toBe(true);
    const embeds = guild.posts.filter((p) => p.messageId === shared.messageId).map((p) => p.embed);
    expect(embeds.map((e) => [e.author?.name, e.description])).toEqual([
      ['Case #2 (WARN)', 'spam'],
      ['Case #3 (WARN)', 'updated'],
    ]);
  });
});

describe('mod-log failures', () => {
  it('retries server errors and rate limits, so a transient failure loses no post', async () => {
    const modLog = createModLog({ db: t.db, log: log(), retry: fast });
    guild.failNext('postMessage', 500, 429, 502);
    const post = await modLog.post(guild, 'WARN', caseEmbed(1));
    expect(post?.messageId).toBe(messageOf(1));
    expect(guild.calls.filter((c) => c === 'postMessage')).toHaveLength(4);
    expect(lines).toEqual([]);
  });

  it('gives up at once on 403 and 404, the channel being unusable, and says so once', async () => {
    const modLog = createModLog({ db: t.db, log: log(), retry: fast });
    guild.failNext('postMessage', 403, 403);
    expect(await modLog.post(guild, 'WARN', caseEmbed(1))).toBeNull();
    expect(await modLog.post(guild, 'WARN', caseEmbed(2))).toBeNull();
    expect(guild.calls.filter((c) => c === 'postMessage')).toHaveLength(2);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('unusable');
  });

  it('after every retry fails, loses only that post and does not call the channel unusable', async () => {
    const modLog = createModLog({ db: t.db, log: log(), retry: { ...fast, attempts: 2 } });
    guild.failNext('postMessage', 503, 503);
    expect(await modLog.post(guild, 'WARN', caseEmbed(1))).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('unusable');
    expect((await modLog.post(guild, 'WARN', caseEmbed(2)))?.messageId).toBe(messageOf(2));
  });
});
