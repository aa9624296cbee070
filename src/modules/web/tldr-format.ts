/**
 * tldr page rules as Tux applies them: page-name normalisation, platform and language priority, placeholder
 * rendering and the Discord layout of a page.
 */

export const TLDR_PLATFORMS = ['android', 'common', 'freebsd', 'linux', 'netbsd', 'openbsd', 'osx', 'sunos', 'windows'];
export const TLDR_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'zh', 'ja', 'ko', 'ru', 'it', 'nl', 'pl', 'tr'];

/** "Git Commit" → "git-commit". */
export function normalizePageName(name: string): string {
  return name.toLowerCase().trim().split(/\s+/).join('-');
}

/** The requested platform (plus osx for macos), then linux, then common, then every other platform. */
export function platformPriority(requested?: string): string[] {
  if (requested === 'common') return ['common'];
  const order: string[] = [];
  const wanted = requested === 'macos' ? 'osx' : requested;
  if (wanted && TLDR_PLATFORMS.includes(wanted)) order.push(wanted);
  for (const p of ['linux', 'common', ...TLDR_PLATFORMS]) if (!order.includes(p)) order.push(p);
  return order;
}

/** The requested language, then English. */
export function languagePriority(requested?: string): string[] {
  const order = requested ? [requested] : [];
  if (!order.includes('en')) order.push('en');
  return order;
}

export interface PlaceholderStyle {
  showShort?: boolean;
  showBoth?: boolean;
}

/**
 * `{{file}}` → `__file__` (underlined) in descriptions; `{{[-c|--create]}}` → the long form, the short one with
 * showShort, `[-c|--create]` with showBoth. Escaped braces `\{\{ \}\}` stay literal.
 */
export function renderPlaceholders(line: string, style: PlaceholderStyle, highlight: boolean): string {
  const open = '\u0000O';
  const close = '\u0000C';
  const escaped = line.replaceAll('\\{\\{', open).replaceAll('\\}\\}', close);
  const out = escaped.replace(/\{\{(.*?)\}\}/g, (_m, content: string) => {
    let chosen = content;
    if (content.startsWith('[') && content.endsWith(']') && content.includes('|')) {
      const inner = content.slice(1, -1);
      const bar = inner.indexOf('|');
      const short = inner.slice(0, bar);
      const long = inner.slice(bar + 1);
      chosen = style.showBoth ? `[${short}|${long}]` : style.showShort ? short : long;
    }
    return highlight && !chosen.trimStart().startsWith('-') ? `__${chosen}__` : chosen;
  });
  return out.replaceAll(open, '{{').replaceAll(close, '}}');
}

/** A tldr markdown page laid out for Discord: the description quoted, each example with its command below. */
export function formatPage(md: string, style: PlaceholderStyle): string {
  const lines = md.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && !lines[i]!.startsWith('# ')) i++;
  i++;
  while (i < lines.length && !lines[i]!.trim()) i++;
  const description: string[] = [];
  while (i < lines.length && lines[i]!.startsWith('>')) {
    description.push(renderPlaceholders(lines[i]!.slice(1).trim(), style, true));
    i++;
  }
  const out: string[] = [];
  if (description.length) out.push(`> ${description.join('\n> ')}`);
  let lastWasCommand = false;
  let first = true;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (!line) continue;
    if (line.startsWith('- ')) {
      if (first || lastWasCommand) out.push('');
      first = false;
      out.push(renderPlaceholders(line, style, true).slice(2));
      lastWasCommand = false;
    } else if (line.startsWith('`') && line.endsWith('`') && line.length >= 2) {
      out.push(`- \`${renderPlaceholders(line, style, false).slice(1, -1)}\``);
      lastWasCommand = true;
    } else {
      out.push(renderPlaceholders(line, style, true));
      lastWasCommand = false;
    }
  }
  return out.join('\n');
}

export function notFoundMessage(command: string): string {
  const url = `https://github.com/tldr-pages/tldr/issues/new?title=page%20request:${encodeURIComponent(command)}`;
  return `No TLDR page found for \`${command}\`.\n[Request it on GitHub](${url})`;
}

/** Splits text into pieces of at most `max` characters, at line ends where possible. */
export function splitPages(text: string, max = 4000): string[] {
  const pages: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = line.length > max ? line.slice(0, max) : line;
    if (current && current.length + 1 + piece.length > max) {
      pages.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current || pages.length === 0) pages.push(current);
  return pages;
}
