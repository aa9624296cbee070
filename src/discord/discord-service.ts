/**
 * The Discord runtime as a Service: owns the gateway connection (and replaces the client when the token or the
 * needed intents change), routes commands, binds module events, keeps guild rows and default ranks, and keeps
 * the registered slash commands in step with the enabled modules. Stopping lets running commands and event
 * handlers finish (bounded) before the client goes, so none of them writes to a database that is already closed.
 */
import type { Client, ClientOptions, Guild } from 'discord.js';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { BotGuild, BotStatus, BotStatusProvider } from '#core/bot-status.ts';
import type { CoreContext } from '#core/context.ts';
import type { Logger } from '#core/log/types.ts';
import type { ModuleAttacher } from '#core/modules/types.ts';
import type { Health, Service } from '#core/services/types.ts';
import { computeIntents, createClient } from './client.ts';
import { CommandDispatcher } from './commands/dispatcher.ts';
import { CommandRegistry } from './commands/registry.ts';
import { toSlashJSON } from './commands/slash-json.ts';
import { type SyncResult, syncApplicationCommands } from './commands/sync.ts';
import type { RegisteredCommand } from './commands/types.ts';
import { ContentChecks } from './content-checks.ts';
import type { BotContext, DiscordRuntime } from './context.ts';
import { type DiscordJsLib, discordJs, loadDiscordJs } from './discord-lib.ts';
import { FinishedSequence } from './gateway-session/finished-sequence.ts';
import { replayMissedCommands } from './gateway-session/replay-missed.ts';
import { type ResumedSession, resumeStoredSession } from './gateway-session/resume-replay.ts';
import { GatewaySessionStore } from './gateway-session/session-store.ts';
import { guardGatewaySockets } from './gateway-socket-guard.ts';
import { GuildStore } from './guilds/guild-store.ts';
import { MessagePipeline } from './message-pipeline.ts';
import { MessageRedactions } from './message-redactions.ts';
import type { AnyEvent, BotModule } from './module.ts';
import { PermissionService } from './permissions/permission-service.ts';
import { PrefixStore } from './prefixes/prefix-store.ts';

export const NO_TOKEN_DETAIL = 'no token: set bot.token (tux config set bot.token …) or TUX_BOT_TOKEN';

type State = 'stopped' | 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'down';

export interface DiscordServiceOptions {
  /** Extra discord.js client options (tests and the benchmark shorten timeouts). */
  clientOptions?: Partial<ClientOptions>;
  /** Debounce before a slash sync after commands change. Default 1000 ms. */
  syncDelayMs?: number;
  /** First wait before reconnecting after a failed login (doubles up to 5 minutes). Default 5000 ms. */
  retryDelayMs?: number;
  /** How long stop() waits for running commands and event handlers before destroying the client. Default 5000 ms. */
  drainTimeoutMs?: number;
  /**
   * A stored gateway session older than this is not resumed after a restart (Discord forgets a disconnected session
   * after a few minutes). Default 10 minutes.
   */
  resumeWindowMs?: number;
}

export interface DiscordService extends Service {
  readonly runtime: DiscordRuntime;
  /** Attaches a bot module's commands, events and intents while it is enabled (register with the ModuleManager). */
  readonly attacher: ModuleAttacher<BotContext>;
  /** Console-facing status (same object as runtime.status). */
  readonly statusProvider: BotStatusProvider;
  /** Resolves once the gateway is READY (or rejects after timeoutMs). */
  waitReady(timeoutMs?: number): Promise<void>;
}

interface BoundEvent {
  module: string;
  def: AnyEvent;
  listener: (...args: unknown[]) => void;
}

/** A dispatch or event handler still running; stop() waits for these. */
interface Work {
  label: string;
  startedAt: number;
  done: Promise<void>;
}

function guildIdOf(args: unknown[]): string | null {
  for (const a of args) {
    if (!a || typeof a !== 'object') continue;
    const o = a as { guildId?: unknown; guild?: { id?: unknown }; id?: unknown; members?: unknown };
    if (typeof o.guildId === 'string') return o.guildId;
    if (o.guild && typeof o.guild.id === 'string') return o.guild.id;
    if (o.members && typeof o.id === 'string') return o.id; // a Guild itself
    // A reaction: its message knows the guild.
    const message = (o as { message?: { guildId?: unknown } }).message;
    if (message && typeof message.guildId === 'string') return message.guildId;
  }
  return null;
}

export function createDiscordService(ctx: CoreContext, opts: DiscordServiceOptions = {}): DiscordService {
  const log: Logger = ctx.logs.child('discord');
  const commands = new CommandRegistry();
  const prefixes = new PrefixStore(ctx.db, ctx.config);
  const permissions = new PermissionService(ctx.db, ctx.config);
  const guildStore = new GuildStore(ctx.db);
  const moduleIntents = new Map<string, readonly GatewayIntentBits[]>();
  const events = new Set<BoundEvent>();
  const inFlight = new Set<Work>();
  const pipeline = new MessagePipeline(log);
  const sessionStore = new GatewaySessionStore(ctx.db, 250, (err) =>
    log.warn({ err }, 'could not store the gateway session; a crash now would lose the commands in flight'),
  );
  const finished = new FinishedSequence();
  /** The session of this process's client, once READY: stored (with the finished sequence) for a resume after a crash. */
  let session: { sessionId: string; resumeUrl: string } | null = null;
  /** The previous process's session, resumed at start to collect what it missed; closed once the new one is ready. */
  let previous: ResumedSession | null = null;
  /** Message and interaction ids the new session delivered while the previous one was open (so none runs twice). */
  const seenLive = new Set<string>();
  /** True from the resume of a previous session until its missed commands have been replayed. */
  let collectingLive = false;
  let resumeTried = false;

  let client: Client | null = null;
  let clientIntents = 0;
  let state: State = 'stopped';
  let detail = 'not started';
  let reconnects = 0;
  let started = false;
  let botContext: BotContext | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  const firstRetryDelay = opts.retryDelayMs ?? 5000;
  let retryDelay = firstRetryDelay;
  let restartTimer: NodeJS.Timeout | null = null;
  let syncTimer: NodeJS.Timeout | null = null;
  let syncing: Promise<SyncResult | null> | null = null;
  let syncAgain = false;
  const readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const commandLog: { t: number; module: string }[] = [];
  let eventCount = 0;

  /**
   * Runs a unit of work (a message, an interaction, an event handler) and keeps it in `inFlight` until it settles.
   * Once stop() has begun nothing new starts: the work is dropped with a log line.
   */
  const track = (
    label: string,
    work: () => Promise<unknown>,
    onError: (err: unknown) => void,
    ignoredLevel: 'info' | 'debug' = 'info',
  ): void => {
    if (!started) {
      log[ignoredLevel](`shutting down: ignored ${label}`);
      return;
    }
    const item: Work = {
      label,
      startedAt: Date.now(),
      done: Promise.resolve()
        .then(work)
        .then(() => undefined, onError)
        .finally(() => inFlight.delete(item)),
    };
    inFlight.add(item);
  };

  /** Waits for the running work, at most timeoutMs; logs what is still running when the time is up. */
  const drain = async (timeoutMs: number): Promise<void> => {
    if (inFlight.size === 0) return;
    log.info(`waiting for ${inFlight.size} running command(s) and event handler(s) to finish`);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    const settled = Promise.all([...inFlight].map((w) => w.done)).then(() => false);
    const timedOut = await Promise.race([settled, expired]);
    clearTimeout(timer);
    if (timedOut && inFlight.size > 0) {
      const now = Date.now();
      const still = [...inFlight].map((w) => `${w.label} (${((now - w.startedAt) / 1000).toFixed(1)}s)`);
      log.warn({ running: still }, `stopping anyway after ${timeoutMs} ms; still running: ${still.join(', ')}`);
    }
  };

  const app = (): BotContext => {
    botContext ??= { ...ctx, discord: runtime } as BotContext;
    return botContext;
  };

  /** Whether a message starts with the guild's prefix and names a prefix command (from memory). */
  const invokesCommand = (message: { content: string; guildId: string | null }): boolean => {
    const prefix = prefixes.get(message.guildId);
    if (!message.content.startsWith(prefix)) return false;
    const word = /^\S+/.exec(message.content.slice(prefix.length).trimStart())?.[0];
    return word !== undefined && commands.get(word)?.prefix === true;
  };

  const dispatcher = new CommandDispatcher({
    app,
    registry: commands,
    prefixes,
    permissions,
    log,
    onCommand: (cmd: RegisteredCommand) => {
      const now = Date.now();
      commandLog.push({ t: now, module: cmd.module });
      while (commandLog.length > 0 && commandLog[0]!.t < now - 60_000) commandLog.shift();
      if (commandLog.length > 10_000) commandLog.splice(0, commandLog.length - 10_000);
    },
  });

  const setState = (s: State, d: string): void => {
    state = s;
    detail = d;
    if (s === 'ready') {
      for (const w of readyWaiters.splice(0)) w.resolve();
    } else if (s === 'down' || s === 'idle' || s === 'stopped') {
      for (const w of readyWaiters.splice(0)) w.reject(new Error(`discord ${s}: ${d}`));
    }
  };

  const recordGuild = (guild: Guild): void => {
    try {
      const isNew = guildStore.joined({ id: guild.id, name: guild.name });
      permissions.ensureDefaultRanks(guild.id);
      if (isNew) log.info({ guild: guild.id }, `joined guild ${guild.name} (${guild.id})`);
    } catch (err) {
      log.error({ err, guild: guild.id }, 'could not record guild');
    }
  };

  const wantedIntents = (): { intents: number; dropped: GatewayIntentBits[] } =>
    computeIntents(ctx.config.current(), [...moduleIntents.values()].flat());

  const bindEvent = (c: Client, e: BoundEvent): void => {
    if (e.def.once) c.once(e.def.event, e.listener);
    else c.on(e.def.event, e.listener);
  };

  const scheduleSync = (): void => {
    if (state !== 'ready') return;
    if (syncTimer) clearTimeout(syncTimer);
    syncTimer = setTimeout(() => {
      syncTimer = null;
      void runtime.syncCommands().catch(() => undefined);
    }, opts.syncDelayMs ?? 1000);
    syncTimer.unref?.();
  };

  /** Stores the session with the last finished sequence (batched: one write per interval, not per event). */
  const saveSequence = (): void => {
    if (session) sessionStore.update({ ...session, sequence: finished.watermark() });
  };

  /** Claims an event for its handler; the returned function marks it finished (and the sequence moves on). */
  const finishes = (id: string): (() => void) => {
    const close = finished.claim(id);
    return () => {
      close();
      saveSequence();
    };
  };

  /**
   * After a crash: resumes the previous process's session beside the new one, so the events sent to it while no
   * process was running are not lost (see gateway-session/resume-replay.ts). Only tried once per start, and only
   * for a session stored recently enough for Discord to still know it.
   */
  const resumePrevious = async (token: string): Promise<void> => {
    if (resumeTried) return;
    resumeTried = true;
    const stored = sessionStore.load();
    if (!stored) return;
    const age = Date.now() - stored.updatedAt;
    if (age > (opts.resumeWindowMs ?? 10 * 60_000)) {
      log.info(`the stored gateway session is ${Math.round(age / 1000)} s old; starting a new one`);
      sessionStore.clear();
      return;
    }
    collectingLive = true;
    previous = await resumeStoredSession(stored, token, log);
    if (!previous) collectingLive = false;
    if (previous && !started) {
      previous.close();
      previous = null;
      collectingLive = false;
    }
    if (previous) {
      log.info(
        { events: previous.events.length, sequence: stored.sequence },
        `resumed the previous gateway session: ${previous.events.length} event(s) arrived while the bot was down`,
      );
    }
  };

  /** Once the new session is ready: ends the previous one and hands its missed commands to the client. */
  const replayPrevious = (c: Client): void => {
    const old = previous;
    previous = null;
    if (!old) return;
    old.close();
    const events = [...old.events];
    void replayMissedCommands(c, events, seenLive, log)
      .then((n) => {
        log.info(
          { ...n },
          `replayed ${n.messages} message(s) and ${n.interactions} interaction(s) missed while the bot was down` +
            ` (${n.alreadyAnswered} already answered, ${n.tooLate} interaction(s) past Discord's 3 s limit, ${n.seenLive} delivered again)`,
        );
      })
      .catch((err) => log.error({ err }, 'could not replay the events missed while the bot was down'))
      .finally(() => {
        collectingLive = false;
        seenLive.clear();
      });
  };

  const wire = (c: Client): void => {
    guardGatewaySockets(c, (err, shardId) => log.debug({ shard: shardId }, `gateway socket error: ${err.message}`));
    const { Events } = discordJs();
    c.on(Events.ClientReady, (ready) => {
      setState('ready', `connected as ${ready.user.tag}`);
      log.info(
        { guilds: ready.guilds.cache.size },
        `connected to Discord as ${ready.user.tag} (${ready.guilds.cache.size} guilds)`,
      );
      for (const g of ready.guilds.cache.values()) recordGuild(g);
      scheduleSync();
      replayPrevious(ready);
    });
    c.on(Events.GuildCreate, (guild) => {
      if (state === 'ready') recordGuild(guild);
    });
    c.on(Events.GuildDelete, (guild) => {
      // An outage also emits guildDelete (with available=false); only a real removal counts as leaving.
      if (guild.available === false) return;
      guildStore.left(guild.id);
      log.info({ guild: guild.id }, `left guild ${guild.name ?? guild.id}; its data is kept`);
    });
    c.on(Events.ShardReconnecting, () => {
      reconnects++;
      setState('reconnecting', 'reconnecting to the gateway');
    });
    c.on(Events.ShardResume, () => setState('ready', `connected as ${c.user?.tag ?? '?'}`));
    c.on(Events.ShardReady, () => {
      if (state === 'reconnecting') setState('ready', `connected as ${c.user?.tag ?? '?'}`);
    });
    c.on(Events.ShardDisconnect, (event) => {
      const code = event.code;
      if (code === 4004) {
        setState('down', 'Discord rejected the token (4004). Set a valid bot.token (tux config set bot.token …).');
        log.error('Discord rejected the bot token (gateway close 4004); not retrying until the token changes');
      } else if (code === 4014) {
        setState('down', 'Discord refused privileged intents (4014): enable them for the bot in the Developer Portal.');
        log.error('privileged intents are not enabled for this bot (gateway close 4014)');
      } else if (code === 4013) {
        setState('down', `invalid intents (4013)`);
      } else if (state !== 'down') {
        setState('reconnecting', `disconnected (${code})`);
      }
    });
    c.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
    c.on(Events.Warn, (msg) => log.warn(msg));
    c.on(Events.Raw, (packet: { t?: string | null; s?: number | null; d?: unknown }) => {
      eventCount++;
      if (typeof packet.s !== 'number') return;
      if (packet.t === 'READY') {
        const ready = packet.d as { session_id: string; resume_gateway_url: string };
        session = { sessionId: ready.session_id, resumeUrl: ready.resume_gateway_url };
        finished.reset(packet.s);
        sessionStore.update({ ...session, sequence: packet.s });
        try {
          sessionStore.flush();
        } catch (err) {
          log.warn({ err }, 'could not store the gateway session');
        }
        return;
      }
      const id =
        packet.t === 'MESSAGE_CREATE' || packet.t === 'INTERACTION_CREATE'
          ? (packet.d as { id?: unknown } | null)?.id
          : undefined;
      finished.received(packet.s, typeof id === 'string' ? id : undefined);
      if (collectingLive && typeof id === 'string') seenLive.add(id);
      saveSequence();
    });
    c.on(Events.MessageCreate, (message) => {
      const done = finishes(message.id);
      // Chat that cannot be a command skips the dispatcher; passive features (XP, AFK) still see every member's
      // message, and a bot's or a webhook's message costs nothing at all.
      const mightBeCommand = dispatcher.mightBeCommand(message);
      const passive = pipeline.size > 0 && !message.author.bot && !message.webhookId && !message.system;
      if (!mightBeCommand && !passive) return done();
      const word = /^\S{1,32}/.exec(message.content)?.[0] ?? '';
      track(
        `message ${message.id}${word ? ` (${word})` : ''}`,
        () =>
          Promise.all([
            mightBeCommand ? dispatcher.handleMessage(message) : undefined,
            passive ? pipeline.run(app(), message, { command: mightBeCommand && invokesCommand(message) }) : undefined,
          ]).finally(done),
        (err) => log.error({ err }, 'message handling failed'),
      );
    });
    c.on(Events.InteractionCreate, (interaction) => {
      const done = finishes(interaction.id);
      const what = interaction.isCommand() ? `/${interaction.commandName}` : `type ${interaction.type}`;
      track(
        `interaction ${interaction.id} (${what})`,
        () => dispatcher.handleInteraction(interaction).finally(done),
        (err) => log.error({ err }, 'interaction handling failed'),
      );
    });
    for (const e of events) bindEvent(c, e);
  };

  const disconnect = async (): Promise<void> => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    const c = client;
    client = null;
    previous?.close();
    previous = null;
    if (c) {
      await c.destroy();
      // A clean close ends the session on Discord's side: there is nothing left to resume.
      if (session) sessionStore.clear();
      session = null;
    }
  };

  const connect = async (): Promise<void> => {
    await disconnect();
    const token = ctx.config.current().bot.token.trim();
    if (!token) {
      setState('idle', NO_TOKEN_DETAIL);
      log.warn(`the bot is idle: ${NO_TOKEN_DETAIL}`);
      return;
    }
    ctx.logs.addSecret(token);
    const { intents, dropped } = wantedIntents();
    if (dropped.includes(GatewayIntentBits.GuildPresences)) {
      log.warn('a module asked for presences but discord.presences is off; presence events will not arrive');
    }
    // discord.js loads here, with the first connection: with no token it is never loaded.
    let djs: DiscordJsLib;
    try {
      djs = await loadDiscordJs();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setState('down', `cannot load discord.js: ${message}`);
      log.error({ err }, 'cannot load discord.js; is the install complete (npm ci)?');
      return;
    }
    const { DiscordjsErrorCodes } = djs;
    await resumePrevious(token);
    if (!started) return;
    const c = createClient(ctx.config.current(), intents, opts.clientOptions);
    client = c;
    clientIntents = intents;
    wire(c);
    setState('connecting', 'connecting to the gateway');
    try {
      await c.login(token);
      retryDelay = firstRetryDelay;
    } catch (err) {
      if (client !== c) return;
      const code = (err as { code?: unknown }).code;
      const status = (err as { status?: unknown }).status;
      if (code === DiscordjsErrorCodes.TokenInvalid || status === 401) {
        setState('down', 'Discord rejected the token (401). Set a valid bot.token (tux config set bot.token …).');
        log.error('Discord rejected the bot token; not retrying until the token changes');
        client = null;
        await c.destroy();
        return;
      }
      if (
        code === DiscordjsErrorCodes.DisallowedIntents ||
        /disallowed intents/i.test(String((err as Error).message))
      ) {
        setState(
          'down',
          'Discord refused privileged intents (Message Content, Server Members, Presence): enable them for the bot in the Developer Portal.',
        );
        log.error('privileged intents are not enabled for this bot');
        client = null;
        await c.destroy();
        return;
      }
      const message = err instanceof Error ? err.message : String(err);
      setState('down', `cannot connect: ${message}; retrying in ${(retryDelay / 1000).toFixed(1)}s`);
      log.warn({ err }, `cannot connect to Discord; retrying in ${(retryDelay / 1000).toFixed(1)}s`);
      client = null;
      await c.destroy();
      retryTimer = setTimeout(() => {
        retryTimer = null;
        void connect();
      }, retryDelay);
      retryTimer.unref?.();
      retryDelay = Math.min(retryDelay * 2, 5 * 60_000);
    }
  };

  /** Reconnects with a new client after a short debounce (intents or token changed). */
  const scheduleRestart = (why: string): void => {
    if (!started) return;
    if (restartTimer) clearTimeout(restartTimer);
    restartTimer = setTimeout(() => {
      restartTimer = null;
      log.info(`reconnecting to Discord: ${why}`);
      void connect();
    }, 300);
    restartTimer.unref?.();
  };

  let unsubscribeConfig: (() => void) | null = null;
  commands.onChange(() => scheduleSync());

  const statusProvider: BotStatusProvider = {
    status(): BotStatus {
      const now = Date.now();
      const perModule: Record<string, number> = {};
      for (const e of commandLog) if (e.t >= now - 60_000) perModule[e.module] = (perModule[e.module] ?? 0) + 1;
      const ping = client?.ws.ping ?? -1;
      const uptimeS = client?.uptime ? client.uptime / 1000 : 0;
      return {
        state: state === 'idle' ? `idle: ${detail}` : state,
        ping: ping >= 0 ? ping : null,
        guilds: client?.guilds.cache.size ?? 0,
        reconnects,
        user: client?.user?.tag ?? null,
        eventsPerSecond: uptimeS > 0 ? Math.round((eventCount / uptimeS) * 100) / 100 : 0,
        commandsPerMinute: perModule,
      };
    },
    guilds(): BotGuild[] {
      return [...(client?.guilds.cache.values() ?? [])].map((g) => ({
        id: g.id,
        name: g.name,
        members: g.memberCount,
      }));
    },
  };

  const runtime: DiscordRuntime = {
    get client(): Client {
      if (!client) throw new Error(`the Discord client is not running (${detail})`);
      return client;
    },
    isReady: () => state === 'ready' && client?.isReady() === true,
    commands,
    prefixes,
    permissions,
    guilds: guildStore,
    contentChecks: new ContentChecks(),
    redactions: new MessageRedactions(),
    status: statusProvider,
    async syncCommands(): Promise<SyncResult | null> {
      if (syncing) {
        syncAgain = true;
        return syncing;
      }
      const run = async (): Promise<SyncResult | null> => {
        const c = client;
        if (!c?.isReady()) return null;
        const desired = commands
          .list()
          .filter((cmd) => cmd.slash && app().modules.isEnabled(cmd.module))
          .map(toSlashJSON);
        const devGuilds = ctx.config.current().bot.dev_guild_ids;
        const results: SyncResult[] = [];
        try {
          if (devGuilds.length > 0) {
            for (const g of devGuilds)
              results.push(await syncApplicationCommands(c.rest, c.application.id, desired, g));
          } else {
            results.push(await syncApplicationCommands(c.rest, c.application.id, desired));
          }
        } catch (err) {
          log.error({ err }, 'slash command sync failed');
          return null;
        }
        for (const r of results) {
          if (r.created.length || r.updated.length || r.deleted.length) {
            log.info(
              { scope: r.scope, created: r.created, updated: r.updated, deleted: r.deleted },
              `slash commands synced (${r.scope}): +${r.created.length} ~${r.updated.length} -${r.deleted.length}`,
            );
          } else log.debug({ scope: r.scope }, `slash commands unchanged (${r.unchanged})`);
        }
        return results[0] ?? null;
      };
      syncing = (async () => {
        let result = await run();
        while (syncAgain) {
          syncAgain = false;
          result = await run();
        }
        return result;
      })().finally(() => {
        syncing = null;
      });
      return syncing;
    },
  };

  const attacher: ModuleAttacher<BotContext> = (module, modCtx) => {
    botContext ??= modCtx;
    const m = module as BotModule;
    const undo: (() => void)[] = [];
    if (m.commands?.length) undo.push(commands.add(m.name, m.commands));
    if (m.onMessage) undo.push(pipeline.subscribe(m.name, m.onMessage));
    for (const def of m.events ?? []) {
      const bound: BoundEvent = {
        module: m.name,
        def,
        listener: (...args: unknown[]) => {
          const guildId = guildIdOf(args);
          if (!app().modules.isEnabled(m.name, guildId)) return;
          track(
            `${m.name}: ${def.event} handler`,
            async () => def.run(app(), ...(args as never[])),
            (err) => log.error({ err, moduleName: m.name, event: def.event }, `${m.name}: ${def.event} handler failed`),
            'debug',
          );
        },
      };
      events.add(bound);
      if (client) bindEvent(client, bound);
      undo.push(() => {
        events.delete(bound);
        client?.off(def.event, bound.listener);
      });
    }
    if (m.intents?.length || m.conditionalIntents) {
      const needs = () => [...(m.intents ?? []), ...(m.conditionalIntents?.(modCtx) ?? [])];
      moduleIntents.set(m.name, needs());
      if (client && (wantedIntents().intents & ~clientIntents) !== 0)
        scheduleRestart(`module ${m.name} needs more intents`);
      if (m.conditionalIntents) {
        undo.push(
          modCtx.settings.onChange(() => {
            const before = moduleIntents.get(m.name) ?? [];
            const after = needs();
            if (after.length === before.length && after.every((i) => before.includes(i))) return;
            moduleIntents.set(m.name, after);
            if (client && wantedIntents().intents !== clientIntents)
              scheduleRestart(`module ${m.name} changed the intents it needs`);
          }),
        );
      }
      undo.push(() => moduleIntents.delete(m.name));
    }
    if (undo.length === 0) return undefined;
    return () => {
      for (const u of undo.reverse()) u();
    };
  };

  const service: DiscordService = {
    name: 'discord',
    dependsOn: ['db'],
    runtime,
    attacher,
    statusProvider,
    async start() {
      started = true;
      unsubscribeConfig ??= ctx.config.onChange((change) => {
        if (change.changes.some((c) => c.key === 'bot.token')) scheduleRestart('bot.token changed');
        if (change.changes.some((c) => c.key === 'discord.presences')) scheduleRestart('discord.presences changed');
        if (change.changes.some((c) => c.key === 'bot.prefix' || c.key === 'bot.force_prefix')) prefixes.invalidate();
        if (change.changes.some((c) => c.key === 'bot.dev_guild_ids')) scheduleSync();
      });
      if (!ctx.config.current().bot.token.trim()) {
        await connect();
        return;
      }
      // Connecting can take long (Discord down, no network at boot); the rest of the appliance does not wait for it.
      setState('connecting', 'connecting to the gateway');
      void connect();
    },
    async stop() {
      started = false;
      for (const t of [restartTimer, syncTimer]) if (t) clearTimeout(t);
      restartTimer = null;
      syncTimer = null;
      unsubscribeConfig?.();
      unsubscribeConfig = null;
      // New messages and interactions are already ignored (started = false); let the running ones finish.
      await drain(opts.drainTimeoutMs ?? 5000);
      if (syncing) await syncing.catch(() => undefined);
      await disconnect();
      setState('stopped', 'stopped');
    },
    health(): Health {
      const s = statusProvider.status();
      const metrics = {
        guilds: s.guilds,
        ping: s.ping ?? -1,
        reconnects,
        commands: commands.list().length,
        events_per_second: s.eventsPerSecond ?? 0,
      };
      switch (state) {
        case 'ready':
          return { status: 'ok', detail: `${detail}, ${s.guilds} guilds, ping ${s.ping ?? '?'}ms`, metrics };
        case 'connecting':
          return { status: 'starting', detail, metrics };
        case 'reconnecting':
          return { status: 'degraded', detail, metrics };
        case 'down':
          return { status: 'down', detail, metrics };
        default:
          return { status: 'stopped', detail, metrics };
      }
    },
    waitReady(timeoutMs = 15_000): Promise<void> {
      if (state === 'ready') return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`discord not ready after ${timeoutMs}ms (${detail})`)),
          timeoutMs,
        );
        readyWaiters.push({
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
      });
    },
  };
  return service;
}

/** The attacher for the ModuleManager (same as service.attacher). */
export function createDiscordAttacher(service: DiscordService): ModuleAttacher<BotContext> {
  return service.attacher;
}
