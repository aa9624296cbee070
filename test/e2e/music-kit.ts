/**
 * What the music tests share: the app with the emulator's voice server, a local HTTP server for their WAV files,
 * members in the voice channel, and small helpers (a command's reply, polling until something holds).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Harness, startHarness, textOf } from './harness.ts';

export interface MusicKit {
  h: Harness;
  /** http://127.0.0.1:PORT of the WAV server (also `/page.html`, a page that is not audio). */
  base: string;
  guildId: string;
  /** Sends a command in #general and returns the text of the bot's reply to it (not the now-playing message). */
  say(content: string, user?: string): Promise<string>;
  join(user: string, channel?: string): Promise<unknown>;
  leave(user: string): Promise<unknown>;
  /** Sets a music setting in the demo guild. */
  set(key: string, value: unknown): unknown;
  /** Opus frames the emulator has received from the bot in the demo guild. */
  frames(): Promise<number>;
  stop(): Promise<void>;
}

/** Polls `probe` every 50 ms until `ok` holds; throws, naming `what`, after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the WAV server and the app; `members` join the demo guild's voice channel. */
export async function startMusicKit(wavs: Record<string, Buffer>, members: string[]): Promise<MusicKit> {
  const files = http.createServer((req, res) => {
    const body = wavs[req.url ?? ''];
    if (req.url === '/page.html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>');
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  const h = await startHarness({ fakeOptions: { voice: true } });
  const guildId = h.id('guilds', 'demo');
  const join = (user: string, channel = 'voice') =>
    h.fake.control.joinVoice({ userId: h.id('users', user), channelId: h.id('channels', channel) });
  for (const member of members) await join(member);
  return {
    h,
    base,
    guildId,
    async say(content, user = 'member1') {
      const sent = await h.send(user, 'general', content);
      return textOf(
        await h.fake.control.waitForMessage({
          channelId: sent.channel_id,
          after: sent.id,
          replyTo: sent.id,
          timeoutMs: 20_000,
        }),
      );
    },
    join,
    leave: (user) => h.fake.control.leaveVoice({ userId: h.id('users', user), guildId }),
    set: (key, value) => h.app.settings.set('music', guildId, key, value, 'test'),
    frames: async () => (await h.fake.control.voiceSession({ guildId })).framesTotal,
    async stop() {
      await h.stop();
      await new Promise<void>((r) => files.close(() => r()));
    },
  };
}
