/**
 * The appliance's files are private to the user running it: the database, its WAL and SHM, backups, keys and the
 * audit anchor are 0600 in 0700 folders, whatever the umask. Existing files and folders from an older install (or a
 * clone, which gives folders 0755) are tightened when Tux owns them; otherwise the caller warns with the command to
 * run.
 */
import fs from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export interface TightenResult {
  /** The mode before, when it was looser than wanted. */
  was: number | null;
  /** True when chmod brought it to the wanted mode. */
  fixed: boolean;
}

function modeString(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/**
 * Removes group and other bits from an existing file or folder (wanted: 0600 or 0700). A missing path is fine. When
 * chmod is not allowed (another owner), returns fixed: false so the caller can say what to run.
 */
export function tightenMode(target: string, wanted: number): TightenResult {
  let st: fs.Stats;
  try {
    st = fs.statSync(target);
  } catch {
    return { was: null, fixed: false };
  }
  if ((st.mode & 0o077) === 0) return { was: null, fixed: false };
  const was = st.mode & 0o777;
  try {
    fs.chmodSync(target, wanted);
    return { was, fixed: true };
  } catch {
    return { was, fixed: false };
  }
}

/** One line for the log about a tightened (or still too open) path, or null when it was already private. */
export function describeTightening(target: string, wanted: number, r: TightenResult): string | null {
  if (r.was === null) return null;
  return r.fixed
    ? `${target} was mode ${modeString(r.was)} (readable by others); changed to ${modeString(wanted)}`
    : `${target} is mode ${modeString(r.was)} (readable by others) and could not be changed; run: chmod ${(wanted & 0o777).toString(8)} ${target}`;
}

/** Creates a folder (and its parents) as 0700 if missing, and tightens it if it exists. */
export function ensurePrivateDir(dir: string): TightenResult {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return tightenMode(dir, PRIVATE_DIR_MODE);
}

/** Creates an empty file as 0600 if it does not exist, so whatever writes it next keeps that mode. */
export function createPrivateFile(file: string): void {
  try {
    const fd = fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
    try {
      fs.fchmodSync(fd, PRIVATE_FILE_MODE);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Mode bits as "0644", for messages. */
export function formatMode(mode: number): string {
  return modeString(mode);
}
