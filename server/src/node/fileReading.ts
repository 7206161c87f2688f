/**
 * Reading a file the workspace controls, which may be hostile (a cloned repository, a pull request in CI):
 * only a regular file (a FIFO, a device such as /dev/zero, a socket or a folder is refused by the type of
 * the opened descriptor; O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer),
 * only up to a size checked on that descriptor before reading, and never through a symbolic link that
 * leads out of the allowed roots (a link to /proc/self/environ, /etc/passwd or `/` is treated as absent).
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, Stats } from 'node:fs';
import * as path from 'node:path';
import { decodeXml, DecodedXml } from './xmlEncoding';

/**
 * Largest Magento file read from disk: Magento's largest configuration file is 23 KB; this leaves room for
 * generated ones and stays under what the index analyses (MAX_ANALYSED_LENGTH), far from memory trouble.
 */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The folders a workspace (or a CLI run) may read in, by real path; links out of them are not followed. */
export class Roots {
  private readonly reals: readonly string[];

  /** `description` ends the sentence "... leads outside <description>". */
  constructor(paths: readonly string[], readonly description: string) {
    this.reals = paths.map((p) => {
      try {
        return realpathSync.native(p);
      } catch {
        return path.resolve(p);
      }
    });
  }

  /** Whether a real (link-free) path lies in one of the roots. */
  contains(real: string): boolean {
    return this.reals.some((root) => isWithin(real, root));
  }
}

export function isWithin(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface FileRead extends DecodedXml {
  readonly bytes: Buffer;
  /** The path read, with every symbolic link resolved. */
  readonly real: string;
  readonly stat: Stats;
}

export type RefusalReason = 'missing' | 'outside' | 'not-a-file' | 'too-large' | 'unreadable';

export interface Refusal {
  readonly refused: RefusalReason;
  /** One sentence naming the file, never its content. */
  readonly message: string;
  readonly code?: string;
}

export interface ReadOptions {
  /** Where links may lead; undefined: anywhere (a path the user named). */
  roots?: Roots;
  maxBytes?: number;
  /** Real paths of folders already resolved during one pass (a module's etc/ holds several files). */
  realFolders?: Map<string, string>;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Reads and decodes `file`, or says why not (in one sentence without its content). */
export function readWorkspaceFile(file: string, options: ReadOptions = {}): FileRead | Refusal {
  const { roots, maxBytes = MAX_FILE_BYTES } = options;
  let target = file;
  let fd: number;
  try {
    if (roots) {
      target = path.join(realFolder(path.dirname(file), options.realFolders), path.basename(file));
      if (!NO_FOLLOW) target = realpathSync.native(target);
      if (!roots.contains(target)) return outside(file, roots);
    }
    try {
      fd = openSync(target, OPEN_FLAGS | (roots ? NO_FOLLOW : 0));
    } catch (e) {
      // The file itself is a link (O_NOFOLLOW refuses it): follow it only into the roots.
      if (!roots || (e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
      target = realpathSync.native(target);
      if (!roots.contains(target)) return outside(file, roots);
      fd = openSync(target, OPEN_FLAGS | NO_FOLLOW);
    }
  } catch (e) {
    return failed(file, e);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { refused: 'not-a-file', message: `Not reading ${file}: it is not a regular file (${kindOf(stat)}).` };
    if (stat.size > maxBytes) {
      return { refused: 'too-large', message: `Not reading ${file}: ${stat.size.toLocaleString('en-US')} bytes is too large for a Magento configuration file (limit ${maxBytes.toLocaleString('en-US')}).` };
    }
    // Exactly the size fstat gave: a file growing meanwhile (or a /proc file, whose size is 0) is not read on.
    const bytes = readUpTo(fd, stat.size);
    return { ...decodeXml(bytes), bytes, real: target, stat };
  } catch (e) {
    return failed(file, e);
  } finally {
    closeSync(fd);
  }
}

/** Up to `size` bytes from the start of an open file (fewer when it ends first). */
export function readUpTo(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const n = readSync(fd, bytes, length, size - length, length);
    if (n === 0) break;
    length += n;
  }
  return bytes.subarray(0, length);
}

export function isRefusal(r: FileRead | Refusal): r is Refusal {
  return 'refused' in r;
}

function realFolder(folder: string, cache: Map<string, string> | undefined): string {
  let real = cache?.get(folder);
  if (real === undefined) {
    real = realpathSync.native(folder);
    cache?.set(folder, real);
  }
  return real;
}

function outside(file: string, roots: Roots): Refusal {
  return { refused: 'outside', message: outsideMessage(file, roots) };
}

/**
 * What is said, once, of a path that is not followed: a symbolic link out of the roots, or (`viaLink`
 * false) a folder outside them that the workspace names (a composer install-path of `../..`).
 */
export function outsideMessage(file: string, roots: Roots, viaLink = true): string {
  return `${NOT_FOLLOWING}${file}: ${viaLink ? 'a symbolic link leads it' : 'it lies'} outside ${roots.description}.`;
}

const NOT_FOLLOWING = 'Not following ';

/** Whether a logged message is outsideMessage's: a link treated as absent, which is no read error. */
export function isOutsideMessage(message: string): boolean {
  return message.startsWith(NOT_FOLLOWING);
}

function failed(file: string, e: unknown): Refusal {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return { refused: 'missing', message: `${file} does not exist.`, code: err.code };
  if (err.code === 'ELOOP') return { refused: 'unreadable', message: `Cannot read ${file}: too many symbolic links.`, code: err.code };
  return { refused: 'unreadable', message: `Cannot read ${file}: ${err.message}`, code: err.code };
}

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a folder';
  return 'not a file';
}
