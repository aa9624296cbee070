import fs from 'node:fs';
import path from 'node:path';
import { fingerprintOf, unsafeKeysPath } from '#admin/authorized-keys.ts';
import { generateEd25519KeyPair } from '#admin/ed25519-keys.ts';
import { publicBlobOf } from './host-key.ts';

export const LOCAL_ADMIN_KEY_FILE = 'local_admin_ed25519';

/**
 * The key the local `tux console` command logs in with. It lives in the keys directory (0700, key 0600), so only
 * the appliance's own user can use it, the same user who can already edit authorized_keys and the database.
 */
export async function loadOrCreateLocalAdminKey(
  keysDir: string,
): Promise<{ file: string; blob: Buffer; fingerprint: string }> {
  const file = path.join(keysDir, LOCAL_ADMIN_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    const pair = generateEd25519KeyPair('tux local console');
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, pair.private, { mode: 0o600 });
    fs.renameSync(tmp, file);
  }
  const blob = await publicBlobOf(fs.readFileSync(file), file);
  return { file, blob, fingerprint: fingerprintOf(blob) };
}

/**
 * Whether the local console key may be trusted: the same StrictModes check as authorized_keys (owner and mode of the
 * file and of every folder up to the root), and, since it is a private key, nobody else may read it. Returns why
 * it is refused, or null.
 */
export function unsafeLocalAdminKey(file: string): string | null {
  const consequence = 'the local `tux console` key is not trusted';
  let problem: string | null;
  try {
    problem = unsafeKeysPath(file, LOCAL_ADMIN_KEY_FILE, consequence);
  } catch (err) {
    return `cannot check ${file}: ${(err as Error).message}`;
  }
  if (problem) return problem;
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    return `${file} is readable by others (mode 0${mode.toString(8)}); ${consequence} until you run: chmod 600 ${file}`;
  }
  return null;
}
