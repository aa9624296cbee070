import type { Logger } from '#core/log/types.ts';
import type { ServiceState } from '#core/services/types.ts';
import { effectiveNodeFlags } from './node-flags.ts';

/**
 * The lines `tux start` logs once every service has had its turn: one per service that is not ok, then the ready
 * line. A service still starting (the Discord gateway while it connects) is normal and logged at info; only a
 * degraded or down service is a warning, and a stopped one is information.
 */
export function reportStartup(log: Logger, states: ServiceState[], version: string): void {
  const summary = states.map((s) => `${s.name}=${s.health.status}`).join(' ');
  for (const s of states) {
    if (s.health.status === 'ok') continue;
    const line = `${s.name}: ${s.health.status}: ${s.health.detail}`;
    if (s.health.status === 'degraded' || s.health.status === 'down') log.warn({ service: s.name }, line);
    else log.info({ service: s.name }, line);
  }
  log.info(
    { services: summary, startupMs: Math.round(performance.now()), nodeFlags: effectiveNodeFlags() },
    `Tux ${version} ready (${summary})`,
  );
}
