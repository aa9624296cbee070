import { describe, expect, it } from 'vitest';
import type { AuditInput } from '#core/audit/types.ts';
import { createFloodAudit } from './flood-audit.ts';

describe('flood audit', () => {
  it('writes the first rows of a window and folds the rest into one summary row', () => {
    let now = 0;
    const rows: AuditInput[] = [];
    const flood = createFloodAudit({ budget: 3, windowMs: 60_000, record: (r) => rows.push(r), now: () => now });
    for (let i = 0; i < 500; i++) {
      const ip = `127.0.0.${(i % 200) + 2}`;
      flood.note({ actor: 'anonymous', action: 'ssh.auth', outcome: 'denied', details: { reason: 'x' } }, ip);
    }
    flood.refused('127.0.0.9', 'throttled');
    expect(rows).toHaveLength(3);
    now = 60_000;
    flood.note({ actor: 'anonymous', action: 'ssh.auth', outcome: 'denied', details: { reason: 'x' } }, '127.0.0.2');
    expect(rows).toHaveLength(5);
    expect(rows[3]).toMatchObject({
      action: 'ssh.flood',
      details: { folded_rows: 497, refused_connections: 1, addresses: 200 },
    });
    expect(rows[4]?.action).toBe('ssh.auth');
    flood.flush();
    expect(rows).toHaveLength(5);
  });
});
