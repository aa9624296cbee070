/** Discord snowflake ids and time, without loading discord.js. */
const DISCORD_EPOCH = 1_420_070_400_000n;

/** When the object with this id was made, ms since 1970. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The smallest id made at `ms` (for "before this moment" queries). */
export function snowflakeAt(ms: number): string {
  return ((BigInt(Math.floor(ms)) - DISCORD_EPOCH) << 22n).toString();
}
