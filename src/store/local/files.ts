// File operations of the local store, on binary-string paths (one char per
// byte, as the IO interface has them), failing with CppNix's messages.

import * as fs from 'node:fs';
import { errnoOf, sysError } from './errors.js';

export const bin = (p: string): Buffer => Buffer.from(p, 'latin1');

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** Whether anything is at `path` (a final symlink not followed), as CppNix's pathExists. */
export function pathExists(path: string): boolean {
  try {
    fs.lstatSync(bin(path));
    return true;
  } catch {
    return false;
  }
}

/**
 * CppNix's createDirs: `path` and its missing parents. A failure names
 * `path` itself, as CppNix's does (with, for a file in the way at `path`,
 * the errno CppNix is left with: ENOENT).
 */
export function createDirs(path: string): void {
  try {
    makeDirs(path);
  } catch (e) {
    throw sysError(e, `creating directory '${path}'`);
  }
}

function makeDirs(path: string): void {
  if (path === '/' || path === '') return;
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(bin(path));
  } catch (e) {
    if (errnoOf(e) !== 'ENOENT') throw e;
  }
  if (st !== undefined) {
    // A folder, or a symlink to one.
    if (st.isDirectory() || (st.isSymbolicLink() && isDirectory(path))) return;
    throw Object.assign(new Error('not a directory'), { code: 'ENOENT' });
  }
  makeDirs(dirOf(path));
  try {
    fs.mkdirSync(bin(path), 0o777);
  } catch (e) {
    if (errnoOf(e) !== 'EEXIST') throw e;
  }
}

function isDirectory(path: string): boolean {
  try {
    return fs.statSync(bin(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The target of the symlink at `path`, or null when it is none. */
export function readLink(path: string): string | null {
  try {
    return fs.readlinkSync(bin(path), { encoding: 'buffer' }).toString('latin1');
  } catch {
    return null;
  }
}

/** Opens (`O_RDWR`, creating it with mode 0600 when `create`) a file to lock, as CppNix's openLockFile (libuv opens every file close-on-exec). */
export function openLockFile(path: string, create: boolean): number | null {
  try {
    return fs.openSync(bin(path), fs.constants.O_RDWR | (create ? fs.constants.O_CREAT : 0), 0o600);
  } catch (e) {
    if (!create && errnoOf(e) === 'ENOENT') return null;
    throw sysError(e, `opening lock file '${path}'`);
  }
}

/** Writes all of `data` at the file's current offset. */
export function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length;) off += fs.writeSync(fd, data, off);
}

/** Removes a file or an empty folder, ignoring one that is gone. */
export function removeQuietly(path: string): void {
  try {
    fs.rmSync(bin(path), { force: true });
  } catch {
    // nothing to do: a leftover is harmless
  }
}

/** Sleeps this thread (evaluation is synchronous: a retry waits in place). */
export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
