/**
 * The now-playing message (Components V2) and its buttons through the real app and the emulator; the bot moved or
 * disconnected by a moderator; 24/7 mode against the normal auto-disconnect.
 */
import { execFileSync } from 'node:child_process';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sineWav } from '#test/fake-discord/voice/sine-wav.ts';
import { type Harness, textOf } from './harness.ts';
import { type MusicKit, startMusicKit, until } from './music-kit.ts';

let kit: MusicKit;
let h: Harness;
let base = '';
let guildId = '';
let general = '';
let say: MusicKit['say'];
let join: MusicKit['join'];
let leave: MusicKit['leave'];
let set: MusicKit['set'];
let frames: MusicKit['frames'];

const IS_COMPONENTS_V2 = 1 << 15;

const botChannel = async () =>
  (await h.fake.control.voiceStates({ guildId })).find((v) => v.userId === h.fake.botId)?.channelId ?? null;

function customIds(m: APIMessage | null): string[] {
  const ids: string[] = [];
  const walk = (list: unknown[] | undefined) => {
    for (const c of list ?? []) {
      const comp = c as { custom_id?: string; components?: unknown[]; accessory?: unknown };
      if (comp.custom_id) ids.push(comp.custom_id);
      walk(comp.components);
      if (comp.accessory) walk([comp.accessory]);
    }
  };
  walk(m?.components as unknown[] | undefined);
  return ids;
}

const panels = async () =>
  (await h.fake.control.messages({ channelId: general })).filter(
    (m) => m.author.id === h.fake.botId && ((m.flags ?? 0) & IS_COMPONENTS_V2) !== 0,
  );

async function press(user: string, messageId: string, customId: string) {
  const click = await h.fake.control.clickButton({ userId: h.id('users', user), messageId, customId });
  return h.fake.control.waitForInteractionResponse({ interactionId: click.interactionId, timeoutMs: 10_000 });
}

/** Waits until the message's text matches. */
const panelShows = (id: string, re: RegExp) =>
  until(
    `the now-playing message to show ${re}`,
    () => h.fake.control.message({ messageId: id }),
    (m) => re.test(textOf(m)),
  );

async function silentFor(ms: number): Promise<boolean> {
  const before = await frames();
  await new Promise((r) => setTimeout(r, ms));
  return (await frames()) === before;
}

async function reset(): Promise<void> {
  if (await botChannel()) await say('$disconnect').catch(() => undefined);
  await until('the bot to leave voice', botChannel, (c) => c === null);
  h.app.db.sqlite.prepare('DELETE FROM music_queue').run();
}

beforeAll(async () => {
  kit = await startMusicKit(
    {
      '/a440.wav': sineWav({ seconds: 3, frequency: 440 }),
      '/b880.wav': sineWav({ seconds: 3, frequency: 880 }),
      '/long440.wav': sineWav({ seconds: 20, frequency: 440 }),
    },
    ['member1', 'member2'],
  );
  ({ h, base, guildId, say, join, leave, set, frames } = kit);
  general = h.id('channels', 'general');
}, 60_000);

afterAll(async () => {
  await kit?.stop();
});

describe('now-playing message', () => {
  it('is posted when a track starts, and its buttons control the player with the commands’ rules', async () => {
    expect(await say(`$play ${base}/long440.wav`)).toMatch(/Playing \*\*long440\.wav\*\*/);
    const panel = (await until('the now-playing message', panels, (p) => p.length === 1))[0]!;
    expect(textOf(panel)).toMatch(/Now playing\n\*\*long440\.wav\*\* \(0:20\)/);
    expect((panel.components?.[0] as { type?: number } | undefined)?.type).toBe(17);
    expect(customIds(panel)).toEqual(['music:pause', 'music:skip', 'music:stop', 'music:loop', 'music:shuffle']);
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: (await frames()) + 20 });

    const paused = await press('member1', panel.id, 'music:pause');
    expect(paused.callback?.type).toBe(6);
    const shown = await panelShows(panel.id, /Paused/);
    expect(customIds(shown)[0]).toBe('music:resume');
    await until('the frames to stop', () => silentFor(500), Boolean);

    await press('member1', panel.id, 'music:resume');
    await panelShows(panel.id, /Now playing/);
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: (await frames()) + 20 });

    await press('member1', panel.id, 'music:loop');
    await panelShows(panel.id, /loop track/);
    await press('member1', panel.id, 'music:loop');
    await panelShows(panel.id, /loop queue/);
    await press('member1', panel.id, 'music:loop');
    await panelShows(panel.id, /loop off/);

    expect(await say(`$play ${base}/b880.wav`)).toMatch(/Queued \*\*b880\.wav\*\*/);
    await panelShows(panel.id, /Up next: \*\*b880\.wav\*\*/);

    // Refusals are ephemeral and change nothing.
    const outside = await press('member3', panel.id, 'music:skip');
    expect(outside.ephemeral).toBe(true);
    expect(textOf(outside.original)).toMatch(/Join a voice channel first/);
    const notDj = await press('member2', panel.id, 'music:skip');
    expect(notDj.ephemeral).toBe(true);
    expect(textOf(notDj.original)).toMatch(/Only staff or <@\d+>, who queued \*\*long440\.wav\*\*, can skip it/);
    expect(textOf(await h.fake.control.message({ messageId: panel.id }))).toMatch(/long440\.wav/);

    const from = await frames();
    await press('member1', panel.id, 'music:skip');
    await panelShows(panel.id, /Now playing\n\*\*b880\.wav\*\*/);
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: from + 50 });
    const pcm = await h.fake.control.voicePcm({ guildId, from: from + 25, count: 20, frequency: 880 });
    expect(pcm.zeroCrossingHz).toBeGreaterThan(840);
    expect(pcm.zeroCrossingHz).toBeLessThan(920);

    await press('member1', panel.id, 'music:stop');
    const stopped = await panelShows(panel.id, /Nothing playing/);
    expect(customIds(stopped)).toEqual([]);
    expect(h.app.db.sqlite.prepare('SELECT count(*) AS n FROM music_queue').get()).toEqual({ n: 0 });
    // Edited in place: still the one message.
    expect((await panels()).map((p) => p.id)).toEqual([panel.id]);
  });
});

describe('voice channel changes', () => {
  it('moved to another channel by a moderator, it plays on there; disconnected, it ends cleanly', async () => {
    await reset();
    await say(`$play ${base}/long440.wav`);
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: (await frames()) + 20 });
    const voice2 = h.id('channels', 'voice2');
    await h.fake.control.moveBot({ guildId, channelId: voice2 });
    await until('the bot in the other channel', botChannel, (c) => c === voice2);
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: (await frames()) + 50 });
    expect(await say('$pause')).toMatch(/I'm playing in <#\d+>: join that channel/);
    await join('member3', 'voice2');
    expect(await say('$pause', 'member3')).toMatch(/Paused \*\*long440\.wav\*\*/);
    expect(await say('$resume', 'member3')).toMatch(/Resumed/);
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: (await frames()) + 20 });

    await h.fake.control.moveBot({ guildId, channelId: null });
    await h.fake.control.waitForMessage({ channelId: general, contains: 'Disconnected from voice', timeoutMs: 20_000 });
    await until(
      'no ffmpeg left',
      () => childFfmpeg(),
      (n) => n === 0,
      10_000,
    );
    expect(await botChannel()).toBeNull();
    expect(await silentFor(600)).toBe(true);
    expect(h.app.db.sqlite.prepare('SELECT title FROM music_queue').all()).toEqual([{ title: 'long440.wav' }]);
    await leave('member3');
  });

  it('24/7 mode stays when alone and idle; without it the bot leaves', async () => {
    await reset();
    await set('auto_disconnect_seconds', 5);
    await set('always_on', true);
    await say(`$play ${base}/a440.wav`);
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: (await frames()) + 10 });
    await leave('member1');
    await leave('member2');
    await h.fake.control.waitForMessage({ channelId: general, contains: 'queue is finished', timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 7000));
    expect(await botChannel()).toBe(h.id('channels', 'voice'));

    await set('always_on', false);
    await join('member1');
    await leave('member1');
    await until('the bot to leave', botChannel, (c) => c === null, 15_000);
    await join('member1');
    await join('member2');
    await set('auto_disconnect_seconds', 120);
  });
});

/** ffmpeg processes started by this process (the appliance runs in the test process). */
function childFfmpeg(): number {
  try {
    return execFileSync('ps', ['-o', 'comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() === 'ffmpeg').length;
  } catch {
    return 0;
  }
}
