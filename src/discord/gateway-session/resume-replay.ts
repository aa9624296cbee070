import { GatewayOpcodes } from 'discord-api-types/v10';
import WebSocket from 'ws';
import type { Logger } from '#core/log/types.ts';
import type { StoredGatewaySession } from './session-store.ts';

/** A dispatch from the resumed session. */
export interface MissedEvent {
  t: string;
  s: number;
  d: unknown;
}

export interface ResumedSession {
  /** Everything the session sent since the stored sequence, and what it keeps sending until close(). */
  readonly events: MissedEvent[];
  /** Ends the old session (a normal close, so Discord forgets it). */
  close(): void;
}

/**
 * Resumes a stored gateway session on a plain socket, to get the events sent to it while the process was down.
 * discord.js always starts a new session (it needs READY to fill its caches), so the old session is resumed
 * beside it: this collects the replay up to RESUMED, keeps listening (and heartbeating) until the caller closes it
 * once the new session is ready, so no event falls between the two. Resolves null when Discord no longer knows the
 * session (op 9), on any error, or after timeoutMs.
 */
export function resumeStoredSession(
  stored: StoredGatewaySession,
  token: string,
  log: Logger,
  timeoutMs = 15_000,
): Promise<ResumedSession | null> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(stored.resumeUrl);
    } catch {
      resolve(null);
      return;
    }
    url.searchParams.set('v', '10');
    url.searchParams.set('encoding', 'json');
    const socket = new WebSocket(url);
    const events: MissedEvent[] = [];
    let sequence = stored.sequence;
    let heartbeat: NodeJS.Timeout | null = null;
    let settled = false;
    const stop = (code: number) => {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      clearTimeout(timer);
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) {
        socket.close(code, 'previous session replayed');
      }
    };
    const fail = (why: string) => {
      if (!settled) {
        settled = true;
        log.info(`the previous gateway session could not be resumed (${why}); missed events are lost`);
        resolve(null);
      }
      // Not 1000: a failed attempt must not end a session another attempt could still resume.
      stop(4000);
    };
    const timer = setTimeout(() => fail(`no RESUMED within ${timeoutMs} ms`), timeoutMs);
    timer.unref?.();
    socket.on('error', (err) => fail(err.message));
    socket.on('close', (code) => {
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
      if (!settled) fail(`closed with ${code}`);
    });
    socket.on('message', (raw) => {
      let payload: { op: number; t?: string | null; s?: number | null; d?: unknown };
      try {
        payload = JSON.parse(raw.toString());
      } catch {
        fail('undecodable payload');
        return;
      }
      switch (payload.op) {
        case GatewayOpcodes.Hello: {
          const every = (payload.d as { heartbeat_interval?: number })?.heartbeat_interval ?? 41_250;
          heartbeat = setInterval(() => {
            if (socket.readyState === WebSocket.OPEN) {
              socket.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: sequence }));
            }
          }, every);
          heartbeat.unref?.();
          socket.send(
            JSON.stringify({
              op: GatewayOpcodes.Resume,
              d: { token, session_id: stored.sessionId, seq: stored.sequence },
            }),
          );
          break;
        }
        case GatewayOpcodes.Heartbeat:
          socket.send(JSON.stringify({ op: GatewayOpcodes.Heartbeat, d: sequence }));
          break;
        case GatewayOpcodes.InvalidSession:
          fail('Discord no longer knows it');
          break;
        case GatewayOpcodes.Reconnect:
          if (!settled) fail('asked to reconnect');
          break;
        case GatewayOpcodes.Dispatch: {
          if (typeof payload.s === 'number' && payload.s > sequence) sequence = payload.s;
          if (payload.t === 'RESUMED') {
            if (!settled) {
              settled = true;
              clearTimeout(timer);
              resolve({ events, close: () => stop(1000) });
            }
          } else if (payload.t && typeof payload.s === 'number') {
            events.push({ t: payload.t, s: payload.s, d: payload.d });
          }
          break;
        }
        default:
          break;
      }
    });
  });
}
