import type { Service } from '../services/types.ts';

/** One user-supplied pattern, named by the caller's id (a rule id) so a pattern that runs too long can be reported. */
export interface RegexPattern {
  id: string;
  source: string;
  flags?: string;
}

export interface RegexTestResult {
  /** Index in the patterns given of the first pattern that matched, or -1. */
  matched: number;
  /** Ids of patterns that ran past the time limit on this text; the caller should disable them. */
  timedOut: string[];
  /** Ids of patterns that failed to compile (only possible when a caller skipped validate). */
  invalid: string[];
}

export type RegexValidation =
  | { ok: true }
  | { ok: false; reason: 'syntax' | 'flags' | 'length' | 'timeout'; message: string };

export interface SafeRegexOptions {
  /** Time limit for one pattern on one text. */
  timeoutMs?: number;
  /** Most worker threads run at once (they start on first use). */
  workers?: number;
  /** Longest pattern source accepted. */
  maxPatternLength?: number;
  /** Texts are cut to this many characters before matching. */
  maxTextLength?: number;
}

/** Runs untrusted regexes in worker threads with a time limit; the main thread never executes them. */
export interface SafeRegex extends Service {
  /** Compiles the pattern and tries it on sample texts in a worker; a syntax error or a slow pattern is refused. */
  validate(source: string, flags?: string): Promise<RegexValidation>;
  /** Tries the patterns in order on the text; resolves with the first match and any pattern that ran too long. */
  test(patterns: readonly RegexPattern[], text: string): Promise<RegexTestResult>;
  /** Ends the workers; later calls start new ones. */
  close(): Promise<void>;
}
