// The native modules the local store stands on, loaded the first time a
// local store is opened (not when tsnix starts: most commands never open
// one, and loading a native module costs start-up time):
//
//   better-sqlite3  SQLite on the store's real database file, shared with
//                   CppNix (WAL mode, its locking)
//   fs-ext          flock(2), the lock CppNix 2.26 takes on its lock files
//                   (big-lock, gc.lock, temporary roots, `<path>.lock`):
//                   Node has no flock of its own, and on Linux an fcntl
//                   lock does not exclude an flock one, so only flock
//                   itself shares these files with CppNix

import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { StoreError } from '../store.js';

const require = createRequire(import.meta.url);

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteConstructor = typeof BetterSqlite3;

/** fs-ext's flock: `sh`/`ex` (shared/exclusive), `nb` not to wait, `un` to unlock; throws EAGAIN when `nb` cannot lock. */
export interface FsExt {
  flockSync(fd: number, flags: 'sh' | 'ex' | 'shnb' | 'exnb' | 'un'): void;
}

let sqlite: SqliteConstructor | undefined;
let fsExt: FsExt | undefined;

/** Loads a native module, a clear error when it is missing or was not built (an install that skipped its build). */
function load<T>(name: string): T {
  try {
    return require(name) as T;
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new StoreError(
      `the local store needs the native module '${name}', which cannot be loaded (${why}); run 'npm install' in tsnix's folder`,
    );
  }
}

export function loadSqlite(): SqliteConstructor {
  return (sqlite ??= load<SqliteConstructor>('better-sqlite3'));
}

export function loadFsExt(): FsExt {
  return (fsExt ??= load<FsExt>('fs-ext'));
}
