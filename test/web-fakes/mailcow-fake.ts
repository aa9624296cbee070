/**
 * A local stand-in for Mailcow's API (`POST /api/v1/add/mailbox`), answering as Mailcow does: 401 without the right
 * X-API-Key, else a list of `{ type, msg: [code, ...] }` — mailbox_added, object_exists, or
 * mailbox_quota_left_exceeded once `quotaLeft` mailboxes were made. Every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MailcowFake {
  /** The API root to configure (`api_url`). */
  url: string;
  apiKey: string;
  /** Mailboxes made, by address. */
  mailboxes: Map<string, Record<string, unknown>>;
  /** How many more mailboxes the domain has room for. */
  quotaLeft: number;
  requests: { method: string; path: string; apiKey: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

export async function startMailcowFake(
  opts: { apiKey?: string; host?: string; port?: number } = {},
): Promise<MailcowFake> {
  const fake: MailcowFake = {
    url: '',
    apiKey: opts.apiKey ?? 'mailcow-fake-api-key-0123456789',
    mailboxes: new Map(),
    quotaLeft: 100,
    requests: [],
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        body = {};
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const apiKey = req.headers['x-api-key'];
      fake.requests.push({
        method: req.method ?? 'GET',
        path,
        apiKey: typeof apiKey === 'string' ? apiKey : undefined,
        body,
      });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (apiKey !== fake.apiKey) {
        send(401, { type: 'error', msg: 'authentication failed' });
        return;
      }
      if (path !== '/api/v1/add/mailbox' || req.method !== 'POST') {
        send(404, { type: 'error', msg: 'route not found' });
        return;
      }
      const address = `${String(body.local_part)}@${String(body.domain)}`;
      if (fake.mailboxes.has(address)) {
        send(200, [{ type: 'danger', log: ['mailbox', 'add'], msg: ['object_exists', address] }]);
        return;
      }
      if (fake.quotaLeft <= 0) {
        send(200, [{ type: 'danger', log: ['mailbox', 'add'], msg: ['mailbox_quota_left_exceeded', 0] }]);
        return;
      }
      fake.quotaLeft--;
      fake.mailboxes.set(address, body);
      send(200, [{ type: 'success', log: ['mailbox', 'add', 'mailbox'], msg: ['mailbox_added', address] }]);
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
