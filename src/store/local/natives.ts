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

const require = createRequire(import.meta.url);

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteConstructor = typeof BetterSqlite3;

/** fs-ext's flock: `sh`/`ex` (shared/exclusive), `nb` not to wait, `un` to unlock; throws EAGAIN when `nb` cannot lock. */
export interface FsExt {
  flockSync(fd: number, flags: 'sh' | 'ex' | 'shnb' | 'exnb' | 'un'): void;
}

let sqlite: SqliteConstructor | undefined;
let fsExt: FsExt | undefined;

export function loadSqlite(): SqliteConstructor {
  return (sqlite ??= require('better-sqlite3') as SqliteConstructor);
}

export function loadFsExt(): FsExt {
  return (fsExt ??= require('fs-ext') as FsExt);
}
