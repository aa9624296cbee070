import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogSystem } from '#core/log/log-system.ts';
import type { ServiceState } from '#core/services/types.ts';
import { reportStartup } from './startup-report.ts';

const state = (name: string, status: ServiceState['health']['status'], detail: string): ServiceState => ({
  name,
  dependsOn: [],
  health: { status, detail },
  error: null,
  startedAt: null,
  pinned: null,
});

describe('startup report', () => {
  it('logs a service that is still connecting at info, and only degraded or down services at warn', async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const logs = createLogSystem({ level: 'debug', stdout, pretty: false, file: false });
    reportStartup(
      logs.child('core'),
      [
        state('db', 'ok', 'tux.db'),
        state('discord', 'starting', 'connecting to the gateway'),
        state('ssh', 'down', 'port taken'),
      ],
      '1.0.0',
    );
    await logs.flush();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.find((l) => l.msg.includes('connecting'))?.level).toBe(30);
    expect(lines.find((l) => l.msg.includes('port taken'))?.level).toBe(40);
    expect(lines.at(-1)?.msg).toBe('Tux 1.0.0 ready (db=ok discord=starting ssh=down)');
    await logs.close();
  });
});
