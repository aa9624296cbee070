/**
 * The few GitHub REST calls the git plugin makes (repository, issue, new issue), through the plugin's web service.
 * The token goes in the Authorization header only; failures become GitError with a sentence a member can act on.
 */
import { type WebService, WebServiceError } from '../../plugin-api/index.ts';

export interface GitTarget {
  /** The REST API root, e.g. "https://api.github.com". */
  apiUrl: string;
  /** "owner/name". */
  repo: string;
  token: string;
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

export class GitError extends Error {}

export const REPO_PATTERN = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

function explain(err: unknown, what: string): never {
  if (err instanceof WebServiceError) {
    if (err.kind === 'not-found') throw new GitError(`${what} was not found.`);
    if (err.status === 401) throw new GitError('GitHub refused the token (401). Check the `token` setting.');
    if (err.status === 403) throw new GitError('The token may not do this (403). Check its permissions.');
    if (err.status === 422) throw new GitError('GitHub refused the request as invalid (422).');
    throw new GitError(err.userMessage());
  }
  throw err;
}

export function githubClient(web: WebService) {
  const call = async <T>(
    t: GitTarget,
    path: string,
    what: string,
    init: { method?: 'GET' | 'POST'; json?: unknown } = {},
  ): Promise<T> => {
    try {
      return await web.json<T>({
        path: `${t.apiUrl.replace(/\/+$/, '')}/repos/${t.repo}${path}`,
        ...init,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${t.token}`,
          'x-github-api-version': '2022-11-28',
        },
      });
    } catch (err) {
      explain(err, what);
    }
  };
  return {
    repo: (t: GitTarget) => call<GitRepo>(t, '', `Repository ${t.repo}`),
    issue: (t: GitTarget, n: number) => call<GitIssue>(t, `/issues/${n}`, `Issue #${n} in ${t.repo}`),
    createIssue: (t: GitTarget, title: string, body: string) =>
      call<GitIssue>(t, '/issues', `Repository ${t.repo}`, { method: 'POST', json: { title, body } }),
  };
}
