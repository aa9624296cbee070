import type { Role } from './roles.ts';

export type SessionKind = 'tui' | 'dashboard' | 'exec';

export interface SessionInfo {
  id: string;
  /** Audit identity of the key ("ssh:SHA256:…"). */
  actor: string;
  fingerprint: string;
  label: string;
  role: Role;
  address: string;
  kind: SessionKind;
  /** The exec command line, when kind is exec. */
  command: string | null;
  startedAt: number;
  lastActivity: number;
}

export interface SessionHandle {
  readonly id: string;
  update(patch: Partial<Pick<SessionInfo, 'kind' | 'command' | 'lastActivity'>>): void;
  /** Removes the session from the registry (the connection is gone). */
  end(): void;
}

/** Live console sessions, so admins can see who is connected and end a session. */
export interface SessionRegistry {
  open(info: Omit<SessionInfo, 'id' | 'startedAt' | 'lastActivity'>, kick: (reason: string) => void): SessionHandle;
  list(): SessionInfo[];
  get(id: string): SessionInfo | undefined;
  /** Ends a session with a message shown to its user. False when there is no such session. */
  kick(id: string, reason: string): boolean;
  onChange(listener: () => void): () => void;
}

export function createSessionRegistry(now: () => number = Date.now): SessionRegistry {
  const sessions = new Map<string, { info: SessionInfo; kick: (reason: string) => void }>();
  const listeners = new Set<() => void>();
  let counter = 0;
  const changed = () => {
    for (const l of listeners) l();
  };
  return {
    open(info, kick) {
      counter += 1;
      const id = `s${counter}`;
      const t = now();
      sessions.set(id, { info: { ...info, id, startedAt: t, lastActivity: t }, kick });
      changed();
      return {
        id,
        update(patch) {
          const s = sessions.get(id);
          if (!s) return;
          Object.assign(s.info, patch);
          if (patch.kind !== undefined || patch.command !== undefined) changed();
        },
        end() {
          if (sessions.delete(id)) changed();
        },
      };
    },
    list: () => [...sessions.values()].map((s) => ({ ...s.info })),
    get: (id) => {
      const s = sessions.get(id);
      return s ? { ...s.info } : undefined;
    },
    kick(id, reason) {
      const s = sessions.get(id);
      if (!s) return false;
      s.kick(reason);
      return true;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
