/**
 * The fact categories shipped in facts.json, and the rules around them: which category a member's word names
 * (its key or its display name, or "random"), and the placeholders a fact may hold.
 */
import { z } from '../../plugin-api/index.ts';
import data from './facts.json' with { type: 'json' };

const categorySchema = z.union([
  z.strictObject({ name: z.string().min(1), facts: z.array(z.string().min(1)).min(1) }),
  z.strictObject({
    name: z.string().min(1),
    /** The JSON field of the answer that holds the fact; the URL is the guild's `<key>_url` setting. */
    web: z.strictObject({ field: z.string().min(1) }),
  }),
]);
const fileSchema = z.object({ categories: z.record(z.string().regex(/^[a-z_]+$/), categorySchema) });

export type FactCategory = z.infer<typeof categorySchema>;

/** The categories by key, in file order (checked when the plugin loads: a broken file fails the plugin). */
export function loadCategories(raw: unknown = data): ReadonlyMap<string, FactCategory> {
  return new Map(Object.entries(fileSchema.parse(raw).categories));
}

export interface Placeholders {
  bot_name: string;
  bot_version: string;
  member_count: number;
  guild_count: number;
  prefix: string;
}

/** Fills `{bot_name}` and the others in; an unknown `{word}` stays as it is. */
export function fill(text: string, values: Placeholders): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) =>
    Object.hasOwn(values, key) ? String(values[key as keyof Placeholders]) : whole,
  );
}

/**
 * The category key a word names: "random" (or nothing) picks one of `allowed` at random; otherwise a key or a
 * display name, in any case. Null when it names none.
 */
export function resolveCategory(
  word: string | undefined,
  categories: ReadonlyMap<string, FactCategory>,
  displayName: (key: string) => string,
  allowed: readonly string[],
  random: () => number = Math.random,
): string | null {
  const w = (word ?? 'random').trim().toLowerCase();
  if (w === 'random') return allowed[Math.floor(random() * allowed.length)] ?? null;
  if (categories.has(w)) return w;
  const spaced = w.replace(/[\s-]+/g, '_');
  if (categories.has(spaced)) return spaced;
  for (const key of categories.keys()) if (displayName(key).toLowerCase() === w) return key;
  return null;
}
