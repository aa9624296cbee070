/**
 * Serialises work per key, coalescing a burst: while a run for a key is in progress, any number of new requests
 * collapse into one more run afterwards. Every run reads fresh state, so the last one sees every event.
 */
export class CoalescingLock {
  private readonly state = new Map<string, { again: boolean; done: Promise<void> }>();

  run(key: string, work: () => Promise<void>): Promise<void> {
    const current = this.state.get(key);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await work();
        } while (entry.again);
      } finally {
        this.state.delete(key);
      }
    })();
    this.state.set(key, entry);
    return entry.done;
  }
}
