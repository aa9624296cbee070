/** random, encode and decode through real discord.js and the emulator, by prefix and slash. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('utility commands', () => {
  let h: Harness;
  // The owner skips cooldowns.
  const say = async (text: string) => textOf(await h.say('owner', 'general', text));
  beforeAll(async () => {
    h = await startHarness({ owners: ['owner'] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('flips coins, rolls dice and draws numbers in range', async () => {
    expect(await say('$random coinflip')).toMatch(/^You got (heads|tails)!$/);
    const dice = await say('$rand d 20');
    expect(dice).toContain('Dice Roll (D20)');
    const rolled = Number(/You rolled a (\d+)!/.exec(dice)?.[1]);
    expect(rolled).toBeGreaterThanOrEqual(1);
    expect(rolled).toBeLessThanOrEqual(20);
    expect(await say('$random dice 1')).toContain('The dice must have at least 2 sides.');
    const n = Number(/Your random number is: (-?\d+)/.exec(await say('$random number 1,000 1.001'))?.[1]);
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThanOrEqual(1001);
    expect(await say('$random number 5 5')).toContain('The minimum value must be less than the maximum value.');
    expect(await say('$random number abc 5')).toContain(
      'Invalid input for minimum or maximum value. Please provide valid numbers.',
    );
    const slash = await h.slash('member1', 'general', {
      name: 'random',
      subcommand: 'number',
      options: { minimum: '7', maximum: '8' },
    });
    expect(textOf(slash.original)).toMatch(/^Your random number is: [78]$/);
  });

  it('answers the 8-ball in a bubble, as Tux or a cow', async () => {
    const tux = await say('$random 8ball will   it work?');
    expect(tux).toMatch(/^```Response to "will it work\?":\n {2}_+\n< /);
    expect(tux).toContain('|o_o |');
    expect(await say('$random 8b is it a cow? -cow')).toContain('(oo)');
  });

  it('encodes and decodes by prefix and slash, and explains bad input', async () => {
    expect(await say('$encode base64 hello')).toBe('aGVsbG8=');
    expect(await say('$ec base85 hello')).toBe('Xk~0{Zv');
    expect(await say('$decode base32 NBSWY3DP')).toBe('hello');
    expect(await say('$dc base64 aGVsbG8')).toContain('Decoding error: Incorrect padding');
    expect(await say('$decode base16 FFFE')).toContain('The message was decoded, but the output is not valid UTF-8.');
    expect(await say(`$encode base16 ${'x'.repeat(1500)}`)).toContain('The string ended up being too long.');
    const bad = await say('$encode base99 hi');
    expect(bad).toContain('`encoding` must be one of `base16`, `base32`, `base64`, `base85`.');
    const slash = await h.slash('member1', 'general', {
      name: 'decode',
      options: { encoding: 'base64', text: 'VHV4IQ==' },
    });
    expect(textOf(slash.original)).toBe('Tux!');
    expect(slash.original?.flags).toBe(64);
  });
});

describe('timezones', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows a continent page with live times, and moves by menu and buttons for the caller only', async () => {
    const first = await h.say('member1', 'general', '$tz');
    expect(first.embeds[0]?.title).toBe('Timezones in North America');
    expect(first.embeds[0]?.fields).toHaveLength(9);
    expect(first.embeds[0]?.fields?.[0]?.name).toBe('🇺🇸 HST (UTC-10:00)');
    expect(first.embeds[0]?.fields?.[0]?.value).toMatch(/^`\d\d:\d\d \| \d\d:\d\d (AM|PM)`$/);
    const select = await h.fake.control.selectMenu({
      userId: h.id('users', 'member1'),
      messageId: first.id,
      customId: 'tz:continent',
      values: ['Asia'],
    });
    await h.fake.control.waitForInteractionResponse({ interactionId: select.interactionId, timeoutMs: 5000 });
    const asia = h.fake.world.messages.get(first.id)?.embeds[0];
    expect(asia?.title).toBe('Timezones in Asia');
    expect(asia?.fields?.find((f) => f.name.includes('IST'))?.name).toBe('🇮🇳 IST (UTC+05:30)');
    const other = await h.fake.control.clickButton({
      userId: h.id('users', 'member2'),
      messageId: first.id,
      customId: 'tz:next',
    });
    const refused = await h.fake.control.waitForInteractionResponse({
      interactionId: other.interactionId,
      timeoutMs: 5000,
    });
    expect(JSON.stringify(refused)).toMatch(/Only the person who ran this command/);
    expect(h.fake.world.messages.get(first.id)?.embeds[0]?.title).toBe('Timezones in Asia');
  });
});
