/**
 * Checks that text a member asks the bot to keep and repeat (an AFK reason, a snippet) must pass before it is
 * stored. Feature modules call `check`; a module such as automod registers a check. Neither knows the other.
 */
import { UserError } from './commands/errors.ts';

const LABEL: Record<ContentSubject['source'], string> = { afk: 'That AFK reason', snippet: 'That snippet' };

/** Text a member wants stored, and where it will be shown. */
export interface ContentSubject {
  /** What the text is: `afk` (an AFK or self-timeout reason) or `snippet` (snippet content). */
  source: 'afk' | 'snippet';
  guildId: string;
  userId: string;
  /** The channel the command ran in, for channel exemptions. */
  channelId: string | null;
  text: string;
}

/** Returns why the text is refused (shown to the member), or null when it may be stored. */
export type ContentCheck = (subject: ContentSubject) => Promise<string | null>;

export class ContentChecks {
  private readonly checks = new Set<ContentCheck>();

  /** Adds a check; the returned function removes it (call it when the registering module stops). */
  register(check: ContentCheck): () => void {
    this.checks.add(check);
    return () => {
      this.checks.delete(check);
    };
  }

  /** The first refusal among the registered checks, or null when every check lets the text through. */
  async check(subject: ContentSubject): Promise<string | null> {
    for (const check of [...this.checks]) {
      const refused = await check(subject);
      if (refused) return refused;
    }
    return null;
  }

  /** Throws a UserError naming the refusal (nothing is stored by the caller), or returns when the text may be kept. */
  async require(subject: ContentSubject): Promise<void> {
    const refused = await this.check(subject);
    if (refused)
      throw new UserError('content.refused', `${LABEL[subject.source]} was refused: ${refused}. Nothing was saved.`);
  }
}
