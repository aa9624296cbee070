/** Why the database could not be opened, migrated or used. `code` is stable; `message` says what to do. */
export type DbErrorCode =
  | 'unwritable'
  | 'not-a-database'
  | 'foreign-database'
  | 'locked'
  | 'in-use'
  | 'migration-failed'
  | 'migrations-missing'
  | 'corrupt';

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
