/**
 * git (`g`): GitHub lookups and issue creation for one repository per server, as Tux's git commands: `get_repo`
 * (`r`), `get_issue` (`gi`, `issue`, `i`) and `create_issue` (`ci`, rank 5 unless the server sets another). Off in a
 * server until it sets `repo` and a sign-in: a GitHub App (`app_id`, `installation_id`, `private_key`), which is
 * used whenever all three are set, or else a `token` (a personal access token). The token and the key are secret
 * settings, never shown or logged. `api_url` points at GitHub Enterprise (or a stand-in).
 */
import { arg, definePlugin, type PluginContext, UserError } from '../../plugin-api/index.ts';
import { readPrivateKey } from './app-auth.ts';
import { type GitAuth, GitError, type GitTarget, githubClient, REPO_PATTERN } from './github-client.ts';

interface GitSettings {
  repo: string | null;
  token: string | null;
  app_id: string | null;
  installation_id: string | null;
  private_key: string | null;
  api_url: string;
}

/** The sign-in a server's settings give: the GitHub App when all three of its settings are set, else the token. */
export function signInOf(s: GitSettings, apiUrl: string): GitAuth | null {
  if (s.app_id && s.installation_id && s.private_key) {
    return {
      kind: 'app',
      app: { apiUrl, appId: s.app_id, installationId: s.installation_id, privateKey: s.private_key },
    };
  }
  return s.token ? { kind: 'token', token: s.token } : null;
}

/** Which sign-in a server's settings give, in one line for `config module git`. */
export function signInNote(s: GitSettings): string {
  const auth = signInOf(s, s.api_url);
  if (auth?.kind === 'app') {
    const unused = s.token ? ' The `token` setting is not used while the app is set.' : '';
    return `Sign-in: as the GitHub App ${auth.app.appId} (installation ${auth.app.installationId}).${unused}`;
  }
  const appKeys = ['app_id', 'installation_id', 'private_key'] as const;
  const missing = appKeys.filter((k) => !s[k]);
  const partial =
    missing.length < appKeys.length
      ? ` The GitHub App sign-in is not complete (missing ${missing.map((k) => `\`${k}\``).join(', ')}).`
      : '';
  if (auth?.kind === 'token') return `Sign-in: with the \`token\` setting.${partial}`;
  return `Sign-in: none yet. Set the GitHub App (\`app_id\`, \`installation_id\`, \`private_key\`) or a \`token\`.${partial}`;
}

/** What a value set for `key` must look like (checked when it is set; a refusal changes nothing). */
function checkSetting(key: string, value: unknown): string | null {
  if (typeof value !== 'string') return null;
  switch (key) {
    case 'repo':
      return REPO_PATTERN.test(value) ? null : 'give the repository as owner/name, e.g. allthingslinux/tux';
    case 'api_url':
      return /^https?:\/\/[^\s/]+/.test(value) && URL.canParse(value)
        ? null
        : 'give the REST API root as an http(s) URL, e.g. https://api.github.com';
    case 'app_id':
      return /^\d{1,20}$/.test(value) ? null : "give the App ID, the number on the app's settings page";
    case 'installation_id':
      return /^\d{1,20}$/.test(value)
        ? null
        : "give the installation id, the number at the end of the installation's settings address";
    case 'private_key': {
      const read = readPrivateKey(value);
      return read.ok ? null : read.reason;
    }
    default:
      return null;
  }
}

const COLOR_INFO = 0x5865f2;
const COLOR_SUCCESS = 0x57f287;

/** The link button Tux puts under each answer. */
const viewButton = (url: string) => [{ type: 1, components: [{ type: 2, style: 5, label: 'View on Github', url }] }];

const field = (name: string, value: unknown, inline = true) => ({
  name,
  value: String(value ?? '').slice(0, 1024) || '-',
  inline,
});

function targetOf(tux: PluginContext<GitSettings>, guildId: string | null, prefix: string): GitTarget {
  const s = guildId ? tux.settings(guildId) : null;
  const auth = s ? signInOf(s, s.api_url) : null;
  if (!s?.repo || !auth) {
    throw new UserError(
      'git.not_configured',
      `GitHub is not set up in this server. An admin sets the repository (\`${prefix}config module git repo owner/name\`) and a sign-in: a GitHub App (\`app_id\`, \`installation_id\`, and the key with \`/config module module:git key:private_key value:<the .pem>\`) or a token (\`/config module module:git key:token value:<token>\`).`,
      {},
      'Not Configured',
    );
  }
  if (!REPO_PATTERN.test(s.repo) || !/^https?:\/\//.test(s.api_url)) {
    throw new UserError(
      'git.bad_config',
      'The git settings are not valid: `repo` is "owner/name" and `api_url` an http(s) URL.',
      {},
      'Not Configured',
    );
  }
  return { apiUrl: s.api_url, repo: s.repo, auth };
}

async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof GitError) throw new UserError('git.failed', `${what}: ${err.message}`, {}, 'Error');
    throw err;
  }
}

export default definePlugin<GitSettings>({
  manifest: {
    name: 'git',
    version: '1.1.0',
    description: 'GitHub repository and issue lookups, and issue creation',
    api: '^1.2.0',
    settings: {
      repo: { type: 'string', description: 'The GitHub repository, owner/name', maxLength: 201 },
      token: {
        type: 'secret',
        description: 'A GitHub token (personal access token); not used while the GitHub App is set',
      },
      app_id: {
        type: 'string',
        description: 'GitHub App sign-in: the App ID (with installation_id and private_key it wins over token)',
        maxLength: 20,
      },
      installation_id: {
        type: 'string',
        description: "GitHub App sign-in: the app's installation id on the repository's account",
        maxLength: 20,
      },
      private_key: {
        type: 'secret',
        description: "GitHub App sign-in: the app's private key, the .pem file (\\n for line breaks is fine)",
        maxLength: 4000,
      },
      api_url: {
        type: 'string',
        description: 'The GitHub REST API root (GitHub Enterprise: https://host/api/v3)',
        default: 'https://api.github.com',
        maxLength: 200,
      },
    },
    permissions: { intents: [], network: true },
  },
  create(tux) {
    const github = githubClient(
      tux.web({ label: 'github', baseUrl: 'https://api.github.com', timeoutMs: 10_000, perMinute: 60, burst: 10 }),
    );
    const { defineCommand } = tux.api;
    const getRepo = defineCommand({
      name: 'get_repo',
      aliases: ['r'],
      description: 'Show the repository: description, stars, forks, open issues',
      async run(ctx) {
        const target = targetOf(tux, ctx.guildId, ctx.prefix);
        const repo = await guarded('Error fetching repository', () => github.repo(target));
        await ctx.reply({
          embeds: [
            {
              title: repo.full_name,
              color: COLOR_INFO,
              fields: [
                field('Description', repo.description ?? 'No description', false),
                field('Stars', repo.stargazers_count),
                field('Forks', repo.forks_count),
                field('Open Issues', repo.open_issues_count),
              ],
            },
          ],
          components: viewButton(repo.html_url),
        });
      },
    });
    const getIssue = defineCommand({
      name: 'get_issue',
      aliases: ['gi', 'issue', 'i'],
      description: 'Show an issue by its number',
      args: { issue_number: arg.integer({ description: 'The issue number', min: 1, max: 10_000_000 }) },
      async run(ctx, { issue_number }) {
        const target = targetOf(tux, ctx.guildId, ctx.prefix);
        const issue = await guarded('Error fetching issue', () => github.issue(target, issue_number));
        await ctx.reply({
          embeds: [
            {
              title: issue.title.slice(0, 256),
              description: (issue.body ?? '').slice(0, 4000),
              color: COLOR_INFO,
              fields: [
                field('State', issue.state, false),
                field('Number', issue.number, false),
                field('User', issue.user?.login ?? 'Unknown', false),
                field('Created At', issue.created_at, false),
                field('Updated At', issue.updated_at, false),
              ],
            },
          ],
          components: viewButton(issue.html_url),
        });
      },
    });
    const createIssue = defineCommand({
      name: 'create_issue',
      aliases: ['ci'],
      description: 'Create an issue in the repository',
      defaultRank: 5,
      examples: ['git ci "Crash on start" It stops right after login.'],
      args: {
        title: arg.string({ description: 'The title of the issue', min: 1, max: 256 }),
        body: arg.text({ description: 'The body of the issue', min: 1, max: 3000 }),
      },
      async run(ctx, { title, body }) {
        const target = targetOf(tux, ctx.guildId, ctx.prefix);
        const issueBody = `${body}\n\nAuthor: ${ctx.user.username}`;
        const created = await guarded('Error creating issue', () => github.createIssue(target, title, issueBody));
        tux.log.info({ issue: created.number, repo: target.repo, user: ctx.user.id }, 'issue created');
        await ctx.reply({
          embeds: [
            {
              title: 'Issue Created',
              description: 'The issue has been created successfully.',
              color: COLOR_SUCCESS,
              fields: [
                field('Issue Number', created.number, false),
                field('Title', title, false),
                field('Body', issueBody, false),
              ],
            },
          ],
          components: viewButton(created.html_url),
        });
      },
    });
    const git = defineCommand({
      name: 'git',
      aliases: ['g'],
      description: 'GitHub: the repository and its issues (signed in as the GitHub App when set, else by token)',
      category: 'Utility',
      guildOnly: true,
      defaultRank: 0,
      subcommands: [getRepo, createIssue, getIssue],
    });
    return { commands: [git], checkSetting, settingsNote: (guildId) => signInNote(tux.settings(guildId)) };
  },
});
