import { describe, expect, it } from 'vitest';
import { harmKind } from './detect.ts';

describe('harmKind', () => {
  it.each([
    ['sudo rm -rf /', 'rm'],
    ['rm -rf ~', 'rm'],
    ['rm -rf *', 'rm'],
    ['rm -rf ./', 'rm'],
    ['rm -rf ../', 'rm'],
    ['doas rm -rf /usr', 'rm'],
    ['rm -rf /var/log', 'rm'],
    ['rm -rf / --no-preserve-root', 'rm'],
    ['run0 rm --recursive --force /etc', 'rm'],
    ['`sudo rm -rf /`', 'rm'],
    ['```bash\nrm -fr /boot\n```', 'rm'],
    [':(){ :|:& };:', 'fork-bomb'],
    [':(){:&};:', 'fork-bomb'],
    ['dd if=/dev/zero of=/dev/sda', 'dd'],
    ['sudo dd if=/dev/urandom of=/dev/nvme0n1 bs=1M', 'dd'],
    ['mkfs.ext4 /dev/sdb', 'format'],
    ['sudo mkfs.btrfs -f /dev/nvme1n1', 'format'],
  ])('%s → %s', (text, kind) => {
    expect(harmKind(text)).toBe(kind);
  });

  it.each([
    'rm file.txt',
    'ls -la',
    'rm -rf build',
    'git rm --cached notes.md',
    'dd if=disk.img of=backup.img',
    'mkfs.ext4 disk.img',
    'I love forks: (){}',
    'firmware update',
  ])('%s is harmless', (text) => {
    expect(harmKind(text)).toBeNull();
  });
});
