import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuditTrail } from '../audit/audit-trail.ts';
import { openTempDb, type TempDb } from '../db/temp-db.ts';
import { GuildSettings, stripMentions } from './guild-settings.ts';

const G1 = '100000000000000001';
const G2 = '100000000000000002';
const schema = z.object({
  cooldown: z.number().int().min(0).max(3600).default(1).describe('Seconds between two XP grants'),
  exponent: z.number().min(1).max(5).default(2),
  channels: z.array(z.string().regex(/^\d{17,20}$/)).default([]),
  message: z.string().max(50).nullable().default(null),
});

let temps: TempDb[] = [];
afterEach(() => {
  for (const t of temps) t.cleanup();
  temps = [];
});

async function setup(t?: TempDb) {
  const temp = t ?? (await openTempDb());
  if (!t) temps.push(temp);
  const audit = createAuditTrail({ db: temp.db, keysDir: path.join(temp.dir, 'keys') });
  const settings = new GuildSettings({
    db: temp.db,
    audit,
    log: pino({ level: 'silent' }),
    schemas: { schemaOf: (m) => (m === 'levels' ? schema : undefined), names: () => ['levels', 'ping'] },
  });
  return { temp, audit, settings };
}

describe('guild settings', () => {
  it('gives defaults, stores per guild, survives a reopen and audits each change', async () => {
    const { temp, audit, settings } = await setup();
    expect(settings.modules()).toEqual(['levels']);
    expect(settings.get('levels', G1)).toEqual({ cooldown: 1, exponent: 2, channels: [], message: null });
    expect(settings.set('levels', G1, 'cooldown', '30', 'discord:1')).toBe(30);
    settings.set('levels', G1, 'channels', '<#123456789012345678>, 223456789012345678', 'discord:1');
    expect(settings.get('levels', G1)).toMatchObject({
      cooldown: 30,
      channels: ['123456789012345678', '223456789012345678'],
    });
    expect(settings.get('levels', G2).cooldown).toBe(1);
    const rows = audit.query({ action: 'settings.' });
    expect(rows.map((r) => r.details.key)).toEqual(expect.arrayContaining(['cooldown', 'channels']));
    expect(rows.find((r) => r.details.key === 'cooldown')?.details).toMatchObject({ from: 1, to: 30 });

    const again = await setup(temp);
    expect(again.settings.get('levels', G1).cooldown).toBe(30);
    again.settings.reset('levels', G1, 'cooldown', 'cli:root');
    expect(again.settings.get('levels', G1).cooldown).toBe(1);
    expect(again.settings.get('levels', G1).channels).toHaveLength(2);
  });

  it('refuses bad values with the key and what it expects, and changes nothing', async () => {
    const { settings } = await setup();
    settings.set('levels', G1, 'cooldown', 5, 'x');
    expect(() => settings.set('levels', G1, 'cooldown', '-3', 'x')).toThrow(
      /levels\.cooldown must be an integer 0–3600/,
    );
    expect(() => settings.set('levels', G1, 'cooldown', 'soon', 'x')).toThrow(/cooldown/);
    expect(() => settings.set('levels', G1, 'nope', '1', 'x')).toThrow(/no setting "nope".*cooldown/);
    expect(() => settings.set('ping', G1, 'a', '1', 'x')).toThrow(/has no settings/);
    expect(settings.get('levels', G1).cooldown).toBe(5);
  });

  it('serves reads from memory: a read after start does not touch SQLite', async () => {
    const { temp, settings } = await setup();
    settings.set('levels', G1, 'exponent', '1.5', 'x');
    settings.get('levels', G1);
    const raw = temp.db.sqlite;
    raw.exec('DROP TABLE guild_settings');
    expect(settings.get('levels', G1).exponent).toBe(1.5);
    expect(settings.get('levels', G2).exponent).toBe(2);
  });

  it('reads mentions as ids', () => {
    expect(stripMentions('<@&123456789012345678>')).toBe('123456789012345678');
    expect(stripMentions('5:<@&123456789012345678>')).toBe('5:123456789012345678');
    expect(stripMentions('plain')).toBe('plain');
  });
});

describe('secret settings', () => {
  const secretSchema = z.object({
    repo: z.string().nullable().default(null),
    token: z.string().nullable().default(null).meta({ description: 'API token', secret: true }),
  });

  it('are masked in descriptions, shown values and audit rows, and handed to the log redactor', async () => {
    const temp = await openTempDb();
    temps.push(temp);
    const audit = createAuditTrail({ db: temp.db, keysDir: path.join(temp.dir, 'keys') });
    const redacted: string[] = [];
    const settings = new GuildSettings({
      db: temp.db,
      audit,
      log: pino({ level: 'silent' }),
      redact: (s) => redacted.push(s),
      schemas: { schemaOf: (m) => (m === 'git' ? secretSchema : undefined), names: () => ['git'] },
    });
    expect(settings.describe('git').map((i) => [i.key, i.secret, i.description])).toEqual([
      ['repo', false, ''],
      ['token', true, 'API token'],
    ]);
    expect(settings.set('git', G1, 'token', 'ghp_secretValue123', 'cli:root')).toBe('ghp_secretValue123');
    settings.set('git', G1, 'repo', 'a/b', 'cli:root');
    expect(settings.get('git', G1)).toEqual({ repo: 'a/b', token: 'ghp_secretValue123' });
    expect(settings.masked('git', settings.get('git', G1))).toEqual({ repo: 'a/b', token: '********' });
    expect(settings.masked('git', settings.get('git', G2))).toEqual({ repo: null, token: null });
    const rows = JSON.stringify(audit.query({ action: 'settings.' }));
    expect(rows).not.toContain('ghp_secretValue123');
    expect(rows).toContain('********');
    expect(redacted).toContain('ghp_secretValue123');

    // After a restart the stored secret is redacted as soon as it is read.
    const seen: string[] = [];
    const again = new GuildSettings({
      db: temp.db,
      audit,
      log: pino({ level: 'silent' }),
      redact: (s) => seen.push(s),
      schemas: { schemaOf: (m) => (m === 'git' ? secretSchema : undefined), names: () => ['git'] },
    });
    expect(again.get<{ token: string }>('git', G1).token).toBe('ghp_secretValue123');
    expect(seen).toEqual(['ghp_secretValue123']);
  });
});
