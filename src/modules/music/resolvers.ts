/**
 * Turns what a member asked for into tracks: an uploaded file, a direct http(s) audio link or radio stream, a file
 * in the music folder of the data directory (searched by name), or (when installed) a yt-dlp search or page link.
 * Each failure is a UserError with a reply that says what was wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '#discord/commands/index.ts';
import type { NewTrack } from './queue-store.ts';
import type { MusicSettings } from './settings.ts';
import { type MusicTools, run } from './tools.ts';

export interface ResolveInput {
  query: string;
  attachments: { name: string; url: string; contentType: string | null }[];
  settings: MusicSettings;
  tools: MusicTools;
  /** `<data>/music` */
  musicDir: string;
}

const AUDIO_EXTENSIONS = new Set(['.mp3', '.ogg', '.opus', '.flac', '.wav', '.m4a', '.aac', '.webm', '.mka', '.oga']);
const AUDIO_TYPES = /^(audio\/|video\/|application\/(ogg|octet-stream|x-mpegurl|vnd\.apple\.mpegurl|pls\+xml))/i;

export function formatDuration(ms: number | null): string {
  if (ms === null) return 'live';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Duration (null for a live stream) and title of a media URL or file, read by ffprobe; throws when it isn't audio. */
export async function probeMedia(
  tools: MusicTools,
  url: string,
): Promise<{ durationMs: number | null; title: string | null }> {
  if (!tools.ffprobe.path) return { durationMs: null, title: null };
  const out = await run(
    tools.ffprobe.path,
    ['-v', 'error', '-show_entries', 'format=duration:format_tags=title:stream=codec_type', '-of', 'json', url],
    15_000,
  );
  const info = JSON.parse(out) as {
    format?: { duration?: string; tags?: { title?: string } };
    streams?: { codec_type?: string }[];
  };
  if (!info.streams?.some((s) => s.codec_type === 'audio')) throw new Error('no audio stream');
  const seconds = Number(info.format?.duration);
  return {
    durationMs: Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null,
    title: info.format?.tags?.title ?? null,
  };
}

function checkLength(track: NewTrack, settings: MusicSettings): NewTrack {
  const limit = settings.max_track_minutes;
  if (limit > 0 && track.durationMs !== null && track.durationMs > limit * 60_000) {
    throw new UserError(
      'music.too-long',
      `**${track.title}** is ${formatDuration(track.durationMs)} long; this server's limit is ${limit} minute${limit === 1 ? '' : 's'}.`,
      {},
      'Track Too Long',
    );
  }
  return track;
}

function disabled(what: string): UserError {
  return new UserError('music.source-disabled', `${what} are turned off in this server.`, {}, 'Source Not Allowed');
}

function nameFromUrl(url: URL): string {
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '');
  return last || url.host;
}

/** Looks at a link's headers: refuses dead links and pages that aren't audio. Returns the stream's name if any. */
async function checkHttpAudio(url: URL): Promise<{ audio: boolean; type: string; name: string | null }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    const response = await fetch(url, { signal: controller.signal, headers: { 'icy-metadata': '0' } }).catch(
      (err: unknown) => {
        throw new UserError(
          'music.dead-stream',
          `Could not reach <${url.href}>: ${controller.signal.aborted ? 'no answer within 10 seconds' : (((err as Error).cause as Error | undefined)?.message ?? (err as Error).message)}.`,
          {},
          'Stream Unreachable',
        );
      },
    );
    await response.body?.cancel().catch(() => undefined);
    if (!response.ok)
      throw new UserError(
        'music.dead-stream',
        `<${url.href}> answered HTTP ${response.status}: the file or stream is not available.`,
        {},
        'Stream Unreachable',
      );
    const type = response.headers.get('content-type') ?? '';
    return { audio: AUDIO_TYPES.test(type) || type === '', type, name: response.headers.get('icy-name') };
  } finally {
    clearTimeout(timer);
  }
}

async function ytdlpTracks(tools: MusicTools, target: string): Promise<NewTrack[]> {
  const out = await run(
    tools.ytdlp.path!,
    [
      '--no-playlist',
      '--no-warnings',
      '--skip-download',
      '--print',
      '%(title)s\t%(duration)s\t%(webpage_url)s',
      target,
    ],
    30_000,
  ).catch((err: Error) => {
    throw new UserError('music.no-match', `yt-dlp found nothing: ${err.message.slice(0, 300)}`, {}, 'No Match');
  });
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .slice(0, 1)
    .map((line) => {
      const [title, duration, page] = line.split('\t');
      const seconds = Number(duration);
      return {
        title: title || page || target,
        url: page || target,
        source: 'ytdlp',
        durationMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null,
      };
    });
}

function searchLocal(musicDir: string, query: string): string | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && depth < 3) walk(full, depth + 1);
      else if (e.isFile() && AUDIO_EXTENSIONS.has(path.extname(e.name).toLowerCase())) files.push(full);
    }
  };
  walk(musicDir, 0);
  const matches = files
    .map((f) => ({ f, name: path.relative(musicDir, f).toLowerCase() }))
    .filter(({ name }) => words.every((w) => name.includes(w)))
    .sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name));
  return matches[0]?.f ?? null;
}

export async function resolveTracks(input: ResolveInput): Promise<NewTrack[]> {
  const { settings, tools } = input;
  const query = input.query.trim();
  const audioFile = input.attachments.find(
    (a) =>
      (a.contentType && AUDIO_TYPES.test(a.contentType)) || AUDIO_EXTENSIONS.has(path.extname(a.name).toLowerCase()),
  );
  if (!query && input.attachments.length) {
    if (!settings.allow_attachments) throw disabled('Uploaded files');
    if (!audioFile)
      throw new UserError(
        'music.not-audio',
        `**${input.attachments[0]!.name}** is not an audio file.`,
        {},
        'Not Audio',
      );
    const probed = await probeMedia(tools, audioFile.url).catch(() => {
      throw new UserError('music.not-audio', `**${audioFile.name}** could not be read as audio.`, {}, 'Not Audio');
    });
    return [
      checkLength(
        {
          title: probed.title ?? audioFile.name,
          url: audioFile.url,
          source: 'attachment',
          durationMs: probed.durationMs,
        },
        settings,
      ),
    ];
  }
  if (!query)
    throw new UserError('music.empty', 'Give a link, a search, or upload an audio file.', {}, 'Nothing to Play');

  let url: URL | null = null;
  try {
    url = new URL(query);
  } catch {
    url = null;
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError('music.not-audio', 'Only http(s) links can be played.', {}, 'Not Audio');
  if (url) {
    if (!settings.allow_http && !(settings.allow_ytdlp && tools.ytdlp.path)) throw disabled('Links');
    const head = settings.allow_http ? await checkHttpAudio(url) : { audio: false, type: 'text/html', name: null };
    if (!head.audio) {
      if (settings.allow_ytdlp && tools.ytdlp.path)
        return (await ytdlpTracks(tools, url.href)).map((t) => checkLength(t, settings));
      throw new UserError(
        'music.not-audio',
        `<${url.href}> is not audio (it is ${head.type.split(';')[0] || 'unknown'}). Link an audio file or stream.`,
        {},
        'Not Audio',
      );
    }
    const probed = await probeMedia(tools, url.href).catch(() => {
      throw new UserError(
        'music.not-audio',
        `<${url.href}> could not be read as audio (ffmpeg found no audio in it).`,
        {},
        'Not Audio',
      );
    });
    return [
      checkLength(
        {
          title: head.name ?? probed.title ?? nameFromUrl(url),
          url: url.href,
          source: 'http',
          durationMs: probed.durationMs,
        },
        settings,
      ),
    ];
  }

  if (settings.allow_local) {
    const file = searchLocal(input.musicDir, query);
    if (file) {
      const probed = await probeMedia(tools, file).catch(() => ({ durationMs: null, title: null }));
      const title = probed.title ?? path.basename(file, path.extname(file));
      return [checkLength({ title, url: file, source: 'local', durationMs: probed.durationMs }, settings)];
    }
  }
  if (settings.allow_ytdlp && tools.ytdlp.path)
    return (await ytdlpTracks(tools, `ytsearch1:${query}`)).map((t) => checkLength(t, settings));
  throw new UserError(
    'music.no-match',
    `No track matches “${query.slice(0, 100)}”${settings.allow_local ? ' in the music folder' : ''}.${tools.ytdlp.path ? '' : ' Searching the web needs yt-dlp on the host.'}`,
    {},
    'No Match',
  );
}
