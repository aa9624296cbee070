/**
 * Reminders through the real app and the emulator: a DM at the right time, the channel when DMs are closed, from
 * DMs, list and cancel, the per-user cap and bad input, and a reminder that falls due while the appliance is down
 * firing at the next start.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addReminder, remindersOf } from '#modules/reminders/reminder-store.ts';
import { type App, createApp } from '#src/app.ts';
import { type Harness, startHarness, textOf } from './harness.ts';

let h: Harness;
let second: App | null = null;
const U = (key: string) => h.id('users', key);
const C = (key: string) => h.id('channels', key);
const say = async (content: string, user = 'member1') => textOf(await h.say(user, 'general', content));
const dmText = async (userId: string) => (await h.fake.control.dmMessages({ userId })).map(textOf);

beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await second?.stop().catch(() => undefined);
  await h?.stop();
});

describe('reminders', () => {
  it('DMs the member at the right time and forgets the reminder', async () => {
    const set = await say('$remindme 2s stretch your legs');
    expect(set).toMatch(/Reminder Set/);
    expect(set).toMatch(/If you have DMs closed, we will attempt to send it in this channel instead\./);
    const [row] = remindersOf(h.app.db, U('member1'));
    expect(row).toMatchObject({ content: 'stretch your legs', channelId: C('general') });
    const dm = await h.fake.control.waitForDm({ userId: U('member1'), timeoutMs: 8000 });
    expect(textOf(dm)).toMatch(/Reminder\n.*stretch your legs/s);
    expect(Date.now()).toBeGreaterThanOrEqual(row!.remindAt);
    expect(remindersOf(h.app.db, U('member1'))).toHaveLength(0);
  });

  it('writes in the channel when the member’s DMs are closed', async () => {
    await h.fake.control.setDmsClosed({ userId: U('member2'), closed: true });
    const r = await h.slash('member2', 'general', { name: 'remindme', options: { time: '1s', reminder: 'water' } });
    expect(textOf(r.original)).toMatch(/Reminder Set/);
    const post = await h.fake.control.waitForMessage({
      channelId: C('general'),
      authorId: h.fake.botId,
      contains: 'Failed to DM you',
      timeoutMs: 8000,
    });
    expect(post.content).toBe(`<@${U('member2')}> Failed to DM you, sending in channel`);
    expect(textOf(post)).toMatch(/water/);
    await h.fake.control.setDmsClosed({ userId: U('member2'), closed: false });
  });

  it('works from DMs', async () => {
    const sent = await h.fake.control.sendDm({ userId: U('member3'), content: '$remindme 1h from a DM' });
    const reply = await h.fake.control.waitForDm({ userId: U('member3'), after: sent.id, timeoutMs: 5000 });
    expect(textOf(reply)).toMatch(/Reminder Set/);
    expect(remindersOf(h.app.db, U('member3'))[0]).toMatchObject({ guildId: null, content: 'from a DM' });
  });

  it('lists and cancels, only one’s own', async () => {
    await say('$remindme 2h first', 'member2');
    await say('$remindme 3h second', 'member2');
    const list = await say('$reminders list', 'member2');
    expect(list).toMatch(/Reminders \(2\/25\)/);
    const [first] = remindersOf(h.app.db, U('member2'));
    expect(await say(`$reminders cancel ${first!.id}`, 'member1')).toMatch(/You have no reminder/);
    expect(await say(`$reminders cancel ${first!.id}`, 'member2')).toMatch(/cancelled/);
    expect(remindersOf(h.app.db, U('member2')).map((r) => r.content)).toEqual(['second']);
    expect(h.app.scheduler.get(`reminder:${first!.id}`)?.status).toBe('cancelled');
  });

  it('refuses bad input and the 26th reminder, changing nothing', async () => {
    const before = remindersOf(h.app.db, U('owner')).length;
    expect(await say('$remindme 400d later', 'owner')).toMatch(/at most a year ahead/);
    expect(await say('$remindme soonish later', 'owner')).toMatch(/duration|time/i);
    expect(await say(`$remindme 1h ${'x'.repeat(2001)}`, 'owner')).toMatch(/2000/);
    for (let i = remindersOf(h.app.db, U('owner')).length; i < 25; i++) {
      addReminder(h.app.db, h.app.scheduler, {
        userId: U('owner'),
        guildId: null,
        channelId: C('general'),
        content: `r${i}`,
        remindAt: Date.now() + 3600_000,
      });
    }
    expect(before).toBe(0);
    expect(await say('$remindme 1h one more', 'owner')).toMatch(/already have 25 reminders/);
    expect(remindersOf(h.app.db, U('owner'))).toHaveLength(25);
  });

  it('fires a reminder that fell due while the appliance was down, at the next start', async () => {
    await say('$remindme 2s across a restart', 'member3');
    await h.app.stop();
    await new Promise((r) => setTimeout(r, 3000));
    expect(await dmText(U('member3'))).not.toEqual(expect.arrayContaining([expect.stringMatching(/across a restart/)]));
    second = await createApp({
      configPath: path.join(h.dir, 'tux.toml'),
      env: {},
      cwd: h.dir,
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      discord: { syncDelayMs: 20, retryDelayMs: 300, clientOptions: { waitGuildTimeout: 200 } },
    });
    await second.start();
    const deadline = Date.now() + 15_000;
    while (!(await dmText(U('member3'))).some((t) => /across a restart/.test(t))) {
      if (Date.now() > deadline) throw new Error('the reminder did not fire after the restart');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(remindersOf(second.db, U('member3')).map((r) => r.content)).toEqual(['from a DM']);
  }, 40_000);
});
