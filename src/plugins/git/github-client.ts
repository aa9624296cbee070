/**
 * The few GitHub REST calls the git plugin makes (repository, issue, new issue), through the plugin's web service,
 * signed in with a token or as a GitHub App (its installation token is kept until shortly before it expires, and
 * asked for again once if GitHub refuses it). Tokens and JWTs go in the Authorization header only; failures become
 * GitError with a sentence a member can act on.
 */
import { type WebService, WebServiceError } from '../../plugin-api/index.ts';
import { type AppCredentials, installationTokens } from './app-auth.ts';
import { GitError } from './git-error.ts';

export { GitError };

/** How the plugin signs in: a token as it is, or as a GitHub App (an installation token made from its key). */
export type GitAuth = { kind: 'token'; token: string } | { kind: 'app'; app: AppCredentials };

export interface GitTarget {
  /** The REST API root, e.g. "https://api.github.com". */
  apiUrl: string;
  /** "owner/name". */
  repo: string;
  auth: GitAuth;
}

export interface GitRepo {
  full_name: string;
  description: string | null;
  stargazers_count: number;
  forks_count: number;
  open_issues_count: number;
  html_url: string;
}

export interface GitIssue {
  number: number;
  title: string;
  body: string | null;
  state: string;
  html_url: string;
  user: { login: string } | null;
  created_at: string;
  updated_at: string;
}

export const REPO_PATTERN = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

function explain(err: unknown, what: string, auth: GitAuth['kind']): never {
  if (err instanceof WebServiceError) {
    if (err.kind === 'not-found') throw new GitError(`${what} was not found.`);
    if (err.status === 401) {
      throw new GitError(
        auth === 'token'
          ? 'GitHub refused the token (401). Check the `token` setting.'
          : "GitHub refused the GitHub App's installation token (401). Check the app's installation.",
      );
    }
    if (err.status === 403) {
      throw new GitError(
        auth === 'token'
          ? 'The token may not do this (403). Check its permissions.'
          : "The GitHub App may not do this (403). Check the app's permissions (Issues: read and write).",
      );
    }
    if (err.status === 422) throw new GitError('GitHub refused the request as invalid (422).');
    throw new GitError(err.userMessage());
  }
  throw err;
}

/** Why GitHub would not give the app an installation token, in words that name the setting to check. */
function explainExchange(err: unknown, c: AppCredentials): never {
  if (err instanceof WebServiceError) {
    if (err.status === 401) {
      throw new GitError(
        'GitHub refused the GitHub App sign-in (401). Check that `app_id` is the App ID and `private_key` is that app’s key.',
      );
    }
    if (err.kind === 'not-found') {
      throw new GitError(
        `GitHub knows no installation ${c.installationId} of this app (404). Check \`installation_id\`.`,
      );
    }
    if (err.status === 403)
      throw new GitError('GitHub would not give the app a token (403): is the installation suspended?');
    throw new GitError(err.userMessage());
  }
  throw err;
}

const root = (apiUrl: string) => apiUrl.replace(/\/+$/, '');

const headers = (bearer: string) => ({
  accept: 'application/vnd.github+json',
  authorization: `Bearer ${bearer}`,
  'x-github-api-version': '2022-11-28',
});

export function githubClient(web: WebService, now: () => number = Date.now) {
  const tokens = installationTokens(async (c, jwt) => {
    try {
      return await web.json<{ token: string; expires_at: string }>({
        path: `${root(c.apiUrl)}/app/installations/${encodeURIComponent(c.installationId)}/access_tokens`,
        method: 'POST',
        headers: headers(jwt),
      });
    } catch (err) {
      explainExchange(err, c);
    }
  }, now);
  const bearer = (auth: GitAuth) => (auth.kind === 'token' ? auth.token : tokens.get(auth.app));
  const call = async <T>(
    t: GitTarget,
    path: string,
    what: string,
    init: { method?: 'GET' | 'POST'; json?: unknown } = {},
  ): Promise<T> => {
    const once = async () =>
      web.json<T>({
        path: `${root(t.apiUrl)}/repos/${t.repo}${path}`,
        ...init,
        headers: headers(await bearer(t.auth)),
      });
    try {
      try {
        return await once();
      } catch (err) {
        // An installation token GitHub no longer takes (revoked, or the clocks disagree): one new one, one retry.
        if (t.auth.kind !== 'app' || !(err instanceof WebServiceError) || err.status !== 401) throw err;
        tokens.drop(t.auth.app);
        return await once();
      }
    } catch (err) {
      explain(err, what, t.auth.kind);
    }
  };
  return {
    repo: (t: GitTarget) => call<GitRepo>(t, '', `Repository ${t.repo}`),
    issue: (t: GitTarget, n: number) => call<GitIssue>(t, `/issues/${n}`, `Issue #${n} in ${t.repo}`),
    createIssue: (t: GitTarget, title: string, body: string) =>
      call<GitIssue>(t, '/issues', `Repository ${t.repo}`, { method: 'POST', json: { title, body } }),
  };
}
