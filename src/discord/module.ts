/**
 * Typed module and event declarations for bot features. A module is one object (see docs/commands.md); its
 * commands and events are attached by createDiscordAttacher while it is enabled and detached when it is not.
 */
import type { ClientEvents, GatewayIntentBits } from 'discord.js';
import type { ModuleDefinition } from '#core/modules/types.ts';
import type { AnyCommand } from './commands/types.ts';
import type { BotContext } from './context.ts';
import type { PassiveMessageHandler } from './message-pipeline.ts';

/** An event handler; skipped for guilds where the module is switched off. */
export interface EventDefinition<E extends keyof ClientEvents = keyof ClientEvents> {
  event: E;
  /** Handle only the first occurrence. */
  once?: boolean;
  run(ctx: BotContext, ...args: ClientEvents[E]): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a module's list of events holds every event type
export type AnyEvent = EventDefinition<any>;

export type BotModule = ModuleDefinition<BotContext, AnyCommand, AnyEvent> & {
  /** Gateway intents the module's events need beyond the runtime's own (Guilds, GuildMessages, ...). */
  intents?: readonly GatewayIntentBits[];
  /**
   * Intents the module needs only in some states, read from its settings (presences only while some guild has
   * status roles). Re-read whenever per-guild settings change; the gateway reconnects when the union changes.
   */
  conditionalIntents?: (ctx: BotContext) => readonly GatewayIntentBits[];
  /** Subscribes to the passive message pipeline (one pass per message for every plain-chat feature). */
  onMessage?: PassiveMessageHandler;
};

export function defineModule(m: BotModule): BotModule {
  return m;
}

export function defineEvent<E extends keyof ClientEvents>(e: EventDefinition<E>): EventDefinition<E> {
  return e;
}
