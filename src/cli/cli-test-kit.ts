/** Runs `tux` management commands in-process against a temp data directory, capturing output and exit code. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '#core/config/index.ts';
import type { CliDeps } from './cli-deps.ts';

export interface CliRun {
  out: string;
  err: string;
  code: number;
}

export interface CliKit {
  dir: string;
  dataDir: string;
  dbPath: string;
  run(...args: string[]): Promise<CliRun>;
  cleanup(): void;
}

export function createCliKit(register: (program: Command, deps: CliDeps) => void): CliKit {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-cli-'));
  fs.writeFileSync(path.join(dir, 'tux.toml'), '[paths]\ndata = "./data"\n\n[db]\nbusy_timeout_ms = 200\n');
  const dataDir = path.join(dir, 'data');
  return {
    dir,
    dataDir,
    dbPath: path.join(dataDir, 'tux.db'),
    async run(...args) {
      let out = '';
      let err = '';
      const deps: CliDeps = {
        loadConfig: async () => loadConfig({ path: path.join(dir, 'tux.toml'), env: {} }),
        stdout: { write: (s: string) => (out += s) },
        stderr: { write: (s: string) => (err += s) },
      };
      const program = new Command().exitOverride().configureOutput({
        writeOut: (s) => (out += s),
        writeErr: (s) => (err += s),
      });
      register(program, deps);
      const before = process.exitCode;
      process.exitCode = 0;
      try {
        await program.parseAsync(args, { from: 'user' });
      } catch (e) {
        err += `${(e as Error).message}\n`;
        process.exitCode = 2;
      }
      const code = Number(process.exitCode ?? 0);
      process.exitCode = before;
      return { out, err, code };
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
