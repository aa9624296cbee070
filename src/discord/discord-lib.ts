/**
 * discord.js loads when the Discord runtime connects, not when the process starts: with no token, or while only
 * the console is used, its code and the REST and gateway libraries it pulls in are never read or compiled.
 * Enum values (intents, permission flags, channel and component types) come from discord-api-types, which is
 * light; classes that only matter while the bot is connected (the client, builders) are read through discordJs()
 * once the runtime has called loadDiscordJs().
 */
import type * as DiscordJs from 'discord.js';

export type DiscordJsLib = typeof DiscordJs;

let lib: DiscordJsLib | null = null;

/** Loads discord.js (once) and returns it. */
export async function loadDiscordJs(): Promise<DiscordJsLib> {
  if (!lib) {
    const mod = await import('discord.js');
    // discord.js is CommonJS: Node's import() also offers its exports as `default`, and a bundle's chunk offers
    // them only there.
    lib = (mod as { default?: DiscordJsLib }).default ?? mod;
  }
  return lib;
}

/** discord.js, for code that runs only while the bot is connected (the runtime has loaded it by then). */
export function discordJs(): DiscordJsLib {
  if (!lib) throw new Error('discord.js is used before the Discord runtime has loaded it (loadDiscordJs)');
  return lib;
}

/** Discord refused a REST request (discord.js's DiscordAPIError), told apart without loading discord.js. */
export function isDiscordApiError(err: unknown): err is DiscordJs.DiscordAPIError {
  return (
    err instanceof Error &&
    'rawError' in err &&
    typeof (err as { status?: unknown }).status === 'number' &&
    'code' in err
  );
}
