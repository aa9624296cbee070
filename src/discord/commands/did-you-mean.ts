import { distance } from 'fastest-levenshtein';

/**
 * Tux's "did you mean": Levenshtein distance over command names and aliases. A typed name of up to 3 characters
 * allows distance 1 and 2 suggestions; longer names allow distance 3 and 3 suggestions.
 */
export function suggestCommands(typed: string, names: readonly string[]): string[] {
  const t = typed.toLowerCase();
  const short = t.length <= 3;
  const maxDistance = short ? 1 : 3;
  const maxSuggestions = short ? 2 : 3;
  const scored = [...new Set(names)]
    .map((name) => ({ name, d: distance(t, name.toLowerCase()) }))
    .filter((s) => s.d <= maxDistance && s.d > 0)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return scored.slice(0, maxSuggestions).map((s) => s.name);
}
