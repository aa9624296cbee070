import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '#discord/commands/errors.ts';
import { arg, defineCommand, flag } from '#discord/commands/index.ts';
import { defineModule } from '#discord/module.ts';
import { confirm } from '#discord/ui/index.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

const probe = defineCommand({
  name: 'probe',
  aliases: ['pr'],
  description: 'Echo parsed input',
  category: 'Test',
  defaultRank: 0,
  args: {
    member: arg.member({ description: 'Who' }),
    count: arg.integer({ description: 'How many', optional: true }),
    reason: arg.reason(),
  },
  flags: {
    loud: flag.boolean({ description: 'Shout', aliases: ['l'] }),
    times: flag.integer({ description: 'Repeat', min: 1, max: 5, default: 1 }),
    wait: flag.duration({ description: 'Delay' }),
  },
  async run(ctx, input) {
    await ctx.reply(
      `PROBE ${JSON.stringify({ member: input.member.id, count: input.count ?? null, reason: input.reason, loud: input.loud, times: input.times, wait: input.wait ?? null })}`,
    );
  },
});

const testModule = defineModule({
  name: 'testing',
  description: 'Commands for the framework tests',
  commands: [
    probe,
    defineCommand({
      name: 'guarded',
      description: 'Needs rank 3',
      category: 'Test',
      defaultRank: 3,
      run: (ctx) => ctx.reply('guarded ok'),
    }),
    defineCommand({
      name: 'secret',
      description: 'Owner only',
      category: 'Test',
      ownerOnly: true,
      run: (ctx) => ctx.reply('owner ok'),
    }),
    defineCommand({
      name: 'slow',
      description: 'Has a cooldown',
      category: 'Test',
      defaultRank: 0,
      cooldown: 30,
      run: (ctx) => ctx.reply('slow ok'),
    }),
    defineCommand({
      name: 'picky',
      description: 'Has a cooldown and refuses negative numbers',
      category: 'Test',
      defaultRank: 0,
      cooldown: 30,
      args: { n: arg.integer({ description: 'A number' }) },
      async run(ctx, { n }) {
        if (n < 0) throw new UserError('test.negative', 'The number must not be negative.');
        await ctx.reply(`picky ${n}`);
      },
    }),
    defineCommand({
      name: 'danger',
      description: 'Asks first',
      category: 'Test',
      defaultRank: 0,
      async run(ctx) {
        const ok = await confirm(ctx, { title: 'Really?', description: 'This cannot be undone.', timeoutMs: 5000 });
        await ctx.reply(ok ? 'did it' : 'kept it');
      },
    }),
    defineCommand({
      name: 'sleepy',
      description: 'Takes its time',
      category: 'Test',
      defaultRank: 0,
      async run(ctx) {
        await new Promise((r) => setTimeout(r, 2300));
        await ctx.reply('finally');
      },
    }),
    defineCommand({
      name: 'boom',
      description: 'Fails unexpectedly',
      category: 'Test',
      defaultRank: 0,
      run(ctx) {
        throw new Error(`database exploded with token ${ctx.app.config.current().bot.token}`);
      },
    }),
  ],
});

function probed(text: string): Record<string, unknown> {
  const m = /PROBE (\{.*\})/.exec(text);
  if (!m) throw new Error(`not a probe reply: ${text}`);
  return JSON.parse(m[1]!) as Record<string, unknown>;
}

describe('command framework end to end', () => {
  let h: Harness;
  let carol: string;
  beforeAll(async () => {
    h = await startHarness({ modules: [testModule], owners: ['admin'] });
    carol = h.id('users', 'member1');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers ping by prefix and by slash with the same result', async () => {
    const prefix = await h.say('member1', 'general', '$ping');
    expect(textOf(prefix)).toMatch(/Pong!/);
    expect(textOf(prefix)).toMatch(/Uptime/);
    const slash = await h.slash('member1', 'general', { name: 'ping' });
    expect(textOf(slash.original)).toMatch(/Pong!/);
    const fields = (m: typeof prefix | null) => m?.embeds?.[0]?.fields?.map((f) => f.name);
    expect(fields(slash.original)).toEqual(fields(prefix));
  });

  it('parses mentions, ids, names, quotes, rest-of-line text and flags by prefix', async () => {
    expect(
      probed(
        textOf(await h.say('member2', 'general', `$probe <@${carol}> 3 spamming "a lot" -loud -times 2 -wait 1h 30m`)),
      ),
    ).toEqual({
      member: carol,
      count: 3,
      reason: 'spamming "a lot"',
      loud: true,
      times: 2,
      wait: 5_400_000,
    });
    expect(probed(textOf(await h.say('member2', 'general', `$pr ${carol}`)))).toMatchObject({
      member: carol,
      count: null,
      reason: 'No reason provided',
      loud: false,
      times: 1,
    });
    expect(probed(textOf(await h.say('member2', 'general', '$probe carol -r being rude -L')))).toMatchObject({
      member: carol,
      reason: 'being rude',
      loud: true,
    });
  });

  it('gives the same input by slash', async () => {
    const res = await h.slash('member2', 'general', {
      name: 'probe',
      options: { member: carol, count: 3, reason: 'spamming "a lot"', loud: true, times: 2, wait: '1h30m' },
    });
    expect(probed(textOf(res.original))).toEqual({
      member: carol,
      count: 3,
      reason: 'spamming "a lot"',
      loud: true,
      times: 2,
      wait: 5_400_000,
    });
  });

  it('explains missing and invalid input with the usage line', async () => {
    const missing = textOf(await h.say('member2', 'general', '$probe'));
    expect(missing).toMatch(/Missing required argument: `member`/);
    expect(missing).toContain('Usage: `$probe @member [count] [reason] [-loud | -times | -wait]`');
    expect(textOf(await h.say('member2', 'general', `$probe ${carol} -times 9`))).toMatch(/`-times` must be at most 5/);
    expect(textOf(await h.say('member2', 'general', `$probe ${carol} -times`))).toMatch(/needs a value/);
    expect(textOf(await h.say('member2', 'general', `$probe ${carol} -wait soon`))).toMatch(/not a duration.*10m/s);
    expect(textOf(await h.say('member2', 'general', `$probe ${carol} "unclosed`))).toMatch(/never closed/);
    expect(textOf(await h.say('member2', 'general', '$probe nobody'))).toMatch(/Member not found: `nobody`/);
    const slashBad = await h.slash('member2', 'general', {
      name: 'probe',
      options: { member: carol, wait: 'forever' },
    });
    expect(slashBad.ephemeral).toBe(true);
    expect(textOf(slashBad.original)).toMatch(/not a duration/);
    // By slash the usage line is in slash syntax; by prefix (above) it stays in Tux's.
    expect(textOf(slashBad.original)).toContain(
      'Usage: `/probe member:<member> [count] [reason] [loud] [times] [wait]`',
    );
  });

  it('denies by rank with required and current rank, and lets roles, overrides and owners through', async () => {
    const denied = textOf(await h.say('member1', 'general', '$guarded'));
    expect(denied).toMatch(/You need permission rank \*\*3\*\* \(Moderator\) to use \*\*`guarded`\*\*/);
    expect(denied).toMatch(/Your current rank: \*\*0\*\*/);
    const slashDenied = await h.slash('member1', 'general', { name: 'guarded' });
    expect(slashDenied.ephemeral).toBe(true);
    expect(textOf(slashDenied.original)).toMatch(/rank \*\*3\*\*/);

    // The guild owner bypasses and assigns the moderator role rank 3.
    expect(textOf(await h.say('owner', 'general', '$guarded'))).toBe('guarded ok');
    const modRole = h.id('roles', 'moderatorRole');
    expect(textOf(await h.say('owner', 'general', `$config roles assign <@&${modRole}> 3`))).toMatch(
      /now has rank \*\*3\*\* \(Moderator\)/,
    );
    expect(textOf(await h.say('moderator', 'general', '$guarded'))).toBe('guarded ok');
    expect(textOf(await h.say('member1', 'general', '$guarded'))).toMatch(/rank \*\*3\*\*/);

    // A per-guild override lowers it; reset restores the default.
    expect(textOf(await h.say('owner', 'general', '$config commands set 0 guarded'))).toMatch(
      /now needs rank \*\*0\*\*/,
    );
    expect(textOf(await h.say('member1', 'general', '$guarded'))).toBe('guarded ok');
    expect(textOf(await h.say('owner', 'general', '$config commands reset guarded'))).toMatch(
      /now needs rank \*\*3\*\*/,
    );

    // Owner-only: not even the guild owner; the bot owner may; it can never get a rank.
    expect(textOf(await h.say('owner', 'general', '$secret'))).toMatch(/bot's owners only/);
    expect(textOf(await h.say('admin', 'general', '$secret'))).toBe('owner ok');
    expect(textOf(await h.say('owner', 'general', '$config commands set 0 secret'))).toMatch(
      /restricted to bot owners/,
    );
  });

  it('suggests close commands for typos and stays quiet otherwise', async () => {
    expect(textOf(await h.say('member1', 'general', '$pnig'))).toMatch(
      /Command `pnig` not found\. Did you mean: `\$ping`/,
    );
    await h.send('member1', 'general', '$qqqqqqqq');
    await h.send('member1', 'general', '$5 for the pizza?');
    const next = await h.say('member1', 'general', '$ping');
    expect(textOf(next)).toMatch(/Pong!/);
    const recent = await h.fake.control.messages({ channelId: h.id('channels', 'general'), limit: 4 });
    expect(recent.map((m) => textOf(m)).join('\n')).not.toMatch(/not found/);
  });

  it('lists only what the caller may run, and shows command details', async () => {
    const memberHelp = textOf(await h.say('member1', 'general', '$help'));
    expect(memberHelp).toMatch(/`ping`/);
    expect(memberHelp).toMatch(/`probe`/);
    expect(memberHelp).not.toMatch(/`config`|`guarded`|`secret`/);
    const ownerHelp = textOf(await h.say('owner', 'general', '$help'));
    expect(ownerHelp).toMatch(/`config`/);
    expect(ownerHelp).toMatch(/`guarded`/);
    expect(ownerHelp).not.toMatch(/`secret`/);
    expect(textOf(await h.say('member1', 'general', '$help config'))).toMatch(/No command `config` you can use/);
    const detail = textOf(await h.say('member1', 'general', '$help probe'));
    expect(detail).toContain('$probe @member [count] [reason] [-loud | -times | -wait]');
    expect(detail).toMatch(/`-loud` \(-l\)/);
    expect(detail).toMatch(/`-times`.*Default: 1/);
    expect(detail).toMatch(/Aliases\*\*\n`pr`/);
    expect(detail).toMatch(/Required rank\*\*\n0 \(Member\)/);
    const sub = textOf(await h.say('owner', 'general', '$help config ranks'));
    expect(sub).toMatch(/\$config ranks <init \| list \| create \| delete>/);

    const slash = await h.slash('member1', 'general', { name: 'help' });
    expect(slash.ephemeral).toBe(true);
    expect(textOf(slash.original)).toMatch(/`ping`/);
    // The category select is locked to the invoker and switches the page.
    const message = slash.original!;
    const other = await h.fake.control.selectMenu({
      userId: h.id('users', 'member2'),
      messageId: message.id,
      customId: 'help:category',
      values: ['Test'],
    });
    const refused = await h.fake.control.waitForInteractionResponse({
      interactionId: other.interactionId,
      timeoutMs: 5000,
    });
    expect(textOf(refused.original)).toMatch(/Only the person who ran this command/);
    const mine = await h.fake.control.selectMenu({
      userId: carol,
      messageId: message.id,
      customId: 'help:category',
      values: ['Test'],
    });
    const updated = await h.fake.control.waitForInteractionResponse({
      interactionId: mine.interactionId,
      timeoutMs: 5000,
    });
    expect(updated.callback?.type).toBe(7);
    expect(JSON.stringify(updated.callback?.data)).toMatch(/Test commands/);
  });

  it('enforces cooldowns with the time left', async () => {
    expect(textOf(await h.say('member3', 'general', '$slow'))).toBe('slow ok');
    expect(textOf(await h.say('member3', 'general', '$slow'))).toMatch(/Command on cooldown\. Wait (29|30)\.\ds/);
    expect(textOf(await h.say('member2', 'general', '$slow'))).toBe('slow ok');
  });

  it('starts no cooldown when the command refuses its input', async () => {
    expect(textOf(await h.say('member3', 'general', '$picky lots'))).toMatch(/Invalid Input/);
    expect(textOf(await h.say('member3', 'general', '$picky -1'))).toMatch(/must not be negative/);
    const slashRefused = await h.slash('member3', 'general', { name: 'picky', options: { n: -2 } });
    expect(textOf(slashRefused.original)).toMatch(/must not be negative/);
    expect(textOf(await h.say('member3', 'general', '$picky 4'))).toBe('picky 4');
    expect(textOf(await h.say('member3', 'general', '$picky 5'))).toMatch(/Command on cooldown/);
    const slashCooled = await h.slash('member3', 'general', { name: 'picky', options: { n: 6 } });
    expect(textOf(slashCooled.original)).toMatch(/Command on cooldown/);
  });

  it('reports unexpected errors with an id that is logged with the stack, never the secret', async () => {
    const reply = textOf(await h.say('member1', 'general', '$boom'));
    const id = /error id `([0-9a-f]{8})`/.exec(reply)?.[1];
    expect(id).toBeDefined();
    expect(reply).not.toContain(h.fake.token);
    expect(reply).not.toMatch(/exploded/);
    const logged = h.app.logs.hub.recent({ text: id! }, 10);
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged[0]!.fields)).toMatch(/stack/);
    expect(JSON.stringify(logged)).not.toContain(h.fake.token);
    const slash = await h.slash('member1', 'general', { name: 'boom' });
    expect(slash.ephemeral).toBe(true);
    expect(textOf(slash.original)).toMatch(/Something went wrong \(error id `[0-9a-f]{8}`\)/);
  });

  it('changes the prefix per guild; a bot mention always works', async () => {
    expect(textOf(await h.say('owner', 'general', '$config prefix !'))).toMatch(/prefix is now `!`/);
    expect(textOf(await h.say('member1', 'general', '!ping'))).toMatch(/Pong!/);
    expect(textOf(await h.say('member1', 'general', `<@${h.fake.botId}> ping`))).toMatch(/Pong!/);
    expect(textOf(await h.say('owner', 'general', '!config prefix toolong'))).toMatch(/1 to 5 characters/);
    expect(textOf(await h.say('owner', 'general', '!config prefix reset'))).toMatch(/prefix is now `\$`/);
  });

  it('blocks everyone but owners in maintenance mode', async () => {
    await h.app.config.set('bot.maintenance', true);
    try {
      expect(textOf(await h.say('member1', 'general', '$ping'))).toMatch(/Maintenance Mode/);
      expect(textOf(await h.say('admin', 'general', '$ping'))).toMatch(/Pong!/);
    } finally {
      await h.app.config.set('bot.maintenance', false);
    }
  });

  it('runs subcommand groups and autocomplete by slash', async () => {
    const list = await h.slash('owner', 'general', { name: 'config', subcommandGroup: 'ranks', subcommand: 'list' });
    expect(textOf(list.original)).toMatch(/\*\*3\*\* · Moderator/);
    const started = await h.fake.control.autocomplete({
      userId: carol,
      channelId: h.id('channels', 'general'),
      name: 'help',
      options: { command: 'pro' },
      focused: 'command',
    });
    const res = await h.fake.control.waitForInteractionResponse({
      interactionId: started.interactionId,
      timeoutMs: 5000,
    });
    expect(res.choices?.map((c) => c.value)).toContain('probe');
  });

  it('locks a confirm dialog to the invoker', async () => {
    const dialog = await h.say('member1', 'general', '$danger');
    expect(textOf(dialog)).toMatch(/Really\?/);
    const other = await h.fake.control.clickButton({
      userId: h.id('users', 'member2'),
      messageId: dialog.id,
      customId: 'confirm:yes',
    });
    const refused = await h.fake.control.waitForInteractionResponse({
      interactionId: other.interactionId,
      timeoutMs: 5000,
    });
    expect(refused.ephemeral).toBe(true);
    expect(textOf(refused.original)).toMatch(/Only the person who ran this command/);
    const mine = await h.fake.control.clickButton({ userId: carol, messageId: dialog.id, customId: 'confirm:yes' });
    await h.fake.control.waitForInteractionResponse({ interactionId: mine.interactionId, timeoutMs: 5000 });
    const after = await h.fake.control.waitForMessage({
      channelId: dialog.channel_id,
      after: dialog.id,
      authorId: h.fake.botId,
      contains: 'did it',
      timeoutMs: 5000,
    });
    expect(after.content).toBe('did it');
  });

  it('pages long lists with buttons', async () => {
    const first = await h.say('owner', 'general', '$config commands list');
    expect(first.embeds?.[0]?.footer?.text).toMatch(/^Page 1 of \d+/);
    const click = await h.fake.control.clickButton({
      userId: h.id('users', 'owner'),
      messageId: first.id,
      customId: 'page:next',
    });
    const res = await h.fake.control.waitForInteractionResponse({
      interactionId: click.interactionId,
      timeoutMs: 5000,
    });
    expect(res.callback?.type).toBe(7);
    expect(JSON.stringify(res.callback?.data)).toMatch(/Page 2 of/);
  });

  it('defers a slow slash command in time and fills the reply later', async () => {
    const started = await h.fake.control.runSlashCommand({
      userId: carol,
      channelId: h.id('channels', 'general'),
      name: 'sleepy',
    });
    const res = await h.fake.control.waitForInteractionResponse({
      interactionId: started.interactionId,
      timeoutMs: 8000,
    });
    expect(res.callback?.type).toBe(5);
    await new Promise((r) => setTimeout(r, 600));
    const view = await h.fake.control.interaction({ interactionId: started.interactionId });
    expect(textOf(view.original)).toBe('finally');
  });

  it('works in DMs with the default prefix and refuses guild-only commands there', async () => {
    const dm = await h.fake.control.sendDm({ userId: carol, content: '$ping' });
    const pong = await h.fake.control.waitForDm({ userId: carol, after: dm.id, timeoutMs: 5000 });
    expect(textOf(pong)).toMatch(/Pong!/);
    const dm2 = await h.fake.control.sendDm({ userId: carol, content: '$config' });
    const refused = await h.fake.control.waitForDm({ userId: carol, after: dm2.id, timeoutMs: 5000 });
    expect(textOf(refused)).toMatch(/cannot be used in private messages/);
  });

  it('answers random prefix input with a result or a clear refusal, never an unexpected error (fuzz)', async () => {
    const words = [
      '-loud',
      '-l',
      '-times',
      '2',
      '9',
      'x',
      '"a b"',
      '"',
      '-wait',
      '1h',
      'soon',
      '-r',
      '--reason',
      `<@${carol}>`,
      carol,
      '-',
      '--',
      '“q”',
    ];
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 40; i++) {
      const n = Math.floor(rand() * 6);
      const line = Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
      const reply = textOf(await h.say('member2', 'general', `$probe ${line}`));
      expect(reply, line).not.toMatch(/Something went wrong/);
      expect(reply, line).toMatch(/^PROBE |Invalid Input|Command Error/);
    }
  });
});
