import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthReport, healthFilePath, judgeHealth, writeHealthReport } from '#core/health/health-file.ts';
import { createApp } from '#src/app.ts';
import { type CliKit, createCliKit } from './cli-test-kit.ts';
import { registerHealthCommand } from './health-commands.ts';

let kit: CliKit | undefined;
afterEach(() => {
  kit?.cleanup();
  kit = undefined;
});

const now = 1_800_000_000_000;
function report(over: Partial<HealthReport> = {}): HealthReport {
  return {
    pid: 42,
    version: '1.0.0',
    startedAt: now - 60_000,
    writtenAt: now - 1000,
    services: [
      { name: 'db', status: 'ok', detail: 'tux.db' },
      { name: 'discord', status: 'stopped', detail: 'no token' },
    ],
    ...over,
  };
}

describe('judgeHealth', () => {
  it('healthy when the lock owner reported recently and nothing is down; a stopped bot is named, not fatal', () => {
    const v = judgeHealth({ lockPid: 42, report: report(), now });
    expect(v.healthy).toBe(true);
    expect(v.reason).toMatch(/^healthy: pid 42, Tux 1\.0\.0, up 60 s; discord stopped \(no token\)$/);
  });

  it('unhealthy when not running, not yet reporting, stuck, or a service is down', () => {
    expect(judgeHealth({ lockPid: null, report: report(), now })).toEqual({
      healthy: false,
      reason: 'not running: no Tux process holds the database',
    });
    expect(judgeHealth({ lockPid: 7, report: report(), now }).reason).toMatch(/^starting: pid 7/);
    expect(judgeHealth({ lockPid: 42, report: null, now }).healthy).toBe(false);
    const stale = judgeHealth({ lockPid: 42, report: report({ writtenAt: now - 120_000 }), now });
    expect(stale).toEqual({ healthy: false, reason: 'unresponsive: pid 42 last reported 120 s ago' });
    const down = judgeHealth({
      lockPid: 42,
      report: report({ services: [{ name: 'ssh', status: 'down', detail: 'port 2222 in use' }] }),
      now,
    });
    expect(down).toEqual({ healthy: false, reason: 'unhealthy: ssh down (port 2222 in use)' });
  });
});

describe('tux health', () => {
  it('follows a real appliance: healthy while it runs, not running after it stops or dies', async () => {
    kit = createCliKit(registerHealthCommand);
    let r = await kit.run('health');
    expect(r).toMatchObject({ code: 1, out: 'not running: no Tux process holds the database\n' });

    const app = await createApp({
      configPath: path.join(kit.dir, 'tux.toml'),
      env: { TUX_SSH_ENABLED: 'false', TUX_LOG_FILE: 'false' },
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
    });
    await app.start();
    try {
      r = await kit.run('health');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^healthy: pid ${process.pid}, `));
      const json = JSON.parse((await kit.run('health', '--json')).out);
      expect(json).toMatchObject({ healthy: true });
      expect(json.services.map((s: { name: string }) => s.name)).toContain('db');

      // A heartbeat that stops (a hung event loop) turns unhealthy although the process lives.
      const file = healthFilePath(kit.dataDir);
      const stuck = JSON.parse(fs.readFileSync(file, 'utf8')) as HealthReport;
      writeHealthReport(kit.dataDir, { ...stuck, writtenAt: Date.now() - 10 * 60_000 });
      r = await kit.run('health');
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/^unresponsive: pid \d+ last reported 600 s ago/);
    } finally {
      await app.stop();
    }
    expect(fs.existsSync(healthFilePath(kit.dataDir))).toBe(false);
    r = await kit.run('health');
    expect(r.code).toBe(1);

    // A killed appliance leaves its lock and heartbeat behind; a dead pid is not running.
    fs.writeFileSync(
      `${kit.dbPath}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 17, host: os.hostname(), processStartedAt: 1, lockedAt: 1 }),
    );
    writeHealthReport(kit.dataDir, { ...report(), pid: 2 ** 22 + 17, writtenAt: Date.now() });
    r = await kit.run('health');
    expect(r).toMatchObject({ code: 1, out: 'not running: no Tux process holds the database\n' });
  });
});
