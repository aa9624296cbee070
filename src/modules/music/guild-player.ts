/**
 * One guild's player: its voice connection, the audio player and the ffmpeg process of the current track. The
 * queue lives in SQLite (queue-store.ts); the player plays its head. ffmpeg is killed whenever its track ends, is
 * skipped or replaced, so no process outlives its track.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import {
  type AudioPlayer,
  AudioPlayerStatus,
  type AudioResource,
  createAudioPlayer,
  createAudioResource,
  entersState,
  joinVoiceChannel,
  NoSubscriberBehavior,
  StreamType,
  type VoiceConnection,
  VoiceConnectionDisconnectReason,
  VoiceConnectionStatus,
} from '@discordjs/voice';
import type { Guild, Message } from 'discord.js';
import type { Logger } from 'pino';
import type { Db } from '#core/db/types.ts';
import { NowPlayingPanel, type PanelPayload } from './now-playing.ts';
import { advance, deleteSession, headOf, listQueue, type QueuedTrack, saveSession } from './queue-store.ts';
import type { LoopMode } from './settings.ts';
import { type MusicTools, run } from './tools.ts';

export interface PlayerHost {
  db: Db;
  log: Logger;
  tools: () => MusicTools | null;
  /** Posts a line in the player's text channel. */
  notify(guildId: string, channelId: string, text: string): void;
  /** Posts the now-playing message in the player's text channel. */
  post(guildId: string, channelId: string, payload: PanelPayload): Promise<Message | null>;
  /** 24/7 mode: the player stays in its channel when alone or idle. */
  alwaysOn(guildId: string): boolean;
  /** The player ended (left the channel); the host forgets it. */
  ended(guildId: string): void;
  changed(): void;
}

interface Current {
  track: QueuedTrack;
  ffmpeg: ChildProcess | null;
  resource: AudioResource<QueuedTrack> | null;
  offsetMs: number;
  failed: string | null;
  /** ffmpeg encodes Opus itself (volume 100 %); otherwise it sends PCM that is scaled and encoded here. */
  passthrough: boolean;
}

export class GuildPlayer {
  readonly guildId: string;
  voiceChannelId: string;
  textChannelId: string;
  volume: number;
  loop: LoopMode;
  readonly connection: VoiceConnection;
  readonly player: AudioPlayer;
  current: Current | null = null;
  readonly panel: NowPlayingPanel;
  #host: PlayerHost;
  #leaveTimer: NodeJS.Timeout | null = null;
  #leaveReason: string | null = null;
  #saveTimer: NodeJS.Timeout;
  #destroyed = false;
  #rejoins = 0;

  constructor(
    host: PlayerHost,
    guild: Guild,
    opts: { voiceChannelId: string; textChannelId: string; volume: number; loop: LoopMode },
  ) {
    this.#host = host;
    this.guildId = guild.id;
    this.voiceChannelId = opts.voiceChannelId;
    this.textChannelId = opts.textChannelId;
    this.volume = opts.volume;
    this.loop = opts.loop;
    this.player = createAudioPlayer({ behaviors: { noSubscriber: NoSubscriberBehavior.Pause } });
    this.connection = joinVoiceChannel({
      guildId: guild.id,
      channelId: opts.voiceChannelId,
      adapterCreator: guild.voiceAdapterCreator,
      selfDeaf: true,
    });
    this.connection.subscribe(this.player);
    this.player.on('error', (err) => {
      if (this.current) this.current.failed = err.message;
    });
    this.player.on(AudioPlayerStatus.Idle, () => this.#onTrackEnd());
    this.panel = new NowPlayingPanel({
      view: () => {
        const queue = listQueue(host.db, this.guildId);
        return {
          track: this.current?.track ?? null,
          paused: this.paused,
          volume: this.volume,
          loop: this.loop,
          next: queue[1] ?? null,
          upcoming: Math.max(0, queue.length - 1),
        };
      },
      post: (payload) => host.post(this.guildId, this.textChannelId, payload),
    });
    this.player.on('stateChange', () => this.changed());
    this.connection.on('error', (err) => host.log.warn({ err }, 'voice connection error'));
    this.connection.on(VoiceConnectionStatus.Disconnected, (_old, state) => void this.#onDisconnect(state));
    this.connection.on(VoiceConnectionStatus.Destroyed, () => this.#cleanup());
    this.#saveTimer = setInterval(() => this.save(), 5000);
    this.#saveTimer.unref();
    this.save();
  }

  get paused(): boolean {
    return (
      this.player.state.status === AudioPlayerStatus.Paused || this.player.state.status === AudioPlayerStatus.AutoPaused
    );
  }

  get playing(): boolean {
    return (
      this.player.state.status === AudioPlayerStatus.Playing || this.player.state.status === AudioPlayerStatus.Buffering
    );
  }

  /** Position in the current track (ms). */
  get positionMs(): number {
    if (!this.current) return 0;
    return this.current.offsetMs + (this.current.resource?.playbackDuration ?? 0);
  }

  /** Something visible changed: the console's view and the now-playing message follow. */
  changed(): void {
    this.#host.changed();
    if (!this.#destroyed) this.panel.refresh();
  }

  save(): void {
    if (this.#destroyed) return;
    saveSession(this.#host.db, {
      guildId: this.guildId,
      voiceChannelId: this.voiceChannelId,
      textChannelId: this.textChannelId,
      volume: this.volume,
      loop: this.loop,
      paused: this.player.state.status === AudioPlayerStatus.Paused,
      positionMs: Math.round(this.positionMs),
    });
  }

  async ready(timeoutMs = 15_000): Promise<void> {
    await entersState(this.connection, VoiceConnectionStatus.Ready, timeoutMs);
  }

  /** Plays the head of the queue from `offsetMs` (replacing whatever plays). Returns false when the queue is empty. */
  async playHead(offsetMs = 0): Promise<boolean> {
    const track = headOf(this.#host.db, this.guildId);
    this.#killFfmpeg();
    if (!track) {
      this.current = null;
      this.player.stop(true);
      this.panel.close('The queue is finished.');
      return false;
    }
    this.cancelLeave('idle');
    const passthrough = this.volume === 100;
    const current: Current = { track, ffmpeg: null, resource: null, offsetMs, failed: null, passthrough };
    this.current = current;
    try {
      const input = track.source === 'ytdlp' ? await this.#ytdlpStream(track.url) : track.url;
      if (this.current !== current) return true;
      const ffmpeg = this.#spawnFfmpeg(input, offsetMs, current);
      current.ffmpeg = ffmpeg;
      // At 100 % the Ogg/Opus pages from ffmpeg are only demuxed: no PCM work and no Opus encoding in this process.
      const resource = createAudioResource(ffmpeg.stdout!, {
        inputType: passthrough ? StreamType.OggOpus : StreamType.Raw,
        inlineVolume: !passthrough,
        metadata: track,
      });
      resource.volume?.setVolume(this.volume / 100);
      current.resource = resource;
      this.player.play(resource);
    } catch (err) {
      current.failed = (err as Error).message;
      this.#onTrackEnd();
    }
    return true;
  }

  #spawnFfmpeg(input: string, offsetMs: number, current: Current): ChildProcess {
    const ffmpegPath = this.#host.tools()?.ffmpeg.path ?? 'ffmpeg';
    const network = /^https?:/i.test(input)
      ? ['-reconnect', '1', '-reconnect_streamed', '1', '-reconnect_on_network_error', '1', '-reconnect_delay_max', '5']
      : [];
    const seek = offsetMs > 0 ? ['-ss', (offsetMs / 1000).toFixed(3)] : [];
    const ffmpeg = spawn(
      ffmpegPath,
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-nostdin',
        ...network,
        ...seek,
        '-i',
        input,
        '-vn',
        ...(current.passthrough
          ? [
              '-c:a',
              'libopus',
              '-b:a',
              '128k',
              '-frame_duration',
              '20',
              '-f',
              'ogg',
              '-page_duration',
              '60000',
              '-flush_packets',
              '1',
            ]
          : ['-f', 's16le']),
        '-ar',
        '48000',
        '-ac',
        '2',
        'pipe:1',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    ffmpeg.stderr!.setEncoding('utf8');
    ffmpeg.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    ffmpeg.on('error', (err) => {
      current.failed = err.message;
    });
    ffmpeg.on('close', (code, signal) => {
      if (code && !signal && !current.failed)
        current.failed = stderr.trim().split('\n').at(-1) || `ffmpeg exited with ${code}`;
    });
    // A resource whose pipe errors must not crash the process.
    ffmpeg.stdout!.on('error', () => undefined);
    return ffmpeg;
  }

  async #ytdlpStream(page: string): Promise<string> {
    const ytdlp = this.#host.tools()?.ytdlp.path;
    if (!ytdlp) throw new Error('yt-dlp is no longer installed');
    const out = await run(ytdlp, ['--no-playlist', '--no-warnings', '-f', 'bestaudio/best', '-g', page], 30_000);
    const url = out.trim().split('\n')[0];
    if (!url) throw new Error('yt-dlp gave no stream');
    return url;
  }

  #killFfmpeg(): void {
    const ffmpeg = this.current?.ffmpeg;
    if (ffmpeg && ffmpeg.exitCode === null && ffmpeg.signalCode === null) ffmpeg.kill('SIGKILL');
  }

  #onTrackEnd(): void {
    const ended = this.current;
    if (!ended || this.#destroyed) return;
    // Idle for a track that was already replaced (skip/seek start the next one directly).
    if (this.player.state.status !== AudioPlayerStatus.Idle && !ended.failed) return;
    this.#killFfmpeg();
    if (ended.failed) {
      this.#host.notify(
        this.guildId,
        this.textChannelId,
        `⚠️ Could not play **${ended.track.title}** (${ended.failed.slice(0, 200)}); skipping it.`,
      );
      advance(this.#host.db, this.guildId, 'off');
    } else advance(this.#host.db, this.guildId, this.loop);
    this.current = null;
    void this.playHead().then((more) => {
      if (!more) {
        this.#host.notify(this.guildId, this.textChannelId, '⏹️ The queue is finished.');
        this.scheduleLeave('idle');
      }
      this.save();
    });
  }

  skip(): void {
    advance(this.#host.db, this.guildId, this.loop === 'track' ? 'off' : this.loop);
    void this.playHead();
  }

  pause(): boolean {
    const done = this.player.pause(true);
    this.save();
    return done;
  }

  resume(): boolean {
    const done = this.player.unpause();
    this.save();
    return done;
  }

  setVolume(percent: number): void {
    this.volume = percent;
    const current = this.current;
    if (current && current.passthrough !== (percent === 100)) {
      // Between Opus passthrough (100 %) and scaled PCM: restart the track where it is (a live stream from now).
      const wasPaused = this.paused;
      void this.playHead(current.track.durationMs === null ? 0 : Math.round(this.positionMs)).then(() => {
        if (wasPaused) this.player.pause(true);
      });
    } else current?.resource?.volume?.setVolume(percent / 100);
    this.save();
    this.changed();
  }

  seek(ms: number): void {
    void this.playHead(ms);
  }

  /** Leave after `seconds` unless cancelled (alone in the channel, or nothing to play). */
  scheduleLeave(reason: 'alone' | 'idle', seconds?: number): void {
    if (this.#host.alwaysOn(this.guildId)) {
      this.cancelLeave();
      return;
    }
    if (this.#leaveTimer && this.#leaveReason === reason) return;
    if (this.#leaveTimer) clearTimeout(this.#leaveTimer);
    this.#leaveReason = reason;
    const delay = (seconds ?? this.leaveAfterSeconds) * 1000;
    this.#leaveTimer = setTimeout(() => {
      this.#host.notify(
        this.guildId,
        this.textChannelId,
        reason === 'alone'
          ? '👋 Left the voice channel: nobody was listening.'
          : '👋 Left the voice channel: nothing left to play.',
      );
      this.destroy({ forget: true });
    }, delay);
    this.#leaveTimer.unref();
  }

  leaveAfterSeconds = 120;

  cancelLeave(reason?: 'alone' | 'idle'): void {
    if (!this.#leaveTimer || (reason && this.#leaveReason !== reason)) return;
    clearTimeout(this.#leaveTimer);
    this.#leaveTimer = null;
    this.#leaveReason = null;
  }

  async #onDisconnect(state: { reason: VoiceConnectionDisconnectReason; closeCode?: number }): Promise<void> {
    if (this.#destroyed) return;
    if (state.reason === VoiceConnectionDisconnectReason.WebSocketClose && state.closeCode === 4014) {
      // Moved to another channel (it reconnects by itself) or kicked out of voice.
      try {
        await entersState(this.connection, VoiceConnectionStatus.Connecting, 5000);
        return;
      } catch {
        this.#host.notify(
          this.guildId,
          this.textChannelId,
          '🔌 Disconnected from voice; the queue is kept. Use `play` to start again.',
        );
        this.destroy({ forget: true });
        return;
      }
    }
    if (this.#rejoins < 3) {
      this.#rejoins++;
      await new Promise((resolve) => setTimeout(resolve, this.#rejoins * 1000));
      if (!this.#destroyed && this.connection.state.status === VoiceConnectionStatus.Disconnected)
        this.connection.rejoin();
      return;
    }
    this.#host.notify(
      this.guildId,
      this.textChannelId,
      '🔌 Lost the voice connection; the queue is kept. Use `play` to start again.',
    );
    this.destroy({ forget: true });
  }

  /** Leaves the channel. `forget`: the guild's session row goes too (a shutdown keeps it, to resume at start). */
  destroy(opts: { forget: boolean }): void {
    if (this.#destroyed) return;
    if (!opts.forget) this.save();
    this.#destroyed = true;
    if (opts.forget) deleteSession(this.#host.db, this.guildId);
    this.#cleanup();
    if (this.connection.state.status !== VoiceConnectionStatus.Destroyed) this.connection.destroy();
  }

  #cleanup(): void {
    this.#destroyed = true;
    this.panel.dispose('Left the voice channel.');
    if (this.#leaveTimer) clearTimeout(this.#leaveTimer);
    clearInterval(this.#saveTimer);
    this.#killFfmpeg();
    this.player.stop(true);
    this.#host.ended(this.guildId);
  }
}
