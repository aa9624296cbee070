import { z } from 'zod';

const snowflake = /^\d{17,20}$/;

/** Placeholders a temp channel's name may use. */
export const NAME_PLACEHOLDERS = ['username', 'display_name'] as const;

export const DEFAULT_NAME_TEMPLATE = '/tmp/{username}';

/** Unknown `{...}` placeholders in a template (a typo would otherwise show up in every channel name). */
export function unknownPlaceholders(template: string): string[] {
  const found = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  return found.filter((p) => !(NAME_PLACEHOLDERS as readonly string[]).includes(p));
}

export const tempVoiceSettingsSchema = z.object({
  channel: z
    .string()
    .regex(snowflake, 'give a voice channel')
    .nullable()
    .default(null)
    .describe('Join-to-create voice channel (none: off)'),
  category: z
    .string()
    .regex(snowflake, 'give a category')
    .nullable()
    .default(null)
    .describe('Category for temp channels (none: the join-to-create channel’s category)'),
  name_template: z
    .string()
    .min(1)
    .max(100)
    .refine((t) => unknownPlaceholders(t).length === 0, 'use only {username} and {display_name}')
    .default(DEFAULT_NAME_TEMPLATE)
    .describe('Name of a temp channel: {username} and {display_name} are filled in'),
});

export type TempVoiceSettings = z.infer<typeof tempVoiceSettingsSchema>;

/** A channel name from the template; Discord takes 1–100 characters. */
export function renderChannelName(template: string, who: { username: string; displayName: string }): string {
  const name = template.replaceAll('{username}', who.username).replaceAll('{display_name}', who.displayName).trim();
  return (name || who.username).slice(0, 100);
}
