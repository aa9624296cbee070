import { z } from 'zod';

const channelId = z.string().regex(/^\d{17,20}$/, 'a channel id is 17–20 digits');
const limit = z.number().int().min(1).max(1000);

/** Per-guild GIF limits. Nothing is limited until a channel gets a limit, as in Tux. */
export const gifLimiterSettingsSchema = z.object({
  window_seconds: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(60)
    .describe('How long a GIF counts towards the limits (Tux: RECENT_GIF_AGE)'),
  channel_limits: z
    .record(channelId, limit)
    .default({})
    .describe('Channel id → GIFs allowed in that channel within the window, from everyone together'),
  user_limits: z
    .record(channelId, limit)
    .default({})
    .describe('Channel id → GIFs one member may post in that channel within the window'),
  exclude: z.array(channelId).max(500).default([]).describe('Channels the limiter leaves alone'),
  notice_seconds: z
    .number()
    .int()
    .min(1)
    .max(600)
    .default(3)
    .describe('How long the "GIF ratelimit exceeded" notice stays before it deletes itself'),
});

export type GifLimiterSettings = z.infer<typeof gifLimiterSettingsSchema>;
