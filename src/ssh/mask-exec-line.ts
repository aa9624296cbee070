/**
 * An exec command line as it may be stored or shown (the audit trail, the session list): `config set` of a secret
 * config key and `settings set` of a secret guild setting (a plugin's API key) have their value masked, and any
 * current secret config value is masked wherever it appears.
 */
import { maskCommandLine, SECRET_MASK } from '#core/config/mask-secrets.ts';
import type { CoreContext } from '#core/context.ts';

/** Names that hold a secret even when the module is unknown or not loaded. */
const SECRET_NAME = /token|secret|password|passphrase|private|api_?key/i;

const unquote = (w: string) => w.replace(/^['"]|['"]$/g, '');

export function maskExecLine(line: string, ctx: Pick<CoreContext, 'config' | 'settings'>): string {
  const masked = maskCommandLine(line, ctx.config.current());
  const parts = masked.split(/(\s+)/);
  // The positions (in parts) of the words that are not flags.
  const words = parts.flatMap((p, i) => (p.trim() && !/^--?[a-z]/i.test(p) ? [i] : []));
  const word = (n: number) => unquote(parts[words[n] ?? -1] ?? '');
  if (word(0) !== 'settings' || word(1) !== 'set' || words.length < 6) return masked;
  const module = word(2).toLowerCase();
  const key = word(4).toLowerCase();
  const info = ctx.settings.modules().includes(module)
    ? ctx.settings.describe(module).find((s) => s.key === key)
    : undefined;
  if (!(info?.secret ?? SECRET_NAME.test(key))) return masked;
  return [...parts.slice(0, (words[4] as number) + 1), ' ', SECRET_MASK].join('');
}
