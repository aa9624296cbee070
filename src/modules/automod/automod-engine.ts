/**
 * Decides whether a message, edit, nickname, AFK reason or snippet breaks one of its guild's rules. Rules and
 * exemptions are read from SQLite once per guild and kept in memory until a command changes them, so a chat
 * message costs no SQLite read. Regex rules go to the safe-regex worker pool in one batch; a pattern that runs
 * past the time limit is reported to `onRegexTimeout` (which disables it) and the check goes on without it.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '#core/db/types.ts';
import type { SafeRegex } from '#core/safe-regex/index.ts';
import { inviteCodes, matchSync, type PreparedConfig, prepareConfig, TEXT_KINDS } from './rule-match.ts';
import { type Exemption, listExemptions, listRules } from './rule-store.ts';
import type { Rule, Subject, Violation } from './rule-types.ts';

interface GuildRules {
  rules: { rule: Rule; prepared: PreparedConfig }[];
  exemptions: Exemption[];
}

export interface AutomodEngineDeps {
  db: Db;
  regex: SafeRegex;
  /** The guild an invite code leads to, or null when unknown or expired. */
  resolveInviteGuild(code: string): Promise<string | null>;
  onRegexTimeout(rule: Rule): void;
}

interface Recent {
  at: number;
  text: string;
}

export class AutomodEngine {
  private readonly cache = new Map<string, GuildRules>();
  /** Recent messages per member, for spam rules. */
  private readonly recent = new LRUCache<string, Recent[]>({ max: 20_000 });

  constructor(private readonly deps: AutomodEngineDeps) {}

  invalidate(guildId: string): void {
    this.cache.delete(guildId);
  }

  rulesOf(guildId: string): GuildRules {
    let g = this.cache.get(guildId);
    if (!g) {
      g = {
        rules: listRules(this.deps.db, guildId).map((rule) => ({ rule, prepared: prepareConfig(rule.config) })),
        exemptions: listExemptions(this.deps.db, guildId),
      };
      this.cache.set(guildId, g);
    }
    return g;
  }

  /** Whether any enabled rule exists (a guild without rules costs one map lookup per message). */
  hasRules(guildId: string): boolean {
    return this.rulesOf(guildId).rules.some((r) => r.rule.enabled);
  }

  private exempt(g: GuildRules, rule: Rule, s: Subject): boolean {
    const scope = String(rule.id);
    return g.exemptions.some(
      (e) =>
        (e.scope === 'all' || e.scope === scope) &&
        ((e.targetType === 'role' && s.roleIds.includes(e.targetId)) ||
          (e.targetType === 'channel' && e.targetId === s.channelId) ||
          (e.targetType === 'user' && e.targetId === s.userId)),
    );
  }

  /** Members and roles the antinuke guard leaves alone. */
  trustedByAntinuke(guildId: string, userId: string, roleIds: readonly string[]): boolean {
    return this.rulesOf(guildId).exemptions.some(
      (e) =>
        e.scope === 'antinuke' &&
        ((e.targetType === 'user' && e.targetId === userId) ||
          (e.targetType === 'role' && roleIds.includes(e.targetId))),
    );
  }

  private spamHit(rule: Rule, s: Subject, history: readonly Recent[]): string | null {
    const c = rule.config;
    if (c.kind !== 'spam') return null;
    const since = s.at - c.seconds * 1000;
    const inWindow = history.filter((h) => h.at > since);
    const n = c.duplicates ? inWindow.filter((h) => h.text === s.text).length : inWindow.length;
    return n >= c.count ? `${n} ${c.duplicates ? 'equal messages' : 'messages'} within ${c.seconds} s` : null;
  }

  private async inviteHit(rule: Rule, s: Subject): Promise<string | null> {
    const c = rule.config;
    if (c.kind !== 'invites') return null;
    for (const code of inviteCodes(s.text)) {
      if (c.allowGuilds.length === 0) return `invite discord.gg/${code}`;
      const guild = await this.deps.resolveInviteGuild(code).catch(() => null);
      if (guild === null || !c.allowGuilds.includes(guild)) return `invite discord.gg/${code} to another server`;
    }
    return null;
  }

  /** The first rule the subject breaks (rules in id order; regexes last, in one worker batch), or null. */
  async check(s: Subject, only?: (rule: Rule) => boolean): Promise<Violation | null> {
    const g = this.rulesOf(s.guildId);
    if (g.rules.length === 0) return null;
    let history: Recent[] = [];
    if (s.source === 'message' && g.rules.some((r) => r.rule.enabled && r.rule.config.kind === 'spam')) {
      const key = `${s.guildId}:${s.userId}`;
      history = (this.recent.get(key) ?? []).filter((h) => h.at > s.at - 300_000);
      history.push({ at: s.at, text: s.text });
      if (history.length > 60) history.shift();
      this.recent.set(key, history);
    }
    const textOnly = s.source !== 'message' && s.source !== 'edit';
    const regexes: Rule[] = [];
    for (const { rule, prepared } of g.rules) {
      if (!rule.enabled || (only && !only(rule))) continue;
      if (textOnly && !TEXT_KINDS.has(rule.config.kind)) continue;
      if (this.exempt(g, rule, s)) continue;
      let detail: string | null = null;
      switch (rule.config.kind) {
        case 'regex':
          regexes.push(rule);
          continue;
        case 'spam':
          detail = s.source === 'message' ? this.spamHit(rule, s, history) : null;
          break;
        case 'invites':
          detail = await this.inviteHit(rule, s);
          break;
        default:
          detail = matchSync(prepared, s);
      }
      if (detail) return { rule, detail };
    }
    if (regexes.length === 0 || s.text.length === 0) return null;
    const result = await this.deps.regex.test(
      regexes.map((r) => {
        const c = r.config as { pattern: string; flags: string };
        return { id: String(r.id), source: c.pattern, flags: c.flags };
      }),
      s.text,
    );
    for (const id of result.timedOut) {
      const rule = regexes.find((r) => String(r.id) === id);
      if (rule) this.deps.onRegexTimeout(rule);
    }
    const hit = regexes[result.matched];
    return hit ? { rule: hit, detail: 'matched its pattern' } : null;
  }
}
