/**
 * The message-content store: recent messages of the guilds that log message events, in SQLite, so an edit can show
 * its "before" (Discord sends only the new state) and a deletion its content, also for messages discord.js no longer
 * caches and across restarts.
 *
 * Writes are batched: a message is buffered and written with the others of the next half second (or as soon as 500
 * are waiting) in one transaction, so chat costs one commit per batch, not per message. Reads look at the buffer
 * first. What is buffered when the process is killed is lost; a clean stop writes it. Bounded per guild by age
 * (store_days) and count (store_max) through purge(), which the module runs on the durable scheduler.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '#core/db/types.ts';

export interface StoredAttachment {
  name: string;
  url: string;
}

export interface StoredMessage {
  id: string;
  guildId: string;
  channelId: string;
  authorId: string;
  content: string;
  attachments: StoredAttachment[];
  createdAt: number;
  editedAt: number | null;
}

interface Row {
  message_id: string;
  guild_id: string;
  channel_id: string;
  author_id: string;
  content: string;
  attachments: string;
  created_at: number;
  edited_at: number | null;
}

const fromRow = (r: Row): StoredMessage => ({
  id: r.message_id,
  guildId: r.guild_id,
  channelId: r.channel_id,
  authorId: r.author_id,
  content: r.content,
  attachments: JSON.parse(r.attachments) as StoredAttachment[],
  createdAt: r.created_at,
  editedAt: r.edited_at,
});

export interface MessageStoreOptions {
  /** Longest a message waits in the buffer (default 500 ms). */
  flushMs?: number;
  /** Buffered messages that trigger a write at once (default 500). */
  maxPending?: number;
}

export class MessageStore {
  private readonly pending = new Map<string, StoredMessage>();
  private timer: NodeJS.Timeout | null = null;
  private readonly flushMs: number;
  private readonly maxPending: number;
  private readonly upsert: Statement;
  private readonly selectOne: Statement;
  private readonly deleteOne: Statement;
  private readonly writeBatch: (rows: StoredMessage[]) => void;

  constructor(
    private readonly db: Db,
    opts: MessageStoreOptions = {},
  ) {
    this.flushMs = opts.flushMs ?? 500;
    this.maxPending = opts.maxPending ?? 500;
    const sqlite = db.sqlite;
    this.upsert = sqlite.prepare(
      `INSERT INTO eventlog_messages (message_id, guild_id, channel_id, author_id, content, attachments, created_at, edited_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(message_id) DO UPDATE SET content = excluded.content, attachments = excluded.attachments,
         edited_at = excluded.edited_at`,
    );
    this.selectOne = sqlite.prepare('SELECT * FROM eventlog_messages WHERE message_id = ?');
    this.deleteOne = sqlite.prepare('DELETE FROM eventlog_messages WHERE message_id = ?');
    this.writeBatch = sqlite.transaction((rows: StoredMessage[]) => {
      for (const m of rows) {
        this.upsert.run(
          m.id,
          m.guildId,
          m.channelId,
          m.authorId,
          m.content,
          JSON.stringify(m.attachments),
          m.createdAt,
          m.editedAt,
        );
      }
    });
  }

  /** Buffers a message (or its new state after an edit). */
  put(message: StoredMessage): void {
    this.pending.set(message.id, message);
    if (this.pending.size >= this.maxPending) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.flushMs);
      this.timer.unref();
    }
  }

  /** Writes the buffer in one transaction. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending.clear();
    this.writeBatch(rows);
  }

  get(id: string): StoredMessage | null {
    const buffered = this.pending.get(id);
    if (buffered) return buffered;
    const row = this.selectOne.get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** The stored ones of these messages, oldest first. */
  getMany(ids: readonly string[]): StoredMessage[] {
    this.flush();
    const out: StoredMessage[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = this.db.sqlite
        .prepare(`SELECT * FROM eventlog_messages WHERE message_id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as Row[];
      out.push(...rows.map(fromRow));
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  /** Forgets messages (once their deletion is logged). */
  remove(ids: readonly string[]): void {
    for (const id of ids) this.pending.delete(id);
    this.db.sqlite.transaction(() => {
      for (const id of ids) this.deleteOne.run(id);
    })();
  }

  /** Drops a guild's messages older than `before` and all but its newest `max`; returns how many went. */
  purge(guildId: string, before: number, max: number): number {
    this.flush();
    const sqlite = this.db.sqlite;
    const old = sqlite
      .prepare('DELETE FROM eventlog_messages WHERE guild_id = ? AND created_at < ?')
      .run(guildId, before);
    const over = sqlite
      .prepare(
        `DELETE FROM eventlog_messages WHERE message_id IN (
           SELECT message_id FROM eventlog_messages WHERE guild_id = ? ORDER BY created_at DESC LIMIT -1 OFFSET ?)`,
      )
      .run(guildId, max);
    return old.changes + over.changes;
  }

  /** Guilds that have stored messages. */
  guilds(): string[] {
    this.flush();
    return (
      this.db.sqlite.prepare('SELECT DISTINCT guild_id FROM eventlog_messages').all() as { guild_id: string }[]
    ).map((r) => r.guild_id);
  }

  count(guildId: string): number {
    this.flush();
    return (
      this.db.sqlite.prepare('SELECT count(*) AS n FROM eventlog_messages WHERE guild_id = ?').get(guildId) as {
        n: number;
      }
    ).n;
  }
}
