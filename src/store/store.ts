// The store evaluation adds paths to, behind one interface, with kinds
// chosen as CppNix chooses its store:
//
//   dummy   computes the paths and writes nothing (nix-instantiate --eval,
//           --readonly-mode, the browser)
//   local   also writes each path under the store folder, as CppNix's local
//           store lays it out (see local.ts)
//
// What is added comes as a stream of NAR events (nar.ts), so that every
// kind sees the same thing: the dummy store hashes it, the local store
// hashes it and writes it, and a store reached over the daemon protocol
// would send it. Each addition answers with what registering the path in
// CppNix's database needs (NAR hash and size, references, content address),
// for the kinds to come that register paths.

import { type NarSource, type NarVisitor, narDigest } from './nar.js';
import { makeFixedOutputPath, makeTextPath, sha256Of, toNix32 } from './paths.js';

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

export interface Store {
  readonly kind: 'dummy' | 'local' | 'daemon';
  readonly storeDir: string;
  /** Adds content under `name` (a valid store path name): builtins.path, filterSource, `"${./x}"`. */
  addToStore(name: string, content: StoreContent, references?: readonly string[]): PathInfo;
  /** Adds a text file (builtins.toFile; later `.drv` files): its path is a `text` path over its references. */
  addTextToStore(name: string, text: string, references: readonly string[]): PathInfo;
  /** Whether the store holds `path` (a store path). */
  isValidPath(path: string): boolean;
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
  return {
    path: makeTextPath(storeDir, name, text, references),
    narHash: nar.hash,
    narSize: nar.size,
    references,
    ca: `text:sha256:${toNix32(sha256Of(text))}`,
  };
}

/** Computes paths and writes nothing; a path is valid once this evaluation added it. */
export class DummyStore implements Store {
  readonly kind = 'dummy';
  private readonly added = new Set<string>();

  constructor(readonly storeDir: string) {}

  addToStore(name: string, content: StoreContent, references: readonly string[] = []): PathInfo {
    const info = computeAddition(this.storeDir, name, content, references, null);
    this.added.add(info.path);
    return info;
  }

  addTextToStore(name: string, text: string, references: readonly string[]): PathInfo {
    const info = computeText(this.storeDir, name, text, references, null);
    this.added.add(info.path);
    return info;
  }

  isValidPath(path: string): boolean {
    return this.added.has(path);
  }
}
