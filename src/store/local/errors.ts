// System call failures as CppNix words them: `WHAT: <strerror text>`.

import { StoreError } from '../store.js';

const STRERROR: Record<string, string> = {
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EAGAIN: 'Resource temporarily unavailable',
  EBUSY: 'Device or resource busy',
  EINVAL: 'Invalid argument',
  ELOOP: 'Too many levels of symbolic links',
  EMFILE: 'Too many open files',
  ENAMETOOLONG: 'File name too long',
  EXDEV: 'Invalid cross-device link',
  EIO: 'Input/output error',
  ECONNREFUSED: 'Connection refused',
};

/** The strerror text of a Node system error. */
export function reasonOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code !== undefined ? STRERROR[code] : undefined) ?? (e instanceof Error ? e.message : String(e));
}

/** A StoreError `WHAT: reason` for a failed system call (CppNix's SysError). */
export function sysError(e: unknown, what: string): StoreError {
  return new StoreError(`${what}: ${reasonOf(e)}`);
}

export const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException).code;
