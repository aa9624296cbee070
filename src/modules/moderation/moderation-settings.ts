/** Per-guild moderation settings: jail role and channel, report-log channel. Missing row = nothing configured. */
import { eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { moderationSettings } from './schema.ts';

export interface ModerationSettings {
  jailRoleId: string | null;
  jailChannelId: string | null;
  reportLogChannelId: string | null;
}

const EMPTY: ModerationSettings = { jailRoleId: null, jailChannelId: null, reportLogChannelId: null };

export function getModerationSettings(db: Db, guildId: string): ModerationSettings {
  const row = db.orm.select().from(moderationSettings).where(eq(moderationSettings.guildId, guildId)).get();
  if (!row) return { ...EMPTY };
  return { jailRoleId: row.jailRoleId, jailChannelId: row.jailChannelId, reportLogChannelId: row.reportLogChannelId };
}

/** Changes the given keys (null clears one) and returns the result. */
export function updateModerationSettings(
  db: Db,
  guildId: string,
  patch: Partial<ModerationSettings>,
  now = Date.now(),
): ModerationSettings {
  const next = { ...getModerationSettings(db, guildId), ...patch };
  db.orm
    .insert(moderationSettings)
    .values({ guildId, ...next, updatedAt: now })
    .onConflictDoUpdate({ target: moderationSettings.guildId, set: { ...next, updatedAt: now } })
    .run();
  return next;
}
