/** Discord snowflakes: ms since the Discord epoch << 22 | worker | increment. discord.js reads timestamps from them. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

export class SnowflakeGenerator {
  #lastMs = 0n;
  #increment = 0n;

  /** A new id for "now" (or `at`), strictly greater than every earlier id made for the present. */
  next(at?: Date | number): string {
    if (at !== undefined) {
      const ms = BigInt(typeof at === 'number' ? at : at.getTime());
      this.#increment = (this.#increment + 1n) & 0xfffn;
      return (((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.#increment).toString();
    }
    let ms = BigInt(Date.now());
    if (ms <= this.#lastMs) {
      ms = this.#lastMs;
      this.#increment += 1n;
      if (this.#increment > 0xfffn) {
        ms += 1n;
        this.#increment = 0n;
      }
    } else {
      this.#increment = 0n;
    }
    this.#lastMs = ms;
    return (((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | this.#increment).toString();
  }
}

export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
