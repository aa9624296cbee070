/** Snippet rows: lookup by exact (case-sensitive) name, aliases, uses, locks and searches. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { snippets } from './schema.ts';

export type Snippet = typeof snippets.$inferSelect;

export const NAME_RULE = /^[a-zA-Z0-9-]+$/;
export const NAME_MAX = 20;
export const CONTENT_MAX = 4000;

export function getSnippet(db: Db, guildId: string, name: string): Snippet | undefined {
  return db.orm
    .select()
    .from(snippets)
    .where(and(eq(snippets.guildId, guildId), sql`${snippets.name} = ${name} COLLATE BINARY`))
    .get();
}

export function createSnippet(
  db: Db,
  s: { guildId: string; name: string; content: string; authorId: string; locked?: boolean; alias?: string | null },
): Snippet {
  return db.orm
    .insert(snippets)
    .values({
      guildId: s.guildId,
      name: s.name,
      content: s.content,
      authorId: s.authorId,
      locked: s.locked ?? false,
      alias: s.alias ?? null,
      createdAt: Date.now(),
    })
    .returning()
    .get();
}

export function updateSnippet(db: Db, id: number, patch: Partial<Pick<Snippet, 'content' | 'locked'>>): void {
  db.orm.update(snippets).set(patch).where(eq(snippets.id, id)).run();
}

export function deleteSnippet(db: Db, id: number): void {
  db.orm.delete(snippets).where(eq(snippets.id, id)).run();
}

export function countUse(db: Db, id: number): void {
  db.orm
    .update(snippets)
    .set({ uses: sql`${snippets.uses} + 1` })
    .where(eq(snippets.id, id))
    .run();
}

export function aliasesOf(db: Db, guildId: string, name: string): Snippet[] {
  return db.orm
    .select()
    .from(snippets)
    .where(and(eq(snippets.guildId, guildId), eq(snippets.alias, name)))
    .all();
}

/** Snippets by uses (most first), optionally by author or containing a text in name or content. */
export function listSnippets(db: Db, guildId: string, opts: { authorId?: string; query?: string } = {}): Snippet[] {
  const where = [eq(snippets.guildId, guildId)];
  if (opts.authorId) where.push(eq(snippets.authorId, opts.authorId));
  if (opts.query) {
    const like = `%${opts.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      sql`(lower(${snippets.name}) LIKE ${like} ESCAPE '\\' OR lower(${snippets.content}) LIKE ${like} ESCAPE '\\')`,
    );
  }
  return db.orm
    .select()
    .from(snippets)
    .where(and(...where))
    .orderBy(desc(snippets.uses), snippets.name)
    .all();
}

export function countSnippets(db: Db, guildId: string): number {
  return db.orm.select({ n: sql<number>`count(*)` }).from(snippets).where(eq(snippets.guildId, guildId)).get()?.n ?? 0;
}

/** Names starting with the typed text, most used first (slash autocomplete). */
export function namesStartingWith(db: Db, guildId: string, typed: string, limit = 25): string[] {
  const like = `${typed.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.orm
    .select({ name: snippets.name })
    .from(snippets)
    .where(and(eq(snippets.guildId, guildId), sql`${snippets.name} LIKE ${like} ESCAPE '\\'`))
    .orderBy(desc(snippets.uses))
    .limit(limit)
    .all()
    .map((r) => r.name);
}
