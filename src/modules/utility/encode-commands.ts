/** `encode` and `decode`: text in base16, base32, base64 or base85. */
import { arg, type CommandContext, defineCommand, UserError } from '#discord/commands/index.ts';
import { DecodeError, decodeBytes, ENCODINGS, encodeText, utf8OrNull } from './base-encodings.ts';

const TOO_LONG = 'The string ended up being too long. Please use this [site](https://www.base64encode.org/) instead.';

async function send(ctx: CommandContext, text: string): Promise<void> {
  if (text.length > 2000) throw new UserError('encode.too_long', TOO_LONG);
  await ctx.reply({ content: text, ephemeral: true, allowedMentions: { parse: [] } });
}

const encodingArg = arg.string({
  description: 'Which format to use',
  choices: ENCODINGS,
});

export const encodeCommand = defineCommand({
  name: 'encode',
  aliases: ['ec'],
  description: 'Encode text in base16, base32, base64 or base85',
  category: 'Utility',
  defaultRank: 0,
  examples: ['encode base64 hello'],
  args: { encoding: encodingArg, text: arg.text({ description: 'Text to encode', max: 2000 }) },
  run: (ctx, { encoding, text }) => send(ctx, encodeText(encoding, text)),
});

export const decodeCommand = defineCommand({
  name: 'decode',
  aliases: ['dc'],
  description: 'Decode base16, base32, base64 or base85 text',
  category: 'Utility',
  defaultRank: 0,
  examples: ['decode base64 aGVsbG8='],
  args: { encoding: encodingArg, text: arg.text({ description: 'Text to decode', max: 4000 }) },
  async run(ctx, { encoding, text }) {
    let bytes: Buffer;
    try {
      bytes = decodeBytes(encoding, text.trim());
    } catch (err) {
      if (err instanceof DecodeError) throw new UserError('decode.invalid', `Decoding error: ${err.message}`);
      throw err;
    }
    const decoded = utf8OrNull(bytes);
    if (decoded === null) {
      throw new UserError('decode.not_utf8', 'The message was decoded, but the output is not valid UTF-8.');
    }
    await send(ctx, decoded);
  },
});
