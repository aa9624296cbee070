/**
 * The one moderation pipeline. Every action runs the same steps, in this order:
 * resolve target → hierarchy → action check → DM (before ban/kick/tempban) → Discord action with retry →
 * case (voided when the action failed) and its expiry job, in one transaction → DM (after, for the rest) → reply →
 * mod-log post → warn escalation. `-silent` skips both DMs.
 */
import { formatDuration } from '#core/time/duration.ts';
import { UserError } from '#discord/commands/errors.ts';
import { caseEmbed, dmEmbed } from '#modules/cases/case-embeds.ts';
import {
  CaseError,
  countActiveCases,
  getCaseById,
  normaliseReason,
  recordCase,
  setModLogMessage,
  voidedReason,
} from '#modules/cases/case-store.ts';
import { findAction } from './actions.ts';
import { classifyDiscordError } from './discord-errors.ts';
import { withDiscordRetry } from './discord-retry.ts';
import { listEscalationRules, reachedEscalationRule } from './escalation-rules.ts';
import { expiryKey } from './expiry-keys.ts';
import type { GuildPort, MemberInfo, UserInfo } from './guild-port.ts';
import { getModerationSettings } from './moderation-settings.ts';
import {
  type ActionContext,
  ActionFailedError,
  type ActionFailure,
  type ModerationAction,
  type ModerationDeps,
  type ModerationOutcome,
  type ModerationRequest,
} from './moderation-types.ts';

async function resolveTarget(
  guild: GuildPort,
  action: ModerationAction,
  targetId: string,
): Promise<{ user: UserInfo; member: MemberInfo | null }> {
  if (!/^\d{17,20}$/.test(targetId)) {
    throw new UserError('moderation.bad-user', `\`${targetId}\` is not a user. Mention them or give their id.`);
  }
  const member = await guild.member(targetId);
  const user = member ?? (await guild.user(targetId));
  if (!user) {
    throw new UserError(
      'moderation.unknown-user',
      `There is no Discord user with the id \`${targetId}\`. Check the id and try again.`,
    );
  }
  if (action.target === 'member' && !member) {
    throw new UserError('moderation.not-member', `${user.tag} is not in this server.`);
  }
  if (action.target === 'outsider' && member) {
    throw new UserError('moderation.is-member', `${user.tag} is in this server: use \`ban\` instead.`);
  }
  return { user, member };
}

/** Tux §2.5, plus: no self-moderation, the owner and the bot are out of reach. */
async function checkHierarchy(
  guild: GuildPort,
  target: UserInfo,
  member: MemberInfo | null,
  moderator: MemberInfo | null,
  moderatorId: string,
  automatic: boolean,
): Promise<void> {
  if (!automatic && target.id === moderatorId) {
    throw new UserError('moderation.self', 'You cannot moderate yourself.');
  }
  if (target.id === guild.botUserId) throw new UserError('moderation.bot-self', 'I cannot moderate myself.');
  if (!member) return;
  if (target.id === guild.ownerId) {
    throw new UserError('moderation.owner', 'You cannot moderate the server owner.');
  }
  if (!automatic && moderator && moderatorId !== guild.ownerId && member.topRolePosition >= moderator.topRolePosition) {
    throw new UserError(
      'moderation.hierarchy',
      'You cannot moderate a member with an equal or higher role than yours.',
    );
  }
  if (member.topRolePosition >= (await guild.botTopRolePosition())) {
    throw new UserError(
      'moderation.bot-hierarchy',
      'I cannot moderate this member because their role is equal to or higher than mine.',
    );
  }
}

async function sendDm(deps: ModerationDeps, ctx: ActionContext, action: ModerationAction): Promise<boolean> {
  if (!action.dmVerb || ctx.request.silent || !ctx.member) return false;
  const extra = ctx.durationMs !== null ? `for ${formatDuration(ctx.durationMs)}` : undefined;
  const embed = dmEmbed(action.dmVerb, ctx.guild.guildName, ctx.reason, ctx.moderator, extra);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), deps.dmTimeoutMs ?? 15_000);
  });
  try {
    return await Promise.race([ctx.guild.sendDm(ctx.target.id, embed).catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeFailure(action: ModerationAction, target: UserInfo, err: unknown): ActionFailure {
  const f = classifyDiscordError(err);
  const what = `I could not ${action.name} ${target.tag}`;
  switch (f.kind) {
    case 'forbidden':
      return {
        kind: f.kind,
        message: `${what}: Discord refused (${f.message}). Make sure I have the ${action.permission ?? 'needed'} permission and that my highest role is above theirs.`,
      };
    case 'not-found':
      return { kind: f.kind, message: `${what}: ${f.message}. They may have left the server.` };
    default:
      return { kind: f.kind, message: `${what}: Discord said "${f.message}". Try again in a moment.` };
  }
}

function durationOf(action: ModerationAction, req: ModerationRequest, notices: string[]): number | null {
  if (action.duration === 'none') return null;
  const ms = req.durationMs;
  if (ms === undefined || ms === null) {
    if (action.duration === 'required') {
      throw new UserError(
        'moderation.duration-missing',
        `\`${action.name}\` needs a duration, for example \`-duration 1d\`.`,
      );
    }
    return null;
  }
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new UserError('moderation.duration-invalid', 'The duration must be longer than zero, for example `1h`.');
  }
  if (action.maxDurationMs !== undefined && ms > action.maxDurationMs) {
    if (action.clampNotice) notices.push(action.clampNotice);
    return action.maxDurationMs;
  }
  return ms;
}

/** Runs one moderation action through the whole pipeline. Expected refusals throw UserError and change nothing. */
export async function runModeration(deps: ModerationDeps, req: ModerationRequest): Promise<ModerationOutcome> {
  const action = findAction(req.action);
  if (!action) throw new Error(`unknown moderation action "${req.action}"`);
  const guild = req.guild;
  const automatic = req.automatic === true;
  let reason: string;
  try {
    reason = normaliseReason(req.reason);
  } catch (err) {
    if (err instanceof CaseError) throw new UserError('moderation.reason-too-long', err.message);
    throw err;
  }

  const { user: target, member } = await resolveTarget(guild, action, req.targetId);
  const moderatorId = automatic ? guild.botUserId : req.moderatorId;
  const moderatorMember = automatic ? null : await guild.member(moderatorId);
  const moderator: UserInfo = moderatorMember ??
    (await guild.user(moderatorId)) ?? { id: moderatorId, tag: moderatorId, bot: automatic };
  await checkHierarchy(guild, target, member, moderatorMember, moderatorId, automatic);

  const notices: string[] = [];
  const durationMs = durationOf(action, req, notices);
  const now = deps.now?.() ?? Date.now();
  const ctx: ActionContext = {
    deps,
    request: req,
    guild,
    target,
    member,
    moderator,
    reason,
    durationMs,
    expiresAt: durationMs === null ? null : now + durationMs,
    settings: getModerationSettings(deps.db, guild.guildId),
    userRoles: [],
    metadata: { ...(req.metadata ?? {}) },
    notices,
  };
  await action.check?.(ctx);

  let dmSent = action.dmTiming === 'before' ? await sendDm(deps, ctx, action) : false;

  let failure: ActionFailure | null = null;
  if (action.apply) {
    try {
      await withDiscordRetry(() => (action.apply as (c: ActionContext) => Promise<void>)(ctx), deps.retry);
    } catch (err) {
      failure = describeFailure(action, target, err);
      deps.log.warn(
        { guildId: guild.guildId, action: action.name, targetId: target.id, err: (err as Error).message },
        'moderation action failed; recording the case as voided',
      );
    }
  }

  if (failure && req.onFailure === 'throw') throw new ActionFailedError(failure);

  // The case, the cancelled jobs of the cases it closes and its own expiry job are one transaction: a crash or a
  // shutdown later in the pipeline (DM, reply, mod-log post) can never leave a temporary action without its expiry.
  const recorded = deps.db.transaction(() => {
    const r = recordCase(deps.db, deps.types, {
      guildId: guild.guildId,
      type: action.caseType,
      userId: target.id,
      moderatorId,
      reason: failure ? voidedReason(reason, failure.message) : reason,
      active: failure === null,
      expiresAt: ctx.expiresAt,
      userRoles: ctx.userRoles,
      metadata: { ...ctx.metadata, ...(automatic ? { automatic: true } : {}) },
      now,
    });
    for (const closed of r.closed) deps.scheduler.cancel(expiryKey(guild.guildId, closed.type, closed.userId));
    if (!failure && action.expiryJob && ctx.expiresAt !== null) {
      deps.scheduler.schedule(
        action.expiryJob,
        ctx.expiresAt,
        { guildId: guild.guildId, userId: target.id, caseId: r.case.id },
        { key: expiryKey(guild.guildId, r.case.type, target.id) },
      );
    }
    return r;
  });
  const theCase = recorded.case;
  if (failure) failure.message += ` Case #${theCase.number} was voided.`;
  // Whether this warning reaches an escalation rule is decided now, on the count it makes: decided later (after
  // the mod-log post), two warnings close together could both see the later count and both escalate.
  const escalation =
    !failure && theCase.type === 'WARN' && (!automatic || req.escalate === true)
      ? findEscalation(deps, guild, target.id, now)
      : null;

  if (!failure && action.dmTiming === 'after') dmSent = await sendDm(deps, ctx, action);

  const outcome: ModerationOutcome = {
    case: theCase,
    dmSent,
    notices,
    failure,
    target,
    moderator,
    escalation: null,
  };
  if (req.respond) {
    await req.respond(outcome).catch((err: unknown) => {
      deps.log.warn({ err: (err as Error).message, case: theCase.number }, 'could not reply to the moderator');
    });
  }

  const names = { [target.id]: target.tag, [moderator.id]: moderator.tag };
  // Drawn when the post leaves (it may wait out a burst): a `cases modify` meanwhile shows in it.
  const embed = () =>
    caseEmbed(getCaseById(deps.db, theCase.id) ?? theCase, deps.types, {
      dmSent,
      silent: req.silent === true,
      notes: failure ? [`⚠️ ${failure.message}`] : notices,
      names,
    });
  const post = await deps.modLog.post(guild, theCase.type, embed);
  if (post) {
    setModLogMessage(deps.db, theCase.id, post.channelId, post.messageId);
    theCase.modLogChannelId = post.channelId;
    theCase.modLogMessageId = post.messageId;
  }

  if (escalation) outcome.escalation = await escalate(deps, guild, target.id, escalation);
  return outcome;
}

type EscalationHit = NonNullable<ReturnType<typeof reachedEscalationRule>>;

/** The guild's escalation rule the member's active warnings have just reached, if any. */
function findEscalation(deps: ModerationDeps, guild: GuildPort, userId: string, now: number): EscalationHit | null {
  const rules = listEscalationRules(deps.db, guild.guildId);
  if (rules.length === 0) return null;
  return reachedEscalationRule(rules, (windowMs) =>
    countActiveCases(deps.db, guild.guildId, userId, 'WARN', now - windowMs),
  );
}

/** Applies the escalation rule the member has just reached, as a case by the bot. */
async function escalate(
  deps: ModerationDeps,
  guild: GuildPort,
  userId: string,
  hit: EscalationHit,
): Promise<ModerationOutcome | null> {
  const { rule, count } = hit;
  const what = rule.durationMs ? `${rule.action} ${formatDuration(rule.durationMs)}` : rule.action;
  const reason = `Automatic escalation: ${count} active warnings within ${formatDuration(rule.windowMs)} (threshold ${rule.warnCount} → ${what})`;
  try {
    return await runModeration(deps, {
      guild,
      action: rule.action,
      moderatorId: guild.botUserId,
      targetId: userId,
      reason,
      durationMs: rule.durationMs ?? undefined,
      automatic: true,
      metadata: { escalation: { warnCount: rule.warnCount, windowMs: rule.windowMs, count } },
    });
  } catch (err) {
    if (err instanceof UserError) {
      deps.log.info({ guildId: guild.guildId, userId, reason: err.message }, 'warn escalation skipped');
      return null;
    }
    deps.log.error({ guildId: guild.guildId, userId, err }, 'warn escalation failed');
    return null;
  }
}
