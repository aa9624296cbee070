/**
 * "Did you mean": Tux's limits (a typed name of up to 3 characters allows distance 1 and 2 suggestions; longer
 * names allow distance 3 and 3 suggestions) over an edit distance that counts two swapped letters as one edit, so
 * `bna` finds `ban` the way `hepl` finds `help`.
 */

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours, each 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j]!;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

export function suggestCommands(typed: string, names: readonly string[]): string[] {
  const t = typed.toLowerCase();
  const short = t.length <= 3;
  const maxDistance = short ? 1 : 3;
  const maxSuggestions = short ? 2 : 3;
  const scored = [...new Set(names)]
    .map((name) => ({ name, d: editDistance(t, name.toLowerCase()) }))
    .filter((s) => s.d <= maxDistance && s.d > 0)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return scored.slice(0, maxSuggestions).map((s) => s.name);
}
