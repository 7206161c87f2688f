/**
 * Writes a fixed file for --fix without losing anything that was there. In place, through the same inode:
 * its mode, owner, group, hard links and extended attributes stay (a new file renamed over it reset the
 * owner as root and split hard links). Only when the file still holds exactly the bytes the fix was made
 * from: a change saved meanwhile is kept and the file is skipped. A read-only file (no write bit at all) is
 * refused unless asked for — root could write it, but someone made it read-only on purpose.
 *
 * Not atomic: a crash between the write and the truncation can leave the old tail behind a shorter text
 * (a rename would be atomic, and would lose the above); the write itself is one call, flushed.
 */
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { readUpTo } from '../node/fileReading';

export type WriteOutcome = { written: true } | { written: false; reason: string };

export function writeInPlace(realPath: string, expected: Buffer, replacement: Buffer, options: { readOnlyToo: boolean }): WriteOutcome {
  // O_NOFOLLOW: the path was resolved when the file was read; a link put there since is not followed.
  const fd = openSync(realPath, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { written: false, reason: 'it is no longer a regular file' };
    if ((stat.mode & 0o222) === 0 && !options.readOnlyToo) return { written: false, reason: 'it is read-only (--fix-read-only writes it anyway)' };
    if (stat.size !== expected.length || !readUpTo(fd, stat.size).equals(expected)) return { written: false, reason: 'it changed since it was read; run again to fix it as it is now' };
    let written = 0;
    while (written < replacement.length) written += writeSync(fd, replacement, written, replacement.length - written, written);
    ftruncateSync(fd, replacement.length);
    fsyncSync(fd);
    return { written: true };
  } finally {
    closeSync(fd);
  }
}
