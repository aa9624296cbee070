/**
 * Automod on the ingest stream: the same 20,000 chat messages (bench-ingest.ts) through the built appliance twice
 * in one run, once with no automod rules and once with 50 rules (10 of them regexes, run in the safe-regex worker)
 * that the chat does not break, so every message is checked against all of them. Reports messages/s, CPU time and
 * event-loop lag p99 of both and their ratios.
 */
import Database from 'better-sqlite3';
import { benchIngest, type IngestBenchResult, type IngestOptions } from './bench-ingest.ts';

const NO_ACTIONS = { delete: true, warn: false, timeoutMs: null, kick: false, ban: false, logChannel: null };

/** 50 rules: 10 regexes and 40 of the other kinds, none of which the bench chat breaks. */
export function benchRules(): { name: string; config: Record<string, unknown> }[] {
  const rules: { name: string; config: Record<string, unknown> }[] = [];
  const regexes = [
    'free\\s+n[i1]tro',
    'discord(?:app)?\\.(?:gift|gg)/\\w+',
    '(?:https?://)?bit\\.ly/\\w+',
    '\\b(?:buy|cheap)\\s+followers\\b',
    '(.)\\1{15,}',
    '\\b\\d{3}-\\d{3}-\\d{4}\\b',
    '[\\u0400-\\u04FF]{20,}',
    '\\bcrypto\\s+(?:airdrop|giveaway)\\b',
    '(?:@everyone|@here).*https?://',
    '\\bsteam(?:community)?\\.(?:ru|gift)\\b',
  ];
  for (const [i, pattern] of regexes.entries())
    rules.push({ name: `regex${i}`, config: { kind: 'regex', pattern, flags: 'i' } });
  for (let i = 0; i < 15; i++)
    rules.push({
      name: `words${i}`,
      config: { kind: 'words', words: [`badword${i}`, `scam phrase ${i}`, `slur${i}`] },
    });
  for (let i = 0; i < 5; i++)
    rules.push({ name: `links${i}`, config: { kind: 'links', allow: [], deny: [`evil${i}.example`] } });
  for (let i = 0; i < 5; i++) rules.push({ name: `invites${i}`, config: { kind: 'invites', allowGuilds: [] } });
  for (let i = 0; i < 5; i++) rules.push({ name: `mentions${i}`, config: { kind: 'mentions', max: 10 + i } });
  rules.push({ name: 'caps', config: { kind: 'caps', percent: 80, minLength: 10 } });
  rules.push({ name: 'emoji', config: { kind: 'emoji', max: 20 } });
  rules.push({ name: 'attachments', config: { kind: 'attachments', types: ['exe', 'bat', 'scr'] } });
  rules.push({ name: 'spam', config: { kind: 'spam', count: 50, seconds: 5, duplicates: false } });
  rules.push({ name: 'dups', config: { kind: 'spam', count: 50, seconds: 5, duplicates: true } });
  rules.push({ name: 'caps2', config: { kind: 'caps', percent: 95, minLength: 30 } });
  rules.push({ name: 'emoji2', config: { kind: 'emoji', max: 40 } });
  rules.push({ name: 'links-any', config: { kind: 'links', allow: ['example.org'], deny: [] } });
  return rules;
}

function seedRules(dbPath: string, guildId: string): void {
  const db = new Database(dbPath);
  try {
    const insert = db.prepare(
      'INSERT INTO automod_rules (guild_id, name, kind, config, actions, enabled, created_by, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)',
    );
    db.transaction(() => {
      for (const r of benchRules())
        insert.run(
          guildId,
          r.name,
          r.config.kind,
          JSON.stringify(r.config),
          JSON.stringify(NO_ACTIONS),
          '0',
          Date.now(),
        );
    })();
  } finally {
    db.close();
  }
}

export async function benchAutomod(
  opts: IngestOptions = {},
): Promise<{ off: IngestBenchResult; on: IngestBenchResult }> {
  const off = await benchIngest(opts);
  const on = await benchIngest({ ...opts, seed: seedRules });
  return { off, on };
}

export function formatAutomodBench(r: { off: IngestBenchResult; on: IngestBenchResult }): string[] {
  const f = (n: number, d = 1) => n.toFixed(d);
  const row = (label: string, x: IngestBenchResult['tux'], messages: number) =>
    `${label}: ${f(x.perSecond, 0)} messages/s, CPU ${f(x.cpuMs, 0)} ms (${f((x.cpuMs * 1000) / messages, 0)} µs/message), event-loop lag p99 ${f(x.lagP99Ms, 1)} ms`;
  return [
    `${r.on.messages} chat messages from 500 members through the built appliance, twice`,
    row('automod off (no rules)', r.off.tux, r.off.messages),
    row('automod on (50 rules, 10 regexes)', r.on.tux, r.on.messages),
    `ratio on/off: throughput ${f(r.on.tux.perSecond / r.off.tux.perSecond, 2)}x, CPU ${f(r.on.tux.cpuMs / r.off.tux.cpuMs, 2)}x, lag p99 ${f(r.on.tux.lagP99Ms / r.off.tux.lagP99Ms, 2)}x` +
      ` (the bare discord.js client beside them: ${f(r.off.bare.perSecond, 0)} and ${f(r.on.bare.perSecond, 0)} messages/s)`,
  ];
}
