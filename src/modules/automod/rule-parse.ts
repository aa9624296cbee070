/**
 * Turns what an admin types (`automod add <kind> <name> <value>`) into a rule config, refusing anything out of
 * range with a message that says what is allowed. Regexes are only checked for form here; the safe-regex pool
 * compiles and tries them before a rule is saved.
 */
import { MAX_TIMEOUT_MS, RULE_KINDS, type RuleActions, type RuleConfig, type RuleKind } from './rule-types.ts';

export class RuleInputError extends Error {
  override readonly name = 'RuleInputError';
}

function list(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function intIn(value: string, what: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
    throw new RuleInputError(`${what} must be a whole number from ${min} to ${max} (got "${value.trim()}").`);
  }
  return n;
}

function domain(d: string): string {
  const host = d
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '')
    .replace(/^www\./, '');
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host)) throw new RuleInputError(`"${d}" is not a domain like example.com.`);
  return host;
}

export function parseKind(kind: string): RuleKind {
  const k = kind.toLowerCase() as RuleKind;
  if (!RULE_KINDS.includes(k))
    throw new RuleInputError(`Unknown rule kind "${kind}". Kinds: ${RULE_KINDS.join(', ')}.`);
  return k;
}

/** The value each kind takes, for help and error messages. */
export const VALUE_HELP: Record<RuleKind, string> = {
  words: 'words or phrases separated by commas: `free nitro, scam`',
  regex: 'a pattern, optionally as /pattern/flags (flags i, m, s, u)',
  links: '`deny a.com b.com`, `allow github.com`, or nothing for every link',
  invites: 'guild ids whose invites are allowed, or nothing for every invite',
  mentions: 'most user and role mentions allowed in one message (1–50)',
  spam: '`5/10` (5 messages in 10 s) or `dup 3/30` (3 equal messages in 30 s)',
  attachments: 'file extensions or types to refuse: `exe bat scr` or `video`',
  caps: 'percent of capitals that is too many (50–100), optionally the shortest message checked: `70 10`',
  emoji: 'most emoji allowed in one message (1–100)',
};

export function parseRuleConfig(kind: RuleKind, raw: string): RuleConfig {
  const value = raw.trim();
  switch (kind) {
    case 'words': {
      const words = value
        .split(',')
        .map((w) => w.trim())
        .filter(Boolean);
      if (words.length === 0) throw new RuleInputError(`Give the words to ban: ${VALUE_HELP.words}.`);
      if (words.length > 200) throw new RuleInputError('A rule holds at most 200 words; split them into more rules.');
      if (words.some((w) => w.length > 100))
        throw new RuleInputError('A banned word or phrase is at most 100 characters.');
      return { kind, words };
    }
    case 'regex': {
      const m = /^\/(.+)\/([a-z]*)$/s.exec(value);
      const pattern = m ? (m[1] as string) : value;
      if (!pattern) throw new RuleInputError(`Give a pattern: ${VALUE_HELP.regex}.`);
      return { kind, pattern, flags: m ? (m[2] as string) : 'i' };
    }
    case 'links': {
      const words = list(value);
      const mode = words[0]?.toLowerCase();
      if (words.length === 0) return { kind, allow: [], deny: [] };
      if (mode !== 'allow' && mode !== 'deny')
        throw new RuleInputError(`Start with allow or deny: ${VALUE_HELP.links}.`);
      const domains = words.slice(1).map(domain);
      if (domains.length === 0) throw new RuleInputError(`Name at least one domain after ${mode}.`);
      return mode === 'allow' ? { kind, allow: domains, deny: [] } : { kind, allow: [], deny: domains };
    }
    case 'invites': {
      const ids = list(value);
      for (const id of ids) if (!/^\d{17,20}$/.test(id)) throw new RuleInputError(`"${id}" is not a guild id.`);
      return { kind, allowGuilds: ids };
    }
    case 'mentions':
      return { kind, max: intIn(value, 'The mention limit', 1, 50) };
    case 'emoji':
      return { kind, max: intIn(value, 'The emoji limit', 1, 100) };
    case 'caps': {
      const [percent = '', minLength = '10'] = list(value);
      return {
        kind,
        percent: intIn(percent, 'The capitals percentage', 50, 100),
        minLength: intIn(minLength, 'The shortest message checked', 1, 2000),
      };
    }
    case 'spam': {
      const m = /^(dup\s+)?(\d+)\s*\/\s*(\d+)$/i.exec(value);
      if (!m) throw new RuleInputError(`Give the spam limit as ${VALUE_HELP.spam}.`);
      return {
        kind,
        duplicates: Boolean(m[1]),
        count: intIn(m[2] as string, 'The message count', 2, 50),
        seconds: intIn(m[3] as string, 'The window', 1, 300),
      };
    }
    case 'attachments': {
      const types = list(value).map((t) => t.toLowerCase().replace(/^\./, ''));
      if (types.length === 0) throw new RuleInputError(`Give the types to refuse: ${VALUE_HELP.attachments}.`);
      for (const t of types)
        if (!/^[a-z0-9/+.-]{1,40}$/.test(t)) throw new RuleInputError(`"${t}" is not a file type.`);
      return { kind, types };
    }
  }
}

export interface ActionInput {
  delete?: boolean | undefined;
  warn?: boolean | undefined;
  timeoutMs?: number | null | undefined;
  kick?: boolean | undefined;
  ban?: boolean | undefined;
  logChannel?: string | null | undefined;
}

export function parseActions(input: ActionInput): RuleActions {
  const timeoutMs = input.timeoutMs ?? null;
  if (timeoutMs !== null && (timeoutMs <= 0 || timeoutMs > MAX_TIMEOUT_MS)) {
    throw new RuleInputError('A timeout must be longer than zero and at most 28 days (Discord’s limit).');
  }
  const actions: RuleActions = {
    delete: input.delete === true,
    warn: input.warn === true,
    timeoutMs,
    kick: input.kick === true,
    ban: input.ban === true,
    logChannel: input.logChannel ?? null,
  };
  if (!actions.delete && !actions.warn && timeoutMs === null && !actions.kick && !actions.ban && !actions.logChannel) {
    throw new RuleInputError(
      'A rule needs at least one action: -delete, -warn, -timeout <duration>, -kick, -ban or -log <channel>.',
    );
  }
  return actions;
}

export function describeConfig(c: RuleConfig): string {
  switch (c.kind) {
    case 'words':
      return c.words.map((w) => `\`${w}\``).join(', ');
    case 'regex':
      return `\`/${c.pattern}/${c.flags}\``;
    case 'links':
      return c.allow.length > 0
        ? `links except ${c.allow.join(', ')}`
        : c.deny.length > 0
          ? `links to ${c.deny.join(', ')}`
          : 'any link';
    case 'invites':
      return c.allowGuilds.length > 0 ? `invites except to ${c.allowGuilds.join(', ')}` : 'any invite';
    case 'mentions':
      return `more than ${c.max} mentions`;
    case 'emoji':
      return `more than ${c.max} emoji`;
    case 'caps':
      return `${c.percent}% capitals or more (messages of ${c.minLength}+ letters)`;
    case 'spam':
      return `${c.count} ${c.duplicates ? 'equal messages' : 'messages'} within ${c.seconds} s`;
    case 'attachments':
      return `attachments: ${c.types.join(', ')}`;
  }
}

export function describeActions(a: RuleActions, formatDuration: (ms: number) => string): string {
  const parts: string[] = [];
  if (a.delete) parts.push('delete');
  if (a.warn) parts.push('warn');
  if (a.timeoutMs !== null) parts.push(`timeout ${formatDuration(a.timeoutMs)}`);
  if (a.kick) parts.push('kick');
  if (a.ban) parts.push('ban');
  if (a.logChannel) parts.push(`log <#${a.logChannel}>`);
  return parts.join(', ');
}
