/**
 * A local stand-in for GitHub's REST API: one repository with a few issues. Requests need the configured token
 * (`Authorization: Bearer <token>`, else 401); new issues are kept and numbered. Every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GithubFake {
  /** The API root to configure (`api_url`). */
  url: string;
  token: string;
  repo: string;
  requests: { method: string; path: string; authorization: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

const now = '2026-11-01T12:00:00Z';

export async function startGithubFake(
  opts: { token?: string; repo?: string; host?: string; port?: number } = {},
): Promise<GithubFake> {
  const token = opts.token ?? 'ghp_fakeTokenForTests0123456789';
  const repo = opts.repo ?? 'allthingslinux/tux';
  const requests: GithubFake['requests'] = [];
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
      if (req.headers.authorization !== `Bearer ${token}`) {
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
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
