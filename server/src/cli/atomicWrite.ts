/**
 * Replaces a file's content atomically: the new text goes to a temporary file in the same folder (same
 * file system, so the rename is atomic), with the original's permission bits, flushed to disk, then renamed
 * over the original. Readers see the old file or the new one, never half of it; a failure leaves the
 * original untouched and removes the temporary file. A symbolic link is followed: its target is replaced
 * and the link stays. A file the user may not write is refused (EACCES), although the rename would work.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as path from 'node:path';

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const target = await fs.realpath(file);
  const stat = await fs.stat(target);
  // The rename needs only the folder's permission: honour a read-only file as an editor would.
  await fs.access(target, fsConstants.W_OK);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', stat.mode & 0o7777);
    await handle.writeFile(text, 'utf8');
    // open() applies the umask: set the original's bits exactly.
    await handle.chmod(stat.mode & 0o7777);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}
