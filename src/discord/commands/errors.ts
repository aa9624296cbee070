/**
 * Expected failures are values with a stable id, not crashes. The dispatcher renders a UserError as a short reply
 * (ephemeral for slash); anything else is an unexpected error and gets an error id that is logged with its stack.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** Stable identifier: "argument.missing", "permission.denied", "moderation.hierarchy", ... */
  readonly id: string;
  readonly context: Record<string, unknown>;
  /** Title of the error reply; default "Command Error". */
  readonly title: string | undefined;
  constructor(id: string, message: string, context: Record<string, unknown> = {}, title?: string) {
    super(message);
    this.id = id;
    this.context = context;
    this.title = title;
  }
}

/** A problem with what the user typed: shown with the command's usage line. */
export class ArgumentError extends UserError {
  constructor(id: string, message: string, context: Record<string, unknown> = {}) {
    super(id, message, context, 'Invalid Input');
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
