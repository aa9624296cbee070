/**
 * Mailbox creation on a Mailcow-compatible API (`POST {api_url}/add/mailbox`), Tux's request and its reading of
 * the answer. The API key travels in the X-API-Key header only.
 */
import { randomInt } from 'node:crypto';
import { type WebService, WebServiceError } from '../../plugin-api/index.ts';

export interface MailTarget {
  /** The API root, e.g. "https://mail.example.org/api/v1". */
  apiUrl: string;
  apiKey: string;
  domain: string;
  quotaMb: number;
}

export type RegisterResult =
  | { ok: true; address: string }
  | { ok: false; reason: 'quota' | 'exists' | 'unauthorized' | 'refused'; detail: string };

/** Tux's first password: "changeme", 6 digits and 4 of !@#$%^&*; the member must change it at first login. */
export function firstPassword(): string {
  const digits = Array.from({ length: 6 }, () => String(randomInt(10))).join('');
  const marks = Array.from({ length: 4 }, () => '!@#$%^&*'[randomInt(8)]).join('');
  return `changeme${digits}${marks}`;
}

interface MailcowItem {
  type?: string;
  msg?: string | string[];
}

/** Reads Mailcow's answer: a list of `{ type, msg: [code, ...args] }`. */
export function readAnswer(items: unknown): RegisterResult {
  const list = Array.isArray(items) ? (items as MailcowItem[]) : [];
  for (const item of list) {
    const msg = Array.isArray(item.msg) ? item.msg : item.msg ? [item.msg] : [];
    if (msg[0] === 'mailbox_added' && typeof msg[1] === 'string') return { ok: true, address: msg[1] };
    if (msg[0] === 'mailbox_quota_left_exceeded') return { ok: false, reason: 'quota', detail: msg.join(' ') };
    if (msg[0] === 'object_exists') return { ok: false, reason: 'exists', detail: String(msg[1] ?? '') };
  }
  const first = list[0];
  const detail = first ? (Array.isArray(first.msg) ? first.msg.join(' ') : String(first.msg ?? '')) : 'no answer';
  return { ok: false, reason: 'refused', detail };
}

export async function registerMailbox(
  web: WebService,
  t: MailTarget,
  mailbox: { username: string; password: string; memberId: string },
): Promise<RegisterResult> {
  const body = {
    active: '1',
    domain: t.domain,
    local_part: mailbox.username,
    name: mailbox.username,
    password: mailbox.password,
    password2: mailbox.password,
    quota: String(t.quotaMb),
    force_pw_update: '1',
    tls_enforce_in: '0',
    tls_enforce_out: '0',
    tags: ['discord_member', mailbox.memberId],
  };
  try {
    const answer = await web.json<unknown>({
      path: `${t.apiUrl.replace(/\/+$/, '')}/add/mailbox`,
      method: 'POST',
      json: body,
      headers: { accept: 'application/json', 'x-api-key': t.apiKey },
    });
    return readAnswer(answer);
  } catch (err) {
    if (err instanceof WebServiceError && err.status === 401) {
      return { ok: false, reason: 'unauthorized', detail: 'HTTP 401' };
    }
    if (err instanceof WebServiceError && err.status !== undefined && err.status < 500) {
      return { ok: false, reason: 'refused', detail: `Status code: ${err.status}` };
    }
    throw err;
  }
}
