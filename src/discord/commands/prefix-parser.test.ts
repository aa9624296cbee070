import { describe, expect, it } from 'vitest';
import { convertInput, type EntityResolver, probeToken } from './convert.ts';
import { defineCommand } from './define-command.ts';
import { ArgumentError } from './errors.ts';
import { arg, flag, type OptionsShape } from './options.ts';
import { cleanReason, parsePrefixInput } from './prefix-parser.ts';
import { tokenize } from './tokenize.ts';
import { usageOf } from './usage.ts';

const ID = '123456789012345678';
const fakeMember = { id: ID, kind: 'member' };
const resolver: EntityResolver = {
  user: async (id) => (id === ID ? ({ id } as never) : null),
  member: async (q) => (q === `<@${ID}>` || q === ID || q === 'tux' ? (fakeMember as never) : null),
  channel: async () => null,
  role: async () => null,
};

const ban = defineCommand({
  name: 'ban',
  aliases: ['b'],
  description: 'Ban a member',
  defaultRank: 3,
  args: { member: arg.member({ description: 'Who' }), reason: arg.reason() },
  flags: {
    purge: flag.integer({ description: 'Days of messages to delete', aliases: ['p'], default: 0, min: 0, max: 7 }),
    silent: flag.boolean({ description: "Don't DM", aliases: ['s', 'quiet'] }),
  },
  run: () => {},
});

const tempban = defineCommand({
  name: 'tempban',
  description: 'Ban for a while',
  defaultRank: 3,
  args: { member: arg.member({ description: 'Who' }), reason: arg.reason() },
  flags: {
    duration: flag.duration({ description: 'How long', required: true, aliases: ['d', 't'] }),
    silent: flag.boolean({ description: "Don't DM" }),
  },
  run: () => {},
});

async function parse(def: { args?: OptionsShape; flags?: OptionsShape }, text: string) {
  const raw = parsePrefixInput(text, def.args ?? {}, def.flags ?? {}, probeToken);
  return convertInput(raw, def.args ?? {}, def.flags ?? {}, resolver);
}

async function parseError(def: { args?: OptionsShape; flags?: OptionsShape }, text: string): Promise<ArgumentError> {
  try {
    await parse(def, text);
  } catch (err) {
    expect(err).toBeInstanceOf(ArgumentError);
    return err as ArgumentError;
  }
  throw new Error(`expected "${text}" to fail`);
}

describe('tokenize', () => {
  it('groups quoted words and keeps offsets', () => {
    expect(tokenize('a "b c" “d e” \\x').map((t) => t.value)).toEqual(['a', 'b c', 'd e', '\\x']);
    expect(tokenize('"say \\"hi\\""')[0]!.value).toBe('say "hi"');
  });
  it('rejects an unclosed quote', () => {
    expect(() => tokenize('"abc')).toThrow(/never closed/);
  });
});

describe('prefix parser', () => {
  it('parses positional member, reason and flags', async () => {
    expect(await parse(ban, `<@${ID}> spamming links -purge 3 -silent`)).toEqual({
      member: fakeMember,
      reason: 'spamming links',
      purge: 3,
      silent: true,
    });
  });
  it('applies defaults and accepts ids, aliases and case-insensitive flags', async () => {
    expect(await parse(ban, ID)).toEqual({ member: fakeMember, reason: 'No reason provided', purge: 0, silent: false });
    expect(await parse(ban, `${ID} spam -P 2 -S false`)).toMatchObject({ purge: 2, silent: false });
    expect(await parse(ban, `${ID} -quiet`)).toMatchObject({ silent: true, reason: 'No reason provided' });
  });
  it('cleans "-r " and "--reason " from the reason', async () => {
    expect(await parse(ban, `${ID} -r being rude`)).toMatchObject({ reason: 'being rude' });
    expect(await parse(ban, `${ID} --reason being rude -s`)).toMatchObject({ reason: 'being rude', silent: true });
    expect(cleanReason('?R  spam')).toBe('spam');
    expect(cleanReason('reason spam')).toBe('reason spam');
  });
  it('keeps quoted reasons and original spacing', async () => {
    expect(await parse(ban, `${ID} "quoted reason"`)).toMatchObject({ reason: 'quoted reason' });
    expect(await parse(ban, `${ID} a  b   c`)).toMatchObject({ reason: 'a  b   c' });
    expect(await parse(ban, `${ID} "-silent" is text`)).toMatchObject({ reason: '"-silent" is text', silent: false });
  });
  it('takes multi-word flag values up to the next flag', async () => {
    expect(await parse(tempban, `${ID} spam -d 1h 30m -silent`)).toMatchObject({ duration: 90 * 60_000, silent: true });
  });
  it('reports missing, invalid and unknown input clearly', async () => {
    expect((await parseError(ban, '')).id).toBe('argument.missing');
    expect((await parseError(ban, 'nobody')).id).toBe('argument.member_not_found');
    expect((await parseError(ban, `${ID} -purge`)).id).toBe('argument.flag_value_missing');
    expect((await parseError(ban, `${ID} -purge abc`)).message).toMatch(/whole number/);
    expect((await parseError(ban, `${ID} -purge 9`)).message).toMatch(/at most 7/);
    expect((await parseError(ban, `${ID} x -purge 1 -purge 2`)).id).toBe('argument.duplicate_flag');
    expect((await parseError(ban, `${ID} x -silent extra words`)).id).toBe('argument.unexpected_text');
    expect((await parseError(tempban, `${ID} spam`)).id).toBe('argument.missing_flag');
    expect((await parseError(tempban, `${ID} -d soon`)).message).toMatch(/not a duration/);
  });
  it('rejects extra arguments and unknown flags when nothing takes text', async () => {
    const ping = { args: { count: arg.integer({ description: 'n', optional: true }) } };
    expect((await parseError(ping, '1 2')).id).toBe('argument.too_many');
    expect((await parseError(ping, '1 -fast')).id).toBe('argument.unknown_flag');
    expect(await parse(ping, '')).toEqual({ count: undefined });
  });
  it('skips an optional argument that cannot take the word', async () => {
    const purge = {
      args: {
        amount: arg.integer({ description: 'n', optional: true }),
        member: arg.member({ description: 'who', optional: true }),
      },
    };
    expect(await parse(purge, `<@${ID}>`)).toEqual({ amount: undefined, member: fakeMember });
    expect(await parse(purge, `5 <@${ID}>`)).toEqual({ amount: 5, member: fakeMember });
  });
  it('matches choices case-insensitively and lists them on a miss', async () => {
    const c = { args: { kind: arg.string({ description: 'k', choices: ['linux', 'cat'] }) } };
    expect(await parse(c, 'LINUX')).toEqual({ kind: 'linux' });
    expect((await parseError(c, 'dog')).message).toMatch(/`linux`, `cat`/);
  });
  it('never throws anything but ArgumentError on random input (fuzz)', async () => {
    const alphabet = [
      '-',
      '--',
      '"',
      '“',
      '\\',
      ' ',
      ' ',
      'a',
      'b',
      '1',
      '7',
      ID,
      `<@${ID}>`,
      '-p',
      '-s',
      '-purge',
      '-r',
      'x',
    ];
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const len = Math.floor(rand() * 10);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)]! + (rand() < 0.5 ? ' ' : '');
      for (const def of [ban, tempban]) {
        try {
          await parse(def, s);
        } catch (err) {
          expect(err).toBeInstanceOf(ArgumentError);
          expect((err as ArgumentError).message.length).toBeGreaterThan(5);
        }
      }
    }
  });
});

describe('usage', () => {
  it('renders Tux-style usage strings', () => {
    expect(usageOf('ban', ban)).toBe('ban @member [reason] [-purge | -silent]');
    expect(usageOf('tempban', tempban)).toBe('tempban @member [reason] -duration [-silent]');
  });
});

describe('defineCommand', () => {
  it('rejects malformed definitions with the command name', () => {
    expect(() =>
      defineCommand({
        name: 'x',
        description: 'd',
        args: { a: arg.string({ description: 'a', optional: true }), b: arg.string({ description: 'b' }) },
        run: () => {},
      }),
    ).toThrow(/command "x": required argument "b" follows an optional one/);
    expect(() => defineCommand({ name: 'Bad', description: 'd', run: () => {} })).toThrow(/lower case/);
    expect(() =>
      defineCommand({
        name: 'y',
        description: 'd',
        flags: { a: flag.boolean({ description: 'a', aliases: ['b'] }), b: flag.boolean({ description: 'b' }) },
        run: () => {},
      }),
    ).toThrow(/used twice/);
  });
  it('infers input types', () => {
    defineCommand({
      name: 'typed',
      description: 'd',
      defaultRank: 0,
      args: {
        n: arg.integer({ description: 'n' }),
        k: arg.string({ description: 'k', choices: ['a', 'b'], optional: true }),
      },
      flags: { silent: flag.boolean({ description: 's' }), d: flag.duration({ description: 'd' }) },
      run(_ctx, input) {
        const n: number = input.n;
        const k: 'a' | 'b' | undefined = input.k;
        const s: boolean = input.silent;
        const d: number | undefined = input.d;
        // @ts-expect-error optional values may be undefined
        const bad: number = input.d;
        return [n, k, s, d, bad];
      },
    });
  });
});

describe('arguments that are also flags, and boolean words', () => {
  const timeout = defineCommand({
    name: 'timeout',
    description: 'Time out',
    defaultRank: 2,
    args: {
      target: arg.member({ description: 'Who', usageName: 'member' }),
      duration: arg.duration({ description: 'How long', asFlag: ['duration', 't'] }),
      reason: arg.reason(),
    },
    flags: { silent: flag.boolean({ description: "Don't DM", aliases: ['s'] }) },
    run: () => {},
  });
  const jail = defineCommand({
    name: 'jail',
    description: 'Jail',
    defaultRank: 2,
    args: {
      target: arg.member({ description: 'Who' }),
      duration: arg.duration({ description: 'How long', asFlag: ['duration'], optional: true }),
      reason: arg.reason(),
    },
    run: () => {},
  });

  it('takes the duration as the word after the member or as -duration, never both', async () => {
    expect(await parse(timeout, `<@${ID}> 10m spamming`)).toMatchObject({ duration: 600_000, reason: 'spamming' });
    expect(await parse(timeout, `<@${ID}> spamming a lot -duration 1h`)).toMatchObject({
      duration: 3_600_000,
      reason: 'spamming a lot',
    });
    expect(await parse(timeout, `<@${ID}> spam -t 2h -s`)).toMatchObject({ duration: 7_200_000, silent: true });
    expect((await parseError(timeout, `<@${ID}> 99x spamming`)).message).toContain('`99x` is not a duration');
    // With -duration given, the words before the flags are the reason.
    expect(await parse(timeout, `<@${ID}> 10m -duration 1h`)).toMatchObject({ duration: 3_600_000, reason: '10m' });
    expect((await parseError(timeout, `<@${ID}> -duration 1h -t 2h`)).id).toBe('argument.duplicate_flag');
    expect(usageOf('timeout', timeout)).toBe('timeout @member <duration> [reason] [-silent]');
  });

  it('skips an optional duration that is not one', async () => {
    expect(await parse(jail, `<@${ID}> rule 3`)).toMatchObject({ duration: undefined, reason: 'rule 3' });
    expect(await parse(jail, `<@${ID}> 1d rule 3`)).toMatchObject({ duration: 86_400_000, reason: 'rule 3' });
  });

  it("accepts Tux's boolean words and refuses others with Tux's message", async () => {
    for (const word of ['t', 'active', 'enabled', 'ENABLE', 'yes', 'on', '1']) {
      expect(await parse(timeout, `<@${ID}> 1h -silent ${word}`)).toMatchObject({ silent: true });
    }
    for (const word of ['f', 'inactive', 'disabled', 'no', 'off', '0']) {
      expect(await parse(timeout, `<@${ID}> 1h -silent ${word}`)).toMatchObject({ silent: false });
    }
    expect((await parseError(timeout, `<@${ID}> 1h -silent maybe`)).message).toBe(
      '`-silent`: `maybe` must be a boolean value (e.g. true/false, yes/no).',
    );
  });

  it('refuses a flag name used by an argument and a flag', () => {
    expect(() =>
      defineCommand({
        name: 'x',
        description: 'x',
        defaultRank: 0,
        args: { duration: arg.duration({ description: 'd', asFlag: ['d'] }) },
        flags: { dry: flag.boolean({ description: 'd', aliases: ['d'] }) },
        run: () => {},
      }),
    ).toThrow(/"d" is used twice/);
  });
});

describe('attachment arguments', () => {
  const file = (name: string) => ({
    id: '1',
    url: `https://cdn.example/${name}`,
    name,
    size: 10,
    contentType: 'image/png',
    width: 2,
    height: 2,
  });
  const resize = defineCommand({
    name: 'resize',
    description: 'Resize images',
    defaultRank: 0,
    args: {
      image: arg.attachment({ description: 'The image' }),
      scale: arg.integer({ description: 'Percent', optional: true }),
      mask: arg.attachment({ description: 'A mask', optional: true }),
    },
    run: () => {},
  });
  const run = async (text: string, files: ReturnType<typeof file>[]) => {
    const args = resize.args as OptionsShape;
    return convertInput(parsePrefixInput(text, args, {}, probeToken), args, {}, resolver, files);
  };

  it('fills attachment arguments from the message files in order and takes no words', async () => {
    expect(await run('50', [file('a.png'), file('b.png')])).toEqual({
      image: file('a.png'),
      scale: 50,
      mask: file('b.png'),
    });
    expect(await run('', [file('a.png')])).toEqual({ image: file('a.png'), scale: undefined, mask: undefined });
  });

  it('asks for a missing file and refuses a word in its place', async () => {
    await expect(run('', [])).rejects.toThrow('Missing required file: `image` (The image). Attach it to the message.');
    await expect(run('50 extra', [file('a.png')])).rejects.toThrow('Too many arguments');
  });

  it('shows the file in usage', () => {
    expect(usageOf('resize', resize)).toBe('resize <image:file> [scale] [mask:file]');
  });
});
