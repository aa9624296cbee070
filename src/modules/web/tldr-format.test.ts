import { describe, expect, it } from 'vitest';
import { TAR_PAGE } from '#test/web-fakes/web-fake-server.ts';
import { parseCodeBlock } from './run-languages.ts';
import { formatPage, normalizePageName, platformPriority, renderPlaceholders, splitPages } from './tldr-format.ts';

describe('tldr rules', () => {
  it('normalises page names as tldr does', () => {
    expect(normalizePageName('Git Commit')).toBe('git-commit');
    expect(normalizePageName('  GyE   D3 ')).toBe('gye-d3');
  });

  it('orders platforms: requested (osx for macos), linux, common, the rest', () => {
    expect(platformPriority('windows').slice(0, 3)).toEqual(['windows', 'linux', 'common']);
    expect(platformPriority('macos')[0]).toBe('osx');
    expect(platformPriority('common')).toEqual(['common']);
    const all = platformPriority();
    expect(all.slice(0, 2)).toEqual(['linux', 'common']);
    expect(new Set(all).size).toBe(all.length);
  });

  it('renders placeholders: long by default, short or both on request, underlined unless an option', () => {
    expect(renderPlaceholders('{{path/to/file}}', {}, true)).toBe('__path/to/file__');
    expect(renderPlaceholders('tar {{[-c|--create]}}', {}, false)).toBe('tar --create');
    expect(renderPlaceholders('tar {{[-c|--create]}}', { showShort: true }, false)).toBe('tar -c');
    expect(renderPlaceholders('tar {{[-c|--create]}}', { showBoth: true }, true)).toBe('tar __[-c|--create]__');
    expect(renderPlaceholders('literal \\{\\{x\\}\\}', {}, true)).toBe('literal {{x}}');
  });

  it('lays a page out for Discord', () => {
    const out = formatPage(TAR_PAGE, {});
    expect(out.split('\n').slice(0, 3)).toEqual([
      '> Archiving utility.',
      '> Often combined with a compression method, such as `gzip` or `bzip2`.',
      '> More information: <https://www.gnu.org/software/tar>.',
    ]);
    expect(out).toContain('[c]reate an archive and write it to a [f]ile:');
    expect(out).toContain('- `tar --create --file path/to/target.tar path/to/file1 path/to/file2 ...`');
    expect(formatPage(TAR_PAGE, { showShort: true })).toContain('- `tar -c -f path/to/target.tar');
  });

  it('splits long text into pages under the limit', () => {
    const pages = splitPages(Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n'), 4000);
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(p.length).toBeLessThanOrEqual(4000);
  });

  it('reads the language and code of a fenced block', () => {
    expect(parseCodeBlock('```py\nprint(1)\n```')).toEqual({ language: 'py', code: 'print(1)\n' });
    expect(parseCodeBlock('```\nprint(1)\n```').language).toBe('');
    expect(parseCodeBlock('```python')).toEqual({ language: 'python', code: '' });
  });
});
