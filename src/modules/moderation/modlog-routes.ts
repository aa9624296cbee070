/** Mod-log channel per guild, with optional routing of single kinds (a case type, "PURGE", "SLOWMODE"). */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { modlogRoutes } from './schema.ts';

/** The kind that stands for "everything not routed elsewhere". */
export const DEFAULT_ROUTE = '*';

export interface ModlogRoute {
  kind: string;
  channelId: string;
}

export function setModlogRoute(db: Db, guildId: string, kind: string, channelId: string, now = Date.now()): void {
  const k = kind.toUpperCase();
  db.orm
    .insert(modlogRoutes)
    .values({ guildId, kind: k, channelId, updatedAt: now })
    .onConflictDoUpdate({ target: [modlogRoutes.guildId, modlogRoutes.kind], set: { channelId, updatedAt: now } })
    .run();
}

/** Removes a route; returns false when there was none. */
export function unsetModlogRoute(db: Db, guildId: string, kind: string): boolean {
  const res = db.orm
    .delete(modlogRoutes)
    .where(and(eq(modlogRoutes.guildId, guildId), eq(modlogRoutes.kind, kind.toUpperCase())))
    .run();
  return res.changes > 0;
}

export function listModlogRoutes(db: Db, guildId: string): ModlogRoute[] {
  return db.orm
    .select({ kind: modlogRoutes.kind, channelId: modlogRoutes.channelId })
    .from(modlogRoutes)
    .where(eq(modlogRoutes.guildId, guildId))
    .orderBy(asc(modlogRoutes.kind))
    .all();
}

/** The channel for a kind: its own route, else the guild's default mod log, else null. */
export function resolveModlogChannel(db: Db, guildId: string, kind: string): string | null {
  const routes = listModlogRoutes(db, guildId);
  const k = kind.toUpperCase();
  return routes.find((r) => r.kind === k)?.channelId ?? routes.find((r) => r.kind === DEFAULT_ROUTE)?.channelId ?? null;
}
