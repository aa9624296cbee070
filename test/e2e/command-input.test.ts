/**
 * What a newcomer types, through the real app and discord.js against the emulator: a duration as a plain word,
 * typos with swapped letters, a slash-only command by prefix, `-silent`, Tux's boolean words, slowmode wording and
 * usage lines.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Case, listCases } from '#modules/cases/case-store.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let gid: string;
const C = (key: string) => h.id('channels', key);
const R = (key: string) => h.id('roles', key);
const guild = () => h.fake.world.guilds.get(gid)!;
const latest = (userId: string): Case | undefined => listCases(h.app.db, { guildId: gid, userId, limit: 1 })[0];
const say = async (content: string, user = 'moderator') => textOf(await h.say(user, 'general', content));

let seq = 0;
async function newMember(): Promise<string> {
  seq += 1;
  const u = await h.fake.control.createUser({ username: `newbie${seq}`, globalName: `Newbie ${seq}` });
  await h.fake.control.joinGuild({ guildId: gid, userId: u.id, roles: [R('member')] });
  return u.id;
}

/** The bot's messages in #general after `after`, once `count` of them are there. */
async function botMessagesAfter(after: APIMessage, count: number): Promise<string[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const all = await h.fake.control.messages({ channelId: C('general'), limit: 50 });
    const mine = all
      .filter((m) => m.author.id === h.fake.botId && BigInt(m.id) > BigInt(after.id))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    if (mine.length >= count || Date.now() > deadline) return mine.map(textOf);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  // The guild owner is a bot owner here, so the second jail skips jail's per-guild cooldown.
  h = await startHarness({ owners: ['owner'] });
  gid = h.id('guilds', 'demo');
  expect(await say(`$config roles assign <@&${R('moderatorRole')}> 3`, 'owner')).toMatch(/rank \*\*3\*\*/);
  expect(await say(`$modlog set <#${C('modLog')}>`, 'owner')).toMatch(/Cases will be logged in/);
  expect(await say(`$jailconfig set -role <@&${R('jail')}> -channel <#${C('jailChannel')}>`, 'owner')).toMatch(
    /Jail role/,
  );
}, 30_000);

afterAll(async () => {
  await h?.stop();
});

describe('a duration as the word after the member', () => {
  it('times out, temp-bans and jails with `10m` right after the member, and still takes -duration', async () => {
    const carol = await newMember();
    const before = Date.now();
    expect(await say(`$timeout <@${carol}> 10m spamming`)).toMatch(/Case #\d+ \(TIMEOUT\)/);
    const timeout = latest(carol)!;
    expect(timeout.type).toBe('TIMEOUT');
    expect(timeout.reason).toBe('spamming');
    expect(timeout.expiresAt! - before).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
    expect(timeout.expiresAt! - before).toBeLessThan(11 * 60_000);
    expect(guild().members.get(carol)?.communication_disabled_until).toBeTruthy();

    const dave = await newMember();
    expect(await say(`$timeout <@${dave}> spam links -duration 1h`)).toMatch(/\(TIMEOUT\)/);
    expect(latest(dave)!.reason).toBe('spam links');
    expect(latest(dave)!.expiresAt! - Date.now()).toBeGreaterThan(59 * 60_000);

    const erin = await newMember();
    expect(await say(`$tempban <@${erin}> 1d cool off`)).toMatch(/\(TEMPBAN\)/);
    expect(latest(erin)!.reason).toBe('cool off');
    expect(latest(erin)!.expiresAt! - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(guild().bans.has(erin)).toBe(true);

    const frank = await newMember();
    expect(await say(`$jail <@${frank}> 2h rule 3`)).toMatch(/\(JAIL\)/);
    expect(latest(frank)!.reason).toBe('rule 3');
    expect(latest(frank)!.expiresAt).not.toBeNull();
    const gina = await newMember();
    expect(await say(`$jail <@${gina}> rule 3`, 'owner')).toMatch(/\(JAIL\)/);
    expect(latest(gina)!.reason).toBe('rule 3');
    expect(latest(gina)!.expiresAt).toBeNull();
  });

  it('says what is wrong with the duration instead of "missing flag", and changes nothing', async () => {
    const target = await newMember();
    const bad = await say(`$timeout <@${target}> 99x spamming`);
    expect(bad).toContain('`99x` is not a duration');
    expect(bad).not.toMatch(/Missing required flag/);
    expect(bad).toContain('$timeout @member <duration> [reason] [-silent]');
    expect(await say(`$tempban <@${target}> spamming`)).toContain('`spamming` is not a duration');
    expect(await say(`$timeout <@${target}>`)).toMatch(/Missing required argument: `duration`/);
    expect(latest(target)).toBeUndefined();
    expect(guild().members.get(target)?.communication_disabled_until ?? null).toBeNull();
  });
});

describe('typos and slash-only commands', () => {
  it('suggests `$ban` for `$bna`, but only to members who may ban', async () => {
    expect(await say('$bna')).toMatch(/Did you mean: `\$ban`/);
    // A member without the rank gets no ban suggestion: the next answer is the one to `$hepl`.
    const sent = await h.send('member1', 'general', '$bna');
    await h.send('member1', 'general', '$hepl');
    const [first] = await botMessagesAfter(sent, 1);
    expect(first).toMatch(/Command `hepl` not found\. Did you mean: `\$help`/);
  });

  it('answers `$report` with "use `/report`" and marks it in help', async () => {
    expect(await say('$report', 'member1')).toContain('use `/report`');
    const help = await say('$help', 'member1');
    expect(help).toContain('`/report`');
    expect(help).toMatch(/listed as `\/command` work only as slash commands/);
  });
});

describe('Tux wording', () => {
  it('reads a silent action as "DM skipped (silent)"', async () => {
    const target = await newMember();
    const text = await say(`$warn <@${target}> spam -silent`);
    expect(text).toContain('DM skipped (silent)');
    expect(text).not.toContain('DM not sent');
    expect((await h.fake.control.dmMessages({ userId: target })).length).toBe(0);
    // The mod-log post says the same.
    const c = latest(target)!;
    const deadline = Date.now() + 5000;
    let post = '';
    while (!post.includes(`Case #${c.number} (WARN)`) && Date.now() < deadline) {
      const posts = await h.fake.control.messages({ channelId: C('modLog'), limit: 20 });
      post = posts.map(textOf).find((t) => t.includes(`Case #${c.number} (WARN)`)) ?? '';
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(post).toContain('DM skipped (silent)');
    const loud = await newMember();
    expect(await say(`$warn <@${loud}> spam`)).toContain('✅ DM sent');
  });

  it("accepts Tux's boolean words and refuses others with Tux's message", async () => {
    const target = await newMember();
    expect(await say(`$warn <@${target}> spam -silent enabled`)).toContain('DM skipped (silent)');
    const c = latest(target)!;
    expect(await say(`$cases modify ${c.number} -status inactive`)).toMatch(/updated/);
    expect(latest(target)!.active).toBe(false);
    expect(await say(`$cases modify ${c.number} -status t`)).toMatch(/updated/);
    expect(latest(target)!.active).toBe(true);
    expect(await say(`$cases modify ${c.number} -status f`)).toMatch(/updated/);
    expect(latest(target)!.active).toBe(false);
    expect(await say(`$cases modify ${c.number} -status active`)).toMatch(/updated/);
    expect(latest(target)!.active).toBe(true);
    expect(await say(`$cases modify ${c.number} -status maybe`)).toContain(
      '`maybe` must be a boolean value (e.g. true/false, yes/no)',
    );
    expect(latest(target)!.active).toBe(true);
  });

  it('shows slowmode in minutes as Tux does, and gives the delay errors for -1 and abc', async () => {
    expect(await say('$slowmode 1h')).toMatch(/Slowmode has been set to 60 minutes in <#\d+>/);
    expect(await say('$slowmode 90')).toMatch(/set to 1 minute and 30 seconds/);
    expect(await say('$slowmode 6h')).toMatch(/set to 360 minutes/);
    expect(await say('$sm')).toMatch(/The slowmode in <#\d+> is 360 minutes\./);
    expect(await say('$slowmode -1')).toContain('Slowmode delay must be between 0 and 21600 seconds (6 hours).');
    expect(await say('$slowmode abc')).toContain('Invalid delay format. Examples: `5`, `5s`, `2m`');
    expect(await say('$slowmode #nowhere 5')).toContain('Channel not found');
    expect(h.fake.world.channels.get(C('general'))?.rate_limit_per_user).toBe(21_600);
    await say('$slowmode 0');
  });

  it('writes usage lines with @member', async () => {
    const text = await say('$help ban');
    expect(text).toContain('$ban @member [reason] [-purge | -silent]');
    expect(await say('$help tempban')).toContain('$tempban @member <duration> [reason] [-purge | -silent]');
  });
});
