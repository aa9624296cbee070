/** Commands with subcommands that also run on their own: prefix routing, the slash default, ranks, help; `cases`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arg, defineCommand, flag } from '#discord/commands/index.ts';
import { defineModule } from '#discord/module.ts';
import { listCases } from '#modules/cases/case-store.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

const tally = defineCommand({
  name: 'tally',
  aliases: ['ta'],
  description: 'Counts on its own; has subcommands too',
  category: 'Test',
  defaultRank: 2,
  args: { n: arg.integer({ description: 'A number', optional: true, min: 1, max: 99 }) },
  flags: { loud: flag.boolean({ description: 'Shout', aliases: ['l'] }) },
  slashDefault: { name: 'count', description: 'Count to n' },
  run: (ctx, { n, loud }) => ctx.reply(`TALLY own n=${n ?? 'none'} loud=${loud}`),
  subcommands: [
    defineCommand({
      name: 'open',
      aliases: ['o'],
      description: 'Anyone may run this one',
      defaultRank: 0,
      args: { word: arg.string({ description: 'A word' }) },
      run: (ctx, { word }) => ctx.reply(`TALLY open ${word}`),
    }),
  ],
});

const testModule = defineModule({ name: 'testing', description: 'Parent command tests', commands: [tally] });

describe('a command with subcommands that runs on its own', () => {
  let h: Harness;
  const say = async (text: string, user = 'owner') => textOf(await h.say(user, 'general', text));
  beforeAll(async () => {
    h = await startHarness({ modules: [testModule] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('runs the parent bare or with its own input, and subcommands by name or alias, by prefix', async () => {
    expect(await say('$tally')).toBe('TALLY own n=none loud=false');
    expect(await say('$tally 5 -l')).toBe('TALLY own n=5 loud=true');
    expect(await say('$ta open hi')).toBe('TALLY open hi');
    expect(await say('$tally O hi')).toBe('TALLY open hi');
    const bad = await say('$tally 500');
    expect(bad).toMatch(/must be at most 99/);
    expect(bad).toContain('Usage: `$tally [n] [-loud]`');
    expect(await say('$tally open')).toMatch(/Missing required argument: `word`[\s\S]*Usage: `\$tally open <word>`/);
  });

  it('registers a slash subcommand for the parent and runs it with the parent input', async () => {
    const registered = (await h.fake.control.commands({})) as {
      name: string;
      options?: { name: string; type: number }[];
    }[];
    const json = registered.find((c) => c.name === 'tally');
    expect(json?.options?.map((o) => [o.name, o.type])).toEqual([
      ['count', 1],
      ['open', 1],
    ]);
    const own = await h.slash('owner', 'general', {
      name: 'tally',
      subcommand: 'count',
      options: { n: 7, loud: true },
    });
    expect(textOf(own.original)).toBe('TALLY own n=7 loud=true');
    const bare = await h.slash('owner', 'general', { name: 'tally', subcommand: 'count' });
    expect(textOf(bare.original)).toBe('TALLY own n=none loud=false');
    const sub = await h.slash('member1', 'general', { name: 'tally', subcommand: 'open', options: { word: 'yo' } });
    expect(textOf(sub.original)).toBe('TALLY open yo');
    // Argument errors by slash show the slash form of what ran.
    const bad = await h.slash('owner', 'general', { name: 'tally', subcommand: 'count', options: { n: 500 } });
    expect(textOf(bad.original)).toMatch(/must be at most 99[\s\S]*Usage: `\/tally count \[n\] \[loud\]`/);
  });

  it("applies the parent's rank to its own run, the subcommand's to the subcommand", async () => {
    expect(await say('$tally 5', 'member1')).toMatch(/rank \*\*2\*\*.*\*\*`tally`\*\*/);
    expect(await say('$tally', 'member1')).toMatch(/rank \*\*2\*\*/);
    expect(await say('$tally open hi', 'member1')).toBe('TALLY open hi');
    const denied = await h.slash('member1', 'general', { name: 'tally', subcommand: 'count', options: { n: 1 } });
    expect(denied.ephemeral).toBe(true);
    expect(textOf(denied.original)).toMatch(/rank \*\*2\*\*/);
    // A guild override of the parent's rank reaches its own run.
    expect(await say('$config commands set 0 tally')).toMatch(/now needs rank \*\*0\*\*/);
    expect(await say('$tally 3', 'member1')).toBe('TALLY own n=3 loud=false');
    expect(await say('$config commands reset tally')).toMatch(/now needs rank \*\*2\*\*/);
  });

  it('shows both forms and the slash form in help', async () => {
    const detail = await say('$help tally');
    expect(detail).toContain('`$tally [n] [-loud]`\n`$tally <open>`\n`/tally count [n] [loud]`');
    expect(detail).toMatch(/`n` \(optional\) – A number/);
    expect(detail).toMatch(/`open` – Anyone may run this one/);
  });
});

describe('cases: bare, by number, by user, and its slash default', () => {
  let h: Harness;
  let gid: string;
  let carol: string;
  let dave: string;
  const say = async (text: string, user = 'owner') => textOf(await h.say(user, 'general', text));
  beforeAll(async () => {
    h = await startHarness();
    gid = h.id('guilds', 'demo');
    carol = h.id('users', 'member1');
    dave = h.id('users', 'member2');
    await say(`$warn <@${carol}> first -s`);
    await say(`$warn <@${carol}> second -s`);
    await say(`$warn <@${dave}> third -s`);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('lists all cases, shows one by number, lists a user’s by mention, id or name', async () => {
    const all = listCases(h.app.db, { guildId: gid, limit: 100 });
    expect(all).toHaveLength(3);
    expect(await say('$cases')).toMatch(/Total Cases: 3/);
    const second = all.find((c) => c.reason === 'second')!;
    expect(await say(`$cases ${second.number}`)).toMatch(
      new RegExp(`Case #${second.number} \\(WARN\\) viewed[\\s\\S]*> second`),
    );
    expect(await say(`$c #${second.number}`)).toMatch(new RegExp(`Case #${second.number} \\(WARN\\) viewed`));
    expect(await say(`$cases <@${carol}>`)).toMatch(/Total Cases for User: 2/);
    expect(await say(`$case ${dave}`)).toMatch(/Total Cases for User: 1/);
    expect(await say('$cases carol')).toMatch(/Total Cases for User: 2/);
    // The subcommands still route first.
    expect(await say(`$cases view ${second.number}`)).toMatch(/viewed/);
    expect(await say('$cases search -type warn')).toMatch(/by Type: WARN \(3\)/);
  });

  it('explains a bad argument and an unknown case', async () => {
    expect(await say('$cases nobody')).toContain(
      "Could not find case number or user 'nobody'. Use a case number (e.g., `123`) or mention a user (e.g., `@user`).",
    );
    expect(await say('$cases 0')).toMatch(/Could not find case number or user '0'/);
    expect(await say('$cases 9999')).toMatch(/Case not found\./);
    expect(await say('$cases', 'member1')).toMatch(/rank \*\*2\*\*.*`cases`/);
  });

  it('runs the same by the slash default /cases show', async () => {
    const all = await h.slash('owner', 'general', { name: 'cases', subcommand: 'show' });
    expect(all.ephemeral).toBe(true);
    expect(textOf(all.original)).toMatch(/Total Cases: 3/);
    const one = await h.slash('owner', 'general', { name: 'cases', subcommand: 'show', options: { case: '1' } });
    expect(textOf(one.original)).toMatch(/Case #1 \(WARN\) viewed/);
    const user = await h.slash('owner', 'general', {
      name: 'cases',
      subcommand: 'show',
      options: { case: `<@${dave}>` },
    });
    expect(textOf(user.original)).toMatch(/Total Cases for User: 1/);
    const bad = await h.slash('owner', 'general', { name: 'cases', subcommand: 'show', options: { case: 'x y' } });
    expect(textOf(bad.original)).toMatch(/Could not find case number or user 'x y'/);
  });
});
