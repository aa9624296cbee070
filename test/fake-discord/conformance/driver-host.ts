import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';
import type { StepArgs, StepResult } from './scenario.ts';

/**
 * Runs one library's driver as a child process and talks to it in lines of JSON: the host writes
 * `{"id", "step", "args"}` on stdin; the driver prints `@@conformance {"id", "ok", "result"}`,
 * `{"id", "unsupported": reason}` or `{"id", "error": message}` on stdout, and `{"libraryError": message}` whenever
 * the library reports an error by itself. Anything else it prints is the library's
 * own output, kept for the failure message.
 */

export const MARKER = '@@conformance ';

export type StepAnswer =
  | { kind: 'ok'; result: StepResult }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'error'; message: string };

export class DriverProcess {
  readonly output: string[] = [];
  /** Errors the library raised by itself (for example on a gateway payload it could not handle). */
  readonly libraryErrors: string[] = [];
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (answer: StepAnswer) => void>();
  #nextId = 1;
  #exit: string | null = null;

  constructor(command: string, args: string[], env: Record<string, string>) {
    this.#child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = readline.createInterface({ input: this.#child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith(MARKER)) {
        this.#keep(line);
        return;
      }
      const answer = JSON.parse(line.slice(MARKER.length)) as {
        id: number;
        result?: StepResult;
        unsupported?: string;
        error?: string;
        libraryError?: string;
      };
      if (answer.libraryError !== undefined) {
        this.libraryErrors.push(answer.libraryError);
        return;
      }
      const resolve = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      if (answer.unsupported !== undefined) resolve?.({ kind: 'unsupported', reason: answer.unsupported });
      else if (answer.error !== undefined) resolve?.({ kind: 'error', message: answer.error });
      else resolve?.({ kind: 'ok', result: answer.result ?? {} });
    });
    readline.createInterface({ input: this.#child.stderr! }).on('line', (line) => this.#keep(line));
    this.#child.on('exit', (code, signal) => {
      this.#exit = `the driver exited (${signal ?? code})`;
      for (const [id, resolve] of this.#waiting) {
        this.#waiting.delete(id);
        resolve({ kind: 'error', message: this.#exit });
      }
    });
  }

  run(step: string, args: StepArgs, timeoutMs: number): Promise<StepAnswer> {
    if (this.#exit) return Promise.resolve({ kind: 'error', message: this.#exit });
    const id = this.#nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        resolve({ kind: 'error', message: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.#waiting.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      this.#child.stdin!.write(`${JSON.stringify({ id, step, args })}\n`);
    });
  }

  /** The last lines the library printed, for a failure message. */
  tail(lines = 30): string {
    return this.output.slice(-lines).join('\n');
  }

  async stop(): Promise<void> {
    if (this.#exit) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin!.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  #keep(line: string): void {
    this.output.push(line);
    if (this.output.length > 500) this.output.shift();
  }
}
