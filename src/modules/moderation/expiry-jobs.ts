/**
 * Handlers of the durable expiry jobs. The scheduler runs them at the case's expiry, or at boot when the appliance
 * was down at that time. Each tolerates running twice (delivery is at least once): a case already closed is skipped.
 */
import type { Job, JobHandler } from '#core/scheduler/types.ts';
import { UserError } from '#discord/commands/errors.ts';
import { caseEmbed } from '#modules/cases/case-embeds.ts';
import { getCaseById, recordCase, setModLogMessage, updateCase } from '#modules/cases/case-store.ts';
import { type ExpiryPayload, JAIL_EXPIRE_JOB, TEMPBAN_EXPIRE_JOB, TIMEOUT_END_JOB } from './expiry-keys.ts';
import type { ModerationDeps } from './moderation-types.ts';
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

async function liftTempban(deps: ModerationDeps, job: Job<ExpiryPayload>): Promise<void> {
  const c = openCase(deps, job);
  if (!c) return;
  const guild = await deps.resolveGuild(c.guildId);
  if (!guild) {
    deps.log.warn({ guildId: c.guildId, case: c.number }, 'tempban expired in a guild the bot has left');
    close(deps, c.id);
    return;
  }
  try {
    const outcome = await runModeration(deps, {
      guild,
      action: 'unban',
      moderatorId: guild.botUserId,
      targetId: c.userId,
      reason: TEMPBAN_EXPIRED_REASON,
      automatic: true,
      metadata: { expiredCase: c.number },
    });
    // A failed unban stays due: the scheduler retries it with backoff.
    if (outcome.failure) throw new Error(outcome.failure.message);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    // Already unbanned by hand (outside the bot): nothing to lift.
    close(deps, c.id);
  }
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
    const recorded = recordCase(deps.db, deps.types, {
      guildId: c.guildId,
      type: 'UNJAIL',
      userId: c.userId,
      moderatorId: guild.botUserId,
      reason: `${JAIL_EXPIRED_REASON} (member not in the server)`,
      metadata: { automatic: true, expiredCase: c.number },
    });
    const post = await deps.modLog.post(guild, 'UNJAIL', caseEmbed(recorded.case, deps.types));
    if (post) setModLogMessage(deps.db, recorded.case.id, post.channelId, post.messageId);
    return;
  }
  try {
    const outcome = await runModeration(deps, {
      guild,
      action: 'unjail',
      moderatorId: guild.botUserId,
      targetId: c.userId,
      reason: JAIL_EXPIRED_REASON,
      automatic: true,
      metadata: { expiredCase: c.number },
    });
    if (outcome.failure) throw new Error(outcome.failure.message);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    close(deps, c.id);
  }
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
