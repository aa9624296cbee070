import { describe, expect, it } from 'vitest';
import { noticeText, randomColour } from './notice.ts';

describe('supportnotifier notice', () => {
  it('names the post and its author, and lists tags when there are any', () => {
    expect(noticeText('1', '2', [])).toBe('**New support thread created** - help is appreciated!\n<#1> by <@2>');
    expect(noticeText('1', '2', ['arch', 'wifi'])).toBe(
      '**New support thread created** - help is appreciated!\n<#1> by <@2>\n**Tags**: `arch, wifi`',
    );
    expect(noticeText('1', null, [])).toBe('**New support thread created** - help is appreciated!\n<#1>');
  });

  it('gives a colour in range', () => {
    expect(randomColour(() => 0)).toBe(0);
    expect(randomColour(() => 0.999999999)).toBe(0xffffff);
  });
});
