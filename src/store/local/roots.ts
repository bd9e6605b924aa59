// Garbage collector roots, made as CppNix 2.26's local store makes them:
//
//   temporary roots  `<state>/temproots/<pid>`: the store paths this process
//                    added or uses, each followed by a NUL, the file locked
//                    (exclusively) for as long as the process lives. While a
//                    garbage collection runs (it holds `<state>/gc.lock`),
//                    a new root is also sent to the collector over
//                    `<state>/gc-socket/socket`, which answers once it has
//                    taken the path as alive.
//   permanent roots  a symlink (the `--add-root` path) to the store path,
//                    registered as an indirect root: a symlink to it in
//                    `<state>/gcroots/auto/`, named by the SHA-1 of its path.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalisePath } from '../../value/paths.js';
import { StoreError } from '../store.js';
import { toNix32 } from '../paths.js';
import { sysError } from './errors.js';
import { bin, createDirs, dirOf, openLockFile, pathExists, readLink, sleepMs, writeAll } from './files.js';
import { lockFile, unlockFile } from './locks.js';

/**
 * Sends one root to a running collector: connects, writes `PATH\n`, waits
 * for its `1`. Node has no blocking socket, so a short-lived node process
 * does it (only while a collection runs). Exit status 2: no collector
 * listens (gone, or not listening yet); 3: it went away before answering.
 */
const SEND_ROOT = `
const net = require('node:net');
const [socket, root] = process.argv.slice(1);
const c = net.connect(socket);
let answered = false;
c.on('connect', () => c.write(root + '\\n'));
c.on('data', (d) => { if (!answered && d.includes('1')) { answered = true; process.exit(0); } });
c.on('error', (e) => process.exit(e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? 2 : 3));
c.on('close', () => process.exit(answered ? 0 : 3));
`;

export class TempRoots {
  private fd: number | null = null;
  private gcLock: number | null = null;
  private readonly file: string;

  constructor(private readonly stateDir: string) {
    this.file = `${stateDir}/temproots/${process.pid}`;
  }

  /** CppNix's createTempRootsFile: a fresh file, locked; one the collector deleted before the lock is made again. */
  private open(): number {
    if (this.fd !== null) return this.fd;
    for (;;) {
      // A file of this pid is a dead process's.
      if (pathExists(this.file)) fs.rmSync(bin(this.file), { force: true });
      const fd = openLockFile(this.file, true)!;
      lockFile(fd, 'write', true);
      if (fs.fstatSync(fd).size === 0) return (this.fd = fd);
      fs.closeSync(fd);
    }
  }

  add(path: string): void {
    const fd = this.open();
    if (this.gcLock === null) {
      const lockPath = `${this.stateDir}/gc.lock`;
      try {
        this.gcLock = fs.openSync(bin(lockPath), fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
      } catch (e) {
        throw sysError(e, `opening global GC lock '${lockPath}'`);
      }
    }
    // A shared lock on gc.lock is had only while no collection runs; else the collector must hear of the root.
    let locked = false;
    for (;;) {
      if ((locked = lockFile(this.gcLock, 'read', false))) break;
      if (this.sendToCollector(path)) break;
      sleepMs(100);
    }
    try {
      writeAll(fd, Buffer.from(path + '\0', 'latin1'));
    } finally {
      if (locked) unlockFile(this.gcLock);
    }
  }

  /** True once the running collector took `path`; false when none listens yet (the caller tries again). */
  private sendToCollector(path: string): boolean {
    const socket = `${this.stateDir}/gc-socket/socket`;
    // Loaded when first needed, as createHash below: most commands make no root, and each module costs start-up.
    const { spawnSync } = process.getBuiltinModule('node:child_process');
    const r = spawnSync(process.execPath, ['-e', SEND_ROOT, bin(socket).toString('utf8'), bin(path).toString('utf8')], { stdio: 'ignore' });
    if (r.status === 0) return true;
    if (r.status === 2 || r.status === 3) return false;
    throw new StoreError(`cannot send the garbage collector root '${path}' to '${socket}'`);
  }

  /** Closes and deletes the file, as CppNix does when its store is closed. */
  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
      fs.rmSync(bin(this.file), { force: true });
    }
    if (this.gcLock !== null) {
      fs.closeSync(this.gcLock);
      this.gcLock = null;
    }
  }
}

/** What making a permanent root needs of the store: a local one, or one served by the daemon on this machine. */
export interface RootStore {
  readonly storeDir: string;
  addTempRoot(storePath: string): void;
  /** Registers `gcRoot` (a symlink to a store path) as a root. */
  addIndirectRoot(gcRoot: string): void;
}

/**
 * CppNix's IndirectRootStore::addPermRoot: `gcRoot` becomes a symlink to
 * `storePath`, registered as an indirect root; returns the root's path. A
 * link there already is replaced only when it points into the store.
 */
export function addPermRoot(store: RootStore, storePath: string, gcRoot: string): string {
  const root = canonicalisePath(path.resolve(gcRoot));
  if (isInDir(root, store.storeDir)) {
    throw new StoreError(
      `creating a garbage collector root (${root}) in the Nix store is forbidden (are you running nix-build inside the store?)`,
    );
  }
  // Held while the link is made, so a collector running meanwhile keeps the path.
  store.addTempRoot(storePath);
  if (pathExists(root)) {
    const target = readLink(root);
    if (target === null || !isInDir(target, store.storeDir)) throw new StoreError(`cannot create symlink '${root}'; already exists`);
  }
  makeSymlink(root, storePath);
  store.addIndirectRoot(root);
  return root;
}

const isInDir = (p: string, dir: string): boolean => p.startsWith(dir + '/') && p.length > dir.length + 1;

/** CppNix's makeSymlink: creates the folders to `link`, then replaces `link` atomically by a symlink to `target`. */
export function makeSymlink(link: string, target: string): void {
  createDirs(dirOf(link));
  const temp = `${link}.tmp-${process.pid}-${Math.floor(Math.random() * 2 ** 31)}`;
  try {
    fs.symlinkSync(bin(target), bin(temp));
  } catch (e) {
    throw sysError(e, `creating symlink '${temp}' -> '${target}'`);
  }
  try {
    fs.renameSync(bin(temp), bin(link));
  } catch (e) {
    fs.rmSync(bin(temp), { force: true });
    throw sysError(e, `renaming '${temp}' to '${link}'`);
  }
}

/** CppNix's addIndirectRoot: `<state>/gcroots/auto/<nix32 of SHA-1 of path>` -> path. */
export function linkIndirectRoot(stateDir: string, root: string): void {
  const { createHash } = process.getBuiltinModule('node:crypto');
  const hash = toNix32(createHash('sha1').update(bin(root)).digest());
  makeSymlink(`${stateDir}/gcroots/auto/${hash}`, root);
}
