/**
 * Automod: per-guild rules that catch banned words (through the usual evasions), regexes, links, invites, mass
 * mentions, spam, attachment types and caps or emoji floods in messages, edits and nicknames, and answer with
 * deletion, warnings, timeouts, kicks or bans (numbered cases by the bot) and log posts. Also raid protection
 * (join-rate raid mode, an account-age gate) and an antinuke guard watching the audit log. Admins' regexes run in
 * the safe-regex worker pool, never on the main thread; one that runs too long is switched off and reported.
 */
import type { Guild, GuildMember, Message } from 'discord.js';
import { GatewayIntentBits } from 'discord-api-types/v10';
import type { Logger } from '#core/log/types.ts';
import type { SafeRegex } from '#core/safe-regex/index.ts';
import type { ContentSubject } from '#discord/content-checks.ts';
import type { BotContext } from '#discord/context.ts';
import { type BotModule, defineEvent, defineModule } from '#discord/module.ts';
import { warningEmbed } from '#discord/ui/index.ts';
import type { ModerationPipeline } from '#modules/moderation/index.ts';
import { automodAdminOps } from './admin-ops.ts';
import { AntinukeGuard } from './antinuke.ts';
import { AutomodEngine } from './automod-engine.ts';
import type { AutomodRuntime } from './automod-runtime.ts';
import { automodCommands } from './commands.ts';
import { type EnforceDeps, enforce, postNotice } from './enforce.ts';
import { RaidGuard } from './raid-guard.ts';
import { setRuleEnabled } from './rule-store.ts';
import type { SubjectSource } from './rule-types.ts';
import { type AutomodSettings, automodSettingsSchema } from './settings.ts';

export interface AutomodModuleOptions {
  pipeline: ModerationPipeline;
  regex: SafeRegex;
  /** How often raid mode is checked for its quiet period. Default 10 s. */
  sweepMs?: number;
}

export function createAutomodModule(opts: AutomodModuleOptions): BotModule {
  let runtime: (AutomodRuntime & { ctx: BotContext; enforceDeps: EnforceDeps; log: Logger }) | null = null;
  const rt = () => {
    if (!runtime) throw new Error('automod is not running');
    return runtime;
  };

  function exemptByRank(ctx: BotContext, guild: Guild, member: GuildMember | null, userId: string): boolean {
    if (userId === guild.ownerId) return true;
    const s = rt().settings(guild.id);
    if (s.exempt_rank > 7 || !member) return false;
    return ctx.discord.permissions.userRank(guild.id, [...member.roles.cache.keys()]) >= s.exempt_rank;
  }

  async function checkMessage(ctx: BotContext, message: Message, source: SubjectSource): Promise<void> {
    if (!message.inGuild() || !runtime) return;
    const r = runtime;
    if (!r.engine.hasRules(message.guildId)) return;
    const member = message.member;
    if (exemptByRank(ctx, message.guild, member, message.author.id)) return;
    const v = await r.engine.check({
      source,
      guildId: message.guildId,
      userId: message.author.id,
      channelId: message.channelId,
      roleIds: member ? [...member.roles.cache.keys()] : [],
      text: message.content,
      attachments: [...message.attachments.values()].map((a) => ({ name: a.name, contentType: a.contentType })),
      mentions: message.mentions.users.size + message.mentions.roles.size + (message.mentions.everyone ? 1 : 0),
      at: Date.now(),
    });
    if (!v) return;
    await enforce(r.enforceDeps, v, {
      guild: message.guild,
      userId: message.author.id,
      source,
      text: message.content,
      message,
      member,
      channelId: message.channelId,
    });
  }

  async function checkName(ctx: BotContext, member: GuildMember): Promise<void> {
    if (!runtime || member.user.bot) return;
    const r = runtime;
    if (!r.engine.hasRules(member.guild.id)) return;
    if (exemptByRank(ctx, member.guild, member, member.id)) return;
    const text = member.displayName;
    const v = await r.engine.check({
      source: 'nickname',
      guildId: member.guild.id,
      userId: member.id,
      channelId: null,
      roleIds: [...member.roles.cache.keys()],
      text,
      attachments: [],
      mentions: 0,
      at: Date.now(),
    });
    if (v)
      await enforce(r.enforceDeps, v, { guild: member.guild, userId: member.id, source: 'nickname', text, member });
  }

  /** An AFK reason or snippet content about to be stored: refused (with the rule's actions applied) on a hit. */
  async function checkContent(ctx: BotContext, s: ContentSubject): Promise<string | null> {
    if (!runtime || !ctx.discord.isReady()) return null;
    const r = runtime;
    if (!r.engine.hasRules(s.guildId)) return null;
    const guild = ctx.discord.client.guilds.cache.get(s.guildId);
    if (!guild) return null;
    const member = await guild.members.fetch(s.userId).catch(() => null);
    if (exemptByRank(ctx, guild, member, s.userId)) return null;
    const v = await r.engine.check({
      source: s.source,
      guildId: s.guildId,
      userId: s.userId,
      channelId: s.channelId,
      roleIds: member ? [...member.roles.cache.keys()] : [],
      text: s.text,
      attachments: [],
      mentions: 0,
      at: Date.now(),
    });
    if (!v) return null;
    await enforce(r.enforceDeps, v, {
      guild,
      userId: s.userId,
      source: s.source,
      text: s.text,
      member,
      channelId: s.channelId,
    });
    return `it breaks the automod rule "${v.rule.name}" (${v.detail})`;
  }

  return defineModule({
    name: 'automod',
    description: 'Automatic moderation rules, raid protection and an antinuke guard',
    config: automodSettingsSchema,
    intents: [GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildModeration],
    commands: automodCommands(rt),
    adminOps: automodAdminOps(() => runtime),
    onMessage: (ctx, message) => checkMessage(ctx, message, 'message'),
    events: [
      defineEvent({
        event: 'messageUpdate',
        async run(ctx, before, after) {
          const msg = after.partial ? await after.fetch().catch(() => null) : after;
          if (!msg || msg.author.bot || msg.webhookId) return;
          if (!before.partial && before.content === msg.content) return;
          await checkMessage(ctx, msg, 'edit');
        },
      }),
      defineEvent({
        event: 'guildMemberAdd',
        async run(ctx, member) {
          await runtime?.raid.onJoin(member);
          await checkName(ctx, member);
        },
      }),
      defineEvent({
        event: 'guildMemberUpdate',
        async run(ctx, before, after) {
          if (!before.partial && before.displayName === after.displayName) return;
          await checkName(ctx, after);
        },
      }),
      defineEvent({
        event: 'guildAuditLogEntryCreate',
        run: (_ctx, entry, guild) => runtime?.antinuke.onEntry(entry, guild),
      }),
    ],
    setup(ctx) {
      const log = ctx.logs.child('automod');
      const settings = (guildId: string) => ctx.settings.get<AutomodSettings>('automod', guildId);
      const notify = async (guildId: string, title: string, text: string): Promise<void> => {
        log.warn({ guildId }, `${title}: ${text}`);
        const channel = settings(guildId).log_channel ?? opts.pipeline.modLogChannel(guildId, 'AUTOMOD');
        const guild = ctx.discord.isReady() ? ctx.discord.client.guilds.cache.get(guildId) : undefined;
        if (channel && guild)
          await postNotice(guild, channel, warningEmbed({ title, description: text, timestamp: true }), log);
      };
      const engine: AutomodEngine = new AutomodEngine({
        db: ctx.db,
        regex: opts.regex,
        async resolveInviteGuild(code) {
          const invite = await ctx.discord.client.fetchInvite(code);
          return invite.guild?.id ?? null;
        },
        onRegexTimeout(rule) {
          const why = 'its regex ran past the time limit on a message';
          setRuleEnabled(ctx.db, rule.guildId, rule.id, false, why);
          engine.invalidate(rule.guildId);
          void notify(
            rule.guildId,
            'Automod rule switched off',
            `Rule #${rule.id} "${rule.name}" was switched off: ${why} (catastrophic backtracking). Fix the pattern, then \`automod enable ${rule.id}\`.`,
          );
        },
      });
      const raid = new RaidGuard({ db: ctx.db, pipeline: opts.pipeline, log, settings, notify });
      const antinuke = new AntinukeGuard({
        log,
        settings,
        notify,
        trusted: (guildId, userId, roleIds) => engine.trustedByAntinuke(guildId, userId, roleIds),
      });
      runtime = {
        ctx,
        log,
        engine,
        regex: opts.regex,
        raid,
        antinuke,
        settings,
        enforceDeps: { pipeline: opts.pipeline, log, cooldown: new Map() },
      };
      const sweep = setInterval(() => {
        if (!ctx.discord.isReady()) return;
        raid
          .sweep(ctx.discord.client.guilds.cache.keys())
          .catch((err: unknown) => log.warn({ err }, 'raid sweep failed'));
      }, opts.sweepMs ?? 10_000);
      sweep.unref();
      const unregister = ctx.discord.contentChecks.register((subject) => checkContent(ctx, subject));
      return () => {
        unregister();
        clearInterval(sweep);
        runtime = null;
      };
    },
  });
}
