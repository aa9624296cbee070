import { WebServiceError } from '#core/http/web-error.ts';
import { UserError } from '#discord/commands/index.ts';

/**
 * Turns a failed web lookup into the member-facing error: a WebServiceError becomes its one sentence (or the
 * command's own "not found" text), anything else is rethrown for the error reporter.
 */
export function webFailure(err: unknown, notFound?: string): never {
  if (err instanceof WebServiceError) {
    throw new UserError(`web.${err.kind}`, err.kind === 'not-found' && notFound ? notFound : err.userMessage(), {
      service: err.service,
    });
  }
  throw err;
}
