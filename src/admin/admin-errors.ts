/** Stable identifiers for expected failures of admin operations; each face maps them to its own output. */
export type AdminErrorCode = 'unknown-op' | 'invalid-input' | 'forbidden' | 'not-found' | 'conflict' | 'failed';

export class AdminError extends Error {
  readonly code: AdminErrorCode;
  constructor(code: AdminErrorCode, message: string) {
    super(message);
    this.name = 'AdminError';
    this.code = code;
  }
}

export function isAdminError(err: unknown, code?: AdminErrorCode): err is AdminError {
  return err instanceof AdminError && (code === undefined || err.code === code);
}

/** Message of any thrown value, for display. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
