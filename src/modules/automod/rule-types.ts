/** Automod rules as data: a kind with its config, the actions to take, and where it came from. */

export const RULE_KINDS = [
  'words',
  'regex',
  'links',
  'invites',
  'mentions',
  'spam',
  'attachments',
  'caps',
  'emoji',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export type RuleConfig =
  | { kind: 'words'; words: string[] }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'links'; allow: string[]; deny: string[] }
  | { kind: 'invites'; allowGuilds: string[] }
  | { kind: 'mentions'; max: number }
  | { kind: 'spam'; count: number; seconds: number; duplicates: boolean }
  | { kind: 'attachments'; types: string[] }
  | { kind: 'caps'; percent: number; minLength: number }
  | { kind: 'emoji'; max: number };

export interface RuleActions {
  delete: boolean;
  warn: boolean;
  /** Timeout length in ms, or null for none. */
  timeoutMs: number | null;
  kick: boolean;
  ban: boolean;
  /** Channel the rule posts each hit to, or null (the automod log channel gets disabled-rule notices only). */
  logChannel: string | null;
}

export interface Rule {
  id: number;
  guildId: string;
  name: string;
  config: RuleConfig;
  actions: RuleActions;
  enabled: boolean;
  disabledReason: string | null;
}

/** Where the checked text came from; spam, mentions and attachments only apply to messages. */
export type SubjectSource = 'message' | 'edit' | 'nickname' | 'afk' | 'snippet';

export interface Subject {
  source: SubjectSource;
  guildId: string;
  userId: string;
  channelId: string | null;
  roleIds: readonly string[];
  text: string;
  attachments: readonly { name: string; contentType: string | null }[];
  /** User and role mentions (distinct), @everyone/@here counted as one. */
  mentions: number;
  at: number;
}

export interface Violation {
  rule: Rule;
  /** What matched, for the case reason and the log ("banned word", "7 mentions"). */
  detail: string;
}

/** The longest timeout Discord allows. */
export const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

export const KIND_SUMMARY: Record<RuleKind, string> = {
  words: 'banned words or phrases',
  regex: 'a regular expression',
  links: 'links (allow or deny domains)',
  invites: 'Discord invites (allow guild ids)',
  mentions: 'mass mentions',
  spam: 'message spam or duplicates',
  attachments: 'attachments by type',
  caps: 'capital-letter flooding',
  emoji: 'emoji flooding',
};
