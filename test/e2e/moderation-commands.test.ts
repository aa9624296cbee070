/**
 * Every moderation command through the real app (createApp, SQLite, discord.js) against the Discord emulator, by
 * slash and by prefix: the emulator's state after each action, the replies, the DMs and the mod-log posts.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminOp } from '#admin/run-op.ts';
import { type Case, getCase, listCases } from '#modules/cases/case-store.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const R = (key: string) => h.id('roles', key);
const guild = () => h.fake.world.guilds.get(gid)!;
const casesOf = (userId: string): Case[] => listCases(h.app.db, { guildId: gid, userId, limit: 1000 });
const latest = (userId: string): Case | undefined => casesOf(userId)[0];
const allCases = () => listCases(h.app.db, { guildId: gid, limit: 10_000 });

let seq = 0;
/** A new member (or plain user) so each test starts from a clean slate. */
async function newMember(roles: string[] = ['member'], join = true): Promise<string> {
  seq += 1;
  const u = await h.fake.control.createUser({ username: `target${seq}`, globalName: `Target ${seq}` });
  if (join) await h.fake.control.joinGuild({ guildId: gid, userId: u.id, roles: roles.map(R) });
  return u.id;
}

/** The case's mod-log post, once it is out (the reply to the moderator comes first). */
async function modLogPost(c: Case | undefined): Promise<APIMessage> {
  expect(c).toBeTruthy();
  const deadline = Date.now() + 3000;
  let stored = getCase(h.app.db, gid, c!.number);
  while (!stored?.modLogMessageId && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    stored = getCase(h.app.db, gid, c!.number);
  }
  expect(stored?.modLogMessageId).toBeTruthy();
  const m = await h.fake.control.message({ messageId: stored!.modLogMessageId! });
  expect(m).not.toBeNull();
  return m!;
}

const dmsTo = async (userId: string) => (await h.fake.control.dmMessages({ userId })).map(textOf);
const banned = (userId: string) => guild().bans.has(userId);
const rolesOf = (userId: string) => [...(guild().members.get(userId)?.roles ?? [])].sort();
const timedOutUntil = (userId: string) => guild().members.get(userId)?.communication_disabled_until ?? null;

/** Runs a slash command as the moderator and returns the text of the (ephemeral) answer. */
async function slash(name: string, options: Record<string, string | number | boolean>, user = 'moderator') {
  const r = await h.slash(user, 'general', { name, options });
  return { text: textOf(r.original) + r.followUps.map((f) => `\n${textOf(f)}`).join(''), r };
}
/**
 * Checks that the DM to `userId` was sent before (or after) the action's request (`method`, path ending); returns
 * the action's request.
 */
async function dmOrder(userId: string, method: string, pathEnd: string, order: 'before' | 'after') {
  const reqs = await h.fake.control.requests({});
  const action = reqs.findLast((r) => r.method === method && r.path.endsWith(pathEnd) && r.status < 300);
  const dmChannel = h.fake.world.dmWith(userId);
  const dm = reqs.findLast((r) => r.method === 'POST' && r.path === `/channels/${dmChannel?.id}/messages`);
  expect(action).toBeTruthy();
  expect(dm).toBeTruthy();
  if (order === 'before') expect(dm!.id).toBeLessThan(action!.id);
  else expect(dm!.id).toBeGreaterThan(action!.id);
  return action!;
}
const say = async (content: string, user = 'moderator') => textOf(await h.say(user, 'general', content));

/** Asserts a prefix command refused: the reply says so and no case was recorded. */
async function refused(content: string, pattern: RegExp, user = 'moderator') {
  const before = allCases().length;
  const text = await say(content, user);
  expect(text).toMatch(pattern);
  expect(allCases().length).toBe(before);
  return text;
}

beforeAll(async () => {
  h = await startHarness();
  gid = h.id('guilds', 'demo');
  // Settings commands, as the guild owner.
  expect(await say(`$config roles assign <@&${R('moderatorRole')}> 3`, 'owner')).toMatch(/rank \*\*3\*\*/);
  expect(await say(`$modlog set <#${C('modLog')}>`, 'owner')).toMatch(/Cases will be logged in/);
  expect(await say(`$jailconfig set -role <@&${R('jail')}> -channel <#${C('jailChannel')}>`, 'owner')).toMatch(
    /Jail role: <@&\d+>\nJail channel: <#\d+>/,
  );
}, 30_000);

afterAll(async () => {
  await h?.stop();
});

describe('settings', () => {
  it('shows the mod-log routes and routes one case type to its own channel', async () => {
    const set = await h.slash('owner', 'general', {
      name: 'modlog',
      subcommand: 'set',
      options: { channel: C('botCommands'), type: 'note' },
    });
    expect(textOf(set.original)).toMatch(/NOTE cases will be logged in <#\d+>/);
    const shown = await say('$modlog show', 'owner');
    expect(shown).toContain(`**Default** → <#${C('modLog')}>`);
    expect(shown).toContain(`\`NOTE\` → <#${C('botCommands')}>`);
    expect(await refused('$modlog set #general NOPE', /Unknown case type `NOPE`/, 'owner')).toMatch(/WARN/);

    const target = await newMember();
    expect(await say(`$note <@${target}> likes long threads`)).toMatch(/Case #\d+ \(NOTE\)/);
    const note = latest(target)!;
    expect(note.type).toBe('NOTE');
    expect((await modLogPost(note)).channel_id).toBe(C('botCommands'));
    expect(await dmsTo(target)).toEqual([]);

    expect(await say('$modlog unset NOTE', 'owner')).toMatch(/NOTE cases go to the default mod-log channel again/);
    await say(`$note <@${target}> second`);
    expect((await modLogPost(latest(target))).channel_id).toBe(C('modLog'));
    // Rank 5: a moderator may not change the settings.
    expect(await say(`$modlog set <#${C('general')}>`)).toMatch(/rank \*\*5\*\*/);
  });
});

describe('jail setup', () => {
  it('hides every channel from the jail role except the jail channel, and shows the settings', async () => {
    const r = await h.slash('owner', 'general', { name: 'jailconfig', subcommand: 'setup' });
    const jailRole = R('jail');
    const overwriteOf = (channelId: string) =>
      h.fake.world.channels.get(channelId)?.permission_overwrites?.find((o) => o.id === jailRole);
    const channels = [...h.fake.world.channels.values()].filter((c) => c.guild_id === gid && c.type !== 11);
    const deadline = Date.now() + 5000;
    let final = '';
    while (Date.now() < deadline) {
      final = textOf(await h.fake.control.message({ messageId: r.original!.id }));
      if (final.includes('Setup complete')) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    expect(final).toMatch(new RegExp(`Setup complete\\.\\*\\* Updated ${channels.length} channel\\(s\\)\\.$`));
    const VIEW = 1n << 10n;
    for (const c of channels) {
      const o = overwriteOf(c.id);
      expect(o, c.name ?? c.id).toBeTruthy();
      if (c.id === C('jailChannel')) expect(BigInt(o!.allow) & VIEW).toBe(VIEW);
      else expect(BigInt(o!.deny) & VIEW).toBe(VIEW);
    }
    expect(await say('$jailconfig show', 'owner')).toMatch(
      new RegExp(`Role: <@&${jailRole}>\\nChannel: <#${C('jailChannel')}>`),
    );
  });
  it('hides a newly created channel from the jail role', async () => {
    // Created through the REST API (as a Discord client would); the bot learns of it from CHANNEL_CREATE.
    const res = await fetch(`${h.fake.apiUrl}/v10/guilds/${gid}/channels`, {
      method: 'POST',
      headers: { authorization: `Bot ${h.fake.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'fresh-channel', type: 0 }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    const jailOverwrite = () =>
      h.fake.world.channels.get(created.id)?.permission_overwrites?.find((o) => o.id === R('jail'));
    await expect.poll(jailOverwrite, { timeout: 3000 }).toBeTruthy();
    const VIEW = 1n << 10n;
    const SEND = 1n << 11n;
    const HISTORY = 1n << 16n;
    const o = jailOverwrite()!;
    expect(o.type).toBe(0);
    expect(BigInt(o.deny) & (VIEW | SEND | HISTORY)).toBe(VIEW | SEND | HISTORY);
    expect(BigInt(o.allow)).toBe(0n);
    const puts = await h.fake.control.requests({
      method: 'PUT',
      route: '/channels/{channel_id}/permissions/{overwrite_id}',
    });
    expect(puts.filter((r) => r.path.includes(created.id))).toHaveLength(1);
  });
});

describe('ban, unban, tempban, hackban, kick', () => {
  it('bans by prefix: DM before the ban, purges their messages, logs the case', async () => {
    const target = await newMember();
    const mine = await h.send('member1', 'general', 'unrelated');
    // The target's own recent messages, which -purge 1 deletes.
    const spam: string[] = [];
    for (let i = 0; i < 3; i++) {
      const m = await h.fake.control.sendMessage({ channelId: C('general'), userId: target, content: `spam ${i}` });
      spam.push(m.id);
    }
    const text = await say(`$ban <@${target}> spam links -purge 1`);
    expect(text).toMatch(/Case #\d+ \(BAN\)/);
    expect(text).toContain('✅ DM sent');
    expect(text).toContain('> spam links');
    expect(banned(target)).toBe(true);
    for (const id of spam) expect(h.fake.world.messages.has(id)).toBe(false);
    expect(h.fake.world.messages.has(mine.id)).toBe(true);

    const banReq = await dmOrder(target, 'PUT', `/bans/${target}`, 'before');
    expect(banReq.auditLogReason).toBe('spam links');
    expect(banReq.body).toMatchObject({ delete_message_seconds: 86_400 });
    expect((await dmsTo(target))[0]).toMatch(/You have been banned[\s\S]*Tux Demo[\s\S]*> spam links[\s\S]*bob/);

    const c = latest(target)!;
    expect(c).toMatchObject({ type: 'BAN', active: true, moderatorId: U('moderator'), reason: 'spam links' });
    const post = textOf(await modLogPost(c));
    expect(post).toContain(`Case #${c.number} (BAN)`);
    expect(post).toContain('Moderator: **bob**');
    expect(post).toContain(`\`${target}\``);
    expect(post).toContain('Reason: > spam links');
  });

  it('bans and unbans by slash, and unbans by name by prefix', async () => {
    const target = await newMember();
    const { text, r } = await slash('ban', { target, reason: 'raid', silent: true });
    expect(r.ephemeral).toBe(true);
    expect(text).toMatch(/Case #\d+ \(BAN\)[\s\S]*🔕 DM skipped \(silent\)/);
    expect(banned(target)).toBe(true);
    expect(await dmsTo(target)).toEqual([]);

    const un = await slash('unban', { user: target, reason: 'appeal accepted' });
    expect(un.text).toMatch(/Case #\d+ \(UNBAN\)/);
    expect(banned(target)).toBe(false);
    expect(latest(target)).toMatchObject({ type: 'UNBAN', reason: 'appeal accepted' });
    expect(casesOf(target).find((c) => c.type === 'BAN')?.active).toBe(false);

    await say(`$ban ${target} again -s`);
    expect(banned(target)).toBe(true);
    const name = h.fake.world.users.get(target)!.username;
    expect(await say(`$unban ${name} sorted`)).toMatch(/\(UNBAN\)/);
    expect(banned(target)).toBe(false);
    await refused(`$unban ${target}`, new RegExp(`^Error\nCommand Error\n${name} is not banned.$`));
    await refused('$unban nobody-like-this', /Could not find 'nobody-like-this' in the ban list/);
  });

  it('tempbans by slash and prefix with an expiry and a scheduled unban', async () => {
    const a = await newMember();
    const { text } = await slash('tempban', { target: a, reason: 'cool off', duration: '7d' });
    expect(text).toMatch(/Case #\d+ \(TEMPBAN\)[\s\S]*✅ DM sent[\s\S]*Expires/);
    expect(banned(a)).toBe(true);
    await dmOrder(a, 'PUT', `/bans/${a}`, 'before');
    expect((await dmsTo(a))[0]).toMatch(/You have been temp banned for 1 week/);
    const c = latest(a)!;
    expect(c.expiresAt! - c.createdAt).toBe(7 * 86_400_000);
    expect(textOf(await modLogPost(c))).toMatch(/\(TEMPBAN\)[\s\S]*Expires: <t:\d+:R>/);

    const b = await newMember();
    expect(await say(`$tb <@${b}> again -t 1h -silent`)).toMatch(/\(TEMPBAN\)[\s\S]*DM skipped \(silent\)/);
    expect(banned(b)).toBe(true);
    await refused(`$tempban <@${await newMember()}> no duration`, /`no` is not a duration/);
  });

  it('hackbans a user who is not in the server, and refuses a member', async () => {
    const outsider = U('outsider');
    const { text } = await slash('hackban', { target: outsider, reason: 'known raider' });
    expect(text).toMatch(/\(HACKBAN\)/);
    expect(banned(outsider)).toBe(true);
    expect(await dmsTo(outsider)).toEqual([]);
    expect(await refused(`$hackban ${outsider}`, /already banned/)).toBeTruthy();
    const another = await newMember([], false);
    expect(await say(`$hb ${another} same raid -purge 7`)).toMatch(/\(HACKBAN\)/);
    expect(banned(another)).toBe(true);
    expect(await refused(`$hb <@${await newMember()}>`, /is in this server: use `ban` instead/)).toBeTruthy();
    // ban also takes any user by id; no DM can reach someone outside the server.
    const stranger = await newMember([], false);
    expect(await say(`$ban ${stranger} ban evasion`)).toMatch(/\(BAN\)[\s\S]*DM not sent/);
    expect(banned(stranger)).toBe(true);
  });

  it('kicks by prefix and slash, DMing before the kick', async () => {
    const a = await newMember();
    expect(await say(`$kick <@${a}> rude`)).toMatch(/\(KICK\)[\s\S]*✅ DM sent/);
    expect(guild().members.has(a)).toBe(false);
    expect((await dmsTo(a))[0]).toMatch(/You have been kicked/);
    await dmOrder(a, 'DELETE', `/members/${a}`, 'before');
    const b = await newMember();
    const { text } = await slash('kick', { target: b, silent: true });
    expect(text).toMatch(/\(KICK\)[\s\S]*DM skipped \(silent\)[\s\S]*No reason provided/);
    expect(guild().members.has(b)).toBe(false);
    expect(await dmsTo(b)).toEqual([]);
  });
});

describe('warn, note, timeout, jail, snippet and poll bans', () => {
  it('warns by slash and prefix, DMing after the case unless -silent', async () => {
    const a = await newMember();
    const { text } = await slash('warn', { target: a, reason: 'be nice' });
    expect(text).toMatch(/\(WARN\)[\s\S]*✅ DM sent/);
    expect((await dmsTo(a))[0]).toMatch(/You have been warned[\s\S]*> be nice/);
    expect(await say(`$w <@${a}> quietly -silent`)).toMatch(/\(WARN\)[\s\S]*DM skipped \(silent\)/);
    expect(await dmsTo(a)).toHaveLength(1);
    // Closed DMs: the case stands, the moderator is told.
    await h.fake.control.setDmsClosed({ userId: a, closed: true });
    expect(await say(`$warn <@${a}> third`)).toMatch(/\(WARN\)[\s\S]*❌ DM not sent/);
    expect(casesOf(a).map((c) => c.type)).toEqual(['WARN', 'WARN', 'WARN']);
  });

  it('notes by slash on a non-member', async () => {
    const outsider = await newMember([], false);
    const { text } = await slash('note', { target: outsider, reason: 'seen in another server' });
    expect(text).toMatch(/\(NOTE\)/);
    expect(latest(outsider)).toMatchObject({ type: 'NOTE', reason: 'seen in another server' });
  });

  it('times out with the 28-day clamp and lifts it, by slash and prefix', async () => {
    const a = await newMember();
    const { text } = await slash('timeout', { target: a, reason: 'flood', duration: '30d' });
    expect(text).toMatch(/\(TIMEOUT\)/);
    expect(text).toContain("Timeout duration exceeds Discord's maximum of 28 days");
    const until = Date.parse(timedOutUntil(a)!);
    expect(until - Date.now()).toBeGreaterThan(27.9 * 86_400_000);
    expect(until - Date.now()).toBeLessThanOrEqual(28 * 86_400_000);
    expect((await dmsTo(a))[0]).toMatch(/You have been timed out for 4 weeks/);
    await dmOrder(a, 'PATCH', `/members/${a}`, 'after');
    expect(textOf(await modLogPost(latest(a)))).toContain("exceeds Discord's maximum of 28 days");
    expect(await refused(`$timeout <@${a}> -duration 1h`, /is already timed out/)).toBeTruthy();

    expect(await say(`$untimeout <@${a}> served`)).toMatch(/\(UNTIMEOUT\)/);
    expect(timedOutUntil(a)).toBeNull();
    expect((await dmsTo(a))[1]).toMatch(/You have been removed from timeout/);
    expect(await refused(`$unmute <@${a}>`, /is not timed out/)).toBeTruthy();

    expect(await say(`$mute <@${a}> again -d 10m -s`)).toMatch(/\(TIMEOUT\)/);
    expect(Date.parse(timedOutUntil(a)!) - Date.now()).toBeLessThanOrEqual(600_000);
    const { text: un } = await slash('untimeout', { target: a, silent: true });
    expect(un).toMatch(/\(UNTIMEOUT\)/);
    expect(timedOutUntil(a)).toBeNull();
  });

  it('jails (roles swapped for the jail role) and unjails (roles restored), by prefix and slash', async () => {
    // A fellow moderator: only the owner may jail them (jail has a 5 s cooldown per guild, so once only).
    const a = await newMember(['member', 'moderatorRole']);
    expect(await say(`$jail <@${a}> cool down`, 'owner')).toMatch(/\(JAIL\)/);
    expect(rolesOf(a)).toEqual([R('jail')]);
    await dmOrder(a, 'PUT', `/roles/${R('jail')}`, 'after');
    // Leaving and rejoining does not escape the jail.
    await h.fake.control.leaveGuild({ guildId: gid, userId: a });
    await h.fake.control.joinGuild({ guildId: gid, userId: a, roles: [R('member')] });
    const deadline = Date.now() + 3000;
    while (rolesOf(a).join() !== R('jail') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(rolesOf(a)).toEqual([R('jail')]);
    const jail = latest(a)!;
    expect([...jail.userRoles].sort()).toEqual([R('member'), R('moderatorRole')].sort());
    const { text } = await h
      .slash('owner', 'general', { name: 'unjail', options: { target: a, reason: 'ok' } })
      .then((r) => ({ text: textOf(r.original) }));
    expect(text).toMatch(/\(UNJAIL\)/);
    expect(rolesOf(a)).toEqual([R('member'), R('moderatorRole')].sort());
    expect((await dmsTo(a)).slice(-2)).toEqual([
      expect.stringMatching(/You have been jailed/),
      expect.stringMatching(/You have been removed from jail/),
    ]);
    expect(await refused(`$unjail <@${a}>`, /User is not jailed/, 'owner')).toBeTruthy();
  });

  it('snippet and poll bans record cases and refuse repeats', async () => {
    const a = await newMember();
    expect((await slash('snippetban', { target: a, reason: 'bad snippets' })).text).toMatch(/\(SNIPPETBAN\)/);
    await refused(`$sb <@${a}>`, /already snippet banned/);
    expect(await say(`$snippetunban <@${a}>`)).toMatch(/\(SNIPPETUNBAN\)/);
    await refused(`$sub <@${a}>`, /not snippet banned/);
    expect(await say(`$pb <@${a}> -s`)).toMatch(/\(POLLBAN\)/);
    await refused(`$pollban <@${a}>`, /already poll banned/);
    expect((await slash('pollunban', { target: a })).text).toMatch(/\(POLLUNBAN\)/);
    expect(casesOf(a).map((c) => c.type)).toEqual(['POLLUNBAN', 'POLLBAN', 'SNIPPETUNBAN', 'SNIPPETBAN']);
    expect((await dmsTo(a))[0]).toMatch(/You have been snippet banned/);
  });
});

describe('purge, slowmode, report', () => {
  it('purges by prefix and slash and reports the count', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await h.send('member1', 'botCommands', `noise ${i}`)).id);
    const reply = await h.say('moderator', 'botCommands', '$purge 4');
    expect(textOf(reply)).toMatch(/Purged 4 messages in <#\d+>/);
    // The newest four went (and the command message itself); the two oldest stay.
    expect(ids.map((id) => h.fake.world.messages.has(id))).toEqual([true, true, false, false, false, false]);
    const { text } = await slash('purge', { limit: 10, channel: C('botCommands') });
    expect(text).toMatch(/Purged \d+ messages?/);
    for (const id of ids) expect(h.fake.world.messages.has(id)).toBe(false);
    // The mod-log notice follows the reply (within a second when other posts just went out).
    await expect
      .poll(async () => (await h.fake.control.messages({ channelId: C('modLog'), limit: 5 })).map(textOf).join('\n'), {
        timeout: 5000,
      })
      .toMatch(/Messages purged[\s\S]*4 message\(s\) deleted/);
    await refused('$purge 0', /Invalid amount, maximum 500, minimum 1/);
    await refused('$purge 501', /Invalid amount, maximum 500, minimum 1/);
  });

  it('leaves messages older than 14 days and says why, by prefix and slash', async () => {
    const DAY = 86_400_000;
    const send = (days: number, i: number) =>
      h.fake.control.sendMessage({
        channelId: C('botCommands'),
        userId: U('member1'),
        content: `${days ? 'old' : 'new'} ${i}`,
        ...(days ? { createdAt: new Date(Date.now() - days * DAY).toISOString() } : {}),
      });
    const old = [await send(20, 0), await send(15, 1), await send(14.01, 2)];
    const fresh = [await send(0, 3), await send(0, 4)];
    const reply = await h.say('moderator', 'botCommands', '$purge 5');
    expect(textOf(reply)).toMatch(
      /Purged 2 messages in <#\d+>\. Note: Discord only allows bulk deletion of messages less than 14 days old\./,
    );
    expect(fresh.map((m) => h.fake.world.messages.has(m.id))).toEqual([false, false]);
    expect(old.map((m) => h.fake.world.messages.has(m.id))).toEqual([true, true, true]);

    // By slash: only the bot's reply (not yet auto-deleted) is under 14 days old.
    const { text } = await slash('purge', { limit: 3, channel: C('botCommands') });
    expect(text).toMatch(/Purged 1 message in <#\d+>\. Note: Discord only allows bulk deletion/);
    expect(h.fake.world.messages.has(reply.id)).toBe(false);
    expect(old.map((m) => h.fake.world.messages.has(m.id))).toEqual([true, true, true]);
    // Discord was never asked to delete a message it would refuse (50034).
    expect((await h.fake.control.rejected()).filter((r) => r.path.includes('bulk-delete'))).toEqual([]);
    const deletes = await h.fake.control.requests({ method: 'DELETE' });
    for (const m of old) expect(deletes.some((r) => r.path.endsWith(m.id))).toBe(false);
  });

  it('sets, reads and clears slowmode', async () => {
    expect(await say('$slowmode 10s')).toMatch(/Slowmode has been set to 10 seconds in <#\d+>/);
    expect(h.fake.world.channels.get(C('general'))?.rate_limit_per_user).toBe(10);
    expect(await say('$sm')).toMatch(/The slowmode in <#\d+> is 10 seconds/);
    const { text } = await slash('slowmode', { channel_or_delay: `<#${C('botCommands')}>`, delay: '2m' });
    expect(text).toMatch(/set to 2 minutes/);
    expect(h.fake.world.channels.get(C('botCommands'))?.rate_limit_per_user).toBe(120);
    expect(await say('$slowmode 0')).toMatch(/disabled/);
    expect(h.fake.world.channels.get(C('general'))?.rate_limit_per_user ?? 0).toBe(0);
    expect(await say('$slowmode 7h')).toMatch(/between 0 and 21600 seconds/);
  });

  it('takes an anonymous report through a modal and posts it with a thread', async () => {
    const notSet = await slash('report', {}, 'member1');
    expect(notSet.text).toMatch(/report log channel has not been set up/);
    expect(await say(`$reportlog set <#${C('reportLog')}>`, 'owner')).toMatch(/Reports will be posted in/);
    const started = await h.fake.control.runSlashCommand({
      userId: U('member1'),
      channelId: C('general'),
      name: 'report',
    });
    const shown = await h.fake.control.waitForInteractionResponse({ interactionId: started.interactionId });
    expect(shown.modal).toMatchObject({ title: 'Submit an anonymous report' });
    const submit = await h.fake.control.submitModal({
      userId: U('member1'),
      interactionId: started.interactionId,
      fields: { title: 'erin', body: 'keeps posting scam links' },
    });
    const done = await h.fake.control.waitForInteractionResponse({ interactionId: submit.interactionId });
    expect(textOf(done.original)).toMatch(/Your report has been submitted/);
    expect(done.ephemeral).toBe(true);
    const post = (await h.fake.control.messages({ channelId: C('reportLog') })).at(-1)!;
    expect(textOf(post)).toMatch(/Anonymous report for erin[\s\S]*keeps posting scam links/);
    expect(textOf(post)).not.toContain('carol');
    const threads = [...h.fake.world.channels.values()].filter((c) => c.parent_id === C('reportLog'));
    expect(threads.map((t) => t.name)).toContain('Anonymous report for erin');
  });
});

describe('cases', () => {
  it('views, searches and modifies cases; modify edits the mod-log post', async () => {
    const a = await newMember();
    await say(`$warn <@${a}> first -s`);
    await say(`$warn <@${a}> second -s`);
    const c = latest(a)!;
    const one = await h.slash('moderator', 'general', {
      name: 'cases',
      subcommand: 'view',
      options: { case: String(c.number) },
    });
    expect(textOf(one.original)).toMatch(new RegExp(`Case #${c.number} \\(WARN\\) viewed[\\s\\S]*> second`));
    expect(await say(`$cases view <@${a}>`)).toMatch(/Total Cases for User: 2/);
    const all = await h.slash('moderator', 'general', { name: 'cases', subcommand: 'view' });
    expect(textOf(all.original)).toMatch(new RegExp(`Total Cases: ${allCases().length}`));
    expect(await say('$cases view 999999')).toMatch(/Case not found/);
    const search = await h.slash('moderator', 'general', {
      name: 'cases',
      subcommand: 'search',
      options: { type: 'warn', user: a },
    });
    expect(textOf(search.original)).toMatch(/by Type: WARN \(2\)/);

    // The case's mod-log post is out (a burst's posts leave within a second) before it is modified.
    await modLogPost(c);
    const modified = await say(`$cases modify ${c.number} -reason spam in #general -status false`, 'moderator');
    expect(modified).toMatch(/updated/);
    expect(getCase(h.app.db, gid, c.number)).toMatchObject({ reason: 'spam in #general', active: false });
    const post = textOf(await modLogPost(getCase(h.app.db, gid, c.number)));
    expect(post).toMatch(/Case Updated/);
    expect(post).toMatch(/> spam in #general/);
    expect(post).toMatch(/Last updated by bob/);
    expect(await say(`$cases modify ${c.number}`)).toMatch(/Status or reason must be provided/);
  });
});

describe('refusals', () => {
  it('refuses by the hierarchy with a clear message and no action', async () => {
    await refused(`$kick <@${U('admin')}>`, /equal or higher role than yours/);
    expect(guild().members.has(U('admin'))).toBe(true);
    // The owner outranks everyone, but the bot is below the admin role.
    await refused(`$ban <@${U('admin')}>`, /their role is equal to or higher than mine/, 'owner');
    expect(banned(U('admin'))).toBe(false);
    await refused(`$warn <@${U('moderator')}>`, /You cannot moderate yourself/);
    await refused(`$ban <@${U('owner')}>`, /You cannot moderate the server owner/);
    expect(banned(U('owner'))).toBe(false);
    const { text } = await slash('timeout', { target: U('admin'), duration: '1h' });
    expect(text).toMatch(/equal or higher role than yours/);
    expect(timedOutUntil(U('admin'))).toBeNull();
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    await refused('$warn 123456789012345678 hi', /User not found: `123456789012345678`. Mention them or give their id/);
    await refused('$ban 123456789012345678 hi', /User not found: `123456789012345678`/);
    const gone = await newMember([], false);
    await refused(`$kick <@${gone}>`, /is not in this server/);
    await refused(`$timeout <@${U('otherBot')}> -duration 1h`, /Bots cannot be timed out/);
    const a = await newMember();
    await refused(`$timeout <@${a}> -duration soon`, /`soon` is not a duration\. Use a number and a unit/);
    expect((await slash('timeout', { target: a, duration: 'soon' })).text).toMatch(/`soon` is not a duration/);
    await refused(`$timeout <@${a}> spam`, /`spam` is not a duration/);
    await refused(`$tempban <@${a}> -duration 0s`, /duration/);
    expect(banned(a)).toBe(false);
    expect(timedOutUntil(a)).toBeNull();
    await refused(`$warn <@${a}> ${'x'.repeat(2001)}`, /`reason` must be at most 2000 characters/);
    const long = await slash('warn', { target: a, reason: 'y'.repeat(2001) });
    expect(long.text).toMatch(/2000/);
    expect(casesOf(a)).toEqual([]);
  });

  it('records a voided case when Discord refuses the action', async () => {
    const a = await newMember();
    await h.fake.control.injectFault({ kind: 'server-error', status: 403, method: 'PUT', route: '/guilds/*' });
    const text = await say(`$ban <@${a}> spam -s`);
    await h.fake.control.clearFaults();
    expect(text).toMatch(/Action Failed[\s\S]*I could not ban[\s\S]*Ban Members[\s\S]*Case #\d+ was voided/);
    expect(banned(a)).toBe(false);
    const c = latest(a)!;
    expect(c).toMatchObject({ type: 'BAN', active: false });
    expect(c.reason).toMatch(/^spam \[VOIDED: /);
    expect(textOf(await modLogPost(c))).toMatch(/inactive[\s\S]*voided/);
  });

  it('rides out a 500 and a 429 from Discord, and never lets a broken mod log block an action', async () => {
    const a = await newMember();
    await h.fake.control.injectFault({ kind: 'server-error', status: 500, method: 'PUT', route: '/guilds/*' });
    expect(await say(`$ban <@${a}> retried -s`)).toMatch(/\(BAN\)/);
    expect(banned(a)).toBe(true);
    const b = await newMember();
    await h.fake.control.injectFault({ kind: 'rate-limit', method: 'DELETE', route: '/guilds/*', retryAfterMs: 100 });
    expect(await say(`$kick <@${b}> limited -s`)).toMatch(/\(KICK\)/);
    expect(guild().members.has(b)).toBe(false);

    const c = await newMember();
    await h.fake.control.injectFault({
      kind: 'server-error',
      status: 403,
      method: 'POST',
      route: `/channels/${C('modLog')}/messages`,
    });
    expect(await say(`$warn <@${c}> log is broken -s`)).toMatch(/\(WARN\)/);
    await new Promise((r) => setTimeout(r, 200));
    expect(latest(c)).toMatchObject({ type: 'WARN', active: true, modLogMessageId: null });
    await h.fake.control.clearFaults();
    await say(`$warn <@${c}> log is back -s`);
    expect((await modLogPost(latest(c))).channel_id).toBe(C('modLog'));
  });
});

describe('admin console', () => {
  it('lists and shows cases through the registered admin ops', async () => {
    const actor = { id: 'cli:test', role: 'viewer' as const };
    const rows = (await runAdminOp(h.app, 'cases.list', { guildId: gid, limit: 5 }, actor)) as Case[];
    expect(rows).toHaveLength(5);
    expect(rows[0]!.number).toBe(Math.max(...allCases().map((c) => c.number)));
    const one = await runAdminOp(h.app, 'cases.view', { guildId: gid, number: 1 }, actor);
    expect(one).toMatchObject({ number: 1, guildId: gid });
    await expect(runAdminOp(h.app, 'cases.view', { guildId: gid, number: 99_999 }, actor)).rejects.toThrow(
      /no case #99999/,
    );
  });
});
