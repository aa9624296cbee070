import { eq } from 'drizzle-orm';
import type { Db } from '#core/db/types.ts';
import { gatewaySessions } from './schema.ts';

export interface StoredGatewaySession {
  sessionId: string;
  resumeUrl: string;
  sequence: number;
  /** When the row was last written (ms); a session not written for longer than Discord keeps it is not tried. */
  updatedAt: number;
}

/**
 * Keeps the gateway session in SQLite. The sequence moves with every event, so writes are batched: `update()` only
 * remembers the newest values and one UPDATE goes out per `flushMs` (one fsync, not one per event). `flush()` writes
 * at once (on READY and when stopping).
 */
export class GatewaySessionStore {
  #pending: StoredGatewaySession | null = null;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly flushMs = 250,
    /** A batched write that fails (the database went away) is reported here; the next update tries again. */
    private readonly onError: (err: unknown) => void = () => {},
    private readonly shardId = 0,
  ) {}

  load(): StoredGatewaySession | null {
    const row = this.db.orm.select().from(gatewaySessions).where(eq(gatewaySessions.shardId, this.shardId)).get();
    return row
      ? { sessionId: row.sessionId, resumeUrl: row.resumeUrl, sequence: row.sequence, updatedAt: row.updatedAt }
      : null;
  }

  /** Remembers the session's state; written within flushMs. */
  update(session: Omit<StoredGatewaySession, 'updatedAt'>): void {
    const last = this.#pending;
    if (last && last.sessionId === session.sessionId && last.sequence === session.sequence) return;
    this.#pending = { ...session, updatedAt: Date.now() };
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      try {
        this.flush();
      } catch (err) {
        this.onError(err);
      }
    }, this.flushMs);
    this.#timer.unref?.();
  }

  /** Writes what update() remembered, now. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const s = this.#pending;
    this.#pending = null;
    if (!s) return;
    const row = { shardId: this.shardId, ...s, updatedAt: Date.now() };
    this.db.orm
      .insert(gatewaySessions)
      .values(row)
      .onConflictDoUpdate({ target: gatewaySessions.shardId, set: row })
      .run();
  }

  /** Forgets the session (it was closed cleanly, or Discord no longer knows it). */
  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
    this.db.orm.delete(gatewaySessions).where(eq(gatewaySessions.shardId, this.shardId)).run();
  }
}
