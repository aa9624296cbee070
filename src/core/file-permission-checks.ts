/**
 * Start-up checks of the appliance's own files: the keys folder is made 0700 (a git clone or an archive leaves it
 * 0755), and a tux.toml holding the bot token must not be readable by other users.
 */
import fs from 'node:fs';
import { parse } from 'smol-toml';
import type { ConfigStore } from '#core/config/types.ts';
import { describeTightening, formatMode, PRIVATE_DIR_MODE, tightenMode } from './file-permissions.ts';

export function filePermissionWarnings(config: ConfigStore, keysDir: string): string[] {
  const warnings: string[] = [];
  const keys = describeTightening(keysDir, PRIVATE_DIR_MODE, tightenMode(keysDir, PRIVATE_DIR_MODE));
  if (keys) warnings.push(`keys folder: ${keys}`);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(config.path);
  } catch {
    st = undefined;
  }
  if (st && (st.mode & 0o044) !== 0 && fileHoldsToken(config.path)) {
    warnings.push(
      `${config.path} holds the bot token and is readable by other users (mode ${formatMode(st.mode)}); run: chmod 600 ${config.path}`,
    );
  }
  return warnings;
}

/** True when the file itself sets bot.token (an environment override does not make the file safe). */
function fileHoldsToken(file: string): boolean {
  try {
    const bot = (parse(fs.readFileSync(file, 'utf8')) as { bot?: { token?: unknown } }).bot;
    return typeof bot?.token === 'string' && bot.token !== '';
  } catch {
    return false;
  }
}
