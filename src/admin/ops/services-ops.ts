import { z } from 'zod';
import { AdminError } from '../admin-errors.ts';
import { defineAdminOp } from '../define-op.ts';

const named = z.object({ name: z.string().min(1, 'give a service name') }).strict();

function requireService(ctx: { services: { get(name: string): unknown; list(): { name: string }[] } }, name: string) {
  if (!ctx.services.get(name)) {
    const known = ctx.services
      .list()
      .map((s) => s.name)
      .join(', ');
    throw new AdminError('not-found', `no service "${name}" (services: ${known})`);
  }
}

export const servicesListOp = defineAdminOp({
  name: 'services.list',
  summary: 'Services with their health',
  role: 'viewer',
  audit: false,
  input: z.object({}).strict(),
  run: (ctx) => ctx.services.list(),
});

export const servicesRestartOp = defineAdminOp({
  name: 'services.restart',
  summary: 'Restart a service and bring back what depends on it (not db or ssh: restart Tux for those)',
  role: 'operator',
  audit: true,
  input: named,
  target: (i) => i.name,
  async run(ctx, { name }) {
    requireService(ctx, name);
    return ctx.services.restart(name);
  },
});

export const servicesStartOp = defineAdminOp({
  name: 'services.start',
  summary: 'Start a stopped service',
  role: 'operator',
  audit: true,
  input: named,
  target: (i) => i.name,
  async run(ctx, { name }) {
    requireService(ctx, name);
    return ctx.services.start(name);
  },
});

export const servicesStopOp = defineAdminOp({
  name: 'services.stop',
  summary: 'Stop a service (and what depends on it)',
  role: 'admin',
  audit: true,
  input: named,
  target: (i) => i.name,
  async run(ctx, { name }) {
    requireService(ctx, name);
    ctx.services.assertControllable(name, 'stop');
    return ctx.services.stop(name);
  },
});
