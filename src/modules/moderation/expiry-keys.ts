/** Job types and keys of the durable expiry jobs. One pending job per guild, case type and user. */
export const TEMPBAN_EXPIRE_JOB = 'moderation.tempban-expire';
export const JAIL_EXPIRE_JOB = 'moderation.jail-expire';
export const TIMEOUT_END_JOB = 'moderation.timeout-end';

export interface ExpiryPayload {
  guildId: string;
  userId: string;
  caseId: number;
}

export function expiryKey(guildId: string, caseType: string, userId: string): string {
  return `moderation:expire:${guildId}:${caseType}:${userId}`;
}
