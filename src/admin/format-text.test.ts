import { describe, expect, it } from 'vitest';
import type { AuditRow } from '#core/audit/types.ts';
import { formatAuditRow } from './format-text.ts';

const row = (over: Partial<AuditRow>): AuditRow => ({
  id: 1,
  time: Date.UTC(2026, 10, 29, 20, 5, 7),
  actor: 'ssh:SHA256:AbCdEfGh1234567890abcdefghijklmnopqrstuvwxyz',
  action: 'services.restart',
  target: 'scheduler',
  outcome: 'ok',
  details: { address: '127.0.0.1:50000', role: 'operator' },
  prevHash: '',
  hash: '',
  ...over,
});

describe('audit rows as text', () => {
  it('put the action first and the actor short, so 80 columns show what happened', () => {
    const line = formatAuditRow(row({}));
    expect(line.startsWith('11-29 20:05 services.restart scheduler · ssh:AbCdEfGh')).toBe(true);
    expect(formatAuditRow(row({ outcome: 'denied', actor: 'anonymous', action: 'ssh.auth', target: null }))).toMatch(
      /^11-29 20:05 ssh\.auth DENIED · anon /,
    );
  });
});
