/**
 * A local stand-in for GitHub's REST API: one repository with a few issues. Requests need the configured token or
 * an unexpired installation token of its GitHub App (`Authorization: Bearer <token>`, else 401); new issues are
 * kept and numbered. The app signs in as on GitHub: `POST /app/installations/{id}/access_tokens` with a JWT that
 * must be RS256-signed by the app's key (checked with its public key), name the app in `iss`, and be dated within
 * GitHub's window (iat not in the future, exp not passed and at most 10 minutes ahead); the answer is a new token
 * and its `expires_at` (after `tokenTtlMs`, short in tests). Every request is recorded.
 */
import { generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GithubFakeApp {
  /** The App ID (`app_id`). */
  id: string;
  /** The one installation (`installation_id`). */
  installationId: string;
  /** The app's private key as GitHub hands it out (PKCS#1 PEM, `-----BEGIN RSA PRIVATE KEY-----`). */
  privateKey: string;
  /** How long an installation token lasts; change it at any time. */
  tokenTtlMs: number;
  /** Installation tokens issued so far, newest last. */
  issued: { token: string; expiresAt: number }[];
  /** Why each refused JWT was refused, oldest first. */
  refusedJwts: string[];
  /** Makes every installation token issued so far invalid (as when an installation is reinstalled). */
  revokeAll(): void;
}

export interface GithubFake {
  /** The API root to configure (`api_url`). */
  url: string;
  token: string;
  repo: string;
  app: GithubFakeApp;
  requests: { method: string; path: string; authorization: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

/** The reason a JWT is refused, or null when it is the app's, correctly signed and in date. */
function checkJwt(jwt: string, appId: string, publicKey: KeyObject, nowS: number): string | null {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [h, p, sig] = parts as [string, string, string];
  let header: { alg?: unknown };
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    return 'A JSON web token could not be decoded';
  }
  if (header.alg !== 'RS256') return 'alg must be RS256';
  if (!verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(sig, 'base64url'))) {
    return 'signature does not match the app key';
  }
  if (String(claims.iss) !== appId) return "'iss' is not this app";
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return 'iat and exp are required';
  if (claims.iat > nowS + 5) return "'Issued at' claim (iat) must be an Integer representing a time in the past";
  if (claims.exp <= nowS) return "'Expiration time' claim ('exp') is too far in the past";
  if (claims.exp > nowS + 600 || claims.exp - claims.iat > 660)
    return "'Expiration time' claim ('exp') is too far in the future";
  return null;
}

const now = '2026-11-01T12:00:00Z';

export async function startGithubFake(
  opts: { token?: string; repo?: string; host?: string; port?: number; tokenTtlMs?: number } = {},
): Promise<GithubFake> {
  const token = opts.token ?? 'ghp_fakeTokenForTests0123456789';
  const repo = opts.repo ?? 'allthingslinux/tux';
  const requests: GithubFake['requests'] = [];
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let revokedBefore = 0;
  const app: GithubFakeApp = {
    id: '1234567',
    installationId: '76543210',
    privateKey: keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    tokenTtlMs: opts.tokenTtlMs ?? 3_600_000,
    issued: [],
    refusedJwts: [],
    revokeAll() {
      revokedBefore = app.issued.length;
    },
  };
  /** Whether a bearer is the configured token or an installation token that is neither expired nor revoked. */
  const accepted = (authorization: string | undefined) => {
    if (authorization === `Bearer ${token}`) return true;
    const i = app.issued.findIndex((t) => authorization === `Bearer ${t.token}`);
    return i >= revokedBefore && (app.issued[i]?.expiresAt ?? 0) > Date.now();
  };
  const issue = (number: number, title: string, body: string | null, login: string, state = 'open') => ({
    number,
    title,
    body,
    state,
    user: { login },
    created_at: now,
    updated_at: now,
  });
  const issues = new Map<number, ReturnType<typeof issue>>([
    [7, issue(7, 'Add a deepfry command', 'Pillow, but faster.', 'kzndotsh')],
    [8, issue(8, 'Crash on start', null, 'electron271', 'closed')],
  ]);
  let base = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push({ method: req.method ?? 'GET', path, authorization: req.headers.authorization, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(json));
      };
      const exchange = /^\/app\/installations\/([^/]+)\/access_tokens$/.exec(path);
      if (exchange && req.method === 'POST') {
        const jwt = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
        const refused = checkJwt(jwt, app.id, keys.publicKey, Math.floor(Date.now() / 1000));
        if (refused) {
          app.refusedJwts.push(refused);
          send(401, { message: refused, status: '401' });
          return;
        }
        if (exchange[1] !== app.installationId) {
          send(404, { message: 'Not Found', status: '404' });
          return;
        }
        const issued = { token: `ghs_${randomBytes(18).toString('hex')}`, expiresAt: Date.now() + app.tokenTtlMs };
        app.issued.push(issued);
        send(201, {
          token: issued.token,
          expires_at: new Date(issued.expiresAt).toISOString(),
          permissions: { issues: 'write', metadata: 'read' },
          repository_selection: 'all',
        });
        return;
      }
      if (!accepted(req.headers.authorization)) {
        send(401, { message: 'Bad credentials', status: '401' });
        return;
      }
      const html = (p: string) => `https://github.com/${repo}${p}`;
      if (path === `/repos/${repo}` && req.method === 'GET') {
        send(200, {
          full_name: repo,
          description: 'Tux is an all in one bot for the All Things Linux discord server.',
          stargazers_count: 421,
          forks_count: 87,
          open_issues_count: issues.size,
          html_url: html(''),
        });
        return;
      }
      const one = new RegExp(`^/repos/${repo}/issues/(\\d+)$`).exec(path);
      if (one && req.method === 'GET') {
        const found = issues.get(Number(one[1]));
        if (found) send(200, { ...found, html_url: html(`/issues/${found.number}`) });
        else send(404, { message: 'Not Found' });
        return;
      }
      if (path === `/repos/${repo}/issues` && req.method === 'POST') {
        const b = (body ?? {}) as { title?: unknown; body?: unknown };
        if (typeof b.title !== 'string' || !b.title) {
          send(422, { message: 'Validation Failed' });
          return;
        }
        const number = Math.max(...issues.keys()) + 1;
        const created = issue(number, b.title, typeof b.body === 'string' ? b.body : null, 'tux-bot');
        issues.set(number, created);
        send(201, { ...created, html_url: html(`/issues/${number}`) });
        return;
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    token,
    repo,
    app,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
