import './terminal-env.ts';
import { render } from 'ink';
import type { AdminClient } from '#admin/admin-client.ts';
import { App, type AppExit } from './app.tsx';

export interface TuiOptions {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  client: AdminClient;
  /** Aborted when the session must end (client gone, kicked, timed out). */
  signal: AbortSignal;
}

/** Runs the console in one terminal until the user quits, asks for the dashboard, or the signal aborts. */
export function runTui(opts: TuiOptions): Promise<AppExit> {
  return new Promise((resolve) => {
    let result: AppExit = { next: 'exit', code: 0 };
    let instance: ReturnType<typeof render> | null = null;
    const onExit = (r: AppExit) => {
      result = r;
      // Let the last frame flush before unmounting.
      setImmediate(() => instance?.unmount());
    };
    // Ink adds a beforeExit listener per mounted app; many console sessions are expected, not a leak.
    if (process.listenerCount('beforeExit') >= process.getMaxListeners() - 1) {
      process.setMaxListeners(process.getMaxListeners() + 10);
    }
    instance = render(<App client={opts.client} onExit={onExit} />, {
      stdin: opts.stdin,
      stdout: opts.stdout,
      stderr: opts.stdout,
      // A patched console would send the appliance's own console output into this admin's terminal.
      patchConsole: false,
      exitOnCtrlC: false,
      maxFps: 20,
    });
    const onAbort = () => instance?.unmount();
    opts.signal.addEventListener('abort', onAbort, { once: true });
    if (opts.signal.aborted) onAbort();
    instance.waitUntilExit().then(
      () => {
        opts.signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      () => {
        opts.signal.removeEventListener('abort', onAbort);
        resolve({ next: 'exit', code: 1 });
      },
    );
  });
}
