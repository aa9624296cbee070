import type { UploadedFile } from './http-body.ts';

/** Route table for the REST API, in the OpenAPI spec's template syntax (`/channels/{channel_id}`). */

export interface RestRequest {
  method: string;
  path: string;
  route: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
  auditLogReason: string | null;
}

export interface RestResult {
  status: number;
  body?: unknown;
}

export type RestHandler = (request: RestRequest) => RestResult | Promise<RestResult>;

export interface RouteDefinition {
  method: string;
  route: string;
  /** Interaction callbacks and webhook-token routes are authorised by their token, not the bot token. */
  auth: 'bot' | 'token';
  handler: RestHandler;
}

export interface RouteMatch {
  definition: RouteDefinition;
  params: Record<string, string>;
}

export class RestRouter {
  readonly #routes: { definition: RouteDefinition; segments: string[]; literals: number }[] = [];

  add(method: string, route: string, handler: RestHandler, auth: 'bot' | 'token' = 'bot'): void {
    const segments = route.split('/').filter(Boolean);
    const literals = segments.filter((s) => !s.startsWith('{')).length;
    this.#routes.push({ definition: { method, route, auth, handler }, segments, literals });
  }

  get routes(): RouteDefinition[] {
    return this.#routes.map((r) => r.definition);
  }

  /** Finds the route; literal segments win over parameters (`/users/@me` over `/users/{user_id}`). */
  match(method: string, path: string): RouteMatch | { methodNotAllowed: boolean } {
    const parts = path.split('/').filter(Boolean).map(safeDecode);
    let best: { definition: RouteDefinition; params: Record<string, string>; literals: number } | null = null;
    let pathMatched = false;
    for (const candidate of this.#routes) {
      if (candidate.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const segment = candidate.segments[i]!;
        const part = parts[i]!;
        if (segment.startsWith('{')) params[segment.slice(1, -1)] = part;
        else if (segment !== part) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (candidate.definition.method !== method) continue;
      if (!best || candidate.literals > best.literals)
        best = { definition: candidate.definition, params, literals: candidate.literals };
    }
    if (best) return { definition: best.definition, params: best.params };
    return { methodNotAllowed: pathMatched };
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
