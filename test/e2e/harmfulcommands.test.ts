/** harmfulcommands through real discord.js and the emulator: Tux's warnings on new and edited messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WARNINGS } from '#src/plugins/harmfulcommands/detect.ts';
import { type Harness, startHarness } from './harness.ts';

describe('harmfulcommands', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  const botMessagesAfter = async (id: string) =>
    (await h.fake.control.messages({ channelId: h.id('channels', 'general') })).filter(
      (m) => m.author.id === h.fake.botId && BigInt(m.id) > BigInt(id),
    );

  it('warns about each kind, as a reply', async () => {
    for (const [text, kind] of [
      ['sudo rm -rf /', 'rm'],
      [':(){ :|:& };:', 'fork-bomb'],
      ['dd if=/dev/zero of=/dev/sda', 'dd'],
      ['`mkfs.ext4 /dev/sdb`', 'format'],
    ] as const) {
      const reply = await h.say('member1', 'general', text);
      expect(reply.content).toBe(WARNINGS[kind]);
      expect(reply.message_reference?.message_id).toBeDefined();
    }
  });

  it('stays silent on harmless commands, and warns when one is edited into a harmful one', async () => {
    const first = await h.send('member1', 'general', 'rm file.txt');
    await h.send('member1', 'general', 'ls -la');
    await h.fake.control.editMessage({ messageId: first.id, content: 'rm -rf ~' });
    const warning = await h.fake.control.waitForMessage({
      channelId: first.channel_id,
      after: first.id,
      authorId: h.fake.botId,
      timeoutMs: 8000,
    });
    expect(warning.content).toBe(WARNINGS.rm);
    expect(warning.message_reference?.message_id).toBe(first.id);
    expect(await botMessagesAfter(first.id)).toHaveLength(1);
  });
});
