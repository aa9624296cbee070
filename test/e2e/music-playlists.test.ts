/**
 * Playlists through the real app: a member's saved playlists in SQLite (by prefix and slash), validated, and
 * `playlist play` queues them and plays them in voice (the emulator decodes the audio). Also uploads: `/play` with
 * an attachment option and `$play` with a file attached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sineWav } from '#test/fake-discord/voice/sine-wav.ts';
import { type Harness, textOf } from './harness.ts';
import { type MusicKit, startMusicKit } from './music-kit.ts';

let kit: MusicKit;
let h: Harness;
let base = '';
let guildId = '';
let say: MusicKit['say'];
const rows = (sql: string, ...params: unknown[]) => h.app.db.sqlite.prepare(sql).all(...params);

beforeAll(async () => {
  kit = await startMusicKit(
    {
      '/a440.wav': sineWav({ seconds: 3, frequency: 440 }),
      '/b880.wav': sineWav({ seconds: 3, frequency: 880 }),
    },
    ['member1'],
  );
  ({ h, base, guildId, say } = kit);
}, 60_000);

afterAll(async () => {
  await kit?.stop();
});

describe('music playlists', () => {
  it('creates a playlist, adds tracks, refuses bad names, duplicates and unknown playlists', async () => {
    expect(await say('$playlist list')).toMatch(/You have no playlists/);
    expect(await say('$playlist create chill')).toMatch(/Created playlist \*\*chill\*\*/);
    expect(await say('$playlist create Chill')).toMatch(/already have a playlist \*\*Chill\*\*/);
    expect(await say('$playlist create bad!name')).toMatch(/is not a playlist name/);
    expect(await say(`$playlist add chill ${base}/a440.wav`)).toMatch(
      /Added \*\*a440\.wav\*\* \(0:03\) to \*\*chill\*\* \(1 track\)/,
    );
    expect(await say(`$playlist add chill ${base}/a440.wav`)).toMatch(/\*\*a440\.wav\*\* is already in \*\*chill\*\*/);
    expect(await say(`$playlist add CHILL ${base}/b880.wav`)).toMatch(/\(2 tracks\)/);
    expect(await say(`$playlist add chill ${base}/gone.wav`)).toMatch(/answered HTTP 404/);
    expect(await say(`$playlist add nope ${base}/b880.wav`)).toMatch(/You have no playlist \*\*nope\*\*/);
    expect(await say('$playlist remove chill 5')).toMatch(/has no track #5/);
    expect(await say('$playlist list')).toMatch(/\*\*chill\*\* · 2 tracks/);
    expect(await say('$playlist list chill')).toMatch(/1\. \*\*a440\.wav\*\* \(0:03\)\n2\. \*\*b880\.wav\*\* \(0:03\)/);
    // Stored per member: another member sees none of them.
    expect(await say('$playlist list', 'member2')).toMatch(/You have no playlists/);
    expect(rows('SELECT name FROM music_playlists')).toEqual([{ name: 'chill' }]);
    expect(rows('SELECT title FROM music_playlist_tracks ORDER BY position')).toEqual([
      { title: 'a440.wav' },
      { title: 'b880.wav' },
    ]);
  });

  it('is reachable by slash and refuses a member over the playlist limit', async () => {
    const listed = await h.slash('member1', 'general', {
      name: 'playlist',
      subcommand: 'list',
      options: { name: 'chill' },
    });
    expect(listed.ephemeral).toBe(true);
    expect(textOf(listed.original)).toMatch(/\*\*chill\*\* \(2\/200\)/);
    const member2 = h.id('users', 'member2');
    const insert = h.app.db.sqlite.prepare('INSERT INTO music_playlists (user_id, name, created_at) VALUES (?, ?, ?)');
    for (let i = 0; i < 25; i++) insert.run(member2, `list${i}`, Date.now());
    expect(await say('$playlist create one-more', 'member2')).toMatch(/already have 25 playlists/);
    const made = await h.slash('member1', 'general', {
      name: 'playlist',
      subcommand: 'create',
      options: { name: 'x'.repeat(33) },
    });
    expect(textOf(made.original)).toMatch(/32|too long|at most/i);
    expect(rows('SELECT count(*) AS n FROM music_playlists WHERE user_id = ?', h.id('users', 'member1'))).toEqual([
      { n: 1 },
    ]);
  });

  it('plays a playlist: both tracks are queued and the first one is heard', async () => {
    await h.fake.control.leaveVoice({ userId: h.id('users', 'member1'), guildId });
    expect(await say('$playlist play chill')).toMatch(/Join a voice channel first/);
    await h.fake.control.joinVoice({ userId: h.id('users', 'member1'), channelId: h.id('channels', 'voice') });
    await h.app.settings.set('music', guildId, 'max_queue', 1, 'test');
    expect(await say('$playlist play chill')).toMatch(/has 2 tracks but the queue has room for 1/);
    await h.app.settings.set('music', guildId, 'max_queue', 100, 'test');
    expect(await say('$playlist play chill')).toMatch(/Playing playlist \*\*chill\*\*: 2 tracks/);
    expect(rows('SELECT title FROM music_queue ORDER BY position')).toEqual([
      { title: 'a440.wav' },
      { title: 'b880.wav' },
    ]);
    const start = (await h.fake.control.waitForVoiceFrames({ guildId, atLeast: 0, timeoutMs: 15_000 })).framesTotal;
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: start + 60 });
    const pcm = await h.fake.control.voicePcm({ guildId, from: start + 10, count: 40, frequency: 440 });
    expect(pcm.zeroCrossingHz).toBeGreaterThan(420);
    expect(pcm.zeroCrossingHz).toBeLessThan(460);
    expect(await say('$playlist remove chill 1')).toMatch(/Removed \*\*a440\.wav\*\* from \*\*chill\*\*/);
    expect(await say('$playlist delete chill')).toMatch(/Deleted playlist \*\*chill\*\*/);
    expect(rows('SELECT count(*) AS n FROM music_playlist_tracks')).toEqual([{ n: 0 }]);
    await say('$disconnect');
    // The queue is kept after a disconnect: the next play would start with it.
    expect(await say(`$play ${base}/a440.wav`)).toMatch(/Queued \*\*a440\.wav\*\*.* at position 2/);
    await say('$disconnect');
    h.app.db.sqlite.prepare('DELETE FROM music_queue').run();
  });

  it('plays an uploaded file by slash (attachment option) and by prefix (attached file)', async () => {
    const wav = sineWav({ seconds: 3, frequency: 660 }).toString('base64');
    const started = await h.fake.control.runSlashCommand({
      userId: h.id('users', 'member1'),
      channelId: h.id('channels', 'general'),
      name: 'play',
      options: { file: { filename: 'tone660.wav', contentType: 'audio/wav', content: wav, base64: true } },
    });
    const view = await h.fake.control.waitForInteractionResponse({
      interactionId: started.interactionId,
      timeoutMs: 30_000,
    });
    expect(textOf(view.original)).toMatch(/Playing \*\*tone660\.wav\*\* \(0:03\)/);
    const start = (await h.fake.control.waitForVoiceFrames({ guildId, atLeast: 0, timeoutMs: 15_000 })).framesTotal;
    await h.fake.control.waitForVoiceFrames({ guildId, atLeast: start + 60 });
    const pcm = await h.fake.control.voicePcm({ guildId, from: start + 10, count: 40, frequency: 660 });
    expect(pcm.zeroCrossingHz).toBeGreaterThan(630);
    expect(pcm.zeroCrossingHz).toBeLessThan(690);
    expect(await say('$volume')).toMatch(/Volume: 100%/);

    const notAudio = await h.fake.control.runSlashCommand({
      userId: h.id('users', 'member1'),
      channelId: h.id('channels', 'general'),
      name: 'play',
      options: { file: { filename: 'notes.txt', contentType: 'text/plain', content: 'hello' } },
    });
    const refused = await h.fake.control.waitForInteractionResponse({
      interactionId: notAudio.interactionId,
      timeoutMs: 30_000,
    });
    expect(textOf(refused.original)).toMatch(/\*\*notes\.txt\*\* is not an audio file/);

    const sent = await h.fake.control.sendMessage({
      userId: h.id('users', 'member1'),
      channelId: h.id('channels', 'general'),
      content: '$play',
      files: [{ filename: 'again.wav', contentType: 'audio/wav', content: wav, base64: true }],
    });
    const reply = await h.fake.control.waitForMessage({
      channelId: sent.channel_id,
      after: sent.id,
      replyTo: sent.id,
      timeoutMs: 20_000,
    });
    expect(textOf(reply)).toMatch(/Queued \*\*again\.wav\*\* \(0:03\).* at position 1/);
    expect(h.app.db.sqlite.prepare('SELECT source FROM music_queue ORDER BY position').all()).toEqual([
      { source: 'attachment' },
      { source: 'attachment' },
    ]);
    await say('$disconnect');
  });
});
