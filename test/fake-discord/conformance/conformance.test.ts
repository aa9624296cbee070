import { describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../server.ts';
import { type ConformanceClient, conformanceClients } from './clients.ts';
import { DriverProcess } from './driver-host.ts';
import { type ScenarioState, scenario } from './scenario.ts';

/**
 * Four independent Discord libraries run one scenario against the emulator over HTTPS/WSS, unpatched. Each library
 * is its own test, so a failure names the library and the step. Success: every step's effect is visible through
 * the control API and the emulator refused nothing (its `rejected` list stays empty).
 */

async function runScenario(client: ConformanceClient, fake: FakeDiscord): Promise<Record<string, string>> {
  const driver = new DriverProcess(client.command, client.args, {
    FAKE_DISCORD_API: fake.apiUrl,
    FAKE_DISCORD_GATEWAY: fake.gatewayUrl,
    FAKE_DISCORD_TOKEN: fake.token,
    NODE_EXTRA_CA_CERTS: fake.certificatePath!,
    SSL_CERT_FILE: fake.certificatePath!,
  });
  const state: ScenarioState = {};
  const unsupported: Record<string, string> = {};
  const fail = (step: string, message: string): never => {
    throw new Error(`${client.name}, step "${step}": ${message}\n--- ${client.name} output ---\n${driver.tail()}`);
  };
  try {
    for (const step of scenario) {
      const args = await step.prepare(fake, state);
      const answer = await driver.run(step.name, args, step.timeoutMs ?? 20_000);
      if (answer.kind === 'unsupported') {
        unsupported[step.name] = answer.reason;
        continue;
      }
      if (answer.kind === 'error') fail(step.name, answer.message);
      else await step.check(fake, args, answer.result, state).catch((error: Error) => fail(step.name, error.message));
      if (step.dropsConnection) {
        const dropped = /connection reset|socket hang up|1006/i;
        driver.libraryErrors.splice(0, Infinity, ...driver.libraryErrors.filter((e) => !dropped.test(e)));
      }
      if (driver.libraryErrors.length > 0)
        fail(step.name, `the library raised an error: ${driver.libraryErrors.join('\n')}`);
      const rejected = await fake.control.rejected();
      if (rejected.length > 0) fail(step.name, `the emulator refused a request: ${JSON.stringify(rejected, null, 1)}`);
    }
  } finally {
    await driver.stop();
  }
  return unsupported;
}

describe('conformance: independent client libraries against the emulator', () => {
  for (const client of conformanceClients) {
    it(`${client.name} runs every step it supports with no refused request`, async () => {
      const missing = client.missing();
      if (missing) throw new Error(missing);
      const fake = await startFakeDiscord({ tls: true, heartbeatMs: 5000 });
      try {
        const unsupported = await runScenario(client, fake);
        expect(Object.keys(unsupported).sort()).toEqual(Object.keys(client.unsupported).sort());
        expect(fake.world.rejected).toEqual([]);
        expect(fake.gateway.stats.compressed > 0).toBe(client.compresses);
      } finally {
        await fake.close();
      }
    }, 240_000);
  }
});
