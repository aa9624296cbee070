import fs from 'node:fs';
import { z } from 'zod';
import type { AdminContext, BotStatus } from '../admin-context.ts';
import { defineAdminOp } from '../define-op.ts';

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Why there are no bot numbers, in words an admin can act on. */
export function botAbsentReason(ctx: AdminContext): string {
  let token = '';
  try {
    token = String(ctx.config.get('bot.token') ?? '');
  } catch {}
  return token ? 'not connected: the bot runtime is not running' : 'not connected: no token (set bot.token)';
}

export const statusOp = defineAdminOp({
  name: 'status',
  summary: 'Overview: bot, services, memory, database, sessions, recent activity',
  role: 'viewer',
  audit: false,
  input: z.object({}).strict(),
  run(ctx) {
    const mem = process.memoryUsage();
    let bot: BotStatus | null = null;
    let botError: string | null = null;
    try {
      bot = ctx.bot ? ctx.bot.status() : null;
    } catch (err) {
      botError = (err as Error).message;
    }
    const modules = ctx.modules.list();
    const services = ctx.services.list();
    // A warning about a service (it failed to start, it has no keys) is a snapshot: once the service is healthy
    // again it no longer applies, so the Overview stops showing it.
    const healthy = new Set(services.filter((s) => s.health.status === 'ok').map((s) => s.name));
    const recentErrors = ctx.logs.hub
      .recent({ minLevel: 'warn' }, 40)
      .filter((e) => !(typeof e.fields.service === 'string' && healthy.has(e.fields.service)))
      .slice(-8);
    return {
      version: ctx.version,
      startedAt: ctx.startedAt,
      uptimeSec: Math.round((Date.now() - ctx.startedAt) / 1000),
      pid: process.pid,
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, heapTotal: mem.heapTotal },
      db: {
        path: ctx.db.path,
        bytes: fileSize(ctx.db.path) + fileSize(`${ctx.db.path}-wal`),
      },
      bot,
      botNote: bot ? null : (botError ?? botAbsentReason(ctx)),
      services,
      modules: {
        enabled: modules.filter((m) => m.status === 'enabled').length,
        disabled: modules.filter((m) => m.status === 'disabled').length,
        failed: modules.filter((m) => m.status === 'failed').length,
      },
      sessions: ctx.sessions.list().length,
      logs: ctx.logs.hub.stats(),
      recentAudit: ctx.audit.query({ limit: 8 }),
      recentErrors,
    };
  },
});

export const guildsListOp = defineAdminOp({
  name: 'guilds.list',
  summary: 'Guilds the bot is in',
  role: 'viewer',
  audit: false,
  input: z.object({}).strict(),
  run(ctx) {
    return { connected: Boolean(ctx.bot), guilds: ctx.bot ? ctx.bot.guilds() : [] };
  },
});
