import type { Db } from '#core/db/types.ts';
import type { Logger } from '#core/log/types.ts';
import type { Scheduler } from '#core/scheduler/types.ts';
import type { Case } from '#modules/cases/case-store.ts';
import type { CaseTypeRegistry } from '#modules/cases/case-types.ts';
import type { DiscordFailureKind } from './discord-errors.ts';
import type { RetryOptions } from './discord-retry.ts';
import type { GuildPort, MemberInfo, UserInfo } from './guild-port.ts';
import type { ModLog } from './mod-log.ts';
import type { ModerationSettings } from './moderation-settings.ts';

/** Everything the pipeline and the expiry jobs use, passed explicitly. */
export interface ModerationDeps {
  db: Db;
  types: CaseTypeRegistry;
  scheduler: Scheduler;
  log: Logger;
  modLog: ModLog;
  /** The guild as the bot sees it now; null when the bot is not in it. Waits for the gateway when it is down. */
  resolveGuild(guildId: string): Promise<GuildPort | null>;
  now?: () => number;
  retry?: RetryOptions;
  /** A DM that takes longer is given up. Default 15 s. */
  dmTimeoutMs?: number;
}

export interface ModerationRequest {
  guild: GuildPort;
  /** Name of a declared action: "ban", "warn", ... */
  action: string;
  moderatorId: string;
  targetId: string;
  reason?: string | undefined;
  silent?: boolean | undefined;
  durationMs?: number | undefined;
  /** Ban: days of messages to delete (0–7). */
  purgeDays?: number | undefined;
  /** The bot acts on its own (expiry, escalation): the hierarchy is checked against the bot only. */
  automatic?: boolean | undefined;
  /** An automatic warning that counts towards the guild's escalation rules (automod). */
  escalate?: boolean | undefined;
  metadata?: Record<string, unknown> | undefined;
  /**
   * When Discord refuses the action: `record` (default) records the case voided; `throw` records nothing and throws
   * an ActionFailedError, for callers that retry (expiry jobs) and record a single outcome themselves.
   */
  onFailure?: 'record' | 'throw' | undefined;
  /** Called once the case exists, before the mod-log post: the command's reply. */
  respond?: ((outcome: ModerationOutcome) => Promise<unknown>) | undefined;
}

export interface ActionFailure {
  kind: DiscordFailureKind;
  /** For the moderator: what failed and what to do. */
  message: string;
}

/** Thrown by runModeration with `onFailure: 'throw'` when the Discord action failed; nothing was recorded. */
export class ActionFailedError extends Error {
  constructor(readonly failure: ActionFailure) {
    super(failure.message);
    this.name = 'ActionFailedError';
  }
}

export interface ModerationOutcome {
  case: Case;
  dmSent: boolean;
  /** Notices for the moderator ("timeout clamped to 28 days"). */
  notices: string[];
  /** Set when the Discord action failed; the case was recorded voided. */
  failure: ActionFailure | null;
  target: UserInfo;
  moderator: UserInfo;
  /** The automatic action a warning triggered, if any. */
  escalation: ModerationOutcome | null;
}

/** What an action's hooks see. */
export interface ActionContext {
  deps: ModerationDeps;
  request: ModerationRequest;
  guild: GuildPort;
  target: UserInfo;
  /** The target as a member, or null when not in the guild. */
  member: MemberInfo | null;
  moderator: UserInfo;
  reason: string;
  durationMs: number | null;
  expiresAt: number | null;
  settings: ModerationSettings;
  /** Set by apply: roles a jail took away. */
  userRoles: string[];
  metadata: Record<string, unknown>;
  notices: string[];
}

/**
 * One moderation action, declared as data. The pipeline does everything else: resolve the target, check the
 * hierarchy, DM, retry the Discord call, record the case, reply, post to the mod log and schedule the expiry.
 */
export interface ModerationAction {
  name: string;
  caseType: string;
  /** "banned" → DM "You have been banned". null: never DM (unban, notes, users not in the guild). */
  dmVerb: string | null;
  /** DM before the action (the target can no longer be reached after a ban or kick) or after. */
  dmTiming: 'before' | 'after';
  /** member: must be in the guild. user: any user (member or not). outsider: must not be in the guild. */
  target: 'member' | 'user' | 'outsider';
  duration: 'required' | 'optional' | 'none';
  /** Longer durations are clamped with `clampNotice`. */
  maxDurationMs?: number;
  clampNotice?: string;
  /** Discord permission named when Discord refuses (403). */
  permission?: string;
  /** Refuses with a UserError when the action makes no sense now ("already timed out"). */
  check?(ctx: ActionContext): void | Promise<void>;
  /** The Discord side; absent for warnings and notes. */
  apply?(ctx: ActionContext): Promise<void>;
  /** Job type run at the case's expiry. */
  expiryJob?: string;
}
