/**
 * Signing in as a GitHub App: the app's private key (a PEM, RSA) signs a short JWT (RS256) naming the app, and GitHub
 * exchanges that JWT for an installation token (`POST /app/installations/{id}/access_tokens`) that lasts about an
 * hour. node:crypto does the signing (RS256 is RSASSA-PKCS1-v1_5 with SHA-256, which `crypto.sign` gives for an RSA
 * key), so no JWT library is needed. Nothing here logs or returns a key, a JWT or a token in a message.
 */
import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { GitError } from './git-error.ts';

/** The JWT is dated this far back, for clocks a little ahead of GitHub's (GitHub's own advice). */
export const JWT_BACKDATE_S = 60;
/** From the JWT's iat to its exp: 10 minutes, so exp is 9 minutes from now, under GitHub's 10-minute limit. */
export const JWT_LIFETIME_S = 600;

const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * A PEM as it may be pasted: with real line breaks, with the two characters `\n` in their place (a one-line input
 * field, an environment variable), or with the line breaks turned into spaces. Gives it back with real line breaks
 * and 64-character body lines; null when it holds no BEGIN/END block.
 */
export function normalisePem(text: string): string | null {
  const m = PEM.exec(text.replace(/\\r\\n|\\n|\\r/g, '\n'));
  if (!m) return null;
  const label = m[1] as string;
  const body = (m[2] as string).replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const HOW =
  'paste the whole .pem file GitHub gave for the app, from "-----BEGIN RSA PRIVATE KEY-----" to "-----END RSA PRIVATE KEY-----" (line breaks may be written as \\n)';

/** The key, or a sentence saying why the text is not an RSA private key (never quoting the text). */
export function readPrivateKey(text: string): { ok: true; key: KeyObject } | { ok: false; reason: string } {
  const pem = normalisePem(text);
  if (!pem) return { ok: false, reason: `not a PEM private key: ${HOW}` };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return { ok: false, reason: `the PEM does not parse as a private key (cut short or altered?): ${HOW}` };
  }
  if (key.asymmetricKeyType !== 'rsa') {
    return { ok: false, reason: `a GitHub App key is an RSA key, not ${key.asymmetricKeyType ?? 'this kind'}: ${HOW}` };
  }
  return { ok: true, key };
}

/** The app's JWT: RS256, iss = the app id, iat a minute in the past, exp nine minutes from now. */
export function appJwt(appId: string, key: KeyObject, nowMs = Date.now()): string {
  const now = Math.floor(nowMs / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({
    iat: now - JWT_BACKDATE_S,
    exp: now - JWT_BACKDATE_S + JWT_LIFETIME_S,
    iss: appId,
  })}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key).toString('base64url')}`;
}

export interface AppCredentials {
  apiUrl: string;
  appId: string;
  installationId: string;
  privateKey: string;
}

interface Held {
  token: string;
  /** When to ask for a new one: shortly before expires_at. */
  renewAt: number;
}

/**
 * An installation token is used until this long before its expires_at (or, for one that lives less than twice as
 * long, until half its life), then a new one is asked for.
 */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * Installation tokens by app sign-in (API root, app, installation and a hash of the key): each kept until shortly
 * before it expires, one exchange at a time per sign-in, dropped on demand (GitHub refused it).
 */
export function installationTokens(
  exchange: (creds: AppCredentials, jwt: string) => Promise<{ token: string; expires_at: string }>,
  now: () => number = Date.now,
) {
  const held = new Map<string, Held>();
  const pending = new Map<string, Promise<Held>>();
  const keyOf = (c: AppCredentials) =>
    createHash('sha256').update([c.apiUrl, c.appId, c.installationId, c.privateKey].join('\0')).digest('hex');

  async function fetchNew(c: AppCredentials): Promise<Held> {
    const read = readPrivateKey(c.privateKey);
    if (!read.ok) throw new GitError(`The \`private_key\` setting is not usable: ${read.reason}.`);
    const asked = now();
    const answer = await exchange(c, appJwt(c.appId, read.key, asked));
    const expiresAt = Date.parse(answer.expires_at);
    if (typeof answer.token !== 'string' || !answer.token || Number.isNaN(expiresAt)) {
      throw new GitError('GitHub answered the installation token request without a token and its expiry');
    }
    const life = Math.max(0, expiresAt - asked);
    return { token: answer.token, renewAt: expiresAt - Math.min(REFRESH_MARGIN_MS, life / 2) };
  }

  return {
    /** A token that is not close to its expiry (a new one when the held one is). */
    async get(c: AppCredentials): Promise<string> {
      const id = keyOf(c);
      const have = held.get(id);
      if (have && have.renewAt > now()) return have.token;
      let inFlight = pending.get(id);
      if (!inFlight) {
        inFlight = fetchNew(c).finally(() => pending.delete(id));
        pending.set(id, inFlight);
      }
      const got = await inFlight;
      held.set(id, got);
      return got.token;
    },
    /** Forgets the held token (GitHub refused it), so the next get asks for a new one. */
    drop(c: AppCredentials): void {
      held.delete(keyOf(c));
    },
  };
}
