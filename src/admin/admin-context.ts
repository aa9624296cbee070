import type { BotStatusProvider } from '#core/bot-status.ts';
import type { CoreContext } from '#core/context.ts';
import type { SessionRegistry } from './session-registry.ts';

export type { BotGuild, BotStatus, BotStatusProvider } from '#core/bot-status.ts';

/** The kernel plus what only the admin console needs. */
export type AdminContext = CoreContext & {
  bot?: BotStatusProvider;
  sessions: SessionRegistry;
};
