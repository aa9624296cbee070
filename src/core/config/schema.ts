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
const httpUrl = z.url({ protocol: /^https?$/ });
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
        cdn_url: key(z.url({ protocol: /^https?$/ }).default('https://cdn.discordapp.com'), {
          description:
            "Discord's CDN base URL (avatars and other images). Point it at the bundled emulator with api_url.",
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        message_cache: key(z.number().int().min(0).max(10000).default(50), {
          description:
            'Messages kept in memory per channel. Nothing needs more than a few: commands fetch older messages when they need them.',
          apply: 'restart',
        }),
        message_cache_total: key(z.number().int().min(0).max(1000000).default(1000), {
          description:
            'Messages kept in memory across all channels together (the oldest goes first), so a server with many busy channels stays small; a message not in memory is fetched when needed, and the event log keeps deleted content in the database.',
          apply: 'restart',
        }),
        member_cache: key(z.number().int().min(0).max(1000000).default(5000), {
          description:
            'Members kept in memory per guild (the bot is always kept); a member not in memory is fetched when needed.',
          apply: 'restart',
        }),
        presences: key(z.boolean().default(false), {
          description:
            'Allow the privileged presence intent (enable it in the Developer Portal first); it is requested only while status roles are set up in some guild.',
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
    web: z
      .object({
        timeout_ms: key(z.number().int().min(1000).max(120000).default(10000), {
          description:
            'How long a web lookup (xkcd, tldr, wiki, run, wolfram) may take before the user is told it failed.',
          apply: 'restart',
        }),
        xkcd_url: key(httpUrl.default('https://xkcd.com'), {
          description: 'xkcd base URL (its JSON API), for the xkcd command.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        tldr_archive_url: key(httpUrl.default('https://github.com/tldr-pages/tldr/releases/latest/download'), {
          description:
            'Where the tldr page archives (tldr-pages.zip, tldr-pages.LANG.zip) are downloaded from, into <data>/tldr.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        tldr_refresh_hours: key(z.number().int().min(1).max(8760).default(168), {
          description: 'Age in hours after which the local tldr pages are refreshed in the background.',
          apply: 'restart',
        }),
        wandbox_url: key(httpUrl.default('https://wandbox.org'), {
          description: 'Wandbox base URL, for the run command.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        godbolt_url: key(httpUrl.default('https://godbolt.org'), {
          description: 'Compiler Explorer (Godbolt) base URL, for the run command.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        arch_wiki_url: key(httpUrl.default('https://wiki.archlinux.org'), {
          description: 'ArchWiki base URL (MediaWiki), for wiki arch.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        atl_wiki_url: key(httpUrl.default('https://atl.wiki'), {
          description: 'All Things Linux wiki base URL (MediaWiki), for wiki atl.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        wolfram_url: key(httpUrl.default('https://api.wolframalpha.com'), {
          description: 'Wolfram|Alpha API base URL, for the wolfram command.',
          apply: 'restart',
          expected: 'an http(s) URL',
        }),
        wolfram_app_id: key(z.string().default(''), {
          description: 'Wolfram|Alpha app id. Empty: the wolfram command is not offered.',
          apply: 'restart',
          secret: true,
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
    performance: z
      .object({
        profile: key(z.enum(['pi', 'default']).default('pi'), {
          description:
            "Memory settings for Node.js. pi: a small young generation (the least memory; what a Raspberry Pi or a small VPS wants). default: Node.js's own settings (more memory, a little less garbage-collection work under heavy load).",
          apply: 'restart',
        }),
        semi_space_mb: key(z.number().int().min(0).max(256).default(0), {
          description:
            "V8 young-generation semi-space size in MiB (--max-semi-space-size). 0: the profile's (pi: 1, kept at run time with no second process; default: Node.js's).",
          apply: 'restart',
        }),
        heap_limit_mb: key(z.number().int().min(0).max(65536).default(0), {
          description:
            'Limit of the V8 old generation in MiB (--max-old-space-size); Tux exits with an out-of-memory error beyond it. 0: no limit of its own (Node.js decides).',
          apply: 'restart',
        }),
      })
      .strict()
      .prefault({}),
    backup: z
      .object({
        enabled: key(z.boolean().default(true), {
          description: 'Back the database up on a schedule (SQLite online backup; safe while Tux runs).',
          apply: 'hot',
        }),
        interval_hours: key(z.number().int().min(1).max(168).default(24), {
          description: 'Hours between scheduled backups (24: daily).',
          apply: 'hot',
        }),
        keep: key(z.number().int().min(1).max(1000).default(7), {
          description:
            'Scheduled backups kept; older ones are deleted. Manual and pre-migration backups are not counted.',
          apply: 'hot',
        }),
        dir: key(z.string().default(''), {
          description:
            'Directory for scheduled backups. Empty: <data>/backups. A relative path is resolved from the data directory.',
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
