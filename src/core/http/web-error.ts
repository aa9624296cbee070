/**
 * What can go wrong when the appliance asks a web service for something. Each kind has one sentence a member can
 * act on; the technical detail goes to the log.
 */
export type WebErrorKind = 'timeout' | 'unreachable' | 'server' | 'rate-limited' | 'not-found' | 'bad-response';

export class WebServiceError extends Error {
  override readonly name = 'WebServiceError';
  constructor(
    readonly service: string,
    readonly kind: WebErrorKind,
    detail: string,
    readonly status?: number,
  ) {
    super(`${service}: ${detail}`);
  }

  /** The sentence shown to the member who asked. */
  userMessage(): string {
    switch (this.kind) {
      case 'timeout':
        return `${this.service} did not answer in time. Try again in a minute.`;
      case 'rate-limited':
        return `${this.service} is getting too many requests from this bot. Try again in a minute.`;
      case 'not-found':
        return `${this.service} has no such page.`;
      case 'bad-response':
        return `${this.service} sent an answer this bot could not read. Try again later.`;
      default:
        return `${this.service} is unavailable right now. Try again later.`;
    }
  }
}
