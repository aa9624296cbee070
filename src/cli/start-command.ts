import type { Command } from 'commander';
import type { App } from '../app.ts';
import { stopWhenLauncherExits } from './node-flags.ts';
import { reportStartup } from './startup-report.ts';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** `tux start`: boots every service, prints where things live and how healthy they are, runs until signalled. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('run the appliance (Discord bot, database, SSH console) in the foreground')
    .action(async () => {
      const configPath = program.opts<{ config?: string }>().config;
      let app: App;
      try {
        // Loaded here, not at the top: the other tux commands never load discord.js, ssh2 or the console.
        const { createApp } = await import('../app.ts');
        app = await createApp(configPath ? { configPath } : {});
      } catch (err) {
        process.stderr.write(`tux: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
        return;
      }
      // Services may hold only unref'd handles (or none, with the console off and no token): keep the process up.
      const keepAlive = setInterval(() => undefined, 2 ** 30);
      installSignalHandlers(app, () => clearInterval(keepAlive));
      stopWhenLauncherExits();
      await app.start();
      app.log.info(
        { dataDir: app.paths.data, config: app.paths.config, keysDir: app.paths.keys, version: app.version },
        `data ${app.paths.data} · config ${app.paths.config} · keys ${app.paths.keys}`,
      );
      reportStartup(app.log, app.services.list(), app.version);
    });
}

/**
 * The first SIGINT/SIGTERM stops the services in reverse order and exits 0 (1 if that takes more than 10 s);
 * a second signal exits at once. These handlers are installed before any console session can load a library
 * with handlers of its own, and they exit the process themselves so no other handler can swallow the signal.
 */
function installSignalHandlers(app: App, onStopped: () => void): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) {
      app.log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    signalled = true;
    app.log.info(`${signal}: shutting down`);
    const timer = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s: exiting anyway');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    app.stop().then(
      () => {
        onStopped();
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`tux: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
