/**
 * Event logs: message edits/deletions (content from the message-content store), member joins/leaves/changes/bans,
 * server changes (channels, roles, emoji, invites) and voice joins/leaves/moves, each group routed to its own
 * channel or off, with ignored channels and members; posts batched under bursts. Also invite tracking: which invite
 * each member joined with, stored for the `invites` commands. See docs/eventlog.md.
 */
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { BotContext } from '#discord/context.ts';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { eventlogSetOp, eventlogShowOp, invitesTopOp } from './admin-ops.ts';
import { eventlogCommands } from './commands.ts';
import { InviteTracker } from './invite-tracker.ts';
import { LogPoster } from './log-poster.ts';
import { memberEvents } from './member-events.ts';
import { messageEvents, storeMessage } from './message-events.ts';
import { MessageStore } from './message-store.ts';
import type { EventlogRuntime } from './runtime.ts';
import { serverEvents } from './server-events.ts';
import { type EventlogSettings, eventlogSettingsSchema } from './settings.ts';
import { voiceEvents } from './voice-events.ts';

export const EVENTLOG_PURGE_JOB = 'eventlog.purge';
const PURGE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Applies each guild's retention and size cap to the message-content store; returns the rows removed. */
export function purgeMessageStore(ctx: BotContext, store: MessageStore, now = Date.now()): number {
  let removed = 0;
  for (const guildId of store.guilds()) {
    const s = ctx.settings.get<EventlogSettings>('eventlog', guildId);
    // A guild that stopped logging messages keeps nothing.
    const days = s.messages ? s.store_days : 0;
    removed += store.purge(guildId, now - days * DAY_MS, s.messages ? s.store_max : 0);
  }
  return removed;
}

export interface EventlogModuleOptions {
  /** Burst window of log posts (default 1 s). */
  burstWindowMs?: number;
}

export function createEventlogModule(opts: EventlogModuleOptions = {}): BotModule {
  let rt: EventlogRuntime | null = null;
  let ctxRef: BotContext | null = null;
  const ref = () => rt;
  const onMessage = storeMessage(ref);
  return defineModule({
    name: 'eventlog',
    description: 'Log message, member, server and voice events to channels; track invites',
    config: eventlogSettingsSchema,
    intents: [
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildModeration,
      GatewayIntentBits.GuildExpressions,
      GatewayIntentBits.GuildInvites,
      GatewayIntentBits.GuildVoiceStates,
    ],
    commands: eventlogCommands,
    adminOps: [eventlogShowOp, eventlogSetOp, invitesTopOp],
    onMessage,
    jobs: {
      [EVENTLOG_PURGE_JOB]: () => {
        if (!rt || !ctxRef) return;
        const removed = purgeMessageStore(ctxRef, rt.store);
        if (removed > 0) ctxRef.log.info(`eventlog: dropped ${removed} stored message(s) past retention or the cap`);
        ctxRef.scheduler.schedule(EVENTLOG_PURGE_JOB, Date.now() + PURGE_EVERY_MS, {}, { key: EVENTLOG_PURGE_JOB });
      },
    },
    events: [
      ...messageEvents(ref),
      ...memberEvents(ref),
      ...serverEvents(ref),
      ...voiceEvents(ref),
      defineEvent({
        event: 'clientReady',
        async run(_ctx, client) {
          for (const guild of client.guilds.cache.values()) await rt?.invites.refresh(guild);
        },
      }),
      defineEvent({
        event: 'guildCreate',
        run: (_ctx, guild) => rt?.invites.refresh(guild),
      }),
    ],
    setup(ctx) {
      ctxRef = ctx;
      const store = new MessageStore(ctx.db);
      const poster = new LogPoster({
        log: ctx.logs.child('eventlog'),
        ...(opts.burstWindowMs !== undefined ? { burstWindowMs: opts.burstWindowMs } : {}),
        async send(channelId, message) {
          const channel = await ctx.discord.client.channels.fetch(channelId);
          if (!channel?.isSendable()) throw Object.assign(new Error('not a text channel'), { status: 404 });
          await channel.send({
            embeds: message.embeds,
            files: message.files.map((f) => ({ name: f.name, attachment: Buffer.from(f.content, 'utf8') })),
            allowedMentions: { parse: [] },
          });
        },
      });
      const invites = new InviteTracker(ctx.db);
      rt = { store, poster, invites };
      // A message marked as holding a secret (by the command that then deletes it) is dropped from the store now,
      // also when it was kept before the mark.
      const stopRedacting = ctx.discord.redactions.onMark((id) => store.remove([id]));
      if (ctx.scheduler.get(EVENTLOG_PURGE_JOB)?.status !== 'pending') {
        ctx.scheduler.schedule(EVENTLOG_PURGE_JOB, Date.now() + PURGE_EVERY_MS, {}, { key: EVENTLOG_PURGE_JOB });
      }
      // Enabled after READY (a reload): take the invite counts now.
      if (ctx.discord.isReady()) {
        for (const guild of ctx.discord.client.guilds.cache.values()) void invites.refresh(guild);
      }
      return () => {
        stopRedacting();
        store.flush();
        poster.close();
        rt = null;
        ctxRef = null;
      };
    },
  });
}
