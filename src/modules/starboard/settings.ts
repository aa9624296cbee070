import { z } from 'zod';

export const starboardSettingsSchema = z.object({
  channel: z
    .string()
    .regex(/^\d{17,20}$/, 'give a channel')
    .nullable()
    .default(null)
    .describe('Starboard channel (none: off)'),
  emoji: z.string().min(1).max(64).default('⭐').describe('The star: a unicode emoji or one of this server’s emoji'),
  threshold: z.number().int().min(1).max(1000).default(1).describe('Stars a message needs (the author’s own excluded)'),
  exclude_nsfw: z.boolean().default(true).describe('Ignore messages in age-restricted channels'),
});

export type StarboardSettings = z.infer<typeof starboardSettingsSchema>;

/** `<:name:id>` / `<a:name:id>` → the emoji id; a unicode emoji is matched by itself. */
export function emojiId(emoji: string): string | null {
  return /^<a?:[\w-]+:(\d{17,20})>$/.exec(emoji)?.[1] ?? null;
}

export function matchesEmoji(configured: string, reaction: { id: string | null; name: string | null }): boolean {
  const id = emojiId(configured);
  return id ? reaction.id === id : reaction.id === null && reaction.name === configured;
}
