// The store evaluation adds paths to, behind one synchronous interface (as
// evaluation is synchronous), with kinds chosen as CppNix chooses its store
// (store/open.ts, Node-only):
//
//   dummy   computes the paths and writes nothing (nix-instantiate --eval,
//           --readonly-mode, the browser); as `dummy://` in read-write
//           mode it refuses additions, as CppNix's dummy store does
//   local   writes each path under the store folder and registers it in the
//           store's SQLite database as CppNix's local store does
//           (store/local/, Node-only)
//   daemon  sends each addition to a nix-daemon (store/daemon/, Node-only)
//
// What is added comes as a stream of NAR events (nar.ts), so that every
// kind sees the same thing: the dummy store hashes it, the local store
// hashes it and writes it, the daemon store sends it. Each addition answers
// with what registering the path in CppNix's database needs (NAR hash and
// size, references, content address).

import { type NarSource, type NarVisitor, narDigest } from './nar.js';
import { makeFixedOutputPath, makeTextPathOfHash, sha256Of, toNix32 } from './paths.js';

/** How content is hashed into its path: a NAR (`recursive`) or a single file's bytes. */
export type ContentMethod = 'nar' | 'flat';

/** What a store knows of a path it holds (CppNix's ValidPathInfo, the fields evaluation makes). */
export interface PathInfo {
  path: string;
  /** SHA-256 of the path's NAR serialisation, and its length in bytes. */
  narHash: Uint8Array;
  narSize: number;
  /** Store paths the content refers to. */
  references: readonly string[];
  /** The content address, as CppNix records it: `fixed:r:sha256:<nix32>`, `text:sha256:<nix32>`. */
  ca: string;
}

/** Content to add: a tree (as NAR events) for `nar`, the bytes of one regular file for `flat`. */
export type StoreContent = { method: 'nar'; dump: NarSource } | { method: 'flat'; contents: string };

/**
 * A store failure (one that can't be written, a refused operation), with
 * CppNix's message; evaluation reports it as an error without a position.
 */
export class StoreError extends Error {}

export interface Store {
  readonly kind: 'dummy' | 'local' | 'daemon';
  /** The store folder as store paths name it (`/nix/store`). */
  readonly storeDir: string;
  /** Adds content under `name` (a valid store path name): builtins.path, filterSource, `"${./x}"`. */
  addToStore(name: string, content: StoreContent, references?: readonly string[]): PathInfo;
  /** Adds a text file (builtins.toFile, `.drv` files): its path is a `text` path over its references. */
  addTextToStore(name: string, text: string, references: readonly string[]): PathInfo;
  /** Whether the store holds `path` (a store path) as a valid path. */
  isValidPath(path: string): boolean;
  /**
   * CppNix's addPermRoot: makes `gcRoot` (an absolute path outside the
   * store) a symlink to `storePath` and registers it as an indirect root;
   * returns the root's path. A store without roots (dummy) makes none and
   * returns `storePath`, as nix-instantiate then prints the path itself.
   */
  addPermRoot(storePath: string, gcRoot: string): string;
  /** Keeps `path` from the garbage collector for as long as this store is open. */
  addTempRoot(path: string): void;
  /** Releases what the store holds (locks, the database, temporary roots); idempotent. */
  close(): void;
}

/** The NAR events of a single, non-executable regular file (a toFile text, a flat addition). */
export function fileSource(contents: string): NarSource {
  return (v: NarVisitor) => v.file('', contents, false);
}

/** Computes what adding `content` makes, passing its NAR events to `writer` too (the store writing it). */
export function computeAddition(
  storeDir: string,
  name: string,
  content: StoreContent,
  references: readonly string[],
  writer: NarVisitor | null,
): PathInfo {
  if (content.method === 'nar') {
    const nar = narDigest(content.dump, writer);
    return {
      path: makeFixedOutputPath(storeDir, name, true, 'sha256', nar.hash),
      narHash: nar.hash,
      narSize: nar.size,
      references,
      ca: `fixed:r:sha256:${toNix32(nar.hash)}`,
    };
  }
  const nar = narDigest(fileSource(content.contents), writer);
  const hash = sha256Of(content.contents);
  return {
    path: makeFixedOutputPath(storeDir, name, false, 'sha256', hash),
    narHash: nar.hash,
    narSize: nar.size,
    references,
    ca: `fixed:sha256:${toNix32(hash)}`,
  };
}

/** What adding a text makes, passing its NAR events to `writer` too. */
export function computeText(
  storeDir: string,
  name: string,
  text: string,
  references: readonly string[],
  writer: NarVisitor | null,
): PathInfo {
  const nar = narDigest(fileSource(text), writer);
  const hash = sha256Of(text);
  return {
    path: makeTextPathOfHash(storeDir, name, hash, references),
    narHash: nar.hash,
    narSize: nar.size,
    references,
    ca: `text:sha256:${toNix32(hash)}`,
  };
}

/**
 * Computes paths and writes nothing; a path is valid once this evaluation
 * added it. With `refuseAdditions` it is CppNix's `dummy://` store, which
 * read-write mode cannot add to.
 */
export class DummyStore implements Store {
  readonly kind = 'dummy';
  private readonly added = new Set<string>();

  constructor(
    readonly storeDir: string,
    private readonly refuseAdditions = false,
  ) {}

  addToStore(name: string, content: StoreContent, references: readonly string[] = []): PathInfo {
    this.refuse();
    const info = computeAddition(this.storeDir, name, content, references, null);
    this.added.add(info.path);
    return info;
  }

  addTextToStore(name: string, text: string, references: readonly string[]): PathInfo {
    this.refuse();
    const info = computeText(this.storeDir, name, text, references, null);
    this.added.add(info.path);
    return info;
  }

  isValidPath(path: string): boolean {
    return this.added.has(path);
  }

  addPermRoot(storePath: string): string {
    return storePath;
  }

  addTempRoot(): void {}

  close(): void {}

  private refuse(): void {
    // CppNix adds every path (sources, texts, .drv files) through addToStore.
    if (this.refuseAdditions) throw new StoreError(`operation 'addToStore' is not supported by store 'dummy'`);
  }
}
