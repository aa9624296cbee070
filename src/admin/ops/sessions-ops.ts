import { z } from 'zod';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

export const sessionsListOp = defineAdminOp({
  name: 'sessions.list',
  summary: 'Who is connected to the console',
  role: 'viewer',
  audit: false,
  input: z.object({}).strict(),
  run: (ctx) => ctx.sessions.list(),
});

export const sessionsKickOp = defineAdminOp({
  name: 'sessions.kick',
  summary: 'End a console session',
  role: 'admin',
  audit: true,
  input: z.object({ id: z.string().min(1, 'give a session id (see sessions)') }).strict(),
  target: (i) => i.id,
  run(ctx, { id }, actor) {
    const s = ctx.sessions.get(id);
    if (!s) throw new AdminError('not-found', `no session "${id}"`);
    ctx.sessions.kick(id, `ended by ${actor.label || actor.id}`);
    return { id, actor: s.actor, address: s.address };
  },
});
