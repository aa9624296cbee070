/**
 * Runs work for one guild at a time, in arrival order, so two members joining the create-channel together (or a
 * join racing the start sweep) never clone twice or delete a channel someone is being moved into.
 */
export class GuildQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(guildId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(guildId) ?? Promise.resolve();
    const next = before.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(guildId, tail);
    void tail.then(() => {
      if (this.tails.get(guildId) === tail) this.tails.delete(guildId);
    });
    return next;
  }
}
