import type { Role } from './roles.ts';

/** Who runs an admin operation. */
export interface Actor {
  /** Audit identity: "ssh:SHA256:…" or "cli:root". */
  id: string;
  role: Role;
  /** Client address ("203.0.113.5:51234") for SSH actors. */
  address?: string;
  /** Console session id, when the action comes from one. */
  sessionId?: string;
  /** Key comment (without the role marker), for display. */
  label?: string;
}

export function sshActor(fingerprint: string, role: Role, address: string, extra: Partial<Actor> = {}): Actor {
  return { id: `ssh:${fingerprint}`, role, address, ...extra };
}

/** Local CLI users are trusted like root on the box: whoever can run `tux` can read the data directory. */
export function cliActor(user: string): Actor {
  return { id: `cli:${user}`, role: 'admin' };
}
