import fs from 'node:fs';
import path from 'node:path';
import { fingerprintOf } from '#admin/authorized-keys.ts';
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
