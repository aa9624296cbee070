import { randomBytes, randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import {
  decryptRtpPayload,
  isRtpPacket,
  readRtpHeader,
  VOICE_ENCRYPTION_MODES,
  type VoiceEncryptionMode,
} from './rtp.ts';

/**
 * The emulator's voice server: the voice gateway v8 over WSS and a UDP socket, as @discordjs/voice expects from a
 * Discord voice endpoint. It hands out an SSRC and a secret key, answers IP discovery, decrypts every RTP packet
 * with that key and keeps the opus frames per guild so tests can count, time and decode what the bot played.
 * DAVE (end-to-end encryption) is announced as protocol version 0: frames are transport-encrypted only.
 */

/** Voice gateway v8 opcodes. */
const Op = {
  Identify: 0,
  SelectProtocol: 1,
  Ready: 2,
  Heartbeat: 3,
  SessionDescription: 4,
  Speaking: 5,
  HeartbeatAck: 6,
  Resume: 7,
  Hello: 8,
  Resumed: 9,
} as const;

export interface VoiceFrame {
  /** Arrival time (ms, monotonic clock). */
  at: number;
  sequence: number;
  timestamp: number;
  opus: Buffer;
}

/** One guild's voice session as the server sees it. */
export interface VoiceSession {
  guildId: string;
  channelId: string;
  userId: string;
  sessionId: string;
  token: string;
  ssrc: number;
  mode: VoiceEncryptionMode | null;
  secretKey: Buffer | null;
  /** The bot's requested maximum DAVE version (IDENTIFY) and what the server answered (always 0). */
  maxDaveProtocolVersion: number | null;
  daveProtocolVersion: 0;
  socket: WebSocket | null;
  udp: { address: string; port: number } | null;
  /** Sent sequence number (v8 `seq`) and the last `seq_ack` the client reported. */
  seq: number;
  seqAck: number | null;
  speaking: boolean;
  speakingChanges: { at: number; speaking: boolean }[];
  frames: VoiceFrame[];
  /** Frames received since the session began (also those pruned from `frames`). */
  framesTotal: number;
  decryptFailures: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  /** True while the WebSocket is open and the protocol is selected. */
  connected: boolean;
  /** False once the bot left the channel. */
  active: boolean;
}

export interface FakeVoiceServerOptions {
  certificate: { key: string; cert: string };
  /** Encryption modes offered in READY (default both, AES-GCM first as Discord does). */
  modes?: readonly VoiceEncryptionMode[];
  heartbeatMs?: number;
  /** Frames kept per guild (default 60 000: 20 minutes). */
  maxFrames?: number;
}

export class FakeVoiceServer {
  readonly sessions = new Map<string, VoiceSession>();
  modes: VoiceEncryptionMode[];
  readonly #https: https.Server;
  readonly #wss: WebSocketServer;
  readonly #udp: dgram.Socket;
  readonly #bySsrc = new Map<number, VoiceSession>();
  readonly #heartbeatMs: number;
  readonly #maxFrames: number;
  #port = 0;
  #udpPort = 0;

  private constructor(options: FakeVoiceServerOptions) {
    this.modes = [...(options.modes ?? VOICE_ENCRYPTION_MODES)];
    this.#heartbeatMs = options.heartbeatMs ?? 13_750;
    this.#maxFrames = options.maxFrames ?? 60_000;
    this.#https = https.createServer({ key: options.certificate.key, cert: options.certificate.cert }, (_req, res) => {
      res.writeHead(426).end('voice gateway: WebSocket only');
    });
    this.#wss = new WebSocketServer({ server: this.#https });
    this.#wss.on('connection', (socket) => this.#onConnection(socket));
    this.#udp = dgram.createSocket('udp4');
    this.#udp.on('message', (message, remote) => this.#onUdp(message, remote));
  }

  static async start(options: FakeVoiceServerOptions): Promise<FakeVoiceServer> {
    const server = new FakeVoiceServer(options);
    await new Promise<void>((resolve, reject) => {
      server.#https.once('error', reject);
      server.#https.listen(0, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => server.#udp.bind(0, '127.0.0.1', () => resolve()));
    server.#port = (server.#https.address() as AddressInfo).port;
    server.#udpPort = server.#udp.address().port;
    return server;
  }

  /** `host:port` for VOICE_SERVER_UPDATE (the client connects to wss://endpoint?v=8). */
  get endpoint(): string {
    return `127.0.0.1:${this.#port}`;
  }

  get udpPort(): number {
    return this.#udpPort;
  }

  /** Called on the bot's VOICE_SERVER_UPDATE: the next IDENTIFY for this guild must carry this token. */
  expect(input: { guildId: string; channelId: string; userId: string; sessionId: string; token: string }): void {
    const previous = this.sessions.get(input.guildId);
    if (previous) this.#end(previous, 4006);
    const session: VoiceSession = {
      ...input,
      ssrc: this.#newSsrc(),
      mode: null,
      secretKey: null,
      maxDaveProtocolVersion: null,
      daveProtocolVersion: 0,
      socket: null,
      udp: null,
      seq: 0,
      seqAck: null,
      speaking: false,
      // A rejoin keeps the guild's counters running, so a test's frame windows stay valid across it.
      speakingChanges: previous?.speakingChanges ?? [],
      frames: previous?.frames ?? [],
      framesTotal: previous?.framesTotal ?? 0,
      decryptFailures: previous?.decryptFailures ?? 0,
      identifies: previous?.identifies ?? 0,
      resumes: previous?.resumes ?? 0,
      heartbeats: previous?.heartbeats ?? 0,
      connected: false,
      active: true,
    };
    this.sessions.set(input.guildId, session);
  }

  /** Forgets a guild's frames and counters (the connection stays). */
  reset(guildId: string): void {
    const session = this.sessions.get(guildId);
    if (!session) return;
    session.frames = [];
    session.framesTotal = 0;
    session.decryptFailures = 0;
  }

  /** The bot moved to another channel of the same guild (its voice session stays). */
  moved(guildId: string, channelId: string): void {
    const session = this.sessions.get(guildId);
    if (session) session.channelId = channelId;
  }

  /** The bot left the channel: Discord closes the voice WebSocket with 4014. */
  left(guildId: string): void {
    const session = this.sessions.get(guildId);
    if (session) this.#end(session, 4014);
  }

  /**
   * Drops a guild's voice WebSocket: without a close frame by default (the client resumes), or with a close code
   * (4014 "disconnected", 4006 "session no longer valid", ...).
   */
  drop(guildId: string, code?: number): boolean {
    const session = this.sessions.get(guildId);
    if (!session?.socket) return false;
    const socket = session.socket;
    session.connected = false;
    if (code === undefined) socket.terminate();
    else socket.close(code, 'dropped by the emulator');
    return true;
  }

  async close(): Promise<void> {
    for (const session of this.sessions.values()) session.socket?.terminate();
    this.#wss.close();
    this.#https.closeAllConnections();
    await new Promise<void>((resolve) => this.#https.close(() => resolve()));
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }

  #end(session: VoiceSession, code: number): void {
    session.active = false;
    session.connected = false;
    if (session.speaking) this.#setSpeaking(session, false);
    session.socket?.close(code, code === 4014 ? 'Disconnected.' : 'Session is no longer valid.');
    session.socket = null;
    this.#bySsrc.delete(session.ssrc);
  }

  #newSsrc(): number {
    let ssrc = randomInt(1, 2 ** 31);
    while (this.#bySsrc.has(ssrc)) ssrc = randomInt(1, 2 ** 31);
    return ssrc;
  }

  #send(session: VoiceSession | null, socket: WebSocket, op: number, d: unknown): void {
    if (socket.readyState !== socket.OPEN) return;
    if (session) session.seq++;
    socket.send(JSON.stringify(session ? { op, d, seq: session.seq } : { op, d }));
  }

  #onConnection(socket: WebSocket): void {
    let session: VoiceSession | null = null;
    this.#send(null, socket, Op.Hello, { heartbeat_interval: this.#heartbeatMs, v: 8 });
    socket.on('message', (raw, isBinary) => {
      if (isBinary) return; // DAVE MLS messages; not used with protocol version 0
      let packet: { op?: number; d?: Record<string, unknown> };
      try {
        packet = JSON.parse(raw.toString()) as typeof packet;
      } catch {
        socket.close(4002, 'Failed to decode payload.');
        return;
      }
      const d = packet.d ?? {};
      switch (packet.op) {
        case Op.Identify:
        case Op.Resume: {
          const found = this.sessions.get(String(d.server_id));
          if (!found?.active || found.token !== d.token || found.sessionId !== d.session_id) {
            socket.close(4004, 'Authentication failed.');
            return;
          }
          if (found.socket && found.socket !== socket) found.socket.terminate();
          session = found;
          session.socket = socket;
          if (packet.op === Op.Identify) {
            if (String(d.user_id) !== session.userId) {
              socket.close(4004, 'Authentication failed.');
              return;
            }
            session.identifies++;
            session.maxDaveProtocolVersion =
              typeof d.max_dave_protocol_version === 'number' ? d.max_dave_protocol_version : null;
            this.#bySsrc.set(session.ssrc, session);
            this.#send(session, socket, Op.Ready, {
              ssrc: session.ssrc,
              ip: '127.0.0.1',
              port: this.#udpPort,
              modes: this.modes,
              heartbeat_interval: this.#heartbeatMs,
            });
          } else {
            if (typeof d.seq_ack === 'number') session.seqAck = d.seq_ack;
            session.resumes++;
            session.connected = session.mode !== null;
            this.#send(session, socket, Op.Resumed, null);
          }
          return;
        }
        case Op.SelectProtocol: {
          if (!session) return void socket.close(4003, 'Not authenticated.');
          const data = (d.data ?? {}) as { address?: string; port?: number; mode?: string };
          if (!data.mode || !this.modes.includes(data.mode as VoiceEncryptionMode)) {
            socket.close(4016, 'Unknown encryption mode.');
            return;
          }
          session.mode = data.mode as VoiceEncryptionMode;
          session.secretKey = randomBytes(32);
          if (data.address && data.port) session.udp = { address: data.address, port: data.port };
          session.connected = true;
          this.#send(session, socket, Op.SessionDescription, {
            mode: session.mode,
            secret_key: [...session.secretKey],
            dave_protocol_version: session.daveProtocolVersion,
          });
          return;
        }
        case Op.Heartbeat: {
          if (session) {
            session.heartbeats++;
            if (typeof d.seq_ack === 'number') session.seqAck = d.seq_ack;
          }
          this.#send(null, socket, Op.HeartbeatAck, { t: d.t });
          return;
        }
        case Op.Speaking: {
          if (session) this.#setSpeaking(session, Boolean(Number(d.speaking ?? 0) & 1));
          return;
        }
        default:
          return;
      }
    });
    socket.on('close', () => {
      const current = session as VoiceSession | null;
      if (current && current.socket === socket) {
        current.socket = null;
        current.connected = false;
        if (current.speaking) this.#setSpeaking(current, false);
      }
    });
  }

  #setSpeaking(session: VoiceSession, speaking: boolean): void {
    if (session.speaking === speaking) return;
    session.speaking = speaking;
    session.speakingChanges.push({ at: performance.now(), speaking });
    if (session.speakingChanges.length > 1000) session.speakingChanges.splice(0, 500);
  }

  #onUdp(message: Buffer, remote: dgram.RemoteInfo): void {
    // IP discovery: type 1, length 70, ssrc, 64 bytes address, port.
    if (message.length === 74 && message.readUInt16BE(0) === 1) {
      const ssrc = message.readUInt32BE(4);
      if (!this.#bySsrc.has(ssrc)) return;
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(ssrc, 4);
      reply.write(remote.address, 8, 'utf8');
      reply.writeUInt16BE(remote.port, 72);
      this.#udp.send(reply, remote.port, remote.address);
      return;
    }
    // Keep-alive: an 8-byte counter, echoed back.
    if (message.length === 8) {
      this.#udp.send(message, remote.port, remote.address);
      return;
    }
    if (!isRtpPacket(message)) return;
    const header = readRtpHeader(message);
    const session = this.#bySsrc.get(header.ssrc);
    if (!session?.mode || !session.secretKey) return;
    let opus: Buffer;
    try {
      opus = decryptRtpPayload(message, session.mode, session.secretKey);
    } catch {
      session.decryptFailures++;
      return;
    }
    session.framesTotal++;
    session.frames.push({ at: performance.now(), sequence: header.sequence, timestamp: header.timestamp, opus });
    if (session.frames.length > this.#maxFrames) session.frames.splice(0, session.frames.length - this.#maxFrames);
  }
}
