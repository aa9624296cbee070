/**
 * The moderation pipeline over time, through the real app against the Discord emulator: concurrent case numbering,
 * warn escalation, and tempban / temporary jail expiring while the appliance is down (the job runs at boot).
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Case, getCase, listCases } from '#modules/cases/case-store.ts';
import { expiryKey } from '#modules/moderation/expiry-keys.ts';
import { type App, createApp } from '#src/app.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
/** The app started after a restart (the harness stops only the first one). */
let restarted: App | null = null;
const R = (key: string) => h.id('roles', key);
const C = (key: string) => h.id('channels', key);
const guild = () => h.fake.world.guilds.get(gid)!;
const db = () => (restarted ?? h.app).db;
const allCases = (): Case[] => listCases(db(), { guildId: gid, limit: 10_000 });
const casesOf = (userId: string): Case[] => listCases(db(), { guildId: gid, userId, limit: 1000 });
const say = async (content: string, user = 'moderator') => textOf(await h.say(user, 'general', content));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let seq = 0;
async function newMember(roles: string[] = ['member']): Promise<string> {
  seq += 1;
  const u = await h.fake.control.createUser({ username: `life${seq}` });
  await h.fake.control.joinGuild({ guildId: gid, userId: u.id, roles: roles.map(R) });
  return u.id;
}

async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

beforeAll(async () => {
  h = await startHarness();
  gid = h.id('guilds', 'demo');
  expect(await say(`$config roles assign <@&${R('moderatorRole')}> 3`, 'owner')).toMatch(/rank \*\*3\*\*/);
  expect(await say(`$modlog set <#${C('modLog')}>`, 'owner')).toMatch(/logged in/);
  expect(await say(`$jailconfig set -role <@&${R('jail')}> -channel <#${C('jailChannel')}>`, 'owner')).toMatch(
    /Jail role/,
  );
}, 30_000);

afterAll(async () => {
  await restarted?.stop();
  await h?.stop();
});

/** When the last jail ran: jail has a 5 s cooldown per guild. */
let lastJailAt = 0;

describe('jail by slash, unjail by prefix', () => {
  it('swaps the roles for the jail role and gives them back', async () => {
    const a = await newMember(['member']);
    const r = await h.slash('moderator', 'general', { name: 'jail', options: { target: a, reason: 'calm down' } });
    lastJailAt = Date.now();
    expect(textOf(r.original)).toMatch(/\(JAIL\)[\s\S]*✅ DM sent/);
    expect(guild().members.get(a)?.roles).toEqual([R('jail')]);
    expect(await say(`$uj <@${a}> calm now`)).toMatch(/\(UNJAIL\)/);
    expect(guild().members.get(a)?.roles).toEqual([R('member')]);
  });
});

describe('case numbering', () => {
  it('numbers 40 concurrent warns (prefix and slash) without gap or duplicate, one mod-log post each', async () => {
    const targets = [await newMember(), await newMember(), await newMember(), await newMember()];
    const before = allCases().length;
    const n = 40;
    const runs: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const target = targets[i % targets.length]!;
      if (i % 2 === 0) {
        runs.push(h.send('moderator', 'general', `$warn <@${target}> concurrent ${i} -s`));
      } else {
        runs.push(
          h.fake.control
            .runSlashCommand({
              userId: h.id('users', 'moderator'),
              channelId: C('general'),
              name: 'warn',
              options: { target, reason: `concurrent ${i}`, silent: true },
            })
            .then((s) =>
              h.fake.control.waitForInteractionResponse({ interactionId: s.interactionId, timeoutMs: 20_000 }),
            ),
        );
      }
    }
    const started = Date.now();
    await Promise.all(runs);
    const rows = await until('all cases', () => {
      const all = allCases();
      return all.length === before + n && all.every((c) => c.modLogMessageId) ? all : null;
    });
    const elapsed = Date.now() - started;
    const numbers = rows.map((c) => c.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: before + n }, (_, i) => i + 1));
    const reasons = new Set(rows.filter((c) => c.reason.startsWith('concurrent')).map((c) => c.reason));
    expect(reasons.size).toBe(n);
    const posts = (await h.fake.control.messages({ channelId: C('modLog'), limit: 100 })).map(textOf);
    for (const c of rows) expect(posts.filter((p) => p.includes(`Case #${c.number} (${c.type})`))).toHaveLength(1);
    expect(elapsed).toBeLessThan(20_000);
  });
});

describe('escalation', () => {
  it('times a member out by the bot at the third active warning, with the threshold in the reason', async () => {
    expect(await say('$escalation add 3 timeout -duration 1h', 'owner')).toMatch(
      /At 3 active warnings within 1 month: timeout for 1 hour/,
    );
    expect(await say('$escalation list', 'owner')).toMatch(/\*\*3\*\* warnings within 1 month → timeout 1 hour/);
    const a = await newMember();
    await say(`$warn <@${a}> one -s`);
    await say(`$warn <@${a}> two -s`);
    expect(guild().members.get(a)?.communication_disabled_until ?? null).toBeNull();
    const third = await h.send('moderator', 'general', `$warn <@${a}> three -s`);
    await h.fake.control.waitForMessage({ channelId: C('general'), after: third.id, timeoutMs: 5000 });
    const timeout = await until('the escalation case', () => casesOf(a).find((c) => c.type === 'TIMEOUT'));
    expect(timeout.moderatorId).toBe(h.fake.botId);
    expect(timeout.reason).toMatch(
      /Automatic escalation: 3 active warnings within 1 month \(threshold 3 → timeout 1 hour\)/,
    );
    expect(timeout.metadata).toMatchObject({ automatic: true, escalation: { warnCount: 3, count: 3 } });
    const until1h = Date.parse(guild().members.get(a)!.communication_disabled_until!);
    expect(Math.abs(until1h - Date.now() - 3_600_000)).toBeLessThan(10_000);
    // The moderator is told, after the warning's own reply.
    const told = await until('the threshold notice', () =>
      h.fake.world
        .channelMessages(C('general'))
        .filter((m) => BigInt(m.id) > BigInt(third.id))
        .map((m) => JSON.stringify(m.embeds))
        .find((t) => t.includes('Warn threshold reached')),
    );
    expect(told).toMatch(new RegExp(`Case #${timeout.number} \\(TIMEOUT\\) applied automatically`));
    const post = await until('the escalation post', () => getCase(db(), gid, timeout.number)?.modLogMessageId);
    expect(textOf(await h.fake.control.message({ messageId: post }))).toMatch(/\(TIMEOUT\)[\s\S]*threshold 3/);
    // A fourth warning does not escalate again.
    await say(`$warn <@${a}> four -s`);
    expect(casesOf(a).filter((c) => c.type === 'TIMEOUT')).toHaveLength(1);
    expect(await say('$escalation remove 3', 'owner')).toMatch(/Removed the rule for 3 warnings/);
  });
});

describe('expiry across a restart', () => {
  it('lifts a tempban and a temporary jail that expired while the appliance was down', async () => {
    const banned = await newMember();
    const jailed = await newMember();
    const muted = await newMember();
    await sleep(Math.max(0, lastJailAt + 5100 - Date.now()));
    expect(await say(`$tempban <@${banned}> cool off -duration 3s -s`)).toMatch(/\(TEMPBAN\)/);
    const jail = await h.slash('moderator', 'general', {
      name: 'jail',
      options: { target: jailed, reason: 'think', duration: '3s', silent: true },
    });
    expect(textOf(jail.original)).toMatch(/\(JAIL\)/);
    expect(await say(`$timeout <@${muted}> hush -duration 3s -s`)).toMatch(/\(TIMEOUT\)/);
    expect(guild().bans.has(banned)).toBe(true);
    expect(guild().members.get(jailed)?.roles).toEqual([R('jail')]);
    const tempban = casesOf(banned)[0]!;
    const timeout = casesOf(muted)[0]!;
    expect(timeout.active).toBe(true);
    // The three expiry jobs are stored and still pending when the appliance stops.
    const keys = [expiryKey(gid, 'TEMPBAN', banned), expiryKey(gid, 'JAIL', jailed), expiryKey(gid, 'TIMEOUT', muted)];
    const status = (key: string) =>
      (db().sqlite.prepare('select status from scheduler_jobs where key = ?').get(key) as { status: string })?.status;
    expect(keys.map(status)).toEqual(['pending', 'pending', 'pending']);

    await h.app.stop();
    await sleep(3500);
    const bootLog: string[] = [];
    // Due while down: nothing happened yet.
    expect(guild().bans.has(banned)).toBe(true);
    expect(guild().members.get(jailed)?.roles).toEqual([R('jail')]);

    restarted = await createApp({
      configPath: path.join(h.dir, 'tux.toml'),
      env: {},
      cwd: h.dir,
      stdout: new Writable({
        write: (c, _e, cb) => {
          bootLog.push(String(c));
          cb();
        },
      }),
      discord: { syncDelayMs: 20, clientOptions: { waitGuildTimeout: 200 } },
    });
    await restarted.start();

    const unban = await until('the UNBAN case', () => casesOf(banned).find((c) => c.type === 'UNBAN'));
    expect(guild().bans.has(banned)).toBe(false);
    expect(unban).toMatchObject({ reason: 'Temporary ban expired', moderatorId: h.fake.botId });
    expect(getCase(db(), gid, tempban.number)?.active).toBe(false);
    const unbanPost = await until('the UNBAN post', () => getCase(db(), gid, unban.number)?.modLogMessageId);
    expect(textOf(await h.fake.control.message({ messageId: unbanPost }))).toMatch(
      /\(UNBAN\)[\s\S]*Temporary ban expired/,
    );

    const unjail = await until('the UNJAIL case', () => casesOf(jailed).find((c) => c.type === 'UNJAIL'));
    expect(unjail.reason).toBe('Temporary jail expired');
    expect(guild().members.get(jailed)?.roles).toEqual([R('member')]);
    const unjailPost = await until('the UNJAIL post', () => getCase(db(), gid, unjail.number)?.modLogMessageId);
    expect(textOf(await h.fake.control.message({ messageId: unjailPost }))).toMatch(/Temporary jail expired/);
    expect(keys.map(status)).toEqual(['done', 'done', expect.stringMatching(/pending|running|done/)]);
    // Discord ended the timeout by itself; the case is closed.
    await until('the TIMEOUT case closed', () => getCase(db(), gid, timeout.number)?.active === false).catch(
      (err: Error) => {
        throw new Error(`${err.message}; boot log:\n${bootLog.join('')}`);
      },
    );
  });
});
