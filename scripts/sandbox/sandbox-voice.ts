/**
 * Voice in the sandbox: the emulator's voice server needs its certificate trusted by this process before it starts
 * (NODE_EXTRA_CA_CERTS is read at start), so the sandbox re-runs itself once with it; then it prints what the voice
 * server receives ("♪ receiving 50 frames/s in #Lounge").
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeDiscord } from '#test/fake-discord/server.ts';
import { TLS_DIR_ENV, writeTrustedCertificate } from '#test/fake-discord/voice/trusted-certificate.ts';

/** Re-runs this script with the voice certificate trusted, unless that is already so; exits with the child's code. */
export async function runWithVoiceTrust(): Promise<void> {
  if (process.env[TLS_DIR_ENV]) return;
  const directory = mkdtempSync(join(tmpdir(), 'tux-sandbox-tls-'));
  try {
    const certificate = await writeTrustedCertificate(directory);
    const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, [TLS_DIR_ENV]: directory, NODE_EXTRA_CA_CERTS: certificate.certPath },
    });
    process.exitCode = child.status ?? 1;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  process.exit();
}

/** Every 2 s: prints a line when the frame rate the voice server receives in a guild changes. */
export function watchVoice(fake: FakeDiscord, channelName: (id: string) => string, print: (text: string) => void) {
  const shown = new Map<string, number>();
  return setInterval(() => {
    const since = performance.now() - 2000;
    for (const session of fake.voice?.sessions.values() ?? []) {
      let recent = 0;
      for (let i = session.frames.length - 1; i >= 0 && session.frames[i]!.at >= since; i--) recent++;
      const rate = Math.round(recent / 2);
      const before = shown.get(session.guildId) ?? 0;
      if (Math.abs(rate - before) < 5 && !(rate === 0 && before > 0)) continue;
      shown.set(session.guildId, rate);
      const failures = session.decryptFailures ? `, ${session.decryptFailures} failed to decrypt` : '';
      print(
        rate
          ? `♪ receiving ${rate} frames/s in #${channelName(session.channelId)} (${session.mode}${failures})`
          : `♪ silence in #${channelName(session.channelId)}`,
      );
    }
  }, 2000);
}
