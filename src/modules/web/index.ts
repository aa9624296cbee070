/**
 * Web lookups: `xkcd`, `tldr`, `wiki arch|atl`, `run` and `languages`, and `wolfram` when an app id is set. Every
 * lookup goes through a WebService (timeouts, retries on 5xx/429, a rate limit and a cache per service), and each
 * service shows its health on the console's Services screen. tldr answers from a local copy of the pages in the
 * data dir, refreshed in the background, so it keeps working while its host is down.
 */
import path from 'node:path';
import type { TuxConfig } from '#core/config/schema.ts';
import type { Logger } from '#core/log/types.ts';
import { defineModule } from '#discord/module.ts';
import { createRunCommand, languagesCommand } from './run-command.ts';
import { createTldrCommand } from './tldr-command.ts';
import { createTldrStore } from './tldr-store.ts';
import type { WebServices } from './web-services.ts';
import { createWikiCommand } from './wiki.ts';
import { createWolframCommand } from './wolfram.ts';
import { createXkcdCommand } from './xkcd.ts';

export { createWebServices, type WebServices } from './web-services.ts';

const STALE_CHECK_MS = 3_600_000;

export function createWebModule(opts: {
  services: WebServices;
  config: TuxConfig['web'];
  dataDir: string;
  log: Logger;
}) {
  const { services } = opts;
  const tldr = createTldrStore({
    dir: path.join(opts.dataDir, 'tldr'),
    service: services.tldr,
    log: opts.log,
    refreshHours: opts.config.tldr_refresh_hours,
  });
  return defineModule({
    name: 'web',
    description: 'Web lookups: xkcd, tldr, ArchWiki and atl.wiki search, running code, Wolfram|Alpha',
    commands: [
      createXkcdCommand(services.xkcd),
      createTldrCommand(tldr),
      createWikiCommand(services.archWiki, services.atlWiki),
      createRunCommand(services),
      languagesCommand,
      ...(services.wolfram ? [createWolframCommand(services.wolfram, opts.config.wolfram_app_id)] : []),
    ],
    setup() {
      tldr.refreshIfStale();
      const timer = setInterval(() => tldr.refreshIfStale(), STALE_CHECK_MS);
      timer.unref();
      return () => clearInterval(timer);
    },
  });
}
