import readline from 'node:readline';
import type { StepArgs, StepResult } from '../scenario.ts';

/**
 * The driver side of the conformance protocol for the Node libraries (see driver-host.ts): reads steps from stdin,
 * runs the library's handler, prints one marked JSON answer per step. Settings come from the environment, as a bot
 * author would configure a real deployment: FAKE_DISCORD_API (REST base, no version), FAKE_DISCORD_GATEWAY,
 * FAKE_DISCORD_TOKEN, and NODE_EXTRA_CA_CERTS for the emulator's certificate.
 */

const MARKER = '@@conformance ';

export interface DriverSettings {
  /** https://127.0.0.1:PORT/api */
  api: string;
  /** wss://127.0.0.1:PORT */
  gateway: string;
  token: string;
}

export function driverSettings(): DriverSettings {
  const api = process.env.FAKE_DISCORD_API;
  const gateway = process.env.FAKE_DISCORD_GATEWAY;
  const token = process.env.FAKE_DISCORD_TOKEN;
  if (!api || !gateway || !token)
    throw new Error('FAKE_DISCORD_API, FAKE_DISCORD_GATEWAY and FAKE_DISCORD_TOKEN are required');
  return { api, gateway, token };
}

/** Reports an error the library raised on its own (a gateway payload it could not handle, …); the suite fails on it. */
export function reportLibraryError(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stdout.write(`${MARKER}${JSON.stringify({ libraryError: message })}\n`);
}

/** A step the library has no API for. */
export class Unsupported extends Error {}

export type StepHandler = (args: StepArgs) => Promise<StepResult | undefined>;

export function serveSteps(handlers: Record<string, StepHandler>, shutdown: () => Promise<void>): void {
  const lines = readline.createInterface({ input: process.stdin });
  const answer = (payload: Record<string, unknown>) => process.stdout.write(`${MARKER}${JSON.stringify(payload)}\n`);
  lines.on('line', (line) => {
    const { id, step, args } = JSON.parse(line) as { id: number; step: string; args: StepArgs };
    const handler = handlers[step];
    if (!handler) {
      answer({ id, unsupported: `the driver has no "${step}" step` });
      return;
    }
    handler(args).then(
      (result) => answer({ id, result: result ?? {} }),
      (error: unknown) =>
        answer(
          error instanceof Unsupported
            ? { id, unsupported: error.message }
            : { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
        ),
    );
  });
  lines.on('close', () => {
    void shutdown().finally(() => process.exit(0));
  });
}

/** Message ids the bot received over the gateway, to prove that events missed while disconnected were replayed. */
export class SeenMessages {
  readonly #seen = new Set<string>();
  readonly #waiters = new Map<string, () => void>();

  add(id: string): void {
    this.#seen.add(id);
    this.#waiters.get(id)?.();
  }

  wait(id: string, timeoutMs = 40_000): Promise<void> {
    if (this.#seen.has(id)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`message ${id} never arrived`)), timeoutMs);
      this.#waiters.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export const str = (value: unknown): string => String(value);
