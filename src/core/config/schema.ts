/**
 * The schema of tux.toml: every key, its default, its description, whether it is a secret and whether a change
 * applies at once ("hot") or needs a restart. The config loader, `tux config schema`, tux.toml.example and the
 * admin console's config screen are all derived from this one table.
 */
import { z } from 'zod';

export type ApplyMode = 'hot' | 'restart';

export interface KeyMeta {
  description: string;
  apply: ApplyMode;
  secret?: boolean;
  /** What a valid value looks like, for error messages ("a user name: ..."). Derived from the type when absent. */
  expected?: string;
}

/** Attaches the metadata the rest of the appliance reads (description, hot/restart, secret) to a field schema. */
function key<T extends z.ZodType>(schema: T, meta: KeyMeta): T {
  return schema.meta({ ...meta }) as T;
}

const port = z.number().int().min(1).max(65535);
const snowflake = z.string().regex(/^\d{17,20}$/, 'a Discord id (17–20 digits)');

export const activitySchema = z.object({
  type: z.enum(['playing', 'streaming', 'listening', 'watching', 'competing']),
  name: z.string().min(1).max(128),
  url: z.url({ protocol: /^https?$/ }).optional(),
});

export const configSchema = z
  .object({
    bot: z
      .object({
        token: key(z.string().default(''), {
          description:
            'Discord bot token. Empty: the bot stays idle until one is set. Also TUX_BOT_TOKEN or DISCORD_TOKEN.',
          apply: 'hot',
          secret: true,
        }),
        prefix: key(z.string().min(1).max(5).default('$'), {
          description: 'Default command prefix for guilds that have not set their own (1–5 characters).',
          apply: 'hot',
        }),
        force_prefix: key(z.boolean().default(false), {
          description: 'Force bot.prefix in every guild, ignoring per-guild prefixes (TUX_BOT_PREFIX sets this too).',
          apply: 'hot',
        }),
        owner_ids: key(z.array(snowflake).default([]), {
          description: 'Discord user ids of the bot owners: they bypass every permission rank.',
          apply: 'hot',
          expected: 'a list of Discord ids (17–20 digits each)',
        }),
        sysadmin_ids: key(z.array(snowflake).default([]), {
          description: 'Discord user ids of sysadmins: they bypass permission ranks but not owner-only commands.',
          apply: 'hot',
          expected: 'a list of Discord ids (17–20 digits each)',
        }),
        dev_guild_ids: key(z.array(snowflake).default([]), {
          description:
            'Register slash commands in these guilds only (instant updates while developing). Empty: global.',
          apply: 'restart',
          expected: 'a list of Discord ids (17–20 digits each)',
        }),
        activities: key(z.array(activitySchema).default([]), {
          description:
            'Rotating presence. Placeholders: {member_count} {guild_count} {bot_name} {bot_version} {prefix}. Empty: Playing "with Linux commands".',
          apply: 'hot',
          expected: 'a list of activities like { type = "playing", name = "with Linux commands" }',
        }),
        activity_interval: key(z.number().int().min(10).max(3600).default(30), {
          description: 'Seconds between activity changes.',
          apply: 'hot',
        }),
        name: key(z.string().min(1).max(32).default('Tux'), {
          description: 'Name the bot uses for itself.',
          apply: 'hot',
        }),
        maintenance: key(z.boolean().default(false), {
          description: 'Maintenance mode: only bot owners can use commands.',
          apply: 'hot',
        }),
      })
      .strict()
      .prefault({}),
    discord: z
      .object({
        api_url: key(z.url({ protocol: /^https?$/ }).default('https://discord.com/api'), {
          description: 'Discord REST base URL. Point it at the bundled emulator to run without Discord.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        message_cache: key(z.number().int().min(0).max(10000).default(200), {
          description: 'Messages kept in memory per channel.',
          apply: 'restart',
        }),
        member_cache: key(z.number().int().min(0).max(1000000).default(5000), {
          description: 'Members kept in memory per guild (the bot and recently active members are always kept).',
          apply: 'restart',
        }),
        presences: key(z.boolean().default(false), {
          description: 'Request the privileged presence intent (only needed by status roles).',
          apply: 'restart',
        }),
      })
      .strict()
      .prefault({}),
    ssh: z
      .object({
        enabled: key(z.boolean().default(true), { description: 'Run the SSH admin console.', apply: 'restart' }),
        host: key(z.string().min(1).default('127.0.0.1'), {
          description: 'Address the SSH console listens on. Keep 127.0.0.1 unless you firewall the port.',
          apply: 'restart',
        }),
        port: key(port.default(2222), { description: 'SSH console port.', apply: 'restart' }),
        user: key(
          z
            .string()
            .regex(/^[a-z_][a-z0-9_-]{0,31}$/)
            .default('tux'),
          {
            description: 'User name admins log in as (ssh USER@host).',
            apply: 'restart',
            expected: 'a user name: lowercase letters, digits, _ or -, starting with a letter or _ (at most 32)',
          },
        ),
        max_sessions: key(z.number().int().min(1).max(100).default(8), {
          description: 'Most concurrent console sessions.',
          apply: 'hot',
        }),
        max_auth_attempts: key(z.number().int().min(1).max(20).default(6), {
          description: 'Authentication attempts allowed per connection.',
          apply: 'hot',
        }),
        login_grace_seconds: key(z.number().int().min(5).max(600).default(20), {
          description: 'Seconds a connection may take to authenticate.',
          apply: 'hot',
        }),
        idle_timeout_seconds: key(z.number().int().min(0).max(86400).default(900), {
          description: 'Idle sessions are closed after this many seconds (0: never).',
          apply: 'hot',
        }),
        max_session_seconds: key(z.number().int().min(0).max(604800).default(28800), {
          description: 'Sessions are closed after this many seconds in all (0: never).',
          apply: 'hot',
        }),
        throttle_per_ip: key(z.number().int().min(0).max(10000).default(8), {
          description:
            'Connections per IP per throttle window that do not end in a login (0: unlimited). Successful logins are not counted.',
          apply: 'hot',
        }),
        throttle_global: key(z.number().int().min(0).max(100000).default(60), {
          description:
            'Key exchanges per throttle window across all IPs that do not end in a login (0: unlimited). Bounds the CPU a flood from many addresses can use.',
          apply: 'hot',
        }),
        banner_timeout_seconds: key(z.number().int().min(1).max(600).default(10), {
          description:
            'Seconds a new TCP connection may take to send its SSH banner before it is closed. When every pre-auth slot is taken, the oldest connection still waiting for its banner is closed to make room.',
          apply: 'hot',
        }),
        throttle_window_seconds: key(z.number().int().min(1).max(3600).default(10), {
          description: 'Throttle window in seconds.',
          apply: 'hot',
        }),
        max_preauth: key(z.number().int().min(1).max(10000).default(20), {
          description: 'Connections allowed to be authenticating at once (all IPs).',
          apply: 'hot',
        }),
        record_sessions: key(z.boolean().default(false), {
          description: 'Record console sessions as asciicast v2 files under <data>/recordings.',
          apply: 'hot',
        }),
        recording_retention_days: key(z.number().int().min(1).max(3650).default(30), {
          description: 'Days to keep session recordings.',
          apply: 'hot',
        }),
      })
      .strict()
      .prefault({}),
    paths: z
      .object({
        data: key(z.string().min(1).default('./data'), {
          description:
            "Directory for the SQLite database, log files and backups. A relative path is resolved from the config file's directory.",
          apply: 'restart',
        }),
        keys: key(z.string().min(1).default('./keys'), {
          description:
            "Directory for the SSH host key and authorized_keys. A relative path is resolved from the config file's directory.",
          apply: 'restart',
        }),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: key(z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'), {
          description: 'Minimum level written to the console and the log file.',
          apply: 'hot',
        }),
        buffer: key(z.number().int().min(100).max(1000000).default(5000), {
          description: 'Log entries kept in memory for the console.',
          apply: 'restart',
        }),
        file: key(z.boolean().default(true), {
          description: 'Write a rotating log file under <data>/logs.',
          apply: 'restart',
        }),
        file_max_mb: key(z.number().int().min(1).max(1024).default(10), {
          description: 'Size of one log file before it rotates, in MiB.',
          apply: 'restart',
        }),
        file_count: key(z.number().int().min(1).max(100).default(5), {
          description: 'Rotated log files kept.',
          apply: 'restart',
        }),
      })
      .strict()
      .prefault({}),
    db: z
      .object({
        synchronous: key(z.enum(['normal', 'full']).default('full'), {
          description:
            'SQLite synchronous mode. full: every commit survives power loss. normal: faster; a power cut may lose the last commits (never corrupts).',
          apply: 'restart',
        }),
        busy_timeout_ms: key(z.number().int().min(0).max(60000).default(5000), {
          description: 'How long a write waits for a lock held by another process.',
          apply: 'restart',
        }),
        backups_kept: key(z.number().int().min(1).max(1000).default(10), {
          description: 'Automatic pre-migration backups kept under <data>/backups.',
          apply: 'hot',
        }),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type TuxConfig = z.infer<typeof configSchema>;
export type TuxConfigInput = z.input<typeof configSchema>;
export type ConfigSection = keyof TuxConfig;
