/** flagremover through real discord.js and the emulator: off until channels are set, then flags are taken off. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

describe('flagremover plugin', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  const reactors = (messageId: string, emoji: string) => [
    ...(h.fake.world.messages.get(messageId)?.reactions.get(emoji)?.users ?? []),
  ];
  const react = (user: string, messageId: string, emoji: string) =>
    h.fake.control.addReaction({ userId: h.id('users', user), messageId, emoji });
  /** Waits until the bot has handled a marker reaction added after the others (events arrive in order). */
  async function settle(messageId: string): Promise<void> {
    await react('member2', messageId, '🔚');
    await react('member2', messageId, '🇫🇷');
    const until = Date.now() + 8000;
    while (reactors(messageId, '🇫🇷').length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    expect(reactors(messageId, '🇫🇷')).toEqual([]);
  }

  it('leaves every reaction alone until a server sets channels', async () => {
    const message = await h.send('member1', 'general', 'where are you from?');
    await react('member1', message.id, '🇺🇸');
    await new Promise((r) => setTimeout(r, 500));
    expect(reactors(message.id, '🇺🇸')).toEqual([h.id('users', 'member1')]);
  });

  it('removes members’ flag reactions in the chosen channels only, and keeps the rest', async () => {
    const guildId = h.id('guilds', 'demo');
    h.app.settings.set('flagremover', guildId, 'channels', [h.id('channels', 'general')], 'test');
    h.app.settings.set('flagremover', guildId, 'extra_emojis', ['🚩'], 'test');
    const message = await h.send('member1', 'general', 'flags please');
    for (const e of ['🇺🇸', '🏴󠁧󠁢󠁥󠁮󠁧󠁿', '🚩', '👍', '🏳️']) await react('member1', message.id, e);
    await settle(message.id);
    expect(reactors(message.id, '🇺🇸')).toEqual([]);
    expect(reactors(message.id, '🏴󠁧󠁢󠁥󠁮󠁧󠁿')).toEqual([]);
    expect(reactors(message.id, '🚩')).toEqual([]);
    expect(reactors(message.id, '👍')).toEqual([h.id('users', 'member1')]);
    expect(reactors(message.id, '🏳️')).toEqual([h.id('users', 'member1')]);

    const other = { id: h.id('channels', 'botCommands') };
    const there = await h.fake.control.sendMessage({
      channelId: other.id,
      userId: h.id('users', 'member1'),
      content: 'hi',
    });
    await react('member1', there.id, '🇩🇪');
    await new Promise((r) => setTimeout(r, 500));
    expect(reactors(there.id, '🇩🇪')).toEqual([h.id('users', 'member1')]);
  });

  it('is switched off per guild like a module', async () => {
    const guildId = h.id('guilds', 'demo');
    await h.app.modules.disable('flagremover', { guildId, actor: 'test' });
    const message = await h.send('member1', 'general', 'off now');
    await react('member1', message.id, '🇮🇹');
    await new Promise((r) => setTimeout(r, 500));
    expect(reactors(message.id, '🇮🇹')).toEqual([h.id('users', 'member1')]);
    await h.app.modules.enable('flagremover', { guildId, actor: 'test' });
    await settle(message.id);
  });
});
