// Permanent GC roots, as CppNix's IndirectRootStore::addPermRoot makes them
// for a store on this machine (local or through the daemon): a symlink
// `gcRoot` -> the store path, registered as an indirect root, so the
// collector keeps the path while the link points at it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { IOError } from '../../io/io.js';
import { errnoText } from './channel.js';

/** What making a root needs of the store. */
export interface RootStore {
  readonly storeDir: string;
  addTempRoot(storePath: string): void;
  addIndirectRoot(gcRoot: string): void;
}

const bin = (p: string): Buffer => Buffer.from(p, 'latin1');

/** A path below the store folder (CppNix's isInStore). */
function isInStore(storeDir: string, p: string): boolean {
  return p.startsWith(storeDir + '/');
}

function failure(e: unknown, what: string): IOError {
  const err = e as NodeJS.ErrnoException;
  return new IOError(`${what}: ${errnoText(err.errno ?? 0, err.message)}`);
}

/** Makes `gcRoot` (a binary string) a root for `storePath`; returns the root's canonical path. */
export function addPermRoot(store: RootStore, storePath: string, gcRoot: string): string {
  const root = path.resolve(gcRoot);
  if (isInStore(store.storeDir, root)) {
    throw new IOError(
      `creating a garbage collector root (${root}) in the Nix store is forbidden (are you running nix-build inside the store?)`,
    );
  }
  // Held while the link is made, so a collector running meanwhile keeps the path.
  store.addTempRoot(storePath);
  // A link that is there already is replaced only when it points into the store.
  let existing: fs.Stats | null = null;
  try {
    existing = fs.lstatSync(bin(root));
  } catch {
    existing = null;
  }
  if (
    existing !== null &&
    (!existing.isSymbolicLink() || !isInStore(store.storeDir, fs.readlinkSync(bin(root), { encoding: 'buffer' }).toString('latin1')))
  ) {
    throw new IOError(`cannot create symlink '${root}'; already exists`);
  }
  replaceSymlink(storePath, root);
  store.addIndirectRoot(root);
  return root;
}

/** Points `link` at `target`, atomically: a new link beside it, renamed over it (CppNix's replaceSymlink). */
function replaceSymlink(target: string, link: string): void {
  for (let n = 0; ; n++) {
    const temp = path.join(path.dirname(link), `.${n}_${path.basename(link)}`);
    try {
      fs.symlinkSync(bin(target), bin(temp));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw failure(e, `creating symlink '${temp}' -> '${target}'`);
    }
    try {
      fs.renameSync(bin(temp), bin(link));
    } catch (e) {
      fs.rmSync(bin(temp), { force: true });
      throw failure(e, `renaming '${temp}' to '${link}'`);
    }
    return;
  }
}
