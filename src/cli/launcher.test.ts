import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '#core/config/schema.ts';
import { readCommandLine, readPerformance } from './launcher.ts';
import { applyAtRuntime, effectiveNodeFlags, flagsToApply, missingFlags, nodeFlagsFor } from './node-flags.ts';

const dir = mkdtempSync(join(tmpdir(), 'tux-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the launcher of tux start', () => {
  it('reads [performance] like the config schema does, with the same defaults', () => {
    const file = join(dir, 'none.toml');
    expect(readPerformance(file, {})).toEqual(configSchema.parse({}).performance);
    const toml = join(dir, 'tux.toml');
    writeFileSync(toml, '[performance]\nprofile = "default"\nheap_limit_mb = 300\n');
    const perf = readPerformance(toml, {});
    expect(perf).toEqual(configSchema.parse({ performance: { profile: 'default', heap_limit_mb: 300 } }).performance);
    expect(nodeFlagsFor(perf)).toEqual(['--max-old-space-size=300']);
    expect(readPerformance(toml, { TUX_PERFORMANCE_PROFILE: 'pi', TUX_PERFORMANCE_SEMI_SPACE_MB: '4' })).toMatchObject({
      profile: 'pi',
      semi_space_mb: 4,
    });
    writeFileSync(toml, 'this is not toml [');
    expect(readPerformance(toml, {}).profile).toBe('pi');
  });

  it('picks the command and --config from the command line', () => {
    expect(readCommandLine(['start'])).toEqual({ command: 'start', config: undefined });
    expect(readCommandLine(['-c', 'x.toml', 'start'])).toEqual({ command: 'start', config: 'x.toml' });
    expect(readCommandLine(['--config=y.toml', 'config', 'get'])).toEqual({ command: 'config', config: 'y.toml' });
    expect(readCommandLine(['--version'])).toEqual({ command: undefined, config: undefined });
  });

  it('leaves alone a flag already given on the command line or in NODE_OPTIONS', () => {
    const flags = nodeFlagsFor({ profile: 'pi', semi_space_mb: 0, heap_limit_mb: 256 });
    expect(flags).toEqual(['--max-semi-space-size=1', '--max-old-space-size=256']);
    expect(missingFlags(flags, ['--max-semi-space-size=8'])).toEqual(['--max-old-space-size=256']);
    expect(missingFlags(flags, [], '--max_old_space_size=100 --max-semi-space-size=1')).toEqual([]);
  });

  it("sets the pi profile's semi-space in the running process; any other flag needs a child node", () => {
    const env: NodeJS.ProcessEnv = {};
    expect(applyAtRuntime(['--max-semi-space-size=1', '--max-old-space-size=256'], env)).toBe(false);
    expect(applyAtRuntime(['--max-semi-space-size=2'], env)).toBe(false);
    expect(effectiveNodeFlags(env)).toEqual(process.execArgv);
    expect(applyAtRuntime(['--max-semi-space-size=1'], env)).toBe(true);
    expect(effectiveNodeFlags(env)).toEqual([...process.execArgv, '--semi-space-growth-factor=1']);
    expect(flagsToApply(['--max-semi-space-size=1'], { TUX_RELAUNCHED: '1' })).toEqual([]);
  });
});
