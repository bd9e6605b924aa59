// CppNix's local store, for what evaluation adds to it (sources, toFile
// texts, .drv files): each path written under the store folder and
// registered in the store's SQLite database as CppNix 2.26's LocalStore
// does, taking the same locks at the same moments, so that CppNix builds,
// queries, verifies and collects these paths as its own, and a CppNix
// process working on the same store at the same time loses nothing.
//
// Opening (CppNix's LocalStore constructor): the store, state and database
// folders are created, the space reserved for the collector, the big lock
// (`<state>/db/big-lock`) taken shared for as long as the store is open,
// and the database opened (created, with the schema file, in a new store).
//
// Adding a path (CppNix's addToStoreFromDump): the content is hashed (and,
// for a tree, written into a locked temporary folder in the store as it is
// read); its path gets a temporary root; if it is not valid yet, its lock
// `<path>.lock` is taken, anything invalid at the path removed, the path
// written (or moved into place) read-only with mtime 1, and registered in
// one transaction; then the lock is released. A `.drv` is parsed, as
// CppNix's registration parses it, for its DerivationOutputs.

import * as fs from 'node:fs';
import type { IO, WritableIO } from '../../io/io.js';
import { parseDerivation } from '../derivation-parse.js';
import { outputPaths } from '../derivation.js';
import type { NarVisitor } from '../nar.js';
import { computeAddition, computeText, type PathInfo, type Store, StoreError, type StoreContent } from '../store.js';
import { type ValidPathInfo, SCHEMA_VERSION, StoreDatabase } from './database.js';
import { errnoOf, sysError } from './errors.js';
import { bin, createDirs, dirOf, openLockFile, pathExists, readLink } from './files.js';
import { lockFile, PathLock } from './locks.js';
import { addPermRoot, linkIndirectRoot, makeSymlink, TempRoots } from './roots.js';
import { STORE_MTIME, TreeWriter } from './tree-writer.js';

export interface LocalStoreConfig {
  /** The store folder store paths name (`/nix/store`). */
  storeDir: string;
  /** Where the store folder is on disk: the same, or below a chroot store's root. */
  realStoreDir: string;
  /** `<state>`: the database, roots, locks (`/nix/var/nix`). */
  stateDir: string;
  /** Build logs (`/nix/var/log/nix`): not written by evaluation. */
  logDir: string;
  /** `fsync-metadata` (SQLite's synchronous mode). */
  fsyncMetadata: boolean;
  /** `use-sqlite-wal`. */
  useSqliteWal: boolean;
  /** `gc-reserved-space`: bytes kept in `<state>/db/reserved` for the collector. */
  reservedSpace: number;
  /** `allow-symlinked-store`. */
  allowSymlinkedStore: boolean;
  /** The `ca-derivations` experimental feature (its tables are added to the database). */
  caDerivations: boolean;
  /** Files are written through this IO's write methods. */
  io: IO & WritableIO;
  /** Lines for the user (the big-lock wait, SQLite busy warnings). */
  log: (line: string) => void;
}

interface OpenState {
  db: StoreDatabase;
  bigLock: number;
}

let tempCounter = 0;

export class LocalStore implements Store {
  readonly kind = 'local';
  readonly storeDir: string;
  private state: OpenState | null = null;
  private closed = false;
  private readonly tempRoots: TempRoots;
  /** Paths known valid (CppNix's path info cache holds them too): valid paths stay so while temp-rooted. */
  private readonly valid = new Set<string>();
  private readonly io: IO & WritableIO;

  constructor(private readonly config: LocalStoreConfig) {
    this.storeDir = config.storeDir;
    this.io = config.io;
    this.tempRoots = new TempRoots(config.stateDir);
  }

  /** Where a store path is on disk. */
  realPath(path: string): string {
    return this.config.realStoreDir + path.slice(this.storeDir.length);
  }

  /** Opens the store (at the first operation that needs it), as CppNix's LocalStore constructor. */
  open(): void {
    if (this.state !== null) return;
    if (this.closed) throw new StoreError('the store is closed');
    const { realStoreDir, stateDir } = this.config;
    createDirs(realStoreDir);
    createDirs(`${realStoreDir}/.links`);
    const profilesDir = `${stateDir}/profiles`;
    createDirs(profilesDir);
    createDirs(`${stateDir}/temproots`);
    const dbDir = `${stateDir}/db`;
    createDirs(dbDir);
    const gcRootsDir = `${stateDir}/gcroots`;
    if (!pathExists(gcRootsDir)) {
      createDirs(gcRootsDir);
      makeSymlink(`${gcRootsDir}/profiles`, profilesDir);
    }
    for (const perUser of [`${profilesDir}/per-user`, `${gcRootsDir}/per-user`]) {
      createDirs(perUser);
      try {
        if ((fs.statSync(bin(perUser)).mode & 0o777) !== 0o755) fs.chmodSync(bin(perUser), 0o755);
      } catch (e) {
        throw sysError(e, `could not set permissions on '${perUser}' to 755`);
      }
    }
    if (!this.config.allowSymlinkedStore) checkNotSymlinked(realStoreDir);
    reserveSpace(`${dbDir}/reserved`, this.config.reservedSpace);
    const bigLock = openLockFile(`${dbDir}/big-lock`, true)!;
    try {
      if (!lockFile(bigLock, 'read', false)) {
        this.config.log('waiting for the big Nix store lock...\n');
        lockFile(bigLock, 'read', true);
      }
      this.state = { db: this.openDatabase(dbDir), bigLock };
    } catch (e) {
      fs.closeSync(bigLock);
      throw e;
    }
  }

  /** CppNix's schema check and openDB: a new store gets the database and its `schema` file. */
  private openDatabase(dbDir: string): StoreDatabase {
    if (!this.config.useSqliteWal) {
      // CppNix then locks the database with dot files (SQLite's unix-dotfile VFS), which better-sqlite3 cannot choose.
      throw new StoreError("tsnix cannot share the store database with CppNix when 'use-sqlite-wal' is false");
    }
    const schemaFile = `${dbDir}/schema`;
    let schema = 0;
    if (pathExists(schemaFile)) {
      const text = fs.readFileSync(bin(schemaFile), 'latin1');
      if (!/^[+-]?[0-9]+$/.test(text)) throw new StoreError(`'${schemaFile}' is corrupt`);
      schema = Number(text);
    }
    if (schema > SCHEMA_VERSION) {
      throw new StoreError(`current Nix store schema is version ${schema}, but I only support ${SCHEMA_VERSION}`);
    }
    if (schema !== 0 && schema < SCHEMA_VERSION) {
      throw new StoreError(
        `the Nix store schema is version ${schema}: run a CppNix command on this store once to upgrade it to ${SCHEMA_VERSION}`,
      );
    }
    try {
      fs.accessSync(bin(dbDir), fs.constants.R_OK | fs.constants.W_OK);
    } catch (e) {
      throw sysError(e, `Nix database directory '${dbDir}' is not writable`);
    }
    const db = StoreDatabase.open(dbDir, {
      create: schema === 0,
      fsyncMetadata: this.config.fsyncMetadata,
      caDerivations: this.config.caDerivations,
      warn: this.config.log,
    });
    if (schema === 0) writeFileSynced(schemaFile, String(SCHEMA_VERSION));
    return db;
  }

  private get db(): StoreDatabase {
    this.open();
    return this.state!.db;
  }

  isValidPath(path: string): boolean {
    if (this.valid.has(path)) return true;
    const valid = this.db.isValidPath(path);
    if (valid) this.valid.add(path);
    return valid;
  }

  addTempRoot(path: string): void {
    this.open();
    this.tempRoots.add(path);
  }

  addToStore(name: string, content: StoreContent, references: readonly string[] = []): PathInfo {
    if (content.method === 'flat') {
      const info = computeAddition(this.storeDir, name, content, references, null);
      return this.addInPlace(info, content.contents);
    }
    return this.addThroughTemp((writer) => computeAddition(this.storeDir, name, content, references, writer));
  }

  addTextToStore(name: string, text: string, references: readonly string[]): PathInfo {
    return this.addInPlace(computeText(this.storeDir, name, text, references, null), text);
  }

  /** A single file whose content is in memory: written at its path once it is locked, as CppNix writes what it holds in memory. */
  private addInPlace(info: PathInfo, contents: string): PathInfo {
    this.addTempRoot(info.path);
    if (this.isValidPath(info.path)) return info;
    const real = this.realPath(info.path);
    const lock = PathLock.acquire(real);
    try {
      if (this.isValidPath(info.path)) return info;
      this.io.remove(real);
      this.io.writeFile(real, contents, 0o444);
      this.io.utimes(real, this.io.currentTime(), STORE_MTIME);
      this.register(info, contents);
    } finally {
      lock.release();
    }
    return info;
  }

  /** A tree (or a file) read as it is hashed: written into a temporary folder, moved to its path once that is known and locked. */
  private addThroughTemp(add: (writer: NarVisitor) => PathInfo): PathInfo {
    const temp = this.createTempDir();
    try {
      const writer = new TreeWriter(this.io, `${temp.path}/x`);
      const info = add(writer);
      this.addTempRoot(info.path);
      if (this.isValidPath(info.path)) return info;
      const real = this.realPath(info.path);
      const lock = PathLock.acquire(real);
      try {
        if (this.isValidPath(info.path)) return info;
        this.io.remove(real);
        // Moved first: a read-only folder cannot be moved by its owner (its `..` would change).
        this.io.rename(`${temp.path}/x`, real);
        writer.canonicalise(this.io.currentTime(), real);
        this.register(info, null);
      } finally {
        lock.release();
      }
      return info;
    } finally {
      this.io.remove(temp.path);
      fs.closeSync(temp.fd);
    }
  }

  /** CppNix's createTempDirInStore: `<store>/tmp-<pid>-<n>`, locked so that a collection leaves it alone. */
  private createTempDir(): { path: string; fd: number } {
    this.open();
    for (;;) {
      const path = `${this.config.realStoreDir}/tmp-${process.pid}-${tempCounter++}`;
      try {
        fs.mkdirSync(bin(path), 0o755);
      } catch (e) {
        if (errnoOf(e) === 'EEXIST') continue;
        throw sysError(e, `creating directory '${path}'`);
      }
      let fd: number;
      try {
        fd = fs.openSync(bin(path), fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
      } catch {
        continue; // collected before it could be locked
      }
      if (lockFile(fd, 'write', true) && pathExists(path)) return { path, fd };
      fs.closeSync(fd);
    }
  }

  /** Registers a path just written; a `.drv`'s text is parsed for its outputs. */
  private register(info: PathInfo, text: string | null): void {
    const entry: ValidPathInfo = {
      path: info.path,
      narHash: info.narHash,
      narSize: info.narSize,
      references: info.references,
      ca: info.ca,
    };
    if (text !== null && info.path.endsWith('.drv')) {
      const base = info.path.slice(this.storeDir.length + 1 + 33);
      entry.derivationOutputs = outputPaths(parseDerivation(text, base.slice(0, -'.drv'.length)));
    }
    this.db.registerValidPaths([entry], this.io.currentTime());
    this.valid.add(info.path);
  }

  /** CppNix's addPermRoot (see Store). */
  addPermRoot(storePath: string, gcRoot: string): string {
    return addPermRoot(this, storePath, gcRoot);
  }

  addIndirectRoot(gcRoot: string): void {
    linkIndirectRoot(this.config.stateDir, gcRoot);
  }

  close(): void {
    this.closed = true;
    this.tempRoots.close();
    if (this.state === null) return;
    const { db, bigLock } = this.state;
    this.state = null;
    db.close();
    fs.closeSync(bigLock);
  }
}

/** Whether `path` is below the folder `dir`. */

/** Neither the store folder nor a folder above it may be a symlink (unless `allow-symlinked-store`). */
function checkNotSymlinked(realStoreDir: string): void {
  for (let p = realStoreDir; p !== '/'; p = dirOf(p)) {
    if (readLink(p) !== null) {
      throw new StoreError(`the path '${p}' is a symlink; this is not allowed for the Nix store and its parent directories`);
    }
  }
}

/** Keeps `size` bytes in `path` for the collector to free when the disk is full; failures do not matter. */
function reserveSpace(path: string, size: number): void {
  try {
    const st = fs.statSync(bin(path), { throwIfNoEntry: false });
    if (st !== undefined && st.size === size) return;
    const fd = fs.openSync(bin(path), fs.constants.O_WRONLY | fs.constants.O_CREAT, 0o600);
    try {
      // Written, not truncated: a sparse file would reserve nothing.
      const chunk = Buffer.alloc(Math.min(size, 1 << 20), 'X');
      for (let off = 0; off < size; off += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, size - off), off);
      fs.ftruncateSync(fd, size);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // as CppNix: no reserve, no error
  }
}

/** Writes a small file and syncs it and its folder (CppNix's writeFile with sync). */
function writeFileSynced(path: string, contents: string): void {
  try {
    const fd = fs.openSync(bin(path), 'w', 0o666);
    try {
      fs.writeSync(fd, Buffer.from(contents, 'latin1'));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    const dir = fs.openSync(bin(dirOf(path)), 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch (e) {
    throw sysError(e, `writing to file '${path}'`);
  }
}
