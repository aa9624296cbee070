/**
 * mail: `mail register <member> <username>` makes a mailbox `<username>@<domain>` on the server's Mailcow (Tux's
 * flow): the username must be letters and digits, the member gets their address and first password by DM (the
 * password hidden behind a spoiler) and must change it at first login. Off in a server until it sets `api_url`,
 * `api_key` (a secret) and `domain`. Rank 5 unless the server gives the command another rank.
 */
import { arg, definePlugin, type PluginContext, UserError, WebServiceError } from '../../plugin-api/index.ts';
import { firstPassword, type MailTarget, registerMailbox } from './mailcow.ts';

interface MailSettings {
  api_url: string | null;
  api_key: string | null;
  domain: string | null;
  quota_mb: number;
  webmail_url: string | null;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function targetOf(tux: PluginContext<MailSettings>, guildId: string | null, prefix: string): MailTarget {
  const s = guildId ? tux.settings(guildId) : null;
  if (!s?.api_url || !s.api_key || !s.domain) {
    throw new UserError(
      'mail.not_configured',
      `Mail is not set up in this server. An admin sets the Mailcow API and the domain: \`${prefix}config module mail api_url https://mail.example.org/api/v1\`, \`${prefix}config module mail domain example.org\` and the key with \`/config module module:mail key:api_key value:<key>\`.`,
      {},
      'Not Configured',
    );
  }
  if (!/^https?:\/\//.test(s.api_url) || !DOMAIN.test(s.domain)) {
    throw new UserError(
      'mail.bad_config',
      'The mail settings are not valid: `api_url` is an http(s) URL and `domain` a domain name.',
      {},
      'Not Configured',
    );
  }
  return { apiUrl: s.api_url, apiKey: s.api_key, domain: s.domain, quotaMb: s.quota_mb };
}

function dmText(mention: string, address: string, password: string, webmail: string | null): string {
  const access = webmail ? `\n**Access Mailbox**: ${webmail}` : '';
  return [
    `Hello ${mention},`,
    '**Your mailbox has been successfully registered!**',
    `**Email Address**: \`${address}\`${access}`,
    `**Default Password**: ||\`${password}\`||`,
    '**Please change your password after logging in for the first time.**',
    'After changing it you can set up your mailbox in your mail client or on your phone. If you have any questions, ask the server staff. Enjoy your new mailbox! 📬',
  ].join('\n');
}

export default definePlugin<MailSettings>({
  manifest: {
    name: 'mail',
    version: '1.0.0',
    description: 'Register mailboxes on a Mailcow server for members',
    api: '^1.1.0',
    settings: {
      api_url: { type: 'string', description: 'The Mailcow API root, e.g. https://mail.example.org/api/v1' },
      api_key: { type: 'secret', description: 'A Mailcow read-write API key' },
      domain: { type: 'string', description: 'The mail domain new mailboxes are made in', maxLength: 253 },
      quota_mb: {
        type: 'integer',
        description: 'Mailbox size in MB',
        default: 3072,
        min: 1,
        max: 1_048_576,
      },
      webmail_url: { type: 'string', description: 'Where members read their mail (shown in the DM)' },
    },
    permissions: { intents: [], network: true },
  },
  create(tux) {
    const web = tux.web({ label: 'mailcow', baseUrl: 'https://localhost', timeoutMs: 10_000, retries: 0 });
    const { defineCommand } = tux.api;
    const register = defineCommand({
      name: 'register',
      description: 'Register a mailbox for a member',
      args: {
        member: arg.member({ description: 'The member to register for mail' }),
        username: arg.string({ description: 'The username (letters and digits)', min: 1, max: 64 }),
      },
      examples: ['mail register @carol carol'],
      async run(ctx, { member, username }) {
        if (!/^[\p{L}\p{N}]+$/u.test(username)) {
          throw new UserError('mail.username', 'Username must be alphanumeric and contain no spaces.', {}, 'Invalid');
        }
        const target = targetOf(tux, ctx.guildId, ctx.prefix);
        await ctx.defer({ ephemeral: true });
        const password = firstPassword();
        let result: Awaited<ReturnType<typeof registerMailbox>>;
        try {
          result = await registerMailbox(web, target, { username, password, memberId: member.id });
        } catch (err) {
          if (err instanceof WebServiceError) {
            throw new UserError('mail.unreachable', `The mail server could not be reached: ${err.userMessage()}`);
          }
          throw err;
        }
        if (!result.ok) {
          const message = {
            quota: 'Failed to register the mailbox. Quota limit exceeded.',
            exists: `Failed to register the mailbox: ${result.detail || 'it'} already exists.`,
            unauthorized: 'Unauthorized. Check your API credentials.',
            refused: `Failed to register the requested username for mail. ${result.detail}.`,
          }[result.reason];
          throw new UserError(`mail.${result.reason}`, message, {}, 'Mail');
        }
        tux.log.info({ member: member.id, address: result.address }, 'mailbox registered');
        await ctx.reply({ content: `Successfully registered ${result.address} for mail.`, ephemeral: true });
        const webmail = ctx.guildId ? tux.settings(ctx.guildId).webmail_url : null;
        const sent = await member
          .send({ content: dmText(`<@${member.id}>`, result.address, password, webmail), flags: 4 })
          .then(() => true)
          .catch(() => false);
        if (!sent) {
          await ctx.reply({
            content: `Failed to send a DM to <@${member.id}>. Please enable DMs from server members.`,
            ephemeral: true,
          });
        }
      },
    });
    const mail = defineCommand({
      name: 'mail',
      description: 'Mail commands',
      category: 'Utility',
      guildOnly: true,
      defaultRank: 5,
      subcommands: [register],
    });
    return { commands: [mail] };
  },
});
