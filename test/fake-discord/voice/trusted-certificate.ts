import fs from 'node:fs';
import path from 'node:path';
import { createLocalCertificate, type LocalCertificate } from '../tls-certificate.ts';

/**
 * @discordjs/voice always connects to `wss://{endpoint}` and takes no CA option, so the voice server's certificate
 * must already be trusted by the process that runs the bot. The test run makes one certificate before any test
 * process starts (trust-setup.ts) and names it in NODE_EXTRA_CA_CERTS; its key is kept next to it in the folder
 * named by FAKE_DISCORD_TLS_DIR, where the voice server picks it up. Certificate checks stay on everywhere.
 */
export const TLS_DIR_ENV = 'FAKE_DISCORD_TLS_DIR';
const KEY_FILE = 'fake-discord-key.pem';
const CERT_FILE = 'fake-discord-ca.pem';

/** Writes a new certificate and its key to `directory`. */
export async function writeTrustedCertificate(directory: string): Promise<LocalCertificate> {
  const certificate = await createLocalCertificate({ directory });
  fs.writeFileSync(path.join(directory, KEY_FILE), certificate.key, { mode: 0o600 });
  return certificate;
}

/**
 * The certificate for the voice server: the one named by FAKE_DISCORD_TLS_DIR when set (already trusted by this
 * process), else a new one (its `certPath` must then be given to the bot's process as NODE_EXTRA_CA_CERTS).
 */
export async function voiceCertificate(): Promise<LocalCertificate> {
  const directory = process.env[TLS_DIR_ENV];
  if (directory && fs.existsSync(path.join(directory, KEY_FILE))) {
    const certPath = path.join(directory, CERT_FILE);
    return {
      key: fs.readFileSync(path.join(directory, KEY_FILE), 'utf8'),
      cert: fs.readFileSync(certPath, 'utf8'),
      certPath,
    };
  }
  return createLocalCertificate();
}
