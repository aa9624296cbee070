import { z } from 'zod';

export const musicSettingsSchema = z.object({
  dj_role: z
    .string()
    .regex(/^\d{17,20}$/, 'give a role')
    .nullable()
    .default(null)
    .describe('DJ role: may skip, stop, remove and move tracks others queued (none: only the requester and staff)'),
  default_volume: z.number().int().min(0).max(200).default(100).describe('Volume a new player starts at (percent)'),
  max_queue: z.number().int().min(1).max(1000).default(100).describe('Most tracks a queue may hold'),
  max_track_minutes: z
    .number()
    .int()
    .min(0)
    .max(1440)
    .default(0)
    .describe('Longest track accepted, in minutes (0: no limit; live streams are always accepted)'),
  allow_http: z.boolean().default(true).describe('Allow direct http(s) audio links and radio streams'),
  allow_attachments: z.boolean().default(true).describe('Allow audio files uploaded with the command'),
  allow_local: z.boolean().default(true).describe('Allow tracks from the music folder in the data directory'),
  allow_ytdlp: z.boolean().default(true).describe('Allow searches and links through yt-dlp (when installed)'),
  auto_disconnect_seconds: z
    .number()
    .int()
    .min(5)
    .max(86_400)
    .default(120)
    .describe('Leave after this many seconds alone in the channel or with nothing to play'),
  always_on: z.boolean().default(false).describe('24/7 mode: stay in the channel even when alone or idle'),
});

export type MusicSettings = z.infer<typeof musicSettingsSchema>;
export type LoopMode = 'off' | 'track' | 'queue';
