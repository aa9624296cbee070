/**
 * The SSH admin console as a service: a hardened ssh2 server behind a pre-auth throttle. Public-key login only,
 * against <keys>/authorized_keys with a role per key. A pty session gets the Ink console (or the dashboard); a
 * command without a pty gets the plain-text exec CLI. Every connection, failed login, session and action is audited
 * with the key fingerprint and the client address.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type ssh2 from 'ssh2';
import { type Actor, sshActor } from '#admin/actor.ts';
import { createAdminClient } from '#admin/admin-client.ts';
import type { AdminContext } from '#admin/admin-context.ts';
import { errorMessage } from '#admin/admin-errors.ts';
import { type AuthorizedKey, createAuthorizedKeysCache, fingerprintOf } from '#admin/authorized-keys.ts';
import type { AuditOutcome } from '#core/audit/types.ts';
import type { Health, Service } from '#core/services/types.ts';
import { HARDENED_ALGORITHMS } from './algorithms.ts';
import { runExecCommand } from './exec-commands.ts';
import { createFloodAudit } from './flood-audit.ts';
import { createThrottle } from './front-door.ts';
import { type HostKey, loadOrCreateHostKey } from './host-key.ts';
import { loadOrCreateLocalAdminKey, unsafeLocalAdminKey } from './local-admin-key.ts';
import { maskExecLine } from './mask-exec-line.ts';
import { pruneRecordings, type SessionRecorder, startRecording } from './session-recorder.ts';
import { createTerminalStreams, type PtyInfo, type TerminalStreams } from './terminal-streams.ts';

/** Resolves once ssh2's poly1305 WebAssembly module (chacha20-poly1305) is ready; ssh2 itself does not wait. */
async function sshCryptoReady(): Promise<void> {
  const crypto = createRequire(import.meta.url)('ssh2/lib/protocol/crypto.js') as { init?: Promise<void> };
  await crypto.init;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return String(process.getuid?.() ?? 'unknown');
  }
}

const NO_KEYS_DETAIL = 'no console keys are authorized yet: run `tux keys add <public key> --role admin`';

export const NEEDS_TERMINAL = 'this console needs a terminal: use ssh -t';

const ENTER_ALT_SCREEN = '\x1b[?1049h';
const LEAVE_ALT_SCREEN = '\x1b[?1049l\x1b[?25h';
/** Output queued for a slow exec client beyond this is dropped (and counted) rather than buffered without bound. */
const MAX_EXEC_BACKLOG = 1 << 20;
/** Rows about connections that never logged in, written per minute before the rest are folded into a summary. */
const FLOOD_AUDIT_BUDGET = 30;
const FLOOD_AUDIT_WINDOW_MS = 60_000;

export interface SshService extends Service {
  /** The bound address once started (port 0 in config picks a free port). */
  address(): { host: string; port: number } | null;
  hostKeyFingerprint(): string | null;
}

interface LiveSession {
  abort(reason: string): void;
  done: Promise<void>;
}

export function createSshService(ctx: AdminContext): SshService {
  const log = ctx.logs.child('ssh');
  const cfg = () => ctx.config.current().ssh;
  const keysFile = path.join(ctx.paths.keys, 'authorized_keys');
  const keysCache = createAuthorizedKeysCache(keysFile, (r) => {
    if (r.refused) log.error({ file: keysFile }, `authorized_keys refused: ${r.refused}`);
    for (const p of r.problems)
      log.warn({ file: keysFile, line: p.line }, `authorized_keys line ${p.line}: ${p.message}`);
    if (!r.refused) log.info({ keys: r.keys.length }, `authorized_keys loaded: ${r.keys.length} key(s)`);
  });
  const throttle = createThrottle(() => {
    const c = cfg();
    return {
      perIp: c.throttle_per_ip,
      global: c.throttle_global,
      windowMs: c.throttle_window_seconds * 1000,
      maxPreauth: c.max_preauth,
    };
  });

  let hostKey: HostKey | null = null;
  /** The local `tux console` key: an admin whose audit identity is the appliance's unix user. */
  let localKey: AuthorizedKey | null = null;
  const actorOf = (k: AuthorizedKey) => (k === localKey ? `cli:${safeUserName()}` : `ssh:${k.fingerprint}`);
  let localKeyFile: string | null = null;
  /** The last verdict on the local key's permissions, so a refusal is logged once, not per attempt. */
  let localKeyRefused: string | null = null;
  /** Re-checks the local key file's owner and mode (as for authorized_keys); logs when the verdict changes. */
  const localKeyProblem = (): string | null => {
    const problem = localKeyFile ? unsafeLocalAdminKey(localKeyFile) : null;
    if (problem && problem !== localKeyRefused)
      log.error({ file: localKeyFile }, `local console key refused: ${problem}`);
    if (!problem && localKeyRefused) log.info({ file: localKeyFile }, 'local console key trusted again');
    localKeyRefused = problem;
    return problem;
  };
  let netServer: net.Server | null = null;
  /**
   * ssh2 and its server are made when the first client connects, not at start: importing ssh2 instantiates its
   * poly1305 WebAssembly module, about 14 MiB that an appliance nobody has logged into yet does not need.
   */
  let sshServer: Promise<{ lib: typeof ssh2; server: ssh2.Server }> | null = null;
  let bound: { host: string; port: number } | null = null;
  const clients = new Set<ssh2.Connection>();
  const live = new Set<LiveSession>();
  /** Admitted sockets by address, until ssh2 has parsed their banner. */
  const admitted = new Map<string, { release: () => void; forgive: () => void }>();
  /** Sockets still waiting for the client's SSH banner, oldest first. */
  const awaitingBanner = new Map<string, { sock: net.Socket; timer: NodeJS.Timeout; local: boolean }>();
  let throttledSinceLog = 0;
  let lastThrottleLog = 0;

  const audit = (
    actor: string,
    action: string,
    outcome: AuditOutcome,
    details: Record<string, unknown>,
    target: string | null = null,
  ) => {
    try {
      ctx.audit.record({ actor, action, outcome, details, target });
    } catch (err) {
      log.error({ err, action }, 'could not write the audit row');
    }
  };

  const flood = createFloodAudit({
    budget: FLOOD_AUDIT_BUDGET,
    windowMs: FLOOD_AUDIT_WINDOW_MS,
    record: (row) => audit(row.actor, row.action, row.outcome, row.details ?? {}, row.target ?? null),
  });

  /** An exception in one connection or session is logged with an id and never reaches the process. */
  const guard =
    <A extends unknown[]>(what: string, fn: (...args: A) => unknown, onError?: (id: string) => void) =>
    (...args: A) => {
      const fail = (err: unknown) => {
        const errorId = randomBytes(4).toString('hex');
        log.error({ err, errorId }, `${what} failed: ${errorMessage(err)}`);
        try {
          onError?.(errorId);
        } catch {}
      };
      try {
        const r = fn(...args);
        if (r instanceof Promise) r.catch(fail);
      } catch (err) {
        fail(err);
      }
    };

  function onSocket(sock: net.Socket): void {
    const ip = sock.remoteAddress ?? 'unknown';
    const key = `${ip}:${sock.remotePort}`;
    sock.on('error', () => {});
    // From this machine (`tux console` over loopback): pre-auth slots of its own, out of reach of a remote flood.
    const local = sock.remoteAddress !== undefined && sock.remoteAddress === sock.localAddress;
    let verdict = throttle.admit(ip, local);
    // Every pre-auth slot taken: the oldest connection of the same kind that has not even sent its banner makes
    // room. A real client sends its banner at once, so only silent sockets are ever closed this way, and a silent
    // flood cannot lock anyone out.
    if (!verdict.ok && verdict.kind === 'preauth') {
      const oldest = [...awaitingBanner.entries()].find(([, w]) => w.local === local);
      if (oldest) {
        const [oldKey, waiting] = oldest;
        dropSilent(oldKey, waiting.sock, 'closed to make room: no SSH banner yet');
        verdict = throttle.admit(ip, local);
      }
    }
    if (!verdict.ok) {
      flood.refused(ip, verdict.reason);
      // Logged in aggregate: a flood must not flood the log or the audit trail.
      throttledSinceLog += 1;
      const now = Date.now();
      if (now - lastThrottleLog > 10_000) {
        log.warn({ ip, refused: throttledSinceLog }, `SSH connection refused by the throttle: ${verdict.reason}`);
        throttledSinceLog = 0;
        lastThrottleLog = now;
      }
      sock.destroy();
      return;
    }
    admitted.set(key, verdict);
    const secs = cfg().banner_timeout_seconds;
    const timer = setTimeout(() => dropSilent(key, sock, `no SSH banner within ${secs} s`), secs * 1000);
    timer.unref();
    awaitingBanner.set(key, { sock, timer, local });
    sock.once('close', () => {
      verdict.release();
      admitted.delete(key);
      const waiting = awaitingBanner.get(key);
      if (waiting) clearTimeout(waiting.timer);
      awaitingBanner.delete(key);
    });
    serverForClients().then(
      ({ server }) => {
        if (!sock.destroyed) server.injectSocket(sock);
      },
      (err: unknown) => {
        log.error({ err }, `cannot start the SSH protocol: ${errorMessage(err)}`);
        sock.destroy();
      },
    );
  }

  /** The ssh2 server that speaks SSH on admitted sockets, made on first use; until then they wait unread. */
  function serverForClients(): Promise<{ lib: typeof ssh2; server: ssh2.Server }> {
    sshServer ??= (async () => {
      const key = hostKey;
      if (!key) throw new Error('the SSH service is not started');
      const { default: lib } = await import('ssh2');
      // The poly1305 module behind chacha20-poly1305 loads asynchronously; a client must not negotiate it first.
      await sshCryptoReady();
      const server = new lib.Server(
        { hostKeys: [key.privateKey], algorithms: HARDENED_ALGORITHMS, ident: `Tux_${ctx.version}` },
        guard('ssh connection', (client: ssh2.Connection, info: ssh2.ClientInfo) => onConnection(lib, client, info)),
      );
      server.on('error', (err: Error) => log.error({ err }, 'ssh server error'));
      return { lib, server };
    })();
    const made = sshServer;
    made.catch(() => {
      if (sshServer === made) sshServer = null;
    });
    return made;
  }

  /** Closes a socket that never sent its SSH banner, freeing its pre-auth slot at once. */
  function dropSilent(key: string, sock: net.Socket, reason: string): void {
    const waiting = awaitingBanner.get(key);
    if (waiting) clearTimeout(waiting.timer);
    awaitingBanner.delete(key);
    admitted.get(key)?.release();
    admitted.delete(key);
    flood.note(
      { actor: 'anonymous', action: 'ssh.auth', outcome: 'denied', details: { address: key, reason } },
      sock.remoteAddress ?? 'unknown',
    );
    sock.destroy();
  }

  function onConnection(lib: typeof ssh2, client: ssh2.Connection, info: ssh2.ClientInfo): void {
    const address = `${info.ip}:${info.port}`;
    // ssh2 reports a connection once it has parsed the client's banner: from here the login grace timer applies.
    const waiting = awaitingBanner.get(address);
    if (waiting) clearTimeout(waiting.timer);
    awaitingBanner.delete(address);
    const slot = admitted.get(address) ?? { release: () => {}, forgive: () => {} };
    clients.add(client);
    let attempts = 0;
    let user: AuthorizedKey | null = null;
    let loggedInAt = 0;
    let sessionsOpened = 0;
    /** Why this connection has not logged in, in order; one audit row carries them when it closes. */
    const reasons: string[] = [];
    const methods = new Set<string>();
    let userName: string | null = null;
    const software = info.header?.versions?.software ?? 'unknown';
    let offeredKey: string | null = null;
    const grace = setTimeout(() => {
      reasons.push('login grace time exceeded');
      client.end();
    }, cfg().login_grace_seconds * 1000);

    client.on(
      'authentication',
      guard(
        'ssh authentication',
        (auth: ssh2.AuthContext) => {
          methods.add(auth.method);
          userName = auth.username.slice(0, 64);
          if (auth.method === 'none') return auth.reject(['publickey']);
          attempts += 1;
          const offered = auth.method === 'publickey' ? fingerprintOf(auth.key.data) : null;
          if (offered) offeredKey = offered;
          const deny = (reason: string) => {
            if (reasons.at(-1) !== reason) reasons.push(reason);
            auth.reject(['publickey']);
          };
          if (attempts > cfg().max_auth_attempts) {
            deny('too many authentication attempts');
            client.end();
            return;
          }
          if (auth.username !== cfg().user) return deny(`wrong user "${auth.username.slice(0, 64)}"`);
          if (auth.method !== 'publickey') return deny(`${auth.method} authentication is not accepted`);
          const keys = keysCache.get();
          const isLocal = localKey?.blob.equals(auth.key.data) === true;
          if (keys.refused && !isLocal) return deny('authorized_keys refused (unsafe permissions)');
          if (isLocal && localKeyProblem()) return deny('local console key refused (unsafe permissions)');
          const data = auth.key.data;
          const candidates = localKey && isLocal ? [localKey] : keys.keys;
          const match = candidates.find((k) => k.blob.length === data.length && timingSafeEqual(k.blob, data));
          if (!match) return deny('key not authorized');
          // Without a signature this only asks "would this key do?" (PK_OK); the login happens on the signed attempt.
          if (!auth.signature) return auth.accept();
          if (match.type === 'ssh-rsa' && (!auth.hashAlgo || auth.hashAlgo === 'sha1')) {
            return deny('RSA signature with SHA-1 refused');
          }
          // Re-check the key that actually signed: the signature must verify against the authorized key itself.
          const signer = lib.utils.parseKey(`${match.type} ${match.blob.toString('base64')}`);
          const signed =
            !(signer instanceof Error) &&
            !Array.isArray(signer) &&
            signer.verify(auth.blob ?? Buffer.alloc(0), auth.signature, auth.hashAlgo) === true;
          if (!signed) {
            return deny('signature does not verify');
          }
          user = match;
          auth.accept();
        },
        () => client.end(),
      ),
    );

    client.on('ready', () => {
      clearTimeout(grace);
      slot.release();
      if (!user) {
        client.end();
        return;
      }
      // A login is not a penalty: only connections that fail count against the address and the global budget.
      slot.forgive();
      loggedInAt = Date.now();
      log.info(
        { fingerprint: user.fingerprint, role: user.role, address },
        `console login: ${user.label || user.fingerprint}`,
      );
    });

    client.on(
      'session',
      guard('ssh session', (accept: () => ssh2.Session, reject: () => void) => {
        if (!user) return reject();
        sessionsOpened += 1;
        if (live.size >= cfg().max_sessions) {
          audit(actorOf(user), 'ssh.session', 'denied', { address, reason: 'too many sessions' });
          return reject();
        }
        handleSession(accept(), user, address);
      }),
    );

    // Forwarding of any kind, in either direction, is refused.
    client.on('tcpip', (_accept, reject, i) => {
      reject();
      log.warn({ address, dest: `${i.destIP}:${i.destPort}` }, 'refused a port forward');
    });
    client.on('openssh.streamlocal', (_accept, reject) => reject());
    client.on('request', (_accept, reject, name) => {
      reject?.();
      log.warn({ address, request: name }, `refused a global request (${name})`);
    });
    client.on('error', (err) => log.debug({ address, err: errorMessage(err) }, 'ssh connection error'));
    client.on('close', () => {
      clearTimeout(grace);
      slot.release();
      clients.delete(client);
      if (user) {
        // Sessions write their own rows; a login that opened none (ssh -N) is recorded here.
        if (sessionsOpened === 0) {
          audit(actorOf(user), 'ssh.login', 'ok', {
            address,
            role: user.role,
            label: user.label,
            client: software,
            sessions: 0,
            seconds: Math.round((Date.now() - loggedInAt) / 1000),
          });
        }
        return;
      }
      // One row per connection that did not log in, whatever it tried (none included); folded under a flood.
      const reason = reasons.at(-1) ?? (methods.size > 0 ? 'no key offered' : 'closed before authenticating');
      flood.note(
        {
          actor: offeredKey ? `ssh:${offeredKey}` : 'anonymous',
          action: 'ssh.auth',
          outcome: 'denied',
          details: {
            address,
            reason,
            ...(reasons.length > 1 ? { reasons: reasons.slice(0, 10) } : {}),
            ...(userName !== null ? { user: userName } : {}),
            methods: [...methods],
            client: software,
          },
        },
        info.ip,
      );
    });
  }

  function handleSession(session: ssh2.Session, key: AuthorizedKey, address: string): void {
    let pty: PtyInfo | null = null;
    let view: TerminalStreams | null = null;
    let recorder: SessionRecorder | null = null;
    let started = false;
    const refuse = (what: string) => (_accept: unknown, reject?: () => void) => {
      reject?.();
      log.warn({ address, fingerprint: key.fingerprint }, `refused ${what}`);
    };
    session.on('pty', (accept, _reject, i) => {
      pty = { term: String((i as { term?: string }).term || 'xterm-256color'), cols: i.cols || 80, rows: i.rows || 24 };
      accept?.();
    });
    session.on('window-change', (accept, _reject, i) => {
      if (pty) {
        pty = { ...pty, cols: i.cols || pty.cols, rows: i.rows || pty.rows };
        view?.resize(pty.cols, pty.rows);
        recorder?.resize(pty.cols, pty.rows);
      }
      accept?.();
    });
    session.on('env', (_accept, reject) => reject?.());
    session.on('x11', refuse('X11 forwarding'));
    session.on('auth-agent', refuse('agent forwarding'));
    session.on('signal', refuse('a signal'));
    session.on('sftp', refuse('sftp'));
    session.on('subsystem', refuse('a subsystem'));

    const begin = (channel: ssh2.ServerChannel, kind: 'tui' | 'dashboard' | 'exec', command: string | null) => {
      started = true;
      const ac = new AbortController();
      let finished = false;
      let resolveDone = () => {};
      const done = new Promise<void>((r) => {
        resolveDone = r;
      });
      // The command line as the session list and the audit trail show it: secret values masked.
      const shownCommand = command === null ? null : maskExecLine(command, ctx);
      const handle = ctx.sessions.open(
        {
          actor: actorOf(key),
          fingerprint: key.fingerprint,
          label: key.label,
          role: key.role,
          address,
          kind,
          command: shownCommand,
        },
        (reason) => ac.abort(reason),
      );
      const actor: Actor = {
        ...sshActor(key.fingerprint, key.role, address, { sessionId: handle.id, label: key.label }),
        id: actorOf(key),
      };
      const entry: LiveSession = { abort: (reason) => ac.abort(reason), done };
      live.add(entry);
      const startedAt = Date.now();
      // An exec command is one audit row: the admin operation's own row when it wrote one (it names the session),
      // otherwise one ssh.exec row when it ends. A console session gets a start and an end row around its actions.
      let opRows = 0;
      const stopCounting =
        kind === 'exec'
          ? ctx.audit.onRecord((row) => {
              if (row.details.session === handle.id) opRows += 1;
            })
          : () => {};
      if (kind !== 'exec') {
        audit(actor.id, 'ssh.session.start', 'ok', {
          address,
          session: handle.id,
          kind,
          role: key.role,
          ...(shownCommand ? { command: shownCommand } : {}),
        });
      }

      const c = cfg();
      let idle: NodeJS.Timeout | null = null;
      const armIdle = () => {
        if (idle) clearTimeout(idle);
        const secs = cfg().idle_timeout_seconds;
        if (pty && secs > 0) idle = setTimeout(() => ac.abort(`idle for ${secs} s`), secs * 1000);
      };
      armIdle();
      channel.on('data', () => {
        handle.update({ lastActivity: Date.now() });
        armIdle();
      });
      const maxTimer =
        c.max_session_seconds > 0
          ? setTimeout(() => ac.abort(`session longer than ${c.max_session_seconds} s`), c.max_session_seconds * 1000)
          : null;

      const finish = (code: number) => {
        if (finished) return;
        finished = true;
        if (idle) clearTimeout(idle);
        if (maxTimer) clearTimeout(maxTimer);
        recorder?.close();
        handle.end();
        live.delete(entry);
        stopCounting();
        const reason = ac.signal.aborted ? String(ac.signal.reason) : null;
        const seconds = Math.round((Date.now() - startedAt) / 1000);
        if (kind !== 'exec') {
          audit(actor.id, 'ssh.session.end', 'ok', {
            address,
            session: handle.id,
            kind,
            code,
            seconds,
            ...(reason ? { reason } : {}),
          });
        } else if (opRows === 0) {
          audit(
            actor.id,
            'ssh.exec',
            code === 0 ? 'ok' : code === 126 ? 'denied' : 'failed',
            {
              address,
              session: handle.id,
              role: key.role,
              code,
              seconds,
              ...(reason && reason !== 'client closed the channel' ? { reason } : {}),
            },
            (shownCommand ?? '').slice(0, 200),
          );
        }
        try {
          // Order matters: resume so 'close' can fire, exit-status before EOF.
          channel.resume();
          channel.exit(code);
          channel.end();
        } catch {}
        resolveDone();
      };
      channel.on('close', () => {
        if (!ac.signal.aborted) ac.abort('client closed the channel');
        finish(0);
      });
      channel.on('error', () => {});
      return { ac, actor, finish, handle };
    };

    const interactive = async (channel: ssh2.ServerChannel, first: 'tui' | 'dashboard', command: string | null) => {
      const p = pty as PtyInfo;
      const { ac, actor, finish, handle } = begin(channel, first, command);
      if (cfg().record_sessions) {
        try {
          recorder = startRecording(ctx.paths.data, {
            sessionId: handle.id,
            fingerprint: key.fingerprint,
            cols: p.cols,
            rows: p.rows,
            term: p.term,
            title: `tux console ${key.label || key.fingerprint}`,
          });
          pruneRecordings(ctx.paths.data, cfg().recording_retention_days);
        } catch (err) {
          log.error({ err }, 'could not start the session recording');
        }
      }
      const rawWrite = (text: string) => {
        if (!channel.writable) return;
        recorder?.output(text);
        channel.write(text);
      };
      rawWrite(ENTER_ALT_SCREEN);
      const client = createAdminClient(ctx, actor);
      let current: 'tui' | 'dashboard' = first;
      let code = 0;
      try {
        while (!ac.signal.aborted) {
          const streams = createTerminalStreams(channel, pty ?? p, (t) => recorder?.output(t));
          view = streams;
          try {
            if (current === 'tui') {
              handle.update({ kind: 'tui' });
              const { runTui } = await import('#tui/run-tui.tsx');
              const r = await runTui({ stdin: streams.stdin, stdout: streams.stdout, client, signal: ac.signal });
              if (r.next !== 'dashboard') {
                code = r.code;
                break;
              }
              current = 'dashboard';
            } else {
              handle.update({ kind: 'dashboard' });
              const { runDashboard } = await import('#tui/dashboard.ts');
              await runDashboard({
                stdin: streams.stdin,
                stdout: streams.stdout,
                term: (pty ?? p).term,
                client,
                signal: ac.signal,
              });
              if (first === 'dashboard') break;
              current = 'tui';
            }
          } finally {
            streams.detach();
            view = null;
          }
        }
      } catch (err) {
        const errorId = randomBytes(4).toString('hex');
        log.error({ err, errorId, session: handle.id }, `console session failed: ${errorMessage(err)}`);
        rawWrite(`${LEAVE_ALT_SCREEN}internal error (error id ${errorId})\r\n`);
        return finish(1);
      }
      rawWrite(LEAVE_ALT_SCREEN);
      const reason = ac.signal.aborted ? String(ac.signal.reason) : null;
      if (reason && reason !== 'client closed the channel') {
        rawWrite(`Session closed: ${reason}\r\n`);
        code = 1;
      }
      finish(code);
    };

    const exec = async (channel: ssh2.ServerChannel, command: string) => {
      const { ac, actor, finish } = begin(channel, 'exec', command);
      const crlf = (t: string) => (pty ? t.replace(/\r?\n/g, '\r\n') : t);
      let dropped = 0;
      const write = (stream: NodeJS.WritableStream & { writableLength?: number }, text: string) => {
        if (!channel.writable) return;
        if ((stream.writableLength ?? 0) > MAX_EXEC_BACKLOG) {
          dropped += 1;
          return;
        }
        if (dropped) {
          stream.write(crlf(`... ${dropped} writes dropped (client too slow)\n`));
          dropped = 0;
        }
        stream.write(crlf(text));
      };
      const code = await runExecCommand(ctx, actor, command, {
        out: (t) => write(channel, t),
        err: (t) => write(channel.stderr, t),
        signal: ac.signal,
      });
      if (ac.signal.aborted && String(ac.signal.reason) !== 'client closed the channel') {
        write(channel.stderr, `Session closed: ${String(ac.signal.reason)}\n`);
        return finish(1);
      }
      finish(code);
    };

    const closeWith = (channel: ssh2.ServerChannel, message: string, code: number) => {
      channel.on('error', () => {});
      channel.stderr.write(`${message}\r\n`);
      channel.resume();
      channel.exit(code);
      channel.end();
    };

    session.on(
      'shell',
      guard('ssh shell', (accept: () => ssh2.ServerChannel, reject: () => void) => {
        if (started) return reject();
        const channel = accept();
        if (!pty) return closeWith(channel, NEEDS_TERMINAL, 1);
        return interactive(channel, 'tui', null);
      }),
    );
    session.on(
      'exec',
      guard('ssh exec', (accept: () => ssh2.ServerChannel, reject: () => void, i: { command: string }) => {
        if (started) return reject();
        const command = String(i.command).trim();
        const channel = accept();
        if (command === 'dashboard' || command === 'tui' || command === 'console') {
          if (!pty) return closeWith(channel, NEEDS_TERMINAL, 1);
          return interactive(channel, command === 'dashboard' ? 'dashboard' : 'tui', command);
        }
        return exec(channel, command);
      }),
    );
  }

  const service: SshService = {
    name: 'ssh',
    dependsOn: ['db'],
    pinned:
      'the console runs on it, so this would end your own session; restart Tux instead (systemctl restart tux), or change ssh settings and restart',
    async start() {
      const c = cfg();
      hostKey = await loadOrCreateHostKey(ctx.paths.keys);
      if (hostKey.created) log.info({ file: hostKey.file }, 'generated a new SSH host key');
      log.info({ fingerprint: hostKey.fingerprint }, `SSH host key fingerprint ${hostKey.fingerprint}`);
      const local = await loadOrCreateLocalAdminKey(ctx.paths.keys);
      localKeyFile = local.file;
      localKeyRefused = null;
      localKeyProblem();
      localKey = {
        line: 0,
        type: 'ssh-ed25519',
        blob: local.blob,
        fingerprint: local.fingerprint,
        role: 'admin',
        label: 'tux console (local)',
      };
      const keys = keysCache.get();
      if (!keys.refused && keys.keys.length === 0) {
        // Tagged with the service: the Overview shows it only while the console still has no key.
        log.warn({ service: 'ssh', file: keysFile }, NO_KEYS_DETAIL);
      }
      if (c.record_sessions) pruneRecordings(ctx.paths.data, c.recording_retention_days);
      const server = net.createServer(guard('ssh front door', onSocket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(c.port, c.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      server.on('error', (err) => log.error({ err }, 'ssh listener error'));
      netServer = server;
      const a = server.address() as net.AddressInfo;
      bound = { host: a.address, port: a.port };
      log.info({ host: a.address, port: a.port }, `SSH console listening on ${a.address}:${a.port}`);
    },
    async stop() {
      const server = netServer;
      netServer = null;
      bound = null;
      for (const s of live) s.abort('the console is shutting down');
      await Promise.race([Promise.all([...live].map((s) => s.done)), new Promise((r) => setTimeout(r, 2000).unref())]);
      for (const c of clients) c.end();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      const made = sshServer;
      sshServer = null;
      (await made?.catch(() => null))?.server.close();
      for (const c of clients) {
        try {
          (c as unknown as { _sock?: net.Socket })._sock?.destroy();
        } catch {}
      }
      clients.clear();
      for (const waiting of awaitingBanner.values()) {
        clearTimeout(waiting.timer);
        waiting.sock.destroy();
      }
      awaitingBanner.clear();
      flood.flush();
    },
    health(): Health {
      if (!netServer || !bound) return { status: 'stopped', detail: 'not listening' };
      const keys = keysCache.get();
      const metrics = { sessions: live.size, connections: clients.size, preauth: throttle.stats().preauth };
      if (keys.refused) return { status: 'degraded', detail: 'authorized_keys refused: nobody can log in', metrics };
      if (keys.keys.length === 0) return { status: 'degraded', detail: NO_KEYS_DETAIL, metrics };
      return {
        status: 'ok',
        detail: `listening on ${bound.host}:${bound.port}, ${live.size} session(s), ${keys.keys.length} key(s)`,
        metrics,
      };
    },
    address: () => bound,
    hostKeyFingerprint: () => hostKey?.fingerprint ?? null,
  };
  return service;
}
