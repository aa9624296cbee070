/** Reaction polls, native polls and poll bans through real discord.js and the emulator. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('polls', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ owners: ['owner'] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const waitFor = async (check: () => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (!check()) {
      if (Date.now() > until) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('starts a reaction poll with one keycap per option and removes other reactions', async () => {
    const r = await h.slash('member1', 'general', {
      name: 'poll',
      options: { title: 'Best editor?', options: 'vim, emacs , nano' },
    });
    const msg = r.original!;
    expect(msg.embeds?.[0]?.author?.name).toBe('Poll');
    expect(msg.embeds?.[0]?.title).toBe('Best editor?');
    expect(msg.embeds?.[0]?.description).toBe('1️⃣ vim\n2️⃣ emacs\n3️⃣ nano');
    const stored = () => h.fake.world.messages.get(msg.id)!;
    await waitFor(() => stored().reactions.size === 3);
    await h.fake.control.addReaction({ userId: h.id('users', 'member2'), messageId: msg.id, emoji: '2️⃣' });
    await h.fake.control.addReaction({ userId: h.id('users', 'member2'), messageId: msg.id, emoji: '🍕' });
    await waitFor(() => [...stored().reactions.values()].every((x) => x.emoji.name !== '🍕' || x.users.size === 0));
    const votes = [...stored().reactions.values()].find((x) => x.emoji.name === '2️⃣');
    expect(votes?.users.has(h.id('users', 'member2'))).toBe(true);
  });

  it('refuses option counts outside 2–9 with Tux words, by prefix too', async () => {
    const one = await h.slash('member2', 'general', { name: 'poll', options: { title: 'x', options: 'only one' } });
    expect(textOf(one.original)).toContain('Poll options count needs to be between 2-9, you provided 1 options.');
    const ten = textOf(await h.say('owner', 'general', '$poll "Pick" a,b,c,d,e,f,g,h,i,j'));
    expect(ten).toContain('you provided 10 options.');
    expect(textOf(await h.say('owner', 'general', '$poll "Pick" a,,b'))).toContain('An option is empty');
  });

  it("creates a native poll with Discord's duration", async () => {
    const reply = await h.say('owner', 'general', '$poll "Lunch?" pizza, sushi -native -hours 4');
    const poll = (reply as unknown as { poll?: { question: { text: string }; answers: unknown[]; expiry: string } })
      .poll;
    expect(poll?.question.text).toBe('Lunch?');
    expect(poll?.answers).toMatchObject([
      { answer_id: 1, poll_media: { text: 'pizza' } },
      { answer_id: 2, poll_media: { text: 'sushi' } },
    ]);
    const hours = (Date.parse(poll!.expiry) - Date.parse(reply.timestamp)) / 3_600_000;
    expect(hours).toBeCloseTo(4, 1);
    expect(h.fake.world.rejected).toEqual([]);
  });

  it('refuses a member whose latest poll case is a ban, and lets them in after an unban', async () => {
    const target = `<@${h.id('users', 'member3')}>`;
    expect(textOf(await h.say('owner', 'general', `$pollban ${target} spam polls`))).toMatch(/poll/i);
    const refused = await h.slash('member3', 'general', { name: 'poll', options: { title: 'x', options: 'a,b' } });
    expect(textOf(refused.original)).toContain('You are banned from creating polls.');
    expect(textOf(await h.say('owner', 'general', `$pollunban ${target} ok`))).toMatch(/poll/i);
    const allowed = await h.slash('member3', 'general', { name: 'poll', options: { title: 'Back', options: 'a,b' } });
    expect(allowed.original?.embeds?.[0]?.author?.name).toBe('Poll');
  });
});
