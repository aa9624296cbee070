/**
 * Moderation: bans, tempbans, kicks, warnings, timeouts, jail, snippet and poll bans, notes, purge and slowmode,
 * anonymous reports — every sanction recorded as a numbered case, posted to the guild's mod log, lifted on time by
 * durable jobs (even across restarts), and escalated automatically after repeated warnings when the guild says so.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { BotContext } from '#discord/context.ts';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { CaseTypeRegistry, createCasesModule } from '#modules/cases/index.ts';
import { caseCommands } from './commands/case-commands.ts';
import { purgeCommand } from './commands/purge.ts';
import { reportCommand } from './commands/report.ts';
import { settingsCommands } from './commands/settings-commands.ts';
import { slowmodeCommand } from './commands/slowmode.ts';
import { unbanCommand } from './commands/unban.ts';
import { createDiscordGuildPort } from './discord-guild-port.ts';
import { createExpiryJobs } from './expiry-jobs.ts';
import type { GuildPort } from './guild-port.ts';
import { rejailOnJoin } from './jail-rejoin.ts';
import { hideNewChannelFromJail } from './jail-setup.ts';
import { createModLog } from './mod-log.ts';
import { createModerationKit } from './moderation-kit.ts';
import type { ModerationDeps, ModerationOutcome, ModerationRequest } from './moderation-types.ts';
import { resolveModlogChannel } from './modlog-routes.ts';
import { runModeration } from './run-moderation.ts';

export interface ModerationModuleOptions {
  /** Shared with the cases module and any module adding its own case types. */
  types: CaseTypeRegistry;
  /** How long an expiry job waits for the gateway before it fails and is retried. Default 60 s. */
  readyTimeoutMs?: number;
  retry?: ModerationDeps['retry'];
}

async function waitForReady(ctx: BotContext, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!ctx.discord.isReady()) {
    if (Date.now() - started > timeoutMs) throw new Error('Discord is not connected; the job will be retried');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function createModerationDeps(ctx: BotContext, opts: ModerationModuleOptions): ModerationDeps {
  const log = ctx.logs.child('moderation');
  return {
    db: ctx.db,
    types: opts.types,
    scheduler: ctx.scheduler,
    log,
    modLog: createModLog({ db: ctx.db, log }),
    ...(opts.retry ? { retry: opts.retry } : {}),
    async resolveGuild(guildId): Promise<GuildPort | null> {
      await waitForReady(ctx, opts.readyTimeoutMs ?? 60_000);
      const client = ctx.discord.client;
      const guild = client.guilds.cache.get(guildId) ?? (await client.guilds.fetch(guildId).catch(() => null));
      return guild ? createDiscordGuildPort(guild) : null;
    },
  };
}

/**
 * What other modules (automod, raid protection) use to act through the one pipeline: a numbered case by the bot,
 * posted to the mod log and counted for escalation.
 */
export interface ModerationPipeline {
  /** Runs an action as the bot. Null when moderation is not running or the guild is unknown. */
  run(
    guildId: string,
    req: Omit<ModerationRequest, 'guild' | 'moderatorId' | 'automatic'>,
  ): Promise<ModerationOutcome | null>;
  /** The mod-log channel for a kind of case (its route, else the default), or null. */
  modLogChannel(guildId: string, kind: string): string | null;
}

export function createModerationModule(opts: ModerationModuleOptions & { pipeline?: PipelineHolder }): BotModule {
  const kit = createModerationKit(opts.types);
  let depsRef: ModerationDeps | null = null;
  return defineModule({
    name: 'moderation',
    description: 'Bans, kicks, timeouts, jail, warnings with escalation, purge, slowmode and reports',
    intents: [GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildModeration],
    commands: [
      ...caseCommands(kit),
      unbanCommand(kit),
      purgeCommand(kit),
      slowmodeCommand(kit),
      reportCommand,
      ...settingsCommands(kit),
    ],
    events: [
      defineEvent({
        event: 'guildMemberAdd',
        async run(_ctx, member) {
          if (!depsRef || member.user.bot) return;
          await rejailOnJoin(depsRef, member).catch((err: unknown) =>
            depsRef?.log.warn({ err, userId: member.id }, 'could not re-jail a returning member'),
          );
        },
      }),
      defineEvent({
        event: 'channelCreate',
        async run(_ctx, channel) {
          if (!depsRef) return;
          await hideNewChannelFromJail(depsRef, channel).catch((err: unknown) =>
            depsRef?.log.warn(
              { err, guildId: channel.guild.id, channelId: channel.id },
              'could not hide a new channel from the jail role; run `jailconfig setup` again',
            ),
          );
        },
      }),
    ],
    jobs: createExpiryJobs(() => depsRef),
    setup(ctx) {
      depsRef = createModerationDeps(ctx, opts);
      kit.set(depsRef);
      opts.pipeline?.set(depsRef);
      return () => {
        depsRef = null;
        kit.set(null);
        opts.pipeline?.set(null);
      };
    },
  });
}

/**
 * The cases and moderation modules sharing one case-type registry. The composition root registers both; a module
 * that adds case types receives `types` from it.
 */
export function createModerationModules(opts: Omit<ModerationModuleOptions, 'types'> = {}): {
  types: CaseTypeRegistry;
  modules: BotModule[];
  pipeline: ModerationPipeline;
} {
  const types = new CaseTypeRegistry();
  const pipeline = createPipelineHolder();
  return {
    types,
    modules: [createCasesModule({ types }), createModerationModule({ ...opts, types, pipeline })],
    pipeline,
  };
}

type PipelineHolder = ModerationPipeline & { set(d: ModerationDeps | null): void };

function createPipelineHolder(): PipelineHolder {
  let deps: ModerationDeps | null = null;
  return {
    set(d) {
      deps = d;
    },
    async run(guildId, req) {
      const d = deps;
      if (!d) return null;
      const guild = await d.resolveGuild(guildId);
      if (!guild) return null;
      return runModeration(d, { ...req, guild, moderatorId: guild.botUserId, automatic: true });
    },
    modLogChannel(guildId, kind) {
      return deps ? resolveModlogChannel(deps.db, guildId, kind) : null;
    },
  };
}
