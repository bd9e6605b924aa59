// Locks as CppNix 2.26 takes them: flock(2) on lock files (its lockFile),
// and a path's lock `<path>.lock` (its PathLocks), which two processes
// adding the same path take in turn, so that one writes it and the other
// finds it valid.

import * as fs from 'node:fs';
import { errnoOf, sysError } from './errors.js';
import { bin, openLockFile, writeAll } from './files.js';
import { loadFsExt } from './natives.js';

export type LockType = 'read' | 'write';

/** Locks `fd` shared (`read`) or exclusive (`write`); without `wait`, false when another holds it. */
export function lockFile(fd: number, type: LockType, wait: boolean): boolean {
  const flock = loadFsExt().flockSync;
  const mode = type === 'read' ? 'sh' : 'ex';
  for (;;) {
    try {
      flock(fd, wait ? mode : mode === 'sh' ? 'shnb' : 'exnb');
      return true;
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'EINTR') continue;
      if (!wait && (code === 'EAGAIN' || code === 'EWOULDBLOCK')) return false;
      throw sysError(e, 'acquiring/releasing lock');
    }
  }
}

export function unlockFile(fd: number): void {
  try {
    loadFsExt().flockSync(fd, 'un');
  } catch (e) {
    throw sysError(e, 'acquiring/releasing lock');
  }
}

/**
 * The lock on a store path, held while it is written and registered: an
 * exclusive flock on `<path>.lock`. A lock file another holder deleted
 * (CppNix writes a byte into it first) is stale: it is opened again.
 */
export class PathLock {
  private constructor(
    private readonly lockPath: string,
    private fd: number | null,
  ) {}

  /** Waits for the lock on `path` (its real, on-disk path), printing `waitMessage` first if it must wait. */
  static acquire(path: string, waitMessage: ((path: string) => void) | null = null): PathLock {
    const lockPath = `${path}.lock`;
    for (;;) {
      const fd = openLockFile(lockPath, true)!;
      if (!lockFile(fd, 'write', false)) {
        waitMessage?.(path);
        lockFile(fd, 'write', true);
      }
      if (fs.fstatSync(fd).size === 0) return new PathLock(lockPath, fd);
      fs.closeSync(fd);
    }
  }

  /** Releases the lock, deleting the lock file as CppNix's setDeletion(true) does: unlinked, then marked stale. */
  release(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      fs.unlinkSync(bin(this.lockPath));
      writeAll(fd, Buffer.from('d'));
    } catch {
      // A lock file that cannot be deleted is only left behind.
    } finally {
      fs.closeSync(fd);
    }
  }
}
