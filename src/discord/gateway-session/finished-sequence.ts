/**
 * The sequence number of the last gateway event whose handling has finished, with every event before it finished
 * too. Commands run concurrently, so this is the lowest still-open sequence minus one: resuming from it after a
 * crash sends again exactly what had not finished (and perhaps some that had, which the replay checks).
 *
 * An event that may start work (a message, an interaction) is opened when it arrives and closed when its handler
 * finishes, or at once when the handler does not take it; one that nothing claims within `claimTimeoutMs` (the
 * library dropped it) is closed then.
 */
export class FinishedSequence {
  #received = 0;
  /** Open sequence -> when it was opened. */
  readonly #open = new Map<number, number>();
  /** Event id -> its sequence, until a handler claims it. */
  readonly #unclaimed = new Map<string, number>();

  constructor(private readonly claimTimeoutMs = 30_000) {}

  /** A new session (READY): numbering starts again. */
  reset(sequence: number): void {
    this.#received = sequence;
    this.#open.clear();
    this.#unclaimed.clear();
  }

  /** An event arrived; `id` names one a handler will claim (message or interaction id). */
  received(sequence: number, id?: string): void {
    if (sequence > this.#received) this.#received = sequence;
    if (id === undefined) return;
    this.#open.set(sequence, Date.now());
    this.#unclaimed.set(id, sequence);
  }

  /** A handler takes the event: the returned function closes it when the work is done (call it exactly once). */
  claim(id: string): () => void {
    const sequence = this.#unclaimed.get(id);
    if (sequence === undefined) return () => {};
    this.#unclaimed.delete(id);
    return () => {
      this.#open.delete(sequence);
    };
  }

  /** The last sequence up to which everything has finished. */
  watermark(): number {
    const now = Date.now();
    for (const [id, sequence] of this.#unclaimed) {
      const openedAt = this.#open.get(sequence) ?? now;
      if (now - openedAt < this.claimTimeoutMs) break;
      this.#unclaimed.delete(id);
      this.#open.delete(sequence);
    }
    let lowest = Number.POSITIVE_INFINITY;
    for (const sequence of this.#open.keys()) if (sequence < lowest) lowest = sequence;
    return lowest === Number.POSITIVE_INFINITY ? this.#received : lowest - 1;
  }
}
