import type { LogEntry, LogFilter, LogHub, LogLevelName, LogSubscription } from './types.ts';

export const LEVEL_VALUES: Record<LogLevelName, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

type Matcher = (entry: LogEntry) => boolean;

function matcher(filter: LogFilter): Matcher {
  const min = filter.minLevel ? LEVEL_VALUES[filter.minLevel] : 0;
  const module = filter.module;
  const text = filter.text?.toLowerCase();
  return (entry) =>
    LEVEL_VALUES[entry.level] >= min &&
    (module === undefined || entry.module === module) &&
    (!text || entry.msg.toLowerCase().includes(text) || entry.module.toLowerCase().includes(text));
}

class Subscriber implements LogSubscription {
  private trimmed = 0;
  private queue: LogEntry[] = [];
  private unreported = 0;
  private scheduled = false;
  private busy = false;
  private closed = false;
  readonly matches: Matcher;

  constructor(
    filter: LogFilter,
    private readonly onEntries: (entries: LogEntry[]) => void | Promise<void>,
    private readonly maxQueue: number,
    private readonly onDrop: ((dropped: number) => void) | undefined,
    private readonly detach: (s: Subscriber) => void,
  ) {
    this.matches = matcher(filter);
  }

  get dropped(): number {
    return this.trimmed + Math.max(0, this.queue.length - this.maxQueue);
  }

  push(entry: LogEntry): void {
    this.queue.push(entry);
    // Trim lazily (at twice the limit) so an overflowing queue costs O(1) per entry, not a shift each time.
    if (this.queue.length >= this.maxQueue * 2) this.trim();
    this.schedule();
  }

  /** Drops the oldest entries beyond maxQueue: a live tail cares about what is happening now. */
  private trim(): void {
    const excess = this.queue.length - this.maxQueue;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.trimmed += excess;
    this.unreported += excess;
  }

  private schedule(): void {
    if (this.scheduled || this.busy || this.closed) return;
    this.scheduled = true;
    setImmediate(() => this.deliver());
  }

  private deliver(): void {
    this.scheduled = false;
    this.trim();
    if (this.closed || (!this.queue.length && !this.unreported)) return;
    const batch = this.queue;
    this.queue = [];
    const dropped = this.unreported;
    this.unreported = 0;
    try {
      if (dropped) this.onDrop?.(dropped);
      if (!batch.length) return;
      const result = this.onEntries(batch);
      if (result && typeof (result as Promise<void>).then === 'function') {
        // An async consumer (a slow SSH channel) gets its next batch only when it has finished this one.
        this.busy = true;
        (result as Promise<void>).then(
          () => this.resume(),
          () => this.resume(),
        );
      }
    } catch {
      // A failing subscriber must never break logging; it simply misses this batch.
    }
  }

  private resume(): void {
    this.busy = false;
    if (this.queue.length || this.unreported) this.schedule();
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    this.detach(this);
  }
}

/** The in-memory side of logging: a ring buffer of recent entries and live, filtered subscriptions. */
export class RingLogHub implements LogHub {
  private readonly ring: (LogEntry | undefined)[];
  private next = 0;
  private size = 0;
  private total = 0;
  private readonly subscribers = new Set<Subscriber>();

  constructor(readonly capacity = 5000) {
    this.ring = new Array(capacity);
  }

  /** Adds an entry (seq is assigned here) and queues it for matching subscribers. Never blocks on them. */
  push(entry: Omit<LogEntry, 'seq'>): LogEntry {
    const full: LogEntry = { seq: ++this.total, ...entry };
    this.ring[this.next] = full;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    for (const subscriber of this.subscribers) if (subscriber.matches(full)) subscriber.push(full);
    return full;
  }

  recent(filter: LogFilter = {}, limit = this.capacity): LogEntry[] {
    const matches = matcher(filter);
    const out: LogEntry[] = [];
    for (let i = 1; i <= this.size && out.length < limit; i++) {
      const entry = this.ring[(this.next - i + this.capacity) % this.capacity]!;
      if (matches(entry)) out.push(entry);
    }
    return out.reverse();
  }

  subscribe(
    filter: LogFilter,
    onEntries: (entries: LogEntry[]) => void | Promise<void>,
    opts: { maxQueue?: number; onDrop?: (dropped: number) => void } = {},
  ): LogSubscription {
    const subscriber = new Subscriber(filter, onEntries, Math.max(1, opts.maxQueue ?? 1000), opts.onDrop, (s) =>
      this.subscribers.delete(s),
    );
    this.subscribers.add(subscriber);
    return subscriber;
  }

  stats(): { size: number; capacity: number; total: number; subscribers: number } {
    return { size: this.size, capacity: this.capacity, total: this.total, subscribers: this.subscribers.size };
  }
}
