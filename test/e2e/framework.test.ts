import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from './harness.ts';

describe('command framework end to end', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
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
});
