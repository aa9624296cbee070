import type { Client, ClientEvents, Message } from 'discord.js';
import type { WebService, WebServiceOptions } from '#core/http/web-service.ts';
import type { Logger } from '#core/log/types.ts';
import type { Job, ScheduleOptions } from '#core/scheduler/types.ts';
import type { AnyCommand } from '#discord/commands/types.ts';
import type { PluginManifest, PluginManifestInput } from './manifest.ts';

/** The plugin API module itself. */
export type PluginApi = typeof import('./index.ts');

/** Undoes what setup did (runs when the plugin is disabled or the appliance stops). */
export type PluginTeardown = () => void | Promise<void>;

/** What a plugin is given: its settings, a logger, the Discord client, and (if declared) the network. */
export interface PluginContext<S = Record<string, unknown>> {
  readonly name: string;
  readonly version: string;
  /** The plugin API version of the running appliance. */
  readonly apiVersion: string;
  readonly log: Logger;
  /**
   * The whole plugin API (what `src/plugin-api` exports: defineCommand, arg, flag, z, UserError, onEvent, ...), so a
   * folder plugin written in plain JavaScript needs no import at all.
   */
  readonly api: PluginApi;
  /** The guild's settings (the manifest's defaults where the guild set nothing). From memory. */
  settings(guildId: string): S;
  /** Whether the plugin is on (globally, and for the guild when one is given). */
  isEnabled(guildId?: string | null): boolean;
  /** The discord.js client; it is replaced on reconnect, so ask for it each time. */
  client(): Client;
  /**
   * An HTTP client for one external service: timeouts, retries on 5xx/429, a rate limit and a response cache.
   * Throws unless the manifest declares `"network": true`.
   */
  web(opts: PluginWebOptions): WebService;
  /** Schedules one of the plugin's jobs (persisted; survives restarts). */
  schedule<P>(type: string, runAt: Date | number, payload: P, opts?: ScheduleOptions): Job<P>;
}

export type PluginWebOptions = Pick<WebServiceOptions, 'label' | 'baseUrl'> &
  Partial<Pick<WebServiceOptions, 'timeoutMs' | 'perMinute' | 'burst' | 'retries' | 'maxBytes' | 'cacheEntries'>> & {
    /** False: not a service of its own on the Services screen (downloads from Discord itself). Default true. */
    listed?: boolean;
  };

/** An event handler; it is skipped in guilds where the plugin is switched off, and its errors are logged. */
export interface PluginEvent<E extends keyof ClientEvents = keyof ClientEvents> {
  event: E;
  run(...args: ClientEvents[E]): unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a plugin's list of events holds every event type
export type AnyPluginEvent = PluginEvent<any>;

/** What a plugin's create() gives back: the same parts a built-in module has. */
export interface PluginParts {
  commands?: readonly AnyCommand[];
  events?: readonly AnyPluginEvent[];
  /** Every guild or DM message from a human (one pass shared by all features); skipped where switched off. */
  onMessage?(message: Message, info: { command: boolean }): unknown;
  /** Job handlers by type (the plugin's name is put in front of the type for it). */
  jobs?: Readonly<Record<string, (job: Job) => unknown>>;
  /** Runs when the plugin is enabled; may return its teardown. A throw marks the plugin failed. */
  setup?(): PluginTeardown | undefined | Promise<PluginTeardown | undefined>;
  /**
   * (API 1.2.0) Checks a setting's value when it is set, after the manifest's own checks: return a sentence saying
   * what is wrong to refuse it (the setter sees it, nothing changes), or nothing to accept it. Called with every
   * key whose value is not null; must be quick and must not put the value in its answer (it may be a secret).
   */
  checkSetting?(key: string, value: unknown): string | null | undefined;
  /**
   * (API 1.2.0) One line shown above a guild's settings in `config module <plugin>`, such as which of two sign-ins
   * the settings give. Nothing: no line. Must not hold a secret.
   */
  settingsNote?(guildId: string): string | null | undefined;
}

export interface PluginDefinition<S = Record<string, unknown>> {
  /** Bundled plugins name their manifest here; folder plugins keep it in plugin.json. */
  manifest?: PluginManifestInput;
  /** Builds the plugin's parts; called once at load. */
  create(tux: PluginContext<S>): PluginParts;
}

/** A definition stamped with the API version it was written against. */
export type DefinedPlugin<S = Record<string, unknown>> = PluginDefinition<S> & { readonly apiVersion: string };

export type { PluginManifest };

// biome-ignore lint/suspicious/noExplicitAny: a list of plugins holds every settings type
export type AnyPluginDefinition = PluginDefinition<any>;
