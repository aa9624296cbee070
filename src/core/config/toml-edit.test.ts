import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { renderTomlValue, setTomlValue } from './toml-edit.ts';

describe('setTomlValue', () => {
  it('replaces a value in place and keeps the trailing comment', () => {
    expect(setTomlValue('[a]\nb = 1 # note\nc = 2\n', 'a', 'b', 5)).toBe('[a]\nb = 5 # note\nc = 2\n');
  });

  it('finds quoted keys, dotted keys and keys after multi-line strings', () => {
    const text = '[a]\ns = """\nb = 9\n"""\n"b" = 1\n';
    expect(parse(setTomlValue(text, 'a', 'b', 2))).toEqual({ a: { s: 'b = 9\n', b: 2 } });
    expect(setTomlValue('a.b = 1\n', 'a', 'b', 3)).toBe('a.b = 3\n');
  });

  it('ignores same-named keys in other tables and array tables', () => {
    const text = '[x]\nb = 1\n[[a]]\nb = 1\n[a2]\n';
    expect(parse(setTomlValue(text, 'x', 'c', 2))).toEqual({ x: { b: 1, c: 2 }, a: [{ b: 1 }], a2: {} });
  });

  it('keeps CRLF line endings', () => {
    expect(setTomlValue('[a]\r\nb = 1\r\n', 'a', 'c', 'x')).toBe('[a]\r\nb = 1\r\nc = "x"\r\n');
  });

  it('renders values TOML can read back', () => {
    const value = ['quote " and \\ and \u007f', { type: 'playing', 'odd key': 1 }];
    expect(parse(`v = ${renderTomlValue(value)}`)).toEqual({ v: value });
  });
});
