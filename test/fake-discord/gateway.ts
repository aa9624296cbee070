import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type ApplicationFlags,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { GatewayConnection } from './gateway-connection.ts';
import { parseJsonKeepingIds } from './lossless-json.ts';
import { renderGuildCreate, renderMember, renderPresence } from './render.ts';
import type { StoredMessage, World } from './world.ts';

/**
 * The gateway: HELLO/IDENTIFY/READY/GUILD_CREATE, heartbeats, RESUME with replay, intent filtering, zlib-stream
 * transport compression when asked for.
 */

export const PRIVILEGED_INTENTS =
  GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** What an event concerns, so the gateway can pick the intent that gates it. */
export interface DispatchScope {
  guildId?: string | undefined;
  /** Set for message events: decides DM vs guild intents and MESSAGE_CONTENT blanking. */
  message?: StoredMessage;
  /** The user an event is about; events about the bot itself are not gated by GUILD_MEMBERS. */
  userId?: string;
}

export interface VoiceStateRequest {
  guildId: string;
  channelId: string | null;
  selfMute: boolean;
  selfDeaf: boolean;
}

export interface GatewayOptions {
  world: World;
  token: string;
  heartbeatMs: number;
  /** Privileged intents the application is approved for; identifying with others closes with 4014. */
  privilegedIntents: number;
  /** The ws:// URL clients connect and resume to. */
  url: () => string;
  onVoiceStateUpdate: (request: VoiceStateRequest) => void;
}

interface BufferedDispatch {
  s: number;
  t: string;
  d: unknown;
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  buffer: BufferedDispatch[];
  connection: GatewayConnection | null;
}

const MAX_BUFFER = 5000;

export class Gateway {
  readonly sessions = new Map<string, Session>();
  readonly sockets = new Set<WebSocket>();
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #options: GatewayOptions;
  /** Count of connections opened (and of those asking for zlib-stream), identifies and resumes, for tests. */
  readonly stats = { connections: 0, compressed: 0, identifies: 0, resumes: 0 };

  constructor(options: GatewayOptions) {
    this.#options = options;
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const compress = new URL(request.url ?? '/', 'ws://127.0.0.1').searchParams.get('compress');
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(new GatewayConnection(ws, compress)));
  }

  /** Sends an event to every session whose intents allow it; disconnected sessions buffer it for RESUME. */
  dispatch(t: string, d: unknown, scope: DispatchScope = {}): void {
    const world = this.#options.world;
    world.events.push({ t, d, at: world.nowIso() });
    for (const session of this.sessions.values()) {
      if (!this.#allowed(session, t, scope)) continue;
      this.#send(session, t, this.#shape(session, t, d, scope));
    }
  }

  /** Closes every connection abruptly (no close frame); clients resume. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Asks every client to reconnect (op 7); they resume. */
  requestReconnect(): void {
    for (const session of this.sessions.values()) session.connection?.send({ op: GatewayOpcodes.Reconnect, d: null });
  }

  /** Sends op 9; with resumable=false the sessions are forgotten and clients must identify again. */
  invalidateSessions(resumable = false): void {
    for (const session of this.sessions.values()) {
      session.connection?.send({ op: GatewayOpcodes.InvalidSession, d: resumable });
      if (!resumable) this.sessions.delete(session.id);
    }
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.#wss.close();
  }

  #accept(connection: GatewayConnection): void {
    const socket = connection.socket;
    this.stats.connections += 1;
    if (connection.compressed) this.stats.compressed += 1;
    this.sockets.add(socket);
    let session: Session | null = null;
    connection.send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.#options.heartbeatMs } });
    socket.on('message', (raw) => {
      let payload: { op?: number; d?: unknown };
      try {
        payload = parseJsonKeepingIds(raw.toString()) as { op?: number; d?: unknown };
      } catch {
        connection.close(4002, 'Error while decoding payload.');
        return;
      }
      switch (payload.op) {
        case GatewayOpcodes.Heartbeat:
          connection.send({ op: GatewayOpcodes.HeartbeatAck });
          break;
        case GatewayOpcodes.Identify:
          if (session) {
            connection.close(4005, 'Already authenticated.');
            return;
          }
          session = this.#identify(connection, payload.d as IdentifyData);
          break;
        case GatewayOpcodes.Resume:
          session = this.#resume(connection, payload.d as ResumeData);
          break;
        case GatewayOpcodes.RequestGuildMembers:
          if (session) this.#requestMembers(session, payload.d as RequestMembersData);
          break;
        case GatewayOpcodes.PresenceUpdate:
          this.#options.world.botPresence = payload.d;
          break;
        case GatewayOpcodes.VoiceStateUpdate: {
          const d = payload.d as {
            guild_id: string | number;
            channel_id: string | number | null;
            self_mute?: boolean;
            self_deaf?: boolean;
          };
          this.#options.onVoiceStateUpdate({
            guildId: String(d.guild_id),
            channelId: d.channel_id === null ? null : String(d.channel_id),
            selfMute: d.self_mute ?? false,
            selfDeaf: d.self_deaf ?? false,
          });
          break;
        }
        default:
          connection.close(4001, 'Unknown opcode.');
      }
    });
    socket.on('close', (code) => {
      this.sockets.delete(socket);
      if (session && session.connection === connection) {
        session.connection = null;
        // A clean close ends the session, as on Discord; anything else keeps it resumable.
        if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      }
    });
    socket.on('error', () => socket.terminate());
  }

  #identify(connection: GatewayConnection, d: IdentifyData): Session | null {
    if (!this.#tokenMatches(d?.token)) {
      connection.close(4004, 'Authentication failed.');
      return null;
    }
    if (typeof d.intents !== 'number' || d.intents < 0) {
      connection.close(4013, 'Invalid intent(s).');
      return null;
    }
    if ((d.intents & PRIVILEGED_INTENTS & ~this.#options.privilegedIntents) !== 0) {
      connection.close(4014, 'Disallowed intent(s).');
      return null;
    }
    this.stats.identifies += 1;
    const world = this.#options.world;
    if (d.presence) world.botPresence = d.presence;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents: d.intents,
      seq: 0,
      buffer: [],
      connection,
    };
    this.sessions.set(session.id, session);
    const ready = {
      v: 10,
      user: world.botUser,
      guilds: [...world.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.#options.url(),
      shard: [0, 1],
      application: { id: world.applicationId, flags: 0 as ApplicationFlags, flags_new: '0' },
    } satisfies GatewayReadyDispatchData;
    // Fields Discord still sends a bot, empty, that some libraries read (Eris iterates private_channels).
    const readyPayload = {
      ...ready,
      session_type: 'normal',
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      user_settings: {},
      auth: {},
    };
    world.events.push({ t: GatewayDispatchEvents.Ready, d: readyPayload, at: world.nowIso() });
    this.#send(session, GatewayDispatchEvents.Ready, readyPayload);
    for (const guild of world.guilds.values()) {
      const allMembers = (session.intents & GatewayIntentBits.GuildMembers) !== 0;
      const presences = (session.intents & GatewayIntentBits.GuildPresences) !== 0;
      this.#send(
        session,
        GatewayDispatchEvents.GuildCreate,
        renderGuildCreate(world, guild, { allMembers, presences }),
      );
    }
    return session;
  }

  #resume(connection: GatewayConnection, d: ResumeData): Session | null {
    const session = this.sessions.get(d?.session_id);
    if (!session || !this.#tokenMatches(d.token)) {
      connection.send({ op: GatewayOpcodes.InvalidSession, d: false });
      return null;
    }
    if (session.connection && session.connection !== connection) session.connection.terminate();
    session.connection = connection;
    this.stats.resumes += 1;
    const from = typeof d.seq === 'number' ? d.seq : 0;
    for (const entry of session.buffer) {
      if (entry.s > from) connection.send({ op: 0, t: entry.t, s: entry.s, d: entry.d });
    }
    this.#send(session, GatewayDispatchEvents.Resumed, null);
    return session;
  }

  #requestMembers(session: Session, d: RequestMembersData): void {
    const world = this.#options.world;
    const guildIds = (Array.isArray(d.guild_id) ? d.guild_id : [d.guild_id]).map(String);
    for (const guildId of guildIds) {
      const guild = world.guilds.get(guildId);
      if (!guild) continue;
      let ids = [...guild.members.keys()];
      const userIds =
        d.user_ids === undefined ? null : (Array.isArray(d.user_ids) ? d.user_ids : [d.user_ids]).map(String);
      if (userIds) {
        const wanted = new Set(userIds);
        ids = ids.filter((id) => wanted.has(id));
      } else if (d.query) {
        const q = d.query.toLowerCase();
        ids = ids.filter((id) => {
          const user = world.users.get(id);
          const nick = guild.members.get(id)?.nick ?? '';
          return user?.username.toLowerCase().startsWith(q) || nick.toLowerCase().startsWith(q);
        });
      }
      if (d.limit) ids = ids.slice(0, d.limit);
      const chunk: Record<string, unknown> = {
        guild_id: guildId,
        members: ids.map((id) => renderMember(world, guild, id)),
        chunk_index: 0,
        chunk_count: 1,
      };
      if (d.presences)
        chunk.presences = ids.filter((id) => guild.presences.has(id)).map((id) => renderPresence(guild, id));
      if (d.nonce !== undefined) chunk.nonce = d.nonce;
      if (userIds) {
        const found = new Set(ids);
        const missing = userIds.filter((id) => !found.has(id));
        if (missing.length) chunk.not_found = missing;
      }
      this.#send(session, GatewayDispatchEvents.GuildMembersChunk, chunk);
    }
  }

  #send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    const entry = { s: session.seq, t, d };
    session.buffer.push(entry);
    if (session.buffer.length > MAX_BUFFER) session.buffer.shift();
    session.connection?.send({ op: 0, t, s: entry.s, d });
  }

  /** Discord takes the token with or without its `Bot ` prefix (Oceanic.js and Eris send it prefixed). */
  #tokenMatches(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.#options.token;
  }

  #allowed(session: Session, t: string, scope: DispatchScope): boolean {
    const intent = requiredIntent(t, scope, this.#options.world.botId);
    return intent === 0 || (session.intents & intent) !== 0;
  }

  #shape(session: Session, t: string, d: unknown, scope: DispatchScope): unknown {
    const message = scope.message;
    if (!message || (t !== 'MESSAGE_CREATE' && t !== 'MESSAGE_UPDATE')) return d;
    if (session.intents & GatewayIntentBits.MessageContent) return d;
    const botId = this.#options.world.botId;
    if (!message.guild_id || message.author_id === botId || message.mentions.includes(botId)) return d;
    return { ...(d as object), content: '', embeds: [], attachments: [], components: [], poll: undefined };
  }
}

/** The intent an event needs (0 = always sent). */
export function requiredIntent(t: string, scope: DispatchScope, botId: string): number {
  const dm = scope.message ? !scope.message.guild_id : false;
  switch (t) {
    case 'GUILD_CREATE':
    case 'GUILD_UPDATE':
    case 'GUILD_DELETE':
    case 'GUILD_ROLE_CREATE':
    case 'GUILD_ROLE_UPDATE':
    case 'GUILD_ROLE_DELETE':
    case 'CHANNEL_CREATE':
    case 'CHANNEL_UPDATE':
    case 'CHANNEL_DELETE':
    case 'CHANNEL_PINS_UPDATE':
    case 'THREAD_CREATE':
    case 'THREAD_UPDATE':
    case 'THREAD_DELETE':
    case 'THREAD_LIST_SYNC':
    case 'THREAD_MEMBER_UPDATE':
      return GatewayIntentBits.Guilds;
    case 'GUILD_MEMBER_ADD':
    case 'GUILD_MEMBER_REMOVE':
    case 'THREAD_MEMBERS_UPDATE':
      return GatewayIntentBits.GuildMembers;
    case 'GUILD_MEMBER_UPDATE':
      return scope.userId === botId ? 0 : GatewayIntentBits.GuildMembers;
    case 'GUILD_BAN_ADD':
    case 'GUILD_BAN_REMOVE':
    case 'GUILD_AUDIT_LOG_ENTRY_CREATE':
      return GatewayIntentBits.GuildModeration;
    case 'GUILD_EMOJIS_UPDATE':
    case 'GUILD_STICKERS_UPDATE':
      return GatewayIntentBits.GuildExpressions;
    case 'VOICE_STATE_UPDATE':
      return GatewayIntentBits.GuildVoiceStates;
    case 'PRESENCE_UPDATE':
      return GatewayIntentBits.GuildPresences;
    case 'MESSAGE_CREATE':
    case 'MESSAGE_UPDATE':
    case 'MESSAGE_DELETE':
    case 'MESSAGE_DELETE_BULK':
      return dm || (!scope.guildId && !scope.message)
        ? GatewayIntentBits.DirectMessages
        : GatewayIntentBits.GuildMessages;
    case 'MESSAGE_REACTION_ADD':
    case 'MESSAGE_REACTION_REMOVE':
    case 'MESSAGE_REACTION_REMOVE_ALL':
    case 'MESSAGE_REACTION_REMOVE_EMOJI':
      return scope.guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
    case 'INVITE_CREATE':
    case 'INVITE_DELETE':
      return GatewayIntentBits.GuildInvites;
    case 'TYPING_START':
      return scope.guildId ? GatewayIntentBits.GuildMessageTyping : GatewayIntentBits.DirectMessageTyping;
    default:
      return 0;
  }
}

interface IdentifyData {
  token: string;
  intents: number;
  presence?: unknown;
}

interface ResumeData {
  token: string;
  session_id: string;
  seq: number | null;
}

interface RequestMembersData {
  /** Ids arrive as strings, or as integers from some libraries (kept exact as strings when large). */
  guild_id: string | number | (string | number)[];
  query?: string;
  limit?: number;
  presences?: boolean;
  user_ids?: string | number | (string | number)[];
  nonce?: string;
}
