/** Bookmarks through real discord.js and the emulator: 🔖 DMs a copy with its image, 🗑️ deletes it, closed DMs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('bookmarks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const waitFor = async <T>(get: () => T | undefined | Promise<T | undefined>, ms = 8000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await get();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('DMs the reactor the message with its image re-uploaded, and 🗑️ deletes the DM', async () => {
    const original = await h.fake.control.sendMessage({
      channelId: h.id('channels', 'general'),
      userId: h.id('users', 'member1'),
      content: 'a message worth keeping',
      files: [{ filename: 'dot.png', contentType: 'image/png', content: PNG.toString('base64'), base64: true }],
    });
    const reactor = h.id('users', 'member2');
    await h.fake.control.addReaction({ userId: reactor, messageId: original.id, emoji: '🔖' });
    const dm = await waitFor(async () =>
      (await h.fake.control.dmMessages({ userId: reactor })).find((m) => m.embeds[0]?.title === 'Message Bookmarked'),
    );
    expect(dm.embeds[0]?.description).toContain('a message worth keeping');
    expect(dm.embeds[0]?.description).toContain('**Attachments:**');
    expect(dm.embeds[0]?.fields?.find((f) => f.name === 'Jump to Message')?.value).toContain(original.id);
    expect(dm.embeds[0]?.footer?.text).toBe('In #general on Tux Demo');
    expect(dm.attachments.map((a) => a.filename)).toEqual(['dot.png']);
    expect(dm.attachments[0]?.size).toBe(PNG.length);
    await waitFor(() =>
      [...(h.fake.world.messages.get(dm.id)?.reactions.values() ?? [])].some((r) => r.emoji.name === '🗑️')
        ? true
        : undefined,
    );
    await h.fake.control.addReaction({ userId: reactor, messageId: dm.id, emoji: '🗑️' });
    await waitFor(() => (h.fake.world.messages.has(dm.id) ? undefined : true));
  });

  it('says so in the channel when the reactor has DMs closed', async () => {
    const member = h.id('users', 'member3');
    await h.fake.control.setDmsClosed({ userId: member, closed: true });
    const original = await h.send('member1', 'general', 'closed DMs test');
    await h.fake.control.addReaction({ userId: member, messageId: original.id, emoji: '🔖' });
    const notice = await h.fake.control.waitForMessage({
      channelId: original.channel_id,
      after: original.id,
      authorId: h.fake.botId,
      timeoutMs: 8000,
    });
    expect(notice.content).toBe(`<@${member}>, I couldn't send you a DM. Please check your privacy settings.`);
  });
});
