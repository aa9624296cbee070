/**
 * What moderation costs in REST requests, counted from the emulator's request log, and how the mod log holds up:
 * a burst of cases shares mod-log messages (each case keeping its own message id), and a transient server error
 * does not lose a post.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCase, listCases } from '#modules/cases/case-store.ts';
import { measureRequestsPerAction, prepareModerationGuild } from '../../scripts/bench-mod-requests.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
let gid: string;

beforeAll(async () => {
  h = await startHarness();
  gid = h.id('guilds', 'demo');
  await prepareModerationGuild(h);
}, 60_000);

afterAll(async () => {
  await h?.stop();
});

/** Requests per action, at most (the action, its DM and DM channel, the reply and the mod-log post). */
const CEILING: Record<string, number> = {
  warn: 4,
  'warn (same member again)': 3,
  timeout: 5,
  untimeout: 4,
  jail: 6,
  unjail: 5,
  kick: 5,
  ban: 5,
  unban: 6,
  tempban: 5,
  note: 2,
};

let seq = 0;
async function newMember(): Promise<string> {
  seq += 1;
  const u = await h.fake.control.createUser({ username: `rest${seq}` });
  await h.fake.control.joinGuild({ guildId: gid, userId: u.id, roles: [h.id('roles', 'member')] });
  return u.id;
}

async function waitFor<T>(get: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('REST requests per moderation action', () => {
  it('stays at or under the ceiling for every action, with members and roles from the cache', async () => {
    const measured = await measureRequestsPerAction(h);
    expect(measured.map((m) => m.action)).toEqual(Object.keys(CEILING));
    for (const m of measured) {
      expect(m.requests, `${m.action}: ${JSON.stringify(m.routes)}`).toBeLessThanOrEqual(CEILING[m.action]!);
      expect(m.routes['GET /guilds/{guild_id}/members/{user_id}'], m.action).toBeUndefined();
      expect(m.routes['GET /guilds/{guild_id}/roles'], m.action).toBeUndefined();
    }
    // The DM channel opened by the first warning is reused for the second.
    const again = measured.find((m) => m.action === 'warn (same member again)')!;
    expect(again.routes['POST /users/@me/channels']).toBeUndefined();
    expect(await h.fake.control.rejected()).toEqual([]);
  }, 120_000);
});

describe('mod log under a burst', () => {
  it('logs 25 warnings at once in shared messages of up to 10 embeds, each case keeping its message id', async () => {
    const targets = await Promise.all(Array.from({ length: 25 }, () => newMember()));
    const before = listCases(h.app.db, { guildId: gid, limit: 10_000 }).length;
    await Promise.all(targets.map((t, i) => h.send('moderator', 'general', `$warn <@${t}> raid ${i} -silent`)));
    const cases = await waitFor(() => {
      const rows = targets.map((t) => listCases(h.app.db, { guildId: gid, userId: t, limit: 1 })[0]);
      return rows.every((c) => c?.modLogMessageId) ? rows.map((c) => c!) : null;
    }, 60_000);
    expect(listCases(h.app.db, { guildId: gid, limit: 10_000 }).length).toBe(before + 25);
    const messageIds = new Set<string>();
    for (const c of cases) {
      const message = await h.fake.control.message({ messageId: c.modLogMessageId! });
      expect(message?.channel_id).toBe(h.id('channels', 'modLog'));
      expect(message!.embeds.length).toBeLessThanOrEqual(10);
      const names = message!.embeds.map((e) => e.author?.name);
      expect(names).toContain(`Case #${c.number} (WARN)`);
      messageIds.add(message!.id);
    }
    expect(messageIds.size).toBeLessThan(25);
  }, 120_000);
});

describe('mod log and transient failures', () => {
  it('retries a 5xx that outlasts discord.js own retries, so the post is not lost', async () => {
    const modLog = h.id('channels', 'modLog');
    const target = await newMember();
    // discord.js tries a request 4 times on 5xx; 6 failures outlast that.
    await h.fake.control.injectFault({
      kind: 'server-error',
      method: 'POST',
      route: `/channels/${modLog}/messages`,
      status: 503,
      times: 6,
    });
    await h.say('moderator', 'general', `$warn <@${target}> flaky log -silent`, 10_000);
    const c = listCases(h.app.db, { guildId: gid, userId: target, limit: 1 })[0]!;
    const stored = await waitFor(() => getCase(h.app.db, gid, c.number)?.modLogMessageId, 30_000);
    const message = await h.fake.control.message({ messageId: stored });
    expect(message?.embeds.map((e) => e.author?.name)).toContain(`Case #${c.number} (WARN)`);
    const faults = await h.fake.control.faults();
    expect(faults.at(-1)?.hits).toBe(6);
    await h.fake.control.clearFaults();
  }, 60_000);
});
