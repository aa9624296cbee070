import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AppCredentials, appJwt, installationTokens, normalisePem, readPrivateKey } from './app-auth.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('the GitHub App key', () => {
  it('is read as GitHub gives it, with \\n written out, or with its line breaks turned to spaces', () => {
    expect(readPrivateKey(pkcs1).ok).toBe(true);
    expect(readPrivateKey(pkcs8).ok).toBe(true);
    expect(readPrivateKey(pkcs1.trim().replaceAll('\n', '\\n')).ok).toBe(true);
    expect(readPrivateKey(pkcs1.replaceAll('\n', ' ')).ok).toBe(true);
    expect(normalisePem(pkcs1.replaceAll('\n', '\\n'))).toBe(pkcs1);
  });

  it('is refused with a reason that never quotes it: not a PEM, cut short, not RSA', () => {
    const body = pkcs1.split('\n').slice(1, -2).join('\n');
    const cut = `${pkcs1.split('\n').slice(0, 6).join('\n')}\n-----END RSA PRIVATE KEY-----`;
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const cases: [string, RegExp][] = [
      [body, /^not a PEM private key: paste the whole \.pem file/],
      ['hello', /^not a PEM private key/],
      [cut, /^the PEM does not parse as a private key/],
      [ec, /^a GitHub App key is an RSA key, not ec/],
    ];
    for (const [text, reason] of cases) {
      const read = readPrivateKey(text);
      expect(read.ok).toBe(false);
      if (read.ok) continue;
      expect(read.reason).toMatch(reason);
      expect(read.reason).not.toContain(text.split('\n')[1]?.slice(0, 20) ?? text);
    }
  });
});

describe('the app JWT', () => {
  it('is RS256, signed by the key, names the app, dated a minute back and expiring within 10 minutes', () => {
    const read = readPrivateKey(pkcs1);
    if (!read.ok) throw new Error(read.reason);
    const now = Date.UTC(2026, 10, 30, 6, 0, 0);
    const [h, p, sig] = appJwt('1234567', read.key, now).split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    expect(claims).toEqual({ iss: '1234567', iat: now / 1000 - 60, exp: now / 1000 + 540 });
    expect(verify('sha256', Buffer.from(`${h}.${p}`), rsa.publicKey, Buffer.from(sig, 'base64url'))).toBe(true);
  });
});

describe('installation tokens', () => {
  const creds: AppCredentials = { apiUrl: 'http://gh', appId: '1', installationId: '2', privateKey: pkcs1 };

  it('are kept until shortly before they expire, asked for once at a time, and dropped when refused', async () => {
    let clock = 1_000_000;
    const asked: string[] = [];
    const tokens = installationTokens(
      async (_c, jwt) => {
        asked.push(jwt);
        return { token: `t${asked.length}`, expires_at: new Date(clock + 3_600_000).toISOString() };
      },
      () => clock,
    );
    expect(await Promise.all([tokens.get(creds), tokens.get(creds)])).toEqual(['t1', 't1']);
    clock += 3_600_000 - 61_000;
    expect(await tokens.get(creds)).toBe('t1');
    clock += 2_000;
    expect(await tokens.get(creds)).toBe('t2');
    tokens.drop(creds);
    expect(await tokens.get(creds)).toBe('t3');
    expect(await tokens.get({ ...creds, installationId: '3' })).toBe('t4');
    expect(asked).toHaveLength(4);
  });

  it('of a short life are renewed at half of it', async () => {
    let clock = 5_000;
    let n = 0;
    const tokens = installationTokens(
      async () => ({ token: `t${++n}`, expires_at: new Date(clock + 4_000).toISOString() }),
      () => clock,
    );
    expect(await tokens.get(creds)).toBe('t1');
    clock += 1_900;
    expect(await tokens.get(creds)).toBe('t1');
    clock += 200;
    expect(await tokens.get(creds)).toBe('t2');
  });
});
