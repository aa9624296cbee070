/**
 * Untrusted text (log lines, Discord names and content, key comments) must never reach a terminal with its control
 * sequences intact: OSC 52 writes the admin's clipboard, CSI sequences repaint or hide the screen. Everything the
 * console prints that it did not generate itself goes through here.
 */

// Whole escape sequences first (so their parameters do not leak as text), then any stray control character.
const ESCAPE_SEQUENCE =
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]PX^_][\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x9b[0-?]*[ -/]*[@-~]|[\x90\x9d\x98\x9e\x9f][\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x1b[ -/]*[0-~]?/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// Bidirectional overrides can make a line read differently from what it is.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

export interface SanitizeOptions {
  /** Keep "\n" (multi-line text); otherwise newlines become spaces. Default false. */
  multiline?: boolean;
}

export function sanitizeForTerminal(text: unknown, opts: SanitizeOptions = {}): string {
  let s = typeof text === 'string' ? text : String(text);
  s = s.replace(ESCAPE_SEQUENCE, '').replace(/\t/g, '  ').replace(/\r\n?/g, '\n');
  if (!opts.multiline) s = s.replace(/\n/g, ' ');
  return s.replace(CONTROL, '').replace(BIDI, '');
}

// Characters JSON.stringify leaves raw but a terminal acts on (DEL, C1 controls such as CSI U+009B and OSC U+009D)
// or that make text read differently from what it is (bidirectional controls, line/paragraph separators).
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** True when text holds a control character (C0, DEL, C1) or a bidirectional control. */
export function hasUnsafeCharacters(text: string): boolean {
  return /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(text);
}

/**
 * JSON for `--json` output: every string field is kept intact, but the characters above are written as \uXXXX escapes,
 * so the text is still exact for a program and inert on a terminal. (JSON.stringify already escapes C0 controls.)
 */
export function jsonForTerminal(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
