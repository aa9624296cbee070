import { webcrypto } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/**
 * A certificate for serving HTTPS/WSS on 127.0.0.1, generated on start with WebCrypto (ECDSA P-256), so nothing is
 * downloaded and no openssl binary is needed. It is self-signed and marked as a CA, so the same file is both what the
 * server presents and what a client trusts: NODE_EXTRA_CA_CERTS for Node, SSL_CERT_FILE for Python. Certificate
 * checks stay on in every client. The emulator's REST/gateway server uses it; a voice server can reuse it.
 */
export interface LocalCertificate {
  /** PEM private key (PKCS#8). */
  key: string;
  /** PEM certificate. */
  cert: string;
  /** Where the certificate PEM was written (give it to clients as their trusted CA file). */
  certPath: string;
}

export interface LocalCertificateOptions {
  /** Folder to write `fake-discord-ca.pem` to; default a new temporary folder. */
  directory?: string;
  /** Extra host names besides localhost (127.0.0.1 and ::1 are always in). */
  hostnames?: string[];
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function createLocalCertificate(options: LocalCertificateOptions = {}): Promise<LocalCertificate> {
  const crypto = webcrypto;
  x509.cryptoProvider.set(crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = (await crypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(8)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: 'CN=fake-discord local test certificate',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 30 * 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys: keys as unknown as x509.X509CertificateCreateSelfSignedParams['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        ...(options.hostnames ?? []).map((value) => ({ type: 'dns' as const, value })),
        { type: 'ip', value: '127.0.0.1' },
        { type: 'ip', value: '::1' },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(
        keys.publicKey as unknown as Parameters<typeof x509.SubjectKeyIdentifierExtension.create>[0],
      ),
    ],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)?.join('\n')}\n-----END PRIVATE KEY-----\n`;
  const cert = `${certificate.toString('pem')}\n`;
  const directory = options.directory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fake-discord-tls-'));
  fs.mkdirSync(directory, { recursive: true });
  const certPath = path.join(directory, 'fake-discord-ca.pem');
  fs.writeFileSync(certPath, cert);
  return { key, cert, certPath };
}
