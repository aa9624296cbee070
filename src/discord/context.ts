import type { Client } from 'discord.js';
import type { BotStatusProvider } from '#core/bot-status.ts';
import type { CoreContext } from '#core/context.ts';
import type { CommandRegistry } from './commands/registry.ts';
import type { SyncResult } from './commands/sync.ts';
import type { ContentChecks } from './content-checks.ts';
import type { GuildStore } from './guilds/guild-store.ts';
import type { MessageRedactions } from './message-redactions.ts';
import type { PermissionService } from './permissions/permission-service.ts';
import type { PrefixStore } from './prefixes/prefix-store.ts';

/** What bot modules get from the Discord runtime. */
export interface DiscordRuntime {
  /** The current discord.js client (replaced when the gateway is restarted with new intents or a new token). */
  readonly client: Client;
  /** Whether the gateway is connected and READY. */
  isReady(): boolean;
  readonly commands: CommandRegistry;
  readonly prefixes: PrefixStore;
  readonly permissions: PermissionService;
  readonly guilds: GuildStore;
  /** Checks an AFK reason or a snippet must pass before it is stored (automod registers one). */
  readonly contentChecks: ContentChecks;
  /** Messages that held a secret: marked before they are deleted, so no feature keeps or shows their content. */
  readonly redactions: MessageRedactions;
  /** Console-facing status (gateway state, ping, guild list). */
  readonly status: BotStatusProvider;
  /** Registers changed slash commands with Discord now (normally automatic and debounced). */
  syncCommands(): Promise<SyncResult | null>;
}

/** The context bot modules receive: the kernel plus the Discord runtime. */
export type BotContext = CoreContext & { discord: DiscordRuntime };
