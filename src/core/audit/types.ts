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
  /** The first row whose hash or link does not match, when not ok. */
  firstBroken?: { id: number; reason: string };
}

/** Append-only trail of admin actions, chained by hash. */
export interface AuditTrail {
  record(input: AuditInput): AuditRow;
  query(filter?: AuditFilter): AuditRow[];
  verify(): AuditVerifyResult;
  /** Live feed for the console's recent-activity panel. */
  onRecord(listener: (row: AuditRow) => void): () => void;
}
