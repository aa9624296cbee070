/**
 * vitest global setup: makes the certificate the emulator's voice server presents and has every test process trust
 * it (NODE_EXTRA_CA_CERTS is read when a process starts, so it is set here, before the test processes fork).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TLS_DIR_ENV, writeTrustedCertificate } from './trusted-certificate.ts';

export default async function setup(): Promise<() => void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-discord-voice-tls-'));
  const certificate = await writeTrustedCertificate(directory);
  process.env[TLS_DIR_ENV] = directory;
  process.env.NODE_EXTRA_CA_CERTS = certificate.certPath;
  return () => fs.rmSync(directory, { recursive: true, force: true });
}
