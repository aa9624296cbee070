/** `playlist create|add|remove|play|list|delete`: a member's saved playlists, usable in any server with music. */
import path from 'node:path';
import { arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import type { MusicCommandDeps } from './commands.ts';
import { checkCanQueue, queueAndStart } from './music-actions.ts';
import {
  addPlaylistTracks,
  createPlaylist,
  deletePlaylist,
  findPlaylist,
  listPlaylists,
  MAX_PLAYLIST_TRACKS,
  MAX_PLAYLISTS,
  PLAYLIST_NAME,
  type Playlist,
  playlistTracks,
  removePlaylistTrack,
} from './playlist-store.ts';
import { listQueue, type NewTrack } from './queue-store.ts';
import { formatDuration, resolveTracks } from './resolvers.ts';
import type { MusicSettings } from './settings.ts';

const nameArg = () =>
  arg.string({ description: 'Playlist name (letters, digits, - and _, up to 32)', min: 1, max: 32 });

function checkName(name: string): string {
  if (!PLAYLIST_NAME.test(name))
    throw new UserError(
      'music.playlist-name',
      `“${name.slice(0, 40)}” is not a playlist name: use 1–32 letters, digits, - or _.`,
      {},
      'Invalid Name',
    );
  return name;
}

function mine(ctx: CommandContext, name: string): Playlist {
  const list = findPlaylist(ctx.app.db, ctx.user.id, checkName(name));
  if (!list)
    throw new UserError(
      'music.playlist-unknown',
      `You have no playlist **${name}**. See \`${ctx.prefix}playlist list\`.`,
      {},
      'Unknown Playlist',
    );
  return list;
}

const SOURCE_ALLOWED: Record<string, (s: MusicSettings) => boolean> = {
  http: (s) => s.allow_http,
  attachment: (s) => s.allow_attachments,
  local: (s) => s.allow_local,
  ytdlp: (s) => s.allow_ytdlp,
};

const reply = (ctx: CommandContext, content: string) =>
  ctx.reply({ content, ephemeral: true, allowedMentions: { parse: [] } });

export function playlistCommand(deps: MusicCommandDeps) {
  return defineCommand({
    name: 'playlist',
    aliases: ['pl'],
    description: 'Your saved playlists: create, add, remove, play, list, delete',
    category: 'Music',
    defaultRank: 0,
    guildOnly: true,
    examples: ['playlist create chill', 'playlist add chill https://radio.example/stream.mp3', 'playlist play chill'],
    subcommands: [
      defineCommand({
        name: 'create',
        description: 'Start a new, empty playlist',
        args: { name: nameArg() },
        async run(ctx, { name }) {
          const made = createPlaylist(ctx.app.db, ctx.user.id, checkName(name));
          if (made === 'exists')
            throw new UserError('music.playlist-exists', `You already have a playlist **${name}**.`, {}, 'Exists');
          if (made === 'too-many')
            throw new UserError(
              'music.playlist-limit',
              `You already have ${MAX_PLAYLISTS} playlists. Delete one first.`,
              {},
              'Too Many Playlists',
            );
          await reply(
            ctx,
            `📁 Created playlist **${made.name}**. Add tracks with \`${ctx.prefix}playlist add ${made.name} <link or search>\`.`,
          );
        },
      }),
      defineCommand({
        name: 'add',
        description: 'Add a link, a search or the current track to a playlist',
        args: {
          name: nameArg(),
          query: arg.text({
            description: 'Link or search words (empty: the track playing now)',
            max: 500,
            optional: true,
          }),
        },
        async run(ctx, { name, query }) {
          const list = mine(ctx, name);
          let tracks: NewTrack[];
          if (ctx.message?.attachments.size)
            throw new UserError(
              'music.playlist-upload',
              'Uploaded files cannot be saved in a playlist (their links expire); add a link or a search.',
              {},
              'Not Saved',
            );
          if (!query?.trim()) {
            const current = deps.manager().get(ctx.guildId!)?.current?.track;
            if (!current)
              throw new UserError(
                'music.nothing',
                'Nothing is playing: give a link or search words to add.',
                {},
                'Nothing to Add',
              );
            tracks = [
              { title: current.title, url: current.url, source: current.source, durationMs: current.durationMs },
            ];
          } else {
            const unavailable = deps.service.unavailable();
            if (unavailable) throw new UserError('music.unavailable', unavailable, {}, 'Music Unavailable');
            await ctx.defer({ ephemeral: true });
            tracks = await resolveTracks({
              query,
              attachments: [],
              settings: deps.manager().settings(ctx.guildId!),
              tools: deps.service.tools!,
              musicDir: path.join(deps.dataDir, 'music'),
            });
          }
          const added = addPlaylistTracks(ctx.app.db, list.id, tracks);
          if (added === 'full')
            throw new UserError(
              'music.playlist-full',
              `**${list.name}** is full (${MAX_PLAYLIST_TRACKS} tracks).`,
              {},
              'Playlist Full',
            );
          if ('duplicate' in added)
            throw new UserError(
              'music.playlist-duplicate',
              `**${added.duplicate.title}** is already in **${list.name}**.`,
              {},
              'Already There',
            );
          const count = playlistTracks(ctx.app.db, list.id).length;
          await ctx.editReply({
            content: `➕ Added **${added[0]!.title}** (${formatDuration(added[0]!.durationMs)}) to **${list.name}** (${count} track${count === 1 ? '' : 's'}).`,
            allowedMentions: { parse: [] },
          });
        },
      }),
      defineCommand({
        name: 'remove',
        description: 'Remove a track from a playlist by its number',
        args: {
          name: nameArg(),
          number: arg.integer({ description: 'Its number in `playlist list <name>`', min: 1 }),
        },
        async run(ctx, { name, number }) {
          const list = mine(ctx, name);
          const removed = removePlaylistTrack(ctx.app.db, list.id, number);
          if (!removed)
            throw new UserError('music.no-track', `**${list.name}** has no track #${number}.`, {}, 'No Such Track');
          await reply(ctx, `🗑️ Removed **${removed.title}** from **${list.name}**.`);
        },
      }),
      defineCommand({
        name: 'delete',
        description: 'Delete a playlist',
        args: { name: nameArg() },
        async run(ctx, { name }) {
          const list = mine(ctx, name);
          deletePlaylist(ctx.app.db, list.id);
          await reply(ctx, `🗑️ Deleted playlist **${list.name}**.`);
        },
      }),
      defineCommand({
        name: 'list',
        aliases: ['show'],
        description: 'Your playlists, or the tracks of one',
        args: { name: arg.string({ description: 'A playlist to show', max: 32, optional: true }) },
        async run(ctx, { name }) {
          if (!name) {
            const lists = listPlaylists(ctx.app.db, ctx.user.id);
            if (!lists.length)
              return void (await reply(
                ctx,
                `You have no playlists. Make one with \`${ctx.prefix}playlist create <name>\`.`,
              ));
            return void (await reply(
              ctx,
              [
                `**Your playlists** (${lists.length}/${MAX_PLAYLISTS})`,
                ...lists.map((l) => `• **${l.name}** · ${l.tracks} track${l.tracks === 1 ? '' : 's'}`),
              ].join('\n'),
            ));
          }
          const list = mine(ctx, name);
          const rows = playlistTracks(ctx.app.db, list.id);
          const lines = rows.slice(0, 25).map((t, i) => `${i + 1}. **${t.title}** (${formatDuration(t.durationMs)})`);
          if (rows.length > 25) lines.push(`…and ${rows.length - 25} more`);
          await reply(
            ctx,
            [`**${list.name}** (${rows.length}/${MAX_PLAYLIST_TRACKS})`, ...lines].join('\n') +
              (rows.length ? '' : '\nIt is empty.'),
          );
        },
      }),
      defineCommand({
        name: 'play',
        description: 'Add a whole playlist to the queue',
        args: { name: nameArg() },
        async run(ctx, { name }) {
          const list = mine(ctx, name);
          const manager = deps.manager();
          const channelId = checkCanQueue(manager, deps.service, ctx.app.db, ctx.guildId!, ctx.member);
          const settings = manager.settings(ctx.guildId!);
          const rows = playlistTracks(ctx.app.db, list.id);
          if (!rows.length)
            throw new UserError('music.playlist-empty', `**${list.name}** is empty.`, {}, 'Empty Playlist');
          const allowed = rows.filter((t) => SOURCE_ALLOWED[t.source]?.(settings) ?? true);
          if (!allowed.length)
            throw new UserError(
              'music.source-disabled',
              `None of the tracks in **${list.name}** come from a source this server allows.`,
              {},
              'Source Not Allowed',
            );
          const room = settings.max_queue - listQueue(ctx.app.db, ctx.guildId!).length;
          if (allowed.length > room)
            throw new UserError(
              'music.queue-full',
              `**${list.name}** has ${allowed.length} tracks but the queue has room for ${room} (limit ${settings.max_queue}).`,
              {},
              'Queue Full',
            );
          await ctx.defer();
          const { position, added } = await queueAndStart(manager, ctx.app.db, {
            guild: ctx.guild!,
            userId: ctx.user.id,
            voiceChannelId: channelId,
            textChannelId: ctx.channelId,
            tracks: allowed.map((t) => ({ title: t.title, url: t.url, source: t.source, durationMs: t.durationMs })),
          });
          const skipped = rows.length - allowed.length;
          await ctx.editReply({
            content: `${position === 0 ? '▶️ Playing' : '➕ Queued'} playlist **${list.name}**: ${added} track${added === 1 ? '' : 's'}${position > 0 ? ` from position ${position}` : ''}.${skipped ? ` ${skipped} skipped (source not allowed here).` : ''}`,
            allowedMentions: { parse: [] },
          });
        },
      }),
    ],
  });
}
