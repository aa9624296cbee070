/**
 * The small part of semantic versioning the plugin loader needs: parse "1.2.3" and test it against a range such as
 * "^1.0.0", "~1.2", ">=1.0.0 <2.0.0", "1.x", "1.2.3" or "*". Alternatives join with "||".
 */

type Version = readonly [number, number, number];

const VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]+)?$/;
const PARTIAL = /^v?(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/;

export function parseVersion(text: string): Version | null {
  const m = VERSION.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

type Test = (v: Version) => boolean;

/** One comparator ("^1.2", ">=1.0.0", "1.x"); null when it is not one. */
function comparator(text: string): Test | null {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(text);
  if (!m) return null;
  const op = m[1] ?? '';
  const p = PARTIAL.exec(m[2] ?? '');
  if (!p) return null;
  const parts = [p[1], p[2], p[3]].map((x) => (x === undefined || x === 'x' || x === '*' ? null : Number(x)));
  const [maj, min, pat] = parts as [number | null, number | null, number | null];
  const low: Version = [maj ?? 0, min ?? 0, pat ?? 0];
  if (maj === null) return op === '' || op === '=' || op === '>=' ? () => true : null;
  switch (op) {
    case '^': {
      const high: Version =
        maj > 0 || min === null ? [maj + 1, 0, 0] : min > 0 || pat === null ? [0, min + 1, 0] : [0, 0, (pat ?? 0) + 1];
      return (v) => compare(v, low) >= 0 && compare(v, high) < 0;
    }
    case '~': {
      const high: Version = min === null ? [maj + 1, 0, 0] : [maj, min + 1, 0];
      return (v) => compare(v, low) >= 0 && compare(v, high) < 0;
    }
    case '>=':
      return (v) => compare(v, low) >= 0;
    case '>':
      return (v) => compare(v, low) > 0;
    case '<=':
      return (v) => compare(v, low) <= 0;
    case '<':
      return (v) => compare(v, low) < 0;
    default: {
      if (min === null) return (v) => v[0] === maj;
      if (pat === null) return (v) => v[0] === maj && v[1] === min;
      return (v) => compare(v, low) === 0;
    }
  }
}

/** A range's test, or null when the text is not a range this loader understands. */
export function parseRange(range: string): Test | null {
  const alternatives = range.split('||').map((alt) => {
    const words = alt
      .trim()
      .replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    if (words.length === 0) return null;
    const tests = words.map(comparator);
    if (tests.some((t) => t === null)) return null;
    return (v: Version) => tests.every((t) => (t as Test)(v));
  });
  if (alternatives.some((a) => a === null)) return null;
  return (v) => alternatives.some((a) => (a as Test)(v));
}

export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  const test = parseRange(range);
  return v !== null && test?.(v) === true;
}
