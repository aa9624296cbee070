/**
 * The checks that need no worker: every kind except regex. Each returns what matched (for the case reason) or
 * null. Patterns here are built by automod from escaped text, never taken from users.
 */
import type { RuleConfig, Subject } from './rule-types.ts';
import { compileWords, normaliseText } from './text-normalise.ts';

const URL = /\b(?:https?:\/\/|www\.)([^\s/?#<>"'`]+)/gi;
const INVITE = /(?:discord(?:app)?\.com\/invite|discord\.gg|dsc\.gg)\/([\w-]{2,32})/gi;
const CUSTOM_EMOJI = /<a?:\w{2,32}:\d{17,20}>/g;
const UNICODE_EMOJI = /\p{Extended_Pictographic}/gu;

/** A rule's config with what it needs precomputed (the words pattern). */
export interface PreparedConfig {
  config: RuleConfig;
  words: RegExp | null;
}

export function prepareConfig(config: RuleConfig): PreparedConfig {
  return { config, words: config.kind === 'words' ? compileWords(config.words) : null };
}

function hostOf(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/^.*@/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

function inDomains(host: string, domains: readonly string[]): boolean {
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

export function linkHosts(text: string): string[] {
  return [...text.matchAll(URL)].map((m) => hostOf(m[1] as string)).filter((h) => h.includes('.'));
}

export function inviteCodes(text: string): string[] {
  return [...text.matchAll(INVITE)].map((m) => m[1] as string);
}

export function countEmoji(text: string): number {
  return (text.match(CUSTOM_EMOJI)?.length ?? 0) + (text.replace(CUSTOM_EMOJI, '').match(UNICODE_EMOJI)?.length ?? 0);
}

/** Kinds that look at the text alone, so they also apply to nicknames, AFK reasons and snippets. */
export const TEXT_KINDS = new Set(['words', 'regex', 'links', 'invites']);

/** Checks one prepared rule against a subject (not regex, invites with an allow list or spam: those need more). */
export function matchSync(p: PreparedConfig, s: Subject): string | null {
  const c = p.config;
  const onMessage = s.source === 'message' || s.source === 'edit';
  switch (c.kind) {
    case 'words': {
      const m = p.words?.exec(normaliseText(s.text));
      return m ? `banned word "${m[0]}"` : null;
    }
    case 'links': {
      const hosts = linkHosts(s.text);
      if (hosts.length === 0) return null;
      const bad =
        c.allow.length > 0
          ? hosts.find((h) => !inDomains(h, c.allow))
          : c.deny.length > 0
            ? hosts.find((h) => inDomains(h, c.deny))
            : hosts[0];
      return bad ? `link to ${bad}` : null;
    }
    case 'mentions':
      return onMessage && s.mentions > c.max ? `${s.mentions} mentions (limit ${c.max})` : null;
    case 'emoji': {
      if (!onMessage) return null;
      const n = countEmoji(s.text);
      return n > c.max ? `${n} emoji (limit ${c.max})` : null;
    }
    case 'caps': {
      if (!onMessage) return null;
      const letters = s.text.replace(CUSTOM_EMOJI, '').match(/\p{L}/gu) ?? [];
      if (letters.length < c.minLength) return null;
      const upper = letters.filter((l) => l !== l.toLowerCase()).length;
      const pct = Math.round((upper / letters.length) * 100);
      return pct >= c.percent ? `${pct}% capitals (limit ${c.percent}%)` : null;
    }
    case 'attachments': {
      if (!onMessage) return null;
      for (const a of s.attachments) {
        const ext = /\.([^.]+)$/.exec(a.name)?.[1]?.toLowerCase() ?? '';
        const type = (a.contentType ?? '').toLowerCase();
        const hit = c.types.find((t) => t === ext || (t.includes('/') ? type === t : type.startsWith(`${t}/`)));
        if (hit) return `attachment ${a.name} (${hit})`;
      }
      return null;
    }
    default:
      return null;
  }
}
