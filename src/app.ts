/**
 * Composition root: builds the App context from config, wires every service and module, and nothing else.
 * Tests build a real App on a temporary directory through createApp; there are no globals.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminContext } from '#admin/admin-context.ts';
import { createSessionRegistry } from '#admin/session-registry.ts';
import { createAuditTrail, reanchorAuditHead } from '#core/audit/index.ts';
import { loadConfig, resolveConfigPaths, secretValues } from '#core/config/index.ts';
import type { CoreContext } from '#core/context.ts';
import { applyStagedRestore, createDbService, openDb } from '#core/db/index.ts';
import { filePermissionWarnings } from '#core/file-permission-checks.ts';
import { type HealthWriter, startHealthWriter } from '#core/health/health-file.ts';
import { createLogSystem, followLogLevel, logOptionsFromConfig, registerConfigSecrets } from '#core/log/index.ts';
import { attachJobs } from '#core/modules/attach-jobs.ts';
import { ModuleManager } from '#core/modules/module-manager.ts';
import { createModulesService } from '#core/modules/modules-service.ts';
import { createSafeRegex } from '#core/safe-regex/index.ts';
import { createScheduler } from '#core/scheduler/index.ts';
import { ServiceRegistry } from '#core/services/service-registry.ts';
import { GuildSettings } from '#core/settings/guild-settings.ts';
import { readVersion } from '#core/version.ts';
import type { BotContext } from '#discord/context.ts';
import { createDiscordService, type DiscordService, type DiscordServiceOptions } from '#discord/discord-service.ts';
import { createAfkModule } from '#modules/afk/index.ts';
import { createAutomodModule } from '#modules/automod/index.ts';
import { createBookmarksModule } from '#modules/bookmarks/index.ts';
import { createCoreModule } from '#modules/core/index.ts';
import { createEventlogModule } from '#modules/eventlog/index.ts';
import { createGifLimiterModule } from '#modules/giflimiter/index.ts';
import { createInfoModule } from '#modules/info/index.ts';
import { createLevelsModule } from '#modules/levels/index.ts';
import { createMaintenanceModule } from '#modules/maintenance/index.ts';
import { createModerationModules } from '#modules/moderation/index.ts';
import { createMusicModule, createMusicService } from '#modules/music/index.ts';
import { createPollModule } from '#modules/poll/index.ts';
import { createRemindersModule } from '#modules/reminders/index.ts';
import { createSnippetsModule } from '#modules/snippets/index.ts';
import { createStarboardModule } from '#modules/starboard/index.ts';
import { createStatusRolesModule } from '#modules/statusroles/index.ts';
import { createTempVoiceModule } from '#modules/tempvoice/index.ts';
import { createUtilityModule } from '#modules/utility/index.ts';
import { createWebModule, createWebServices } from '#modules/web/index.ts';
import { createSshService, type SshService } from '#ssh/ssh-service.ts';
import { loadPlugins } from './plugin-host/load-plugins.ts';
import { bundledPlugins } from './plugins/index.ts';

export interface AppOptions {
  /** Config file; default: TUX_CONFIG or ./tux.toml. */
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Where console logs go (default process.stdout). */
  stdout?: NodeJS.WritableStream;
  /** Options for the Discord runtime (tests shorten its timeouts). */
  discord?: DiscordServiceOptions;
}

export type App = CoreContext &
  BotContext &
  AdminContext & {
    readonly discordService: DiscordService;
    /** Null when the console is switched off (ssh.enabled = false). */
    readonly sshService: SshService | null;
    start(): Promise<void>;
    stop(): Promise<void>;
  };

export class StartupError extends Error {
  override readonly name = 'StartupError';
}

function ensureWritableDir(path: string, what: string): void {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    accessSync(path, constants.W_OK | constants.R_OK);
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    throw new StartupError(`${what} ${path} is not writable (${reason}); fix its permissions or set another path`);
  }
}

export async function createApp(opts: AppOptions = {}): Promise<App> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const config = loadConfig({ ...(opts.configPath ? { path: opts.configPath } : {}), env, cwd });
  const cfg = config.current();
  const paths = resolveConfigPaths(config);
  ensureWritableDir(paths.data, 'data directory');
  ensureWritableDir(paths.keys, 'keys directory');

  const logs = createLogSystem({ ...logOptionsFromConfig(cfg, paths.data), stdout: opts.stdout ?? process.stdout });
  registerConfigSecrets(logs, config);
  followLogLevel(logs, config);
  config.watch({ log: logs.child('config') });
  const log = logs.child('core');
  for (const warning of config.warnings) log.warn(warning);
  for (const warning of filePermissionWarnings(config, paths.keys)) log.warn(warning);

  // A restore staged from the console while the appliance ran is swapped in before the database opens.
  const staged = await applyStagedRestore({
    dataDir: paths.data,
    dbPath: join(paths.data, 'tux.db'),
    backupsDir: join(paths.data, 'backups'),
    log: logs.child('db'),
  });
  const db = await openDb({
    path: join(paths.data, 'tux.db'),
    synchronous: cfg.db.synchronous,
    busyTimeoutMs: cfg.db.busy_timeout_ms,
    backupsDir: join(paths.data, 'backups'),
    backupsKept: cfg.db.backups_kept,
    log: logs.child('db'),
    exclusive: true,
  });
  // The audit head record in keys/ named the end of the replaced database; it now names the end of this one.
  if (staged.status === 'restored') reanchorAuditHead(db, paths.keys);
  const audit = createAuditTrail({
    db,
    keysDir: paths.keys,
    secrets: () => secretValues(config.current()),
    onAnchorError: (err) => log.error({ err }, 'could not update the audit head record in the keys folder'),
  });
  const stored = audit.recheckStoredSecrets();
  if (stored.found.length > 0) {
    log.warn(
      { rows: stored.found.slice(0, 20) },
      `${stored.found.length} older audit row(s) hold a secret; they are masked wherever shown, but the database file still has it: rotate the bot token`,
    );
  }
  const scheduler = createScheduler({ db, log: logs.child('scheduler') });
  const services = new ServiceRegistry(logs.child('services'));

  // biome-ignore lint/suspicious/noExplicitAny: filled in just below; the manager needs the finished context
  let ctx: App = undefined as any;
  const modules = new ModuleManager<BotContext>({ db, log: logs.child('modules'), audit, context: () => ctx });
  modules.addAttacher(attachJobs(scheduler));
  const settings = new GuildSettings({
    db,
    audit,
    log: logs.child('settings'),
    redact: (secret) => logs.addSecret(secret),
    schemas: {
      schemaOf: (name) => modules.get(name)?.config,
      names: () => modules.definitions().map((m) => m.name),
    },
  });

  services.register(createDbService(db));
  services.register(scheduler);
  services.register(createModulesService(modules));

  let stopping: Promise<void> | null = null;
  let health: HealthWriter | null = null;
  let unwatchServices: (() => void) | null = null;
  const core: CoreContext = {
    config,
    logs,
    log,
    db,
    scheduler,
    services,
    audit,
    modules,
    settings,
    paths,
    version: readVersion(),
    startedAt: Date.now(),
  };
  // The Discord runtime and the console are built on the kernel; modules get the finished context.
  const discordService = createDiscordService(core, opts.discord ?? {});
  const sessions = createSessionRegistry();
  const admin: AdminContext = Object.assign(core, { sessions, bot: discordService.statusProvider });
  const sshService = cfg.ssh.enabled ? createSshService(admin) : null;
  modules.addAttacher(discordService.attacher);
  services.register(discordService);
  if (sshService) services.register(sshService);

  modules.register(createCoreModule());
  modules.register(createMaintenanceModule());
  const moderation = createModerationModules();
  for (const m of moderation.modules) modules.register(m);
  modules.register(createLevelsModule());
  modules.register(createSnippetsModule());
  modules.register(createRemindersModule());
  modules.register(createStarboardModule());
  modules.register(createAfkModule());
  modules.register(createInfoModule());
  modules.register(createUtilityModule());
  modules.register(createPollModule());
  modules.register(createBookmarksModule());
  modules.register(createGifLimiterModule());
  const safeRegex = createSafeRegex({ timeoutMs: 100 });
  services.register(safeRegex);
  modules.register(createAutomodModule({ pipeline: moderation.pipeline, regex: safeRegex }));
  modules.register(createEventlogModule());
  modules.register(createTempVoiceModule());
  modules.register(createStatusRolesModule({ regex: safeRegex }));
  const web = createWebServices(cfg.web, logs);
  for (const s of web.all()) services.register(s);
  modules.register(createWebModule({ services: web, config: cfg.web, dataDir: paths.data, log: logs.child('web') }));
  const music = createMusicService(logs.child('music'));
  services.register(music);
  modules.register(createMusicModule({ service: music, dataDir: paths.data }));
  // Plugins come last: their command names are checked against every module's.
  await loadPlugins({
    modules,
    logs,
    services,
    app: () => ctx,
    bundled: bundledPlugins(),
    dir: join(paths.data, 'plugins'),
  });

  ctx = Object.assign(admin, {
    discord: discordService.runtime,
    discordService,
    sshService,
    async start() {
      await services.startAll();
      audit.record({ actor: 'system', action: 'app.start', outcome: 'ok', details: { version: ctx.version } });
      health = startHealthWriter({
        dataDir: paths.data,
        report: () => ({
          version: core.version,
          startedAt: core.startedAt,
          services: services.list().map((s) => ({ name: s.name, status: s.health.status, detail: s.health.detail })),
        }),
        onError: (err) => log.warn({ err }, `cannot write ${paths.data}/health.json; \`tux health\` will report stale`),
      });
      // A service going down shows in `tux health` at once, not at the next tick.
      unwatchServices = services.onChange(() => health?.write());
    },
    stop() {
      stopping ??= (async () => {
        unwatchServices?.();
        health?.stop();
        audit.record({ actor: 'system', action: 'app.stop', outcome: 'ok' });
        await services.stopAll();
        db.close();
        config.close();
        await logs.close();
      })();
      return stopping;
    },
  });
  return ctx;
}
