/** Finds the programs music uses on PATH: ffmpeg (required to play) and yt-dlp (optional source). */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface ToolInfo {
  path: string | null;
  version: string | null;
}

export interface MusicTools {
  ffmpeg: ToolInfo;
  ffprobe: ToolInfo;
  ytdlp: ToolInfo;
}

export function findOnPath(name: string, envPath = process.env.PATH ?? ''): string | null {
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs a program and resolves with its stdout (rejects on a non-zero exit or after `timeoutMs`). */
export function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(stderr.trim().split('\n').at(-1) || err.message));
        else resolve(stdout);
      },
    );
  });
}

async function probe(name: string, args: string[], pattern: RegExp): Promise<ToolInfo> {
  const found = findOnPath(name);
  if (!found) return { path: null, version: null };
  const out = await run(found, args, 5000).catch(() => '');
  return { path: found, version: pattern.exec(out)?.[1] ?? 'unknown version' };
}

export async function detectTools(): Promise<MusicTools> {
  const [ffmpeg, ffprobe, ytdlp] = await Promise.all([
    probe('ffmpeg', ['-hide_banner', '-version'], /version (\S+)/),
    probe('ffprobe', ['-hide_banner', '-version'], /version (\S+)/),
    probe('yt-dlp', ['--version'], /(\S+)/),
  ]);
  return { ffmpeg, ffprobe, ytdlp };
}
