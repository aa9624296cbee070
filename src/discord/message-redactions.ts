/**
 * Messages that held a secret (an API key typed by prefix into a channel). The command that finds one marks it
 * before deleting it; features that keep or repeat message content (the event log's content store and its
 * "Message deleted" posts) drop what they hold of it when it is marked and never show it. Neither knows the other.
 * Kept in memory and bounded: a marked message is deleted at once, so only its few seconds of events need the mark.
 */

/** Called once for each message marked, right away (so a copy already kept is removed before the deletion). */
export type RedactionListener = (messageId: string) => void;

export class MessageRedactions {
  private readonly ids = new Set<string>();
  private readonly listeners = new Set<RedactionListener>();

  constructor(private readonly max = 1000) {}

  /** Marks a message as holding a secret and tells every listener; call it before deleting the message. */
  mark(messageId: string): void {
    this.ids.delete(messageId);
    this.ids.add(messageId);
    while (this.ids.size > this.max) {
      const oldest = this.ids.values().next().value;
      if (oldest === undefined) break;
      this.ids.delete(oldest);
    }
    for (const listener of [...this.listeners]) listener(messageId);
  }

  /** Whether a message was marked: its content must not be kept or shown. */
  has(messageId: string): boolean {
    return this.ids.has(messageId);
  }

  /** Adds a listener; the returned function removes it (call it when the listening module stops). */
  onMark(listener: RedactionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
