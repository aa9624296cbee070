import { describe, expect, it } from 'vitest';
import { keyMeta, listKeys } from './key-meta.ts';
import { maskSecrets, secretValues } from './mask-secrets.ts';
import { configSchema } from './schema.ts';

describe('key metadata', () => {
  it('describes each key: type, default, apply mode, secret, env variable', () => {
    expect(keyMeta('ssh.port')).toMatchObject({
      type: 'integer',
      default: 2222,
      apply: 'restart',
      secret: false,
      expected: 'an integer 1–65535',
      env: 'TUX_SSH_PORT',
    });
    expect(keyMeta('bot.token')).toMatchObject({ type: 'string', secret: true, apply: 'hot', default: '' });
    expect(keyMeta('log.level')).toMatchObject({
      type: 'enum',
      options: ['trace', 'debug', 'info', 'warn', 'error', 'fatal'],
    });
    expect(keyMeta('bot.owner_ids')?.type).toBe('string[]');
    expect(keyMeta('bot.activities')?.type).toBe('object[]');
    expect(keyMeta('ssh.nope')).toBeUndefined();
  });

  it('lists every key of the schema with a description', () => {
    const keys = listKeys();
    const defaults = configSchema.parse({}) as Record<string, Record<string, unknown>>;
    const count = Object.values(defaults).reduce((n, section) => n + Object.keys(section).length, 0);
    expect(keys).toHaveLength(count);
    for (const info of keys) expect(info.description.length).toBeGreaterThan(5);
  });
});

describe('maskSecrets', () => {
  it('masks secrets without touching the original', () => {
    const config = configSchema.parse({ bot: { token: 'abc.def' } });
    const masked = maskSecrets(config);
    expect(masked.bot.token).toBe('********');
    expect(config.bot.token).toBe('abc.def');
    expect(maskSecrets(configSchema.parse({})).bot.token).toBe('');
    expect(secretValues(config)).toEqual(['abc.def']);
  });
});
