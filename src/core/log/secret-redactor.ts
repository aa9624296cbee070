export const REDACTED = '[REDACTED]';

/** Shorter strings are refused: redacting "a" or "12" would shred every log line. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces registered secrets in text. Works on the serialized log line, so a secret is caught wherever it sits:
 * message, field, or error stack. Both the raw form and its JSON-escaped form are replaced.
 */
export class SecretRedactor {
  private readonly needles = new Set<string>();

  add(secret: string): void {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
    this.needles.add(secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) this.needles.add(escaped);
  }

  redact(text: string): string {
    for (const needle of this.needles) {
      if (text.includes(needle)) text = text.split(needle).join(REDACTED);
    }
    return text;
  }
}
