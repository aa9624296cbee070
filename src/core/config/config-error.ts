import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import { keyMeta, listKeys } from './key-meta.ts';

export interface ConfigIssue {
  /** Dotted key (or path inside a key: "bot.activities[0].type"); empty for whole-file problems. */
  key: string;
  /** What is wrong, without the source: "ssh.port must be an integer 1–65535 (got \"abc\")". */
  message: string;
  /** Where the bad value came from: "tux.toml", "TUX_SSH_PORT (environment)", "value". */
  source: string;
}

/** A config that cannot be loaded or a change that cannot be saved. The message names source, key and problem. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[] | string) {
    const list = typeof issues === 'string' ? [{ key: '', message: issues, source: '' }] : issues;
    super(list.map((i) => (i.source ? `${i.source}: ${i.message}` : i.message)).join('\n'));
    this.name = 'ConfigError';
    this.issues = list;
  }
}

/** Shows a bad value briefly, as JSON, for "(got ...)". */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** What one zod issue inside a key expected, in words. */
function issueExpectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_type':
      return `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word = issue.code === 'too_small' ? 'at least' : 'at most';
      if (issue.origin === 'string') return `${word} ${bound} characters long`;
      if (issue.origin === 'array') return `${word} ${bound} items long`;
      return `${word} ${bound}`;
    }
    case 'invalid_format':
      if (issue.format === 'url') return 'an http(s) URL';
      return issue.message.startsWith('Invalid') ? `in the format ${issue.format}` : issue.message;
    case 'unrecognized_keys':
      return `free of unknown keys (${issue.keys.join(', ')})`;
    default:
      return issue.message;
  }
}

/**
 * Turns zod issues into config issues that name the key, what it should be and what it got.
 * `sourceOf` says where the key's value came from (file or environment variable).
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  sourceOf: (key: string) => string,
  rawOf?: (key: string) => unknown,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const path = issue.path;
    const keyPath = path.slice(0, 2).map(String).join('.');
    const source = sourceOf(keyPath);
    let message: string;
    if (path.length <= 1) {
      const section = String(path[0] ?? '');
      message = section
        ? `[${section}] must be a table of keys (got ${showValue(valueAt(input, path))})`
        : `the file must be a TOML document of tables (got ${showValue(input)})`;
    } else if (path.length === 2 && keyMeta(keyPath)) {
      const info = keyMeta(keyPath)!;
      const got = rawOf?.(keyPath) ?? valueAt(input, path);
      message = `${keyPath} must be ${info.expected} (got ${showValue(got)})`;
    } else {
      message = `${formatPath(path)} must be ${issueExpectation(issue)} (got ${showValue(valueAt(input, path))})`;
    }
    const line = `${source}\u0000${message}`;
    if (seen.has(line)) continue;
    seen.add(line);
    out.push({ key: path.length ? formatPath(path) : '', message, source });
  }
  return out;
}

/** "; did you mean ssh.port?" when a known key is a near miss (a typo), else "". */
export function suggestKey(key: string): string {
  const known = listKeys().map((k) => k.key);
  const guess = closest(key, known);
  const limit = Math.max(2, Math.floor(key.length / 4));
  return guess && distance(key, guess) <= limit ? `; did you mean ${guess}?` : '';
}
