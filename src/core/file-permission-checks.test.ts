import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '#src/app.ts';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Builds (and stops) the appliance on a temp directory; returns what it logged. */
async function startUp(env: Record<string, string> = {}): Promise<string> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  const app = await createApp({
    env: { TUX_SSH_ENABLED: 'false', TUX_LOG_FILE: 'false', ...env },
    cwd: dir,
    configPath: path.join(dir, 'tux.toml'),
    stdout,
  });
  await app.stop();
  return out;
}

describe('start-up permission checks', () => {
  it('tightens a keys folder left 0755 by a clone, and warns about a tux.toml with a token readable by others', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-perm-'));
    const keys = path.join(dir, 'keys');
    fs.mkdirSync(keys);
    fs.chmodSync(keys, 0o755);
    const toml = path.join(dir, 'tux.toml');
    fs.writeFileSync(toml, '[bot]\ntoken = "MTIz.abc.def"\n\n[discord]\napi_url = "http://127.0.0.1:9/api"\n');
    fs.chmodSync(toml, 0o644);
    const out = await startUp();
    expect(fs.statSync(keys).mode & 0o777).toBe(0o700);
    expect(out).toContain(`${keys} was mode 0755 (readable by others); changed to 0700`);
    expect(out).toContain(`${toml} holds the bot token and is readable by other users (mode 0644); run: chmod 600`);
    expect(out).not.toContain('MTIz.abc.def');
  });

  it('says nothing when the files are private', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tux-perm-'));
    const toml = path.join(dir, 'tux.toml');
    fs.writeFileSync(toml, '[bot]\ntoken = ""\n', { mode: 0o644 });
    const out = await startUp();
    expect(out).not.toMatch(/readable by other/);
    expect(fs.statSync(path.join(dir, 'keys')).mode & 0o777).toBe(0o700);
  });
});
