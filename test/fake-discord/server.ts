import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, invalidForm } from './api-error.ts';
import { registerAuditLogRoutes } from './audit-log.ts';
import { serveCdn } from './cdn.ts';
import type { FakeContext } from './context.ts';
import { FakeDiscordClient } from './control-client.ts';
import { ControlError } from './control-error.ts';
import { type ControlRuntime, runControlOp } from './control-ops.ts';
import { FaultInjector, GlobalRateLimit, rateLimitResponse } from './faults.ts';
import { type Fixture, type FixtureIds, fixtureSchema, seedWorld } from './fixture.ts';
import { Gateway, PRIVILEGED_INTENTS } from './gateway.ts';
import { parseBody, readRaw, sendJson } from './http-body.ts';
import { setVoiceState } from './member-ops.ts';
import { registerChannelRoutes } from './rest/channels.ts';
import { registerGuildRoutes } from './rest/guilds.ts';
import { registerInteractionRoutes } from './rest/interactions.ts';
import { registerInviteRoutes } from './rest/invites.ts';
import { registerMessageRoutes } from './rest/messages.ts';
import { RestRouter } from './rest-router.ts';
import { SnowflakeGenerator } from './snowflake.ts';
import { createLocalCertificate, type LocalCertificate } from './tls-certificate.ts';
import { validateBody } from './validation.ts';
import type { VoiceEncryptionMode } from './voice/rtp.ts';
import { voiceCertificate } from './voice/trusted-certificate.ts';
import { FakeVoiceServer } from './voice/voice-server.ts';
import { type RecordedRequest, World } from './world.ts';

/** The emulator: one HTTP server on 127.0.0.1 carrying REST (/api/v10), the gateway (WebSocket) and /_fake/. */

export interface FakeDiscordOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** The bot token; default a generated Discord-like token. Its first part (base64 of a numeric id) sets the bot id. */
  token?: string;
  /** Gateway heartbeat interval (default 41250 ms; use 1000–5000 in tests). */
  heartbeatMs?: number;
  /** World to seed: a fixture object, a path to a JSON fixture, 'demo' (default) or 'empty'. */
  fixture?: Fixture | string;
  /** Privileged intents the application is approved for (default all: GuildMembers | GuildPresences | MessageContent). */
  privilegedIntents?: number;
  /** How long an interaction may wait for its first response (default 3000 ms, as on Discord). */
  interactionTimeoutMs?: number;
  /** How long a gateway session whose socket dropped stays resumable (default 180 s); later RESUMEs get op 9. */
  resumeWindowMs?: number;
  /**
   * Enforce Discord's global limit of this many requests per second from the bot (Discord: 50); more answer 429
   * `global: true`. Interaction callbacks and webhooks are exempt, as on Discord. Default: no limit.
   */
  globalRateLimit?: number;
  /**
   * Serve HTTPS and WSS with a certificate generated on start (`true`), optionally written to a given folder.
   * Clients trust it through `certificatePath` (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, or their own CA option).
   */
  tls?: boolean | { directory: string };
  /**
   * Run a voice server (voice gateway v8 over WSS + UDP) that the bot's voice connections reach through
   * VOICE_SERVER_UPDATE. Its certificate is the `tls` one, else the test run's trusted one (see voice/).
   */
  voice?: boolean | { modes?: VoiceEncryptionMode[]; heartbeatMs?: number; maxFrames?: number };
}

export interface FakeDiscord {
  /** http://127.0.0.1:PORT (https:// with `tls`) */
  url: string;
  /** http://127.0.0.1:PORT/api — what discord.js takes as `rest.api` and Tux as TUX_DISCORD_API_URL. */
  apiUrl: string;
  /** ws://127.0.0.1:PORT (wss:// with `tls`) */
  gatewayUrl: string;
  /** With `tls`: the PEM certificate clients must trust (it is its own CA); otherwise null. */
  certificatePath: string | null;
  /** With `tls`: the certificate and key, for another local TLS server (voice) to reuse; otherwise null. */
  certificate: LocalCertificate | null;
  /** With `voice`: the voice server (sessions, frames); otherwise null. */
  voice: FakeVoiceServer | null;
  token: string;
  botId: string;
  applicationId: string;
  /** Fixture key -> id maps (users, guilds, roles, channels). */
  ids: FixtureIds;
  /** Typed client for the HTTP control API. */
  control: FakeDiscordClient;
  /** Direct state access (guilds, channels, messages, requests, rejected, events). */
  world: World;
  gateway: Gateway;
  faults: FaultInjector;
  /** The global limit when `globalRateLimit` is set (its `refused` counts the 429s), else null. */
  globalRateLimit: GlobalRateLimit | null;
  /** The listening socket's address (always 127.0.0.1). */
  address: AddressInfo;
  close(): Promise<void>;
}

export const DEMO_FIXTURE_PATH = new URL('./fixtures/demo-guild.json', import.meta.url);

function loadFixture(fixture: FakeDiscordOptions['fixture']): Fixture {
  if (fixture === undefined || fixture === 'demo')
    return JSON.parse(fs.readFileSync(DEMO_FIXTURE_PATH, 'utf8')) as Fixture;
  if (fixture === 'empty') return {};
  if (typeof fixture === 'string') return JSON.parse(fs.readFileSync(fixture, 'utf8')) as Fixture;
  return fixture;
}

function botIdFromToken(token: string): string | null {
  const first = token.replace(/^(Bot|Bearer)\s+/i, '').split('.')[0] ?? '';
  const decoded = Buffer.from(first, 'base64').toString('utf8');
  return /^\d{17,20}$/.test(decoded) ? decoded : null;
}

export function makeToken(botId: string): string {
  const stamp = Buffer.from(String(Math.floor(Date.now() / 1000))).toString('base64url');
  return `${Buffer.from(botId).toString('base64url')}.${stamp}.${randomBytes(27).toString('base64url')}`;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fixture = fixtureSchema.parse(loadFixture(options.fixture));
  const botId = (options.token && botIdFromToken(options.token)) || fixture.bot.id || new SnowflakeGenerator().next();
  const token = options.token ?? makeToken(botId);
  const world = new World({
    botUser: {
      id: botId,
      username: fixture.bot.username,
      discriminator: '0',
      global_name: fixture.bot.global_name ?? null,
      avatar: null,
      bot: true,
      flags: 0,
    } as unknown as World['botUser'],
    applicationId: botId,
  });
  const ids = seedWorld(world, fixture);

  const certificate = options.tls
    ? await createLocalCertificate(options.tls === true ? {} : { directory: options.tls.directory })
    : null;
  const voice = options.voice
    ? await FakeVoiceServer.start({
        certificate: certificate ?? (await voiceCertificate()),
        ...(typeof options.voice === 'object' ? options.voice : {}),
      })
    : null;
  const scheme = certificate ? { http: 'https', ws: 'wss' } : { http: 'http', ws: 'ws' };
  let port = 0;
  const baseUrl = () => `${scheme.http}://127.0.0.1:${port}`;
  const wsUrl = () => `${scheme.ws}://127.0.0.1:${port}`;
  let ctx: FakeContext;
  const gateway = new Gateway({
    world,
    token,
    heartbeatMs: options.heartbeatMs ?? 41250,
    privilegedIntents: options.privilegedIntents ?? PRIVILEGED_INTENTS,
    url: wsUrl,
    resumeWindowMs: options.resumeWindowMs,
    onVoiceStateUpdate: (request) => {
      const guild = world.guilds.get(request.guildId);
      if (!guild) return;
      setVoiceState(ctx, guild, world.botId, request.channelId, {
        selfMute: request.selfMute,
        selfDeaf: request.selfDeaf,
      });
      if (!request.channelId) voice?.left(guild.id);
      else {
        const voiceToken = randomBytes(8).toString('hex');
        voice?.expect({
          guildId: guild.id,
          channelId: request.channelId,
          userId: world.botId,
          sessionId: guild.voiceStates.get(world.botId)?.session_id ?? '',
          token: voiceToken,
        });
        gateway.dispatch(
          'VOICE_SERVER_UPDATE',
          { token: voiceToken, guild_id: guild.id, endpoint: voice ? voice.endpoint : `127.0.0.1:${port}` },
          { guildId: guild.id },
        );
      }
    },
  });
  ctx = {
    world,
    gateway,
    token,
    baseUrl,
    interactionTimeoutMs: options.interactionTimeoutMs ?? 3000,
    attachments: new Map(),
    voice,
  };
  const faults = new FaultInjector();
  const globalLimit = options.globalRateLimit === undefined ? null : new GlobalRateLimit(options.globalRateLimit);
  const runtime: ControlRuntime = { ctx, faults, ids };

  const router = new RestRouter();
  router.add('GET', '/gateway/bot', () => ({
    status: 200,
    body: {
      url: wsUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 },
    },
  }));
  router.add('GET', '/gateway', () => ({ status: 200, body: { url: wsUrl() } }), 'token');
  registerMessageRoutes(router, ctx);
  registerChannelRoutes(router, ctx);
  registerGuildRoutes(router, ctx);
  registerInteractionRoutes(router, ctx);
  registerInviteRoutes(router, ctx);
  registerAuditLogRoutes(router, ctx);

  let requestId = 0;

  async function handleRest(request: IncomingMessage, response: ServerResponse, url: URL, path: string): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const raw = await readRaw(request);
    const parsed = await parseBody(request, raw);
    const match = router.match(method, path);
    const route = 'definition' in match ? match.definition.route : null;
    const reasonHeader = request.headers['x-audit-log-reason'];
    const record: RecordedRequest = {
      id: ++requestId,
      at: world.nowIso(),
      method,
      path,
      route,
      query: Object.fromEntries(url.searchParams),
      body: parsed.body,
      files: parsed.files.map((f) => ({
        field: f.field,
        filename: f.filename,
        contentType: f.contentType,
        size: f.data.length,
      })),
      auditLogReason: typeof reasonHeader === 'string' ? safeDecode(reasonHeader) : null,
      status: 0,
      error: null,
    };
    world.requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status === 200 && body === undefined ? 204 : status;
      if (status >= 400 && body && typeof body === 'object') record.error = body as RecordedRequest['error'];
      sendJson(response, status, body, headers);
      world.bus.emit('request', record);
    };

    const overLimit =
      globalLimit && !('definition' in match && match.definition.auth === 'token') ? globalLimit.take() : null;
    if (overLimit) {
      reply(429, overLimit.body, overLimit.headers);
      return;
    }
    for (const fault of faults.take(method, path, route)) {
      if (fault.kind === 'delay') await sleep(fault.delayMs ?? 500);
      else if (fault.kind === 'rate-limit') {
        const limited = rateLimitResponse(fault);
        reply(429, limited.body, limited.headers);
        return;
      } else {
        const status = fault.status ?? 500;
        reply(status, { message: `${status}: Internal Server Error`, code: 0 });
        return;
      }
    }
    if (!('definition' in match)) {
      world.rejected.push({ method, path, route: null, body: parsed.body, reason: 'unknown-route', errors: null });
      if (match.methodNotAllowed) reply(405, { message: '405: Method Not Allowed', code: 0 });
      else reply(404, { message: '404: Not Found', code: 0 });
      return;
    }
    if (match.definition.auth === 'bot' && request.headers.authorization !== `Bot ${token}`) {
      reply(401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    if (parsed.parseError) {
      reply(400, { message: parsed.parseError, code: 50109 });
      return;
    }
    try {
      const validated = validateBody(method, match.definition.route, parsed.body);
      if (validated.issues.length) throw invalidForm(validated.issues);
      const result = await match.definition.handler({
        method,
        path,
        route: match.definition.route,
        params: match.params,
        query: url.searchParams,
        body: validated.body,
        files: parsed.files,
        auditLogReason: record.auditLogReason,
      });
      reply(result.status, result.body);
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.code === 50035) {
          world.rejected.push({
            method,
            path,
            route,
            body: parsed.body,
            reason: 'invalid-body',
            errors: error.errors ?? null,
          });
        }
        reply(error.status, error.toBody());
        return;
      }
      reply(500, { message: `500: ${(error as Error).message}`, code: 0 });
    }
  }

  async function handleControl(request: IncomingMessage, response: ServerResponse, op: string): Promise<void> {
    const raw = await readRaw(request);
    let input: unknown = {};
    try {
      if (raw.length) input = JSON.parse(raw.toString('utf8'));
    } catch {
      sendJson(response, 400, { error: 'The control request body is not valid JSON.' });
      return;
    }
    try {
      const result = await runControlOp(runtime, op, input);
      sendJson(response, 200, { result: result ?? null });
    } catch (error) {
      const status = error instanceof ControlError ? error.status : 500;
      sendJson(response, status, { error: (error as Error).message });
    }
  }

  const handleHttp = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', baseUrl());
    const done = (promise: Promise<void>) =>
      promise.catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { message: `500: ${(error as Error).message}`, code: 0 });
      });
    if (url.pathname.startsWith('/_fake/')) {
      if (request.method !== 'POST')
        return sendJson(response, 405, { error: 'Control operations are POST /_fake/{operation} with a JSON body.' });
      return void done(handleControl(request, response, url.pathname.slice('/_fake/'.length)));
    }
    if (serveCdn(ctx, url.pathname, response)) return;
    if (url.pathname.startsWith('/attachments/')) {
      const [, , channelId, id] = url.pathname.split('/');
      const file = ctx.attachments.get(`${channelId}/${id}`);
      if (!file) return sendJson(response, 404, { message: '404: Not Found', code: 0 });
      response.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length });
      return void response.end(file.data);
    }
    const prefix = /^\/api\/v(\d+)(\/.*)$/.exec(url.pathname);
    if (prefix?.[1] !== '10') return sendJson(response, 404, { message: '404: Not Found', code: 0 });
    return void done(handleRest(request, response, url, prefix[2]!));
  };
  const server = certificate
    ? https.createServer({ key: certificate.key, cert: certificate.cert }, handleHttp)
    : http.createServer(handleHttp);
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: baseUrl(),
    apiUrl: `${baseUrl()}/api`,
    gatewayUrl: wsUrl(),
    certificatePath: certificate?.certPath ?? null,
    certificate,
    voice,
    token,
    botId,
    applicationId: world.applicationId,
    ids,
    control: new FakeDiscordClient(baseUrl(), certificate ? { ca: certificate.cert } : {}),
    world,
    gateway,
    faults,
    globalRateLimit: globalLimit,
    address: server.address() as AddressInfo,
    close: async () => {
      gateway.close();
      await voice?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
