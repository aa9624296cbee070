/**
 * Snippets: the server's shared answers (`$s rtfm`). Members create, edit and delete their own; staff lock them;
 * an alias points at another snippet; a snippet ban from the moderation cases and an optional list of roles allowed
 * to manage snippets (per guild) are respected. `/snippet` completes names.
 */
import { z } from 'zod';
import { type BotModule, defineModule } from '#discord/module.ts';
import { snippetCommands } from './commands.ts';

export const snippetsSettingsSchema = z.object({
  manage_roles: z
    .array(z.string().regex(/^\d{17,20}$/, 'give roles'))
    .max(50)
    .default([])
    .describe('Roles allowed to create, edit and delete snippets (none: everyone)'),
});

export function createSnippetsModule(): BotModule {
  return defineModule({
    name: 'snippets',
    description: 'Shared answers: create, alias, lock and show snippets',
    config: snippetsSettingsSchema,
    commands: snippetCommands,
  });
}
