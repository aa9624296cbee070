/**
 * Handlers of the durable expiry jobs. The scheduler runs them at the case's expiry, or at boot when the appliance
 * was down at that time. Each tolerates running twice (delivery is at least once): a case already closed is skipped.
 */
import type { Job, JobHandler } from '#core/scheduler/types.ts';
import { UserError } from '#discord/commands/errors.ts';
import { caseEmbed } from '#modules/cases/case-embeds.ts';
import {
  type Case,
  getCaseById,
  recordCase,
  setModLogMessage,
  updateCase,
  voidedReason,
} from '#modules/cases/case-store.ts';
import { type ExpiryPayload, JAIL_EXPIRE_JOB, TEMPBAN_EXPIRE_JOB, TIMEOUT_END_JOB } from './expiry-keys.ts';
import type { GuildPort } from './guild-port.ts';
import { ActionFailedError, type ActionFailure, type ModerationDeps } from './moderation-types.ts';
import { runModeration } from './run-moderation.ts';

export const TEMPBAN_EXPIRED_REASON = 'Temporary ban expired';
export const JAIL_EXPIRED_REASON = 'Temporary jail expired';

function openCase(deps: ModerationDeps, job: Job<ExpiryPayload>) {
  const c = getCaseById(deps.db, job.payload.caseId);
  return c?.active && !c.processed ? c : null;
}

function close(deps: ModerationDeps, caseId: number): void {
  updateCase(deps.db, caseId, { active: false, processed: true });
}

/**
 * Records a case by the bot for an expired case (the lifting, or its refusal) and posts it to the mod log. Voided
 * when `failure` is given: its reason says why, and the mod-log post says what to fix.
 */
async function recordExpiryCase(
  deps: ModerationDeps,
  guild: GuildPort,
  expired: Case,
  type: string,
  reason: string,
  failure: ActionFailure | null,
): Promise<Case> {
  const recorded = recordCase(deps.db, deps.types, {
    guildId: expired.guildId,
    type,
    userId: expired.userId,
    moderatorId: guild.botUserId,
    reason: failure ? voidedReason(reason, failure.message) : reason,
    active: failure === null,
    metadata: { automatic: true, expiredCase: expired.number },
  });
  const notes = failure ? [`⚠️ ${failure.message} Case #${recorded.case.number} was voided.`] : [];
  const post = await deps.modLog.post(guild, type, caseEmbed(recorded.case, deps.types, { notes }));
  if (post) setModLogMessage(deps.db, recorded.case.id, post.channelId, post.messageId);
  return recorded.case;
}

/**
 * Lifts an expired case through the pipeline. Its case is recorded only once the lifting is settled: on success;
 * or, when Discord refuses for good (403/404) or the last attempt fails, as one voided case, and the job is not
 * retried. Transient failures (rate limits, server errors) record nothing: the scheduler retries with backoff.
 */
async function liftExpired(
  deps: ModerationDeps,
  job: Job<ExpiryPayload>,
  expired: Case,
  guild: GuildPort,
  lift: { action: 'unban' | 'unjail'; caseType: string; reason: string },
): Promise<void> {
  try {
    await runModeration(deps, {
      guild,
      action: lift.action,
      moderatorId: guild.botUserId,
      targetId: expired.userId,
      reason: lift.reason,
      automatic: true,
      metadata: { expiredCase: expired.number },
      onFailure: 'throw',
    });
  } catch (err) {
    // Lifted by hand already (outside the bot): nothing to do.
    if (err instanceof UserError) return close(deps, expired.id);
    if (!(err instanceof ActionFailedError)) throw err;
    const { failure } = err;
    const permanent = failure.kind === 'forbidden' || failure.kind === 'not-found';
    if (!permanent && job.attempts < job.maxAttempts) throw err;
    const voided = await recordExpiryCase(deps, guild, expired, lift.caseType, lift.reason, failure);
    // A refused lifting leaves the sanction in place (still active) but settled: no more attempts.
    updateCase(deps.db, expired.id, { processed: true, ...(failure.kind === 'not-found' ? { active: false } : {}) });
    deps.log.warn(
      { guildId: expired.guildId, case: expired.number, voidedCase: voided.number, err: failure.message },
      permanent
        ? 'Discord refused to lift an expired case; recorded it voided and will not retry'
        : 'lifting an expired case failed on its last attempt; recorded it voided',
    );
    if (!permanent) throw err;
  }
}

async function liftTempban(deps: ModerationDeps, job: Job<ExpiryPayload>): Promise<void> {
  const c = openCase(deps, job);
  if (!c) return;
  const guild = await deps.resolveGuild(c.guildId);
  if (!guild) {
    deps.log.warn({ guildId: c.guildId, case: c.number }, 'tempban expired in a guild the bot has left');
    close(deps, c.id);
    return;
  }
  await liftExpired(deps, job, c, guild, { action: 'unban', caseType: 'UNBAN', reason: TEMPBAN_EXPIRED_REASON });
}

async function liftJail(deps: ModerationDeps, job: Job<ExpiryPayload>): Promise<void> {
  const c = openCase(deps, job);
  if (!c) return;
  const guild = await deps.resolveGuild(c.guildId);
  if (!guild) {
    close(deps, c.id);
    return;
  }
  if (!(await guild.member(c.userId))) {
    // Not here to unjail: close the jail with a case so a rejoin is not jailed again.
    await recordExpiryCase(deps, guild, c, 'UNJAIL', `${JAIL_EXPIRED_REASON} (member not in the server)`, null);
    return;
  }
  await liftExpired(deps, job, c, guild, { action: 'unjail', caseType: 'UNJAIL', reason: JAIL_EXPIRED_REASON });
}

/** Discord ends a timeout by itself; the case is only marked closed. */
function endTimeout(deps: ModerationDeps, job: Job<ExpiryPayload>): void {
  const c = openCase(deps, job);
  if (c) close(deps, c.id);
}

/** The module's `jobs`. `deps()` is null while the module is not set up (the job then waits and retries). */
export function createExpiryJobs(deps: () => ModerationDeps | null): Record<string, JobHandler> {
  const withDeps =
    (fn: (d: ModerationDeps, job: Job<ExpiryPayload>) => unknown): JobHandler =>
    async (job) => {
      const d = deps();
      if (!d) throw new Error('the moderation module is not ready');
      await fn(d, job as Job<ExpiryPayload>);
    };
  return {
    [TEMPBAN_EXPIRE_JOB]: withDeps(liftTempban),
    [JAIL_EXPIRE_JOB]: withDeps(liftJail),
    [TIMEOUT_END_JOB]: withDeps(endTimeout),
  };
}
