import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '#src/app.ts';
import { maskExecLine } from './mask-exec-line.ts';

let app: App;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-mask-'));
  app = await createApp({
    env: { TUX_PATHS_DATA: path.join(dir, 'data'), TUX_PATHS_KEYS: path.join(dir, 'keys'), TUX_SSH_ENABLED: 'false' },
    cwd: dir,
    configPath: path.join(dir, 'tux.toml'),
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  });
});
afterAll(async () => {
  await app?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('maskExecLine', () => {
  it('masks the value of a secret guild setting, and only that', () => {
    expect(maskExecLine('settings set git 123456789012345678 token ghp_abc def', app)).toBe(
      'settings set git 123456789012345678 token ********',
    );
    expect(maskExecLine('settings --json set mail 123456789012345678 "api_key" \'k e y\'', app)).toBe(
      'settings --json set mail 123456789012345678 "api_key" ********',
    );
    // A known setting that is not a secret stays readable.
    expect(maskExecLine('settings set git 123456789012345678 repo owner/name', app)).toBe(
      'settings set git 123456789012345678 repo owner/name',
    );
    // An unknown module: a secret-looking key name is masked all the same.
    expect(maskExecLine('settings set gti 123456789012345678 token ghp_abc', app)).toBe(
      'settings set gti 123456789012345678 token ********',
    );
    expect(maskExecLine('settings get git 123456789012345678', app)).toBe('settings get git 123456789012345678');
  });

  it('still masks secret config keys', () => {
    expect(maskExecLine('config set bot.token abc.def', app)).toBe('config set bot.token ********');
  });
});
