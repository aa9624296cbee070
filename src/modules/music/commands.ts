/** play, queue, skip, stop, pause, resume, volume, nowplaying, remove, move, shuffle, loop, seek, disconnect, playlist. */
import path from 'node:path';
import { type AnyCommand, arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import type { GuildPlayer } from './guild-player.ts';
import {
  checkCanQueue,
  pauseCurrent,
  queueAndStart,
  resumeCurrent,
  setLoop,
  skipCurrent,
  stopAll,
} from './music-actions.ts';
import type { MusicManager } from './music-manager.ts';
import { playerFor, requireDj } from './music-rules.ts';
import { playlistCommand } from './playlist-commands.ts';
import { listQueue, moveTrack, type QueuedTrack, removeAt, shuffleUpcoming } from './queue-store.ts';
import { formatDuration, resolveTracks } from './resolvers.ts';
import type { MusicService } from './service.ts';
import type { LoopMode, MusicSettings } from './settings.ts';

export interface MusicCommandDeps {
  manager: () => MusicManager;
  service: MusicService;
  dataDir: string;
}

export const CATEGORY = 'Music';

function parseTime(text: string): number | null {
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.reduce((total, p) => total * 60 + Number(p), 0) * 1000;
}

export function line(track: QueuedTrack): string {
  return `**${track.title}** (${formatDuration(track.durationMs)}) · <@${track.requestedBy}>`;
}

export function musicCommands(deps: MusicCommandDeps): AnyCommand[] {
  const settingsOf = (ctx: CommandContext) => deps.manager().settings(ctx.guildId!);

  const play = defineCommand({
    name: 'play',
    description: 'Play a link, a search, or an uploaded audio file (added to the queue)',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    args: {
      file: arg.attachment({ description: 'An audio file to play', optional: true }),
      query: arg.text({ description: 'Link or search words', max: 500, optional: true }),
    },
    examples: [
      'play https://radio.example/stream.mp3',
      'play lofi (a file in the music folder)',
      'play (with an audio file attached)',
    ],
    async run(ctx, { query, file }) {
      const manager = deps.manager();
      const channelId = checkCanQueue(manager, deps.service, ctx.app.db, ctx.guildId!, ctx.member);
      await ctx.defer();
      const tracks = await resolveTracks({
        query: query ?? '',
        attachments: file ? [{ name: file.name, url: file.url, contentType: file.contentType }] : [],
        settings: settingsOf(ctx),
        tools: deps.service.tools!,
        musicDir: path.join(deps.dataDir, 'music'),
      });
      const { first, position } = await queueAndStart(manager, ctx.app.db, {
        guild: ctx.guild!,
        userId: ctx.user.id,
        voiceChannelId: channelId,
        textChannelId: ctx.channelId,
        tracks,
      });
      await ctx.editReply(
        position === 0 ? `▶️ Playing ${line(first)}` : `➕ Queued ${line(first)} at position ${position}.`,
      );
    },
  });

  const simple = (
    name: string,
    description: string,
    run: (ctx: CommandContext, player: GuildPlayer, settings: MusicSettings) => Promise<unknown>,
  ) =>
    defineCommand({
      name,
      description,
      category: CATEGORY,
      defaultRank: 0,
      guildOnly: true,
      async run(ctx) {
        await run(ctx, playerFor(deps.manager(), ctx.guildId!, ctx.member), settingsOf(ctx));
      },
    });

  const skip = simple('skip', 'Skip the current track', async (ctx, player, settings) => {
    const current = skipCurrent(ctx.app.db, player, ctx.member, settings);
    await ctx.reply(`⏭️ Skipped **${current.title}**.`);
  });

  const stop = simple('stop', 'Stop playing and clear the queue', async (ctx, player, settings) => {
    await stopAll(ctx.app.db, player, ctx.member, settings);
    await ctx.reply('⏹️ Stopped and cleared the queue.');
  });

  const pause = simple('pause', 'Pause the current track', async (ctx, player) => {
    await ctx.reply(`⏸️ Paused **${pauseCurrent(player).title}**.`);
  });

  const resume = simple('resume', 'Resume the paused track', async (ctx, player) => {
    await ctx.reply(`▶️ Resumed **${resumeCurrent(player).title}**.`);
  });

  const volume = defineCommand({
    name: 'volume',
    description: 'Show or set the volume (0–200 %)',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    args: { percent: arg.integer({ description: 'Volume in percent (0–200)', optional: true }) },
    async run(ctx, { percent }) {
      const player = playerFor(deps.manager(), ctx.guildId!, ctx.member);
      if (percent === undefined || percent === null) return void (await ctx.reply(`🔊 Volume: ${player.volume}%`));
      if (!Number.isInteger(percent) || percent < 0 || percent > 200)
        throw new UserError(
          'music.volume-range',
          `Volume must be between 0 and 200 (got ${percent}).`,
          {},
          'Invalid Volume',
        );
      player.setVolume(percent);
      await ctx.reply(`🔊 Volume set to ${percent}%.`);
    },
  });

  const nowplaying = defineCommand({
    name: 'nowplaying',
    description: 'Show the current track',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    async run(ctx) {
      const player = deps.manager().get(ctx.guildId!);
      if (!player?.current)
        throw new UserError('music.not-playing', 'Nothing is playing in this server.', {}, 'Not Playing');
      const t = player.current.track;
      await ctx.reply(
        `${player.paused ? '⏸️' : '▶️'} ${line(t)}\n${formatDuration(player.positionMs)} / ${formatDuration(t.durationMs)} · volume ${player.volume}% · loop ${player.loop}`,
      );
    },
  });

  const queue = defineCommand({
    name: 'queue',
    description: 'Show the queue',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    async run(ctx) {
      const rows = listQueue(ctx.app.db, ctx.guildId!);
      if (!rows.length) return void (await ctx.reply('The queue is empty.'));
      const [head, ...rest] = rows;
      const lines = [`Now: ${line(head!)}`, ...rest.slice(0, 15).map((t, i) => `${i + 1}. ${line(t)}`)];
      if (rest.length > 15) lines.push(`…and ${rest.length - 15} more`);
      await ctx.reply({ content: lines.join('\n'), allowedMentions: { parse: [] } });
    },
  });

  const remove = defineCommand({
    name: 'remove',
    description: 'Remove an upcoming track by its number in the queue',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    args: { position: arg.integer({ description: 'Number in the queue (1 = next)', min: 1 }) },
    async run(ctx, { position }) {
      const player = playerFor(deps.manager(), ctx.guildId!, ctx.member);
      const track = listQueue(ctx.app.db, ctx.guildId!)[position];
      if (!track)
        throw new UserError('music.no-track', `There is no track #${position} in the queue.`, {}, 'No Such Track');
      requireDj(ctx.member, settingsOf(ctx), track, 'remove');
      removeAt(ctx.app.db, ctx.guildId!, position);
      player.changed();
      await ctx.reply({ content: `🗑️ Removed ${line(track)}.`, allowedMentions: { parse: [] } });
    },
  });

  const move = defineCommand({
    name: 'move',
    description: 'Move an upcoming track to another place in the queue',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    args: {
      from: arg.integer({ description: 'Its number now', min: 1 }),
      to: arg.integer({ description: 'Its new number', min: 1 }),
    },
    async run(ctx, { from, to }) {
      const player = playerFor(deps.manager(), ctx.guildId!, ctx.member);
      const track = listQueue(ctx.app.db, ctx.guildId!)[from];
      requireDj(ctx.member, settingsOf(ctx), track, 'move');
      const moved = moveTrack(ctx.app.db, ctx.guildId!, from, to);
      if (!moved)
        throw new UserError('music.no-track', 'Both numbers must be tracks in the queue.', {}, 'No Such Track');
      player.changed();
      await ctx.reply({ content: `↕️ Moved **${moved.title}** to #${to}.`, allowedMentions: { parse: [] } });
    },
  });

  const shuffle = simple('shuffle', 'Shuffle the upcoming tracks', async (ctx, player) => {
    const n = shuffleUpcoming(ctx.app.db, ctx.guildId!);
    player.changed();
    await ctx.reply(`🔀 Shuffled ${n} track${n === 1 ? '' : 's'}.`);
  });

  const loop = defineCommand({
    name: 'loop',
    description: 'Repeat nothing, the current track, or the whole queue',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    args: {
      mode: arg.string({
        description: 'off, track or queue',
        choices: [
          { name: 'off', value: 'off' },
          { name: 'track', value: 'track' },
          { name: 'queue', value: 'queue' },
        ],
      }),
    },
    async run(ctx, { mode }) {
      const player = playerFor(deps.manager(), ctx.guildId!, ctx.member);
      setLoop(player, mode as LoopMode);
      await ctx.reply(`🔁 Loop: ${mode}.`);
    },
  });

  const seek = defineCommand({
    name: 'seek',
    description: 'Jump to a time in the current track (seconds, m:ss or h:mm:ss)',
    category: CATEGORY,
    defaultRank: 0,
    guildOnly: true,
    args: { time: arg.string({ description: 'e.g. 90 or 1:30', max: 12 }) },
    async run(ctx, { time }) {
      const player = playerFor(deps.manager(), ctx.guildId!, ctx.member);
      const track = player.current?.track;
      if (!track) throw new UserError('music.not-playing', 'Nothing is playing right now.', {}, 'Not Playing');
      const ms = parseTime(time);
      if (ms === null)
        throw new UserError(
          'music.seek-format',
          `“${time}” is not a time: use seconds, m:ss or h:mm:ss.`,
          {},
          'Invalid Time',
        );
      if (track.durationMs === null)
        throw new UserError('music.seek-live', 'A live stream cannot be seeked.', {}, 'Live Stream');
      if (ms >= track.durationMs)
        throw new UserError(
          'music.seek-past-end',
          `**${track.title}** is only ${formatDuration(track.durationMs)} long.`,
          {},
          'Past the End',
        );
      player.seek(ms);
      await ctx.reply(`⏩ Jumped to ${formatDuration(ms)}.`);
    },
  });

  const disconnect = simple(
    'disconnect',
    'Leave the voice channel (the queue is kept)',
    async (ctx, player, settings) => {
      requireDj(ctx.member, settings, player.current?.track, 'stop');
      player.destroy({ forget: true });
      await ctx.reply('👋 Left the voice channel. The queue is kept.');
    },
  );

  return [
    play,
    queue,
    skip,
    stop,
    pause,
    resume,
    volume,
    nowplaying,
    remove,
    move,
    shuffle,
    loop,
    seek,
    disconnect,
    playlistCommand(deps),
  ];
}
