/**
 * REST requests per moderation action, counted from the Discord emulator's request log. The whole appliance runs
 * (createApp, real SQLite, discord.js); the guild owner runs each action once as a prefix command on a member who
 * has never been moderated, and the count stops when the case has its mod-log post. A second warning to the same
 * member shows what a repeat costs (the DM channel is reused).
 *
 * `node --import tsx scripts/bench-mod-requests.ts`
 */
import { getCase, listCases } from '#modules/cases/case-store.ts';
import { type Harness, startHarness, textOf } from '#test/e2e/harness.ts';
import type { RecordedRequest } from '#test/fake-discord/world.ts';

export interface ActionRequests {
  action: string;
  /** Every REST request the bot made for the action, its reply and its mod-log post. */
  requests: number;
  /** Of those, the ones under Discord's global limit (interaction callbacks and webhooks are not). */
  limited: number;
  /** "METHOD route" → count. */
  routes: Record<string, number>;
}

interface Step {
  label: string;
  /** The command; `{t}` is the target's mention. */
  command: string;
  /** Run on the target of the previous step instead of a new member. */
  sameTarget?: boolean;
  /** Make the target a member first (false: a plain user, for unban). */
  member?: boolean;
  /** Ban the target before the step (unban). */
  banFirst?: boolean;
}

export const MEASURED_ACTIONS: readonly Step[] = [
  { label: 'warn', command: '$warn {t} spam' },
  { label: 'warn (same member again)', command: '$warn {t} spam again', sameTarget: true },
  { label: 'timeout', command: '$timeout {t} spam -duration 10m' },
  { label: 'untimeout', command: '$untimeout {t} ok', sameTarget: true },
  { label: 'jail', command: '$jail {t} cool down' },
  { label: 'unjail', command: '$unjail {t} ok', sameTarget: true },
  { label: 'kick', command: '$kick {t} rude' },
  { label: 'ban', command: '$ban {t} raid' },
  { label: 'unban', command: '$unban {t} appeal', member: false, banFirst: true },
  { label: 'tempban', command: '$tempban {t} raid -duration 1d' },
  { label: 'note', command: '$note {t} watch them' },
];

/** The emulator's record: is this request under the bot's global limit (it carries the bot token)? */
export function underGlobalLimit(r: Pick<RecordedRequest, 'path'>): boolean {
  return !r.path.startsWith('/interactions/') && !r.path.startsWith('/webhooks/');
}

/** Sets the guild up for moderation (ranks, mod log, jail) as the owner. */
export async function prepareModerationGuild(h: Harness): Promise<void> {
  const say = (content: string) => h.say('owner', 'general', content, 10_000);
  await say(`$config roles assign <@&${h.id('roles', 'moderatorRole')}> 3`);
  await say(`$modlog set <#${h.id('channels', 'modLog')}>`);
  await say(`$jailconfig set -role <@&${h.id('roles', 'jail')}> -channel <#${h.id('channels', 'jailChannel')}>`);
}

/** Waits until the guild has `count` cases, each with its mod-log message. */
export async function waitForModLogged(h: Harness, guildId: string, count: number, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = listCases(h.app.db, { guildId, limit: 100_000 });
    if (rows.length >= count && rows.every((c) => c.modLogMessageId)) return rows;
    if (Date.now() > deadline) throw new Error(`only ${rows.length}/${count} cases were mod-logged in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let userSeq = 0;

/** Runs each step once and counts its requests. The harness must be prepared (prepareModerationGuild). */
export async function measureRequestsPerAction(
  h: Harness,
  steps: readonly Step[] = MEASURED_ACTIONS,
): Promise<ActionRequests[]> {
  const gid = h.id('guilds', 'demo');
  const out: ActionRequests[] = [];
  let target = '';
  for (const step of steps) {
    if (!step.sameTarget) {
      userSeq += 1;
      const u = await h.fake.control.createUser({ username: `measured${userSeq}` });
      target = u.id;
      if (step.member !== false) {
        await h.fake.control.joinGuild({ guildId: gid, userId: target, roles: [h.id('roles', 'member')] });
      }
      if (step.banFirst) {
        const g = h.fake.world.guilds.get(gid);
        g?.bans.set(target, { user: h.fake.world.users.get(target)!, reason: null } as never);
      }
    }
    const before = listCases(h.app.db, { guildId: gid, limit: 100_000 }).length;
    const since = h.fake.world.requests.at(-1)?.id ?? 0;
    const sent = await h.send('owner', 'general', step.command.replace('{t}', `<@${target}>`));
    const reply = await h.fake.control.waitForMessage({
      channelId: sent.channel_id,
      after: sent.id,
      authorId: h.fake.botId,
      timeoutMs: 10_000,
    });
    const rows = await waitForModLogged(h, gid, before + 1, 10_000).catch((err: Error) => {
      throw new Error(`${step.label}: ${err.message}; the reply was ${JSON.stringify(textOf(reply))}`);
    });
    const newest = rows.reduce((a, b) => (a.number > b.number ? a : b));
    if (newest.number <= before || !getCase(h.app.db, gid, newest.number)?.modLogMessageId) {
      throw new Error(`${step.label}: no new mod-logged case`);
    }
    // Let stragglers (a DM after the reply) land before counting.
    await new Promise((r) => setTimeout(r, 150));
    const reqs = h.fake.world.requests.filter((r) => r.id > since);
    const routes: Record<string, number> = {};
    for (const r of reqs) {
      const key = `${r.method} ${r.route ?? r.path}`;
      routes[key] = (routes[key] ?? 0) + 1;
    }
    out.push({ action: step.label, requests: reqs.length, limited: reqs.filter(underGlobalLimit).length, routes });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const h = await startHarness();
  try {
    await prepareModerationGuild(h);
    for (const r of await measureRequestsPerAction(h)) {
      process.stdout.write(`${r.action}: ${r.requests} requests (${r.limited} under the global limit)\n`);
      for (const [route, n] of Object.entries(r.routes)) process.stdout.write(`    ${n} × ${route}\n`);
    }
  } finally {
    await h.stop();
  }
}
