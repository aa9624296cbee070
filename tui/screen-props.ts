import type { AdminClient } from '#admin/admin-client.ts';
import type { KeyHandler } from './hooks.ts';

export interface ScreenProps {
  client: AdminClient;
  width: number;
  /** Rows available to the screen's body. */
  height: number;
  /**
   * The screen's key handler, set on every render; it returns true when it used the key (or is capturing text),
   * and the app then skips its global keys.
   */
  keys: { current: KeyHandler | null };
}

export type Flash = { kind: 'ok' | 'error' | 'info'; text: string } | null;

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
