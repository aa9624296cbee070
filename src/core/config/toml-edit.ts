/**
 * Changes one `key = value` in TOML text in place, so comments, blank lines, key order and unknown sections stay
 * as the admin wrote them. Limits: a value spanning several lines (multi-line array or string) is rewritten on one
 * line and comments inside it are lost; a key defined through an inline table (`ssh = { port = 1 }`) or dotted keys
 * that conflict with a new `[section]` cannot be edited in place. The caller verifies the result by parsing it and
 * falls back to rewriting the whole file when in-place editing cannot express the change.
 */

interface Statement {
  kind: 'table' | 'array-table' | 'kv';
  /** Full key path: the table's path, or the current table's path plus the key's parts. */
  path: string[];
  /** For kv: where the value starts and ends (exclusive) in the text. */
  valueStart: number;
  valueEnd: number;
  /** End of the statement's last line (before its newline). */
  lineEnd: number;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** Renders a value as TOML: strings, numbers, booleans, arrays and inline tables. */
export function renderTomlValue(value: unknown): string {
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length ? `[${value.map(renderTomlValue).join(', ')}]` : '[]';
  if (value !== null && typeof value === 'object') {
    const parts = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${renderKey(k)} = ${renderTomlValue(v)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  throw new TypeError(`cannot write ${String(value)} to TOML`);
}

function renderKey(key: string): string {
  return BARE_KEY.test(key) ? key : renderString(key);
}

function renderString(value: string): string {
  // JSON string escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL.
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}

function lineEndAt(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  const end = nl === -1 ? text.length : nl;
  return end > pos && text[end - 1] === '\r' ? end - 1 : end;
}

function nextLineStart(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl === -1 ? text.length : nl + 1;
}

/** End (exclusive) of a quoted string starting at `pos`. */
function scanString(text: string, pos: number): number {
  if (text.startsWith('"""', pos) || text.startsWith("'''", pos)) {
    const quote = text[pos]!;
    const fence = quote.repeat(3);
    let i = pos + 3;
    while (i < text.length) {
      if (quote === '"' && text[i] === '\\') {
        i += 2;
        continue;
      }
      if (text.startsWith(fence, i)) {
        let end = i + 3;
        // Up to two quotes may sit right before the closing fence.
        while (end < text.length && text[end] === quote && end - i < 5) end++;
        return end;
      }
      i++;
    }
    return text.length;
  }
  const quote = text[pos]!;
  let i = pos + 1;
  while (i < text.length && text[i] !== '\n') {
    if (quote === '"' && text[i] === '\\') {
      i += 2;
      continue;
    }
    if (text[i] === quote) return i + 1;
    i++;
  }
  return i;
}

/** End (exclusive) of the value starting at `pos` (may span lines for arrays, inline tables, multi-line strings). */
function scanValue(text: string, pos: number): number {
  const c = text[pos];
  if (c === '"' || c === "'") return scanString(text, pos);
  if (c === '[' || c === '{') {
    let depth = 0;
    let i = pos;
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"' || ch === "'") {
        i = scanString(text, i);
        continue;
      }
      if (ch === '#') {
        i = lineEndAt(text, i);
        continue;
      }
      if (ch === '[' || ch === '{') depth++;
      if (ch === ']' || ch === '}') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return text.length;
  }
  // A bare scalar (number, boolean, date): up to a comment or the end of the line.
  let end = lineEndAt(text, pos);
  const hash = text.indexOf('#', pos);
  if (hash !== -1 && hash < end) end = hash;
  while (end > pos && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

/** Splits a dotted key ("a.\"b.c\".d") into its parts. */
function parseKeyParts(raw: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < raw.length) {
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    const c = raw[i];
    if (c === '"' || c === "'") {
      const end = scanString(raw, i);
      const body = raw.slice(i, end);
      if (c === '"') {
        try {
          parts.push(JSON.parse(body) as string);
        } catch {
          parts.push(body.slice(1, -1));
        }
      } else {
        parts.push(body.slice(1, -1));
      }
      i = end;
    } else {
      let end = i;
      while (end < raw.length && raw[end] !== '.' && raw[end] !== ' ' && raw[end] !== '\t') end++;
      parts.push(raw.slice(i, end));
      i = end;
    }
    while (raw[i] === ' ' || raw[i] === '\t') i++;
    if (raw[i] === '.') i++;
  }
  return parts;
}

/** Finds where a key ends and `=` sits, skipping quoted key parts. */
function findEquals(text: string, pos: number, lineEnd: number): number {
  let i = pos;
  while (i < lineEnd) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = scanString(text, i);
      continue;
    }
    if (c === '=') return i;
    i++;
  }
  return -1;
}

function scanStatements(text: string): Statement[] {
  const out: Statement[] = [];
  let table: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    let i = pos;
    while (text[i] === ' ' || text[i] === '\t') i++;
    const lineEnd = lineEndAt(text, i);
    const c = text[i];
    if (i >= text.length || c === '\n' || c === '\r' || c === '#') {
      pos = nextLineStart(text, i);
      continue;
    }
    if (c === '[') {
      const isArray = text[i + 1] === '[';
      const start = i + (isArray ? 2 : 1);
      let close = start;
      while (close < lineEnd && text[close] !== ']') {
        close = text[close] === '"' || text[close] === "'" ? scanString(text, close) : close + 1;
      }
      table = parseKeyParts(text.slice(start, close));
      out.push({ kind: isArray ? 'array-table' : 'table', path: table, valueStart: -1, valueEnd: -1, lineEnd });
      if (isArray) table = ['\u0000array', ...table];
      pos = nextLineStart(text, lineEnd);
      continue;
    }
    const eq = findEquals(text, i, lineEnd);
    if (eq === -1) {
      pos = nextLineStart(text, lineEnd);
      continue;
    }
    let valueStart = eq + 1;
    while (text[valueStart] === ' ' || text[valueStart] === '\t') valueStart++;
    const valueEnd = scanValue(text, valueStart);
    const end = lineEndAt(text, valueEnd);
    out.push({
      kind: 'kv',
      path: [...table, ...parseKeyParts(text.slice(i, eq))],
      valueStart,
      valueEnd,
      lineEnd: end,
    });
    pos = nextLineStart(text, end);
  }
  return out;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/**
 * Returns `text` with `[section] name` set to `value`: the value is replaced where the key is written, or the key
 * is appended to its section, or the section is appended to the file.
 */
export function setTomlValue(text: string, section: string, name: string, value: unknown): string {
  const rendered = renderTomlValue(value);
  const statements = scanStatements(text);
  const target = [section, name];
  const existing = statements.find((s) => s.kind === 'kv' && samePath(s.path, target));
  if (existing) return text.slice(0, existing.valueStart) + rendered + text.slice(existing.valueEnd);

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const line = `${renderKey(name)} = ${rendered}`;
  const headerIndex = statements.findIndex((s) => s.kind === 'table' && samePath(s.path, [section]));
  if (headerIndex !== -1) {
    let anchor = statements[headerIndex]!;
    for (const s of statements.slice(headerIndex + 1)) {
      if (s.kind !== 'kv') break;
      anchor = s;
    }
    return text.slice(0, anchor.lineEnd) + eol + line + text.slice(anchor.lineEnd);
  }
  let prefix = text;
  if (prefix.length && !prefix.endsWith('\n')) prefix += eol;
  if (prefix.trim().length) prefix += eol;
  return `${prefix}[${renderKey(section)}]${eol}${line}${eol}`;
}
