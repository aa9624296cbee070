export type AuditOutcome = 'ok' | 'denied' | 'failed' | 'error';

export interface AuditInput {
  /** Who: "ssh:SHA256:abc…", "discord:123…", "cli:root", "system". */
  actor: string;
  /** What: dotted verb, e.g. "config.set", "ssh.auth", "service.restart", "case.create". */
  action: string;
  target?: string | null;
  /** JSON-serialisable details. Secrets must already be masked. */
  details?: Record<string, unknown>;
  outcome: AuditOutcome;
}

export interface AuditRow extends Required<Omit<AuditInput, 'details'>> {
  id: number;
  /** Epoch milliseconds. */
  time: number;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  /** Prefix match: "ssh." matches every ssh action. */
  action?: string;
  outcome?: AuditOutcome;
  since?: number;
  until?: number;
  text?: string;
  limit?: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  rows: number;
  /** Rows whose hash is keyed with the audit key (the others predate it and come first). */
  keyedRows?: number;
  /** True when the end of the trail matched the head record kept outside the database. */
  anchored?: boolean;
  /** The head record that was compared (id and hash of the newest row when it was written). */
  head?: { id: number; hash: string };
  /** The first row whose hash or link does not match, when not ok (0: the key or head record itself). */
  firstBroken?: { id: number; reason: string };
}

/** Append-only trail of admin actions, chained by hash. */
export interface AuditTrail {
  /** Where the HMAC key and the head record live (the keys folder). */
  readonly anchorFiles: { key: string; head: string };
  record(input: AuditInput): AuditRow;
  query(filter?: AuditFilter): AuditRow[];
  verify(): AuditVerifyResult;
  /**
   * Looks for secrets in rows written since the last check (rows from before every field was masked). Rows are
   * append-only and hash-chained, so they are not changed: they are masked whenever read, and one
   * `audit.secrets_found` row names them. Returns the ids found.
   */
  recheckStoredSecrets(): { checked: number; found: number[] };
  /** Live feed for the console's recent-activity panel. */
  onRecord(listener: (row: AuditRow) => void): () => void;
}
