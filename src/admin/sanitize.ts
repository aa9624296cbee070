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
