/**
 * The external services behind the web commands, one WebService each, built from the [web] config section. They
 * are registered with the service registry (the console's Services screen shows their health) by the app.
 */
import type { TuxConfig } from '#core/config/schema.ts';
import { createWebService, type WebService } from '#core/http/web-service.ts';
import type { LogSystem } from '#core/log/types.ts';

export interface WebServices {
  xkcd: WebService;
  tldr: WebService;
  wandbox: WebService;
  godbolt: WebService;
  archWiki: WebService;
  atlWiki: WebService;
  /** Null when no Wolfram|Alpha app id is configured. */
  wolfram: WebService | null;
  all(): WebService[];
}

export function createWebServices(cfg: TuxConfig['web'], logs: Pick<LogSystem, 'child'>): WebServices {
  const log = logs.child('web');
  const make = (name: string, label: string, baseUrl: string, extra: { timeoutMs?: number; perMinute?: number } = {}) =>
    createWebService({
      name: `web.${name}`,
      label,
      baseUrl,
      log,
      timeoutMs: extra.timeoutMs ?? cfg.timeout_ms,
      ...extra,
    });
  const services = {
    xkcd: make('xkcd', 'xkcd', cfg.xkcd_url),
    // The archive is a few MiB: it gets longer than a lookup.
    tldr: make('tldr', 'tldr', cfg.tldr_archive_url, { timeoutMs: Math.max(cfg.timeout_ms, 60_000), perMinute: 10 }),
    wandbox: make('wandbox', 'Wandbox', cfg.wandbox_url, { perMinute: 30 }),
    godbolt: make('godbolt', 'Godbolt', cfg.godbolt_url, {
      timeoutMs: Math.max(cfg.timeout_ms, 15_000),
      perMinute: 30,
    }),
    archWiki: make('archwiki', 'ArchWiki', cfg.arch_wiki_url),
    atlWiki: make('atlwiki', 'atl.wiki', cfg.atl_wiki_url),
    wolfram: cfg.wolfram_app_id ? make('wolfram', 'Wolfram|Alpha', cfg.wolfram_url, { perMinute: 20 }) : null,
  };
  return {
    ...services,
    all() {
      const { wolfram, ...rest } = services;
      return [...Object.values(rest), ...(wolfram ? [wolfram] : [])];
    },
  };
}
