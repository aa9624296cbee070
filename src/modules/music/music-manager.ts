/** All guilds' players: creates them, restores the ones saved in SQLite at start, watches who is in the channel. */
import type { Guild, VoiceState } from 'discord.js';
import type { BotContext } from '#discord/context.ts';
import type { GuildPlayer } from './guild-player.ts';
import { getSession, headOf, listQueue, listSessions } from './queue-store.ts';
import type { MusicService } from './service.ts';
import type { LoopMode, MusicSettings } from './settings.ts';

export interface PlayerView {
  guildId: string;
  guildName: string;
  voiceChannelId: string;
  status: 'playing' | 'paused' | 'idle' | 'connecting';
  track: string | null;
  positionMs: number;
  durationMs: number | null;
  volume: number;
  loop: LoopMode;
  queued: number;
}

export class MusicManager {
  readonly players = new Map<string, GuildPlayer>();
  readonly #ctx: BotContext;
  readonly #service: MusicService;

  constructor(ctx: BotContext, service: MusicService) {
    this.#ctx = ctx;
    this.#service = service;
  }

  settings(guildId: string): MusicSettings {
    return this.#ctx.settings.get<MusicSettings>('music', guildId);
  }

  get(guildId: string): GuildPlayer | undefined {
    return this.players.get(guildId);
  }

  /** The guild's player, joining `voiceChannelId` when there is none. */
  async obtain(guild: Guild, voiceChannelId: string, textChannelId: string): Promise<GuildPlayer> {
    const existing = this.players.get(guild.id);
    if (existing) return existing;
    // The player and @discordjs/voice (with its native and WebAssembly codecs) load when music first plays.
    const { GuildPlayer } = await import('./guild-player.ts');
    const raced = this.players.get(guild.id);
    if (raced) return raced;
    const saved = getSession(this.#ctx.db, guild.id);
    const settings = this.settings(guild.id);
    const player = new GuildPlayer(
      {
        db: this.#ctx.db,
        log: this.#ctx.log.child({ module: 'music', guildId: guild.id }),
        tools: () => this.#service.tools,
        notify: (guildId, channelId, text) => this.#notify(guildId, channelId, text),
        alwaysOn: (guildId) => this.settings(guildId).always_on,
        post: async (guildId, channelId, payload) => {
          const channel = this.#ctx.discord.client.guilds.cache.get(guildId)?.channels.cache.get(channelId);
          if (!channel?.isTextBased()) return null;
          return channel.send(payload).catch((err) => {
            this.#ctx.log.warn({ err, guildId }, 'could not post the now-playing message');
            return null;
          });
        },
        ended: (guildId) => {
          if (this.players.get(guildId) === player) this.players.delete(guildId);
          this.#report();
        },
        changed: () => this.#report(),
      },
      guild,
      {
        voiceChannelId,
        textChannelId,
        volume: saved?.volume ?? settings.default_volume,
        loop: (saved?.loop as LoopMode | undefined) ?? 'off',
      },
    );
    player.leaveAfterSeconds = settings.auto_disconnect_seconds;
    this.players.set(guild.id, player);
    this.#report();
    return player;
  }

  /** At start (each READY): rejoin every guild that was playing and has no player, from where it was. */
  async restore(): Promise<void> {
    const client = this.#ctx.discord.client;
    for (const row of listSessions(this.#ctx.db)) {
      // A later READY (the gateway identified again) must not restart a track that is playing.
      if (this.players.has(row.guildId)) continue;
      const guild = client.guilds.cache.get(row.guildId);
      if (!guild?.channels.cache.has(row.voiceChannelId) || !headOf(this.#ctx.db, row.guildId)) continue;
      try {
        const player = await this.obtain(guild, row.voiceChannelId, row.textChannelId);
        await player.ready();
        await player.playHead(row.positionMs);
        if (row.paused) player.pause();
      } catch (err) {
        this.#ctx.log.warn({ err, guildId: row.guildId }, 'could not resume music after the restart');
        this.players.get(row.guildId)?.destroy({ forget: false });
      }
    }
  }

  /** Someone joined or left voice: start or cancel the "alone" timer of the player in that guild. */
  onVoiceState(oldState: VoiceState, newState: VoiceState): void {
    const player = this.players.get(newState.guild.id);
    if (!player) return;
    const me = newState.guild.members.me?.id;
    if (newState.id === me && newState.channelId && newState.channelId !== player.voiceChannelId) {
      player.voiceChannelId = newState.channelId;
      player.save();
    }
    if (
      oldState.channelId !== player.voiceChannelId &&
      newState.channelId !== player.voiceChannelId &&
      newState.id !== me
    )
      return;
    const settings = this.settings(newState.guild.id);
    player.leaveAfterSeconds = settings.auto_disconnect_seconds;
    const channel = newState.guild.channels.cache.get(player.voiceChannelId);
    const listeners = channel?.isVoiceBased() ? channel.members.filter((m) => !m.user.bot).size : 0;
    if (listeners === 0 && !settings.always_on) player.scheduleLeave('alone');
    else player.cancelLeave('alone');
  }

  views(): PlayerView[] {
    return [...this.players.values()].map((p) => ({
      guildId: p.guildId,
      guildName: this.#ctx.discord.client.guilds.cache.get(p.guildId)?.name ?? p.guildId,
      voiceChannelId: p.voiceChannelId,
      status: p.playing ? 'playing' : p.paused ? 'paused' : p.current ? 'connecting' : 'idle',
      track: p.current?.track.title ?? null,
      positionMs: Math.round(p.positionMs),
      durationMs: p.current?.track.durationMs ?? null,
      volume: p.volume,
      loop: p.loop,
      queued: listQueue(this.#ctx.db, p.guildId).length,
    }));
  }

  /** Shutdown: leave every channel but keep the sessions, so the next start resumes them. */
  shutdown(): void {
    for (const player of [...this.players.values()]) player.destroy({ forget: false });
  }

  #report(): void {
    const all = [...this.players.values()];
    this.#service.setActivity({ players: all.length, playing: all.filter((p) => p.playing).length });
  }

  #notify(guildId: string, channelId: string, text: string): void {
    const channel = this.#ctx.discord.client.guilds.cache.get(guildId)?.channels.cache.get(channelId);
    if (channel?.isTextBased()) channel.send({ content: text, allowedMentions: { parse: [] } }).catch(() => undefined);
  }
}
