import { describe, expect, it } from 'vitest';
import { emojiNameCandidates, sortTallies, tallyLine } from './count.ts';

describe('rolecount', () => {
  it('sorts roles by members, largest first, then by name', () => {
    const sorted = sortTallies([
      { id: '1', name: 'Fedora', members: 2 },
      { id: '2', name: 'Arch', members: 5 },
      { id: '3', name: 'Debian', members: 2 },
      { id: '4', name: 'Gentoo', members: 0 },
    ]);
    expect(sorted.map((t) => t.name)).toEqual(['Arch', 'Debian', 'Fedora', 'Gentoo']);
  });

  it('writes one line per role, with its emoji when the server has one', () => {
    expect(tallyLine({ id: '9', name: 'Arch', members: 1 }, '<:_arch:5>')).toBe('<:_arch:5> <@&9>: 1 user');
    expect(tallyLine({ id: '9', name: 'Arch', members: 3 }, null)).toBe('<@&9>: 3 users');
  });

  it('looks for emoji named after the role', () => {
    expect(emojiNameCandidates('Arch')).toEqual(['_arch', 'arch']);
    expect(emojiNameCandidates('Arch Linux')).toEqual(['_archlinux', 'archlinux', '_arch', 'arch']);
    expect(emojiNameCandidates('C++')).toEqual(['_cplusplus', 'cplusplus']);
    expect(emojiNameCandidates('C#')).toEqual(['_csharp', 'csharp']);
  });
});
