// NAR (Nix ARchive) serialisation, hashed as it is written: what a path's
// content hash is when it is copied to the store.
//
// A NAR is a sequence of strings, each a little-endian 64-bit length, the
// bytes, and zero padding to a multiple of 8:
//
//   "nix-archive-1" node
//   node = "(" "type" "regular" ["executable" ""] "contents" BYTES ")"
//        | "(" "type" "symlink" "target" TARGET ")"
//        | "(" "type" "directory" ("entry" "(" "name" NAME "node" node ")")* ")"
//
// with directory entries sorted by name (bytewise). Files are read through
// the IO interface, so an in-memory tree hashes the same way.

import { sha256 } from '@noble/hashes/sha2.js';
import { nativeCrypto } from './digest.js';
import type { FileType, IO } from '../io/io.js';
import { bytesOf } from './paths.js';

/** Decides whether a path below the root goes into the archive (builtins.path's `filter`). */
export type PathFilter = (path: string, type: FileType) => boolean;

/** Something bytes can be fed to. */
interface Sink {
  update(bytes: Uint8Array): unknown;
}

const PADDING = new Uint8Array(8);

function writeString(sink: Sink, s: string | Uint8Array): void {
  const bytes = typeof s === 'string' ? bytesOf(s) : s;
  const len = new Uint8Array(8);
  let n = bytes.length;
  for (let i = 0; i < 8; i++) {
    len[i] = n % 256;
    n = Math.floor(n / 256);
  }
  sink.update(len);
  sink.update(bytes);
  const pad = (8 - (bytes.length % 8)) % 8;
  if (pad > 0) sink.update(PADDING.subarray(0, pad));
}

/** Thrown for a path that cannot be archived; the message is CppNix's. */
export class NarError extends Error {}

/**
 * What a walk over a file tree meets, in NAR order (directory entries
 * sorted bytewise). `rel` is the path below the root: '' for the root,
 * else `/a/b`. A NAR encoder, a hasher and a store writer all take these.
 */
export interface NarVisitor {
  file(rel: string, contents: string, executable: boolean): void;
  symlink(rel: string, target: string): void;
  enterDirectory(rel: string): void;
  leaveDirectory(rel: string): void;
}

/** A producer of a tree's events: a path on disk, a text, a NAR received. */
export type NarSource = (visitor: NarVisitor) => void;

/** Walks the tree at `path` (which must exist), leaving out what `filter` rejects. */
export function dumpPath(io: IO, path: string, filter: PathFilter | null, visitor: NarVisitor): void {
  const type = io.fileType(path);
  if (type === null) throw new NarError(`path '${path}' does not exist`);
  const walk = (p: string, rel: string, t: FileType): void => {
    switch (t) {
      case 'regular':
        visitor.file(rel, io.readFile(p), io.isExecutable(p));
        return;
      case 'symlink':
        visitor.symlink(rel, io.readLink(p) ?? '');
        return;
      case 'directory': {
        visitor.enterDirectory(rel);
        const entries = io.readDir(p).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        for (const [name, childType] of entries) {
          const child = p === '/' ? '/' + name : `${p}/${name}`;
          if (filter !== null && !filter(child, childType)) continue;
          walk(child, `${rel}/${name}`, childType);
        }
        visitor.leaveDirectory(rel);
        return;
      }
      default:
        throw new NarError(`file '${p}' has an unsupported type`);
    }
  };
  walk(path, '', type);
}

/** Serialises the events it is given as a NAR into `sink`, counting the bytes. */
export class NarEncoder implements NarVisitor {
  size = 0;
  private readonly counted: Sink;

  constructor(sink: Sink) {
    this.counted = {
      update: (bytes: Uint8Array) => {
        this.size += bytes.length;
        sink.update(bytes);
      },
    };
    writeString(this.counted, 'nix-archive-1');
  }

  private open(rel: string): void {
    const out = this.counted;
    if (rel !== '') {
      writeString(out, 'entry');
      writeString(out, '(');
      writeString(out, 'name');
      writeString(out, rel.slice(rel.lastIndexOf('/') + 1));
      writeString(out, 'node');
    }
    writeString(out, '(');
    writeString(out, 'type');
  }

  private close(rel: string): void {
    writeString(this.counted, ')');
    if (rel !== '') writeString(this.counted, ')');
  }

  file(rel: string, contents: string, executable: boolean): void {
    this.open(rel);
    writeString(this.counted, 'regular');
    if (executable) {
      writeString(this.counted, 'executable');
      writeString(this.counted, '');
    }
    writeString(this.counted, 'contents');
    writeString(this.counted, contents);
    this.close(rel);
  }

  symlink(rel: string, target: string): void {
    this.open(rel);
    writeString(this.counted, 'symlink');
    writeString(this.counted, 'target');
    writeString(this.counted, target);
    this.close(rel);
  }

  enterDirectory(rel: string): void {
    this.open(rel);
    writeString(this.counted, 'directory');
  }

  leaveDirectory(rel: string): void {
    this.close(rel);
  }
}

/** Passes every event to each of `visitors`, in order. */
export function teeVisitor(...visitors: NarVisitor[]): NarVisitor {
  return {
    file: (rel, contents, executable) => visitors.forEach((v) => v.file(rel, contents, executable)),
    symlink: (rel, target) => visitors.forEach((v) => v.symlink(rel, target)),
    enterDirectory: (rel) => visitors.forEach((v) => v.enterDirectory(rel)),
    leaveDirectory: (rel) => visitors.forEach((v) => v.leaveDirectory(rel)),
  };
}

/** A NAR's SHA-256 and size, as a store registers a path by. */
export interface NarDigest {
  hash: Uint8Array;
  size: number;
}

/** Hashes the NAR of what `source` produces, also passing its events to `also`. */
export function narDigest(source: NarSource, also: NarVisitor | null = null): NarDigest {
  // The host's SHA-256 where it has one (see digest.ts).
  const crypto = nativeCrypto();
  const native = crypto === null ? null : crypto.createHash('sha256');
  const noble = native === null ? sha256.create() : null;
  const encoder = new NarEncoder(native ?? noble!);
  source(also === null ? encoder : teeVisitor(encoder, also));
  return { hash: native !== null ? new Uint8Array(native.digest()) : noble!.digest(), size: encoder.size };
}

/** The SHA-256 of the NAR serialisation of `path` (which must exist), leaving out what `filter` rejects. */
export function narHash(io: IO, path: string, filter: PathFilter | null = null): Uint8Array {
  return narDigest((v) => dumpPath(io, path, filter, v)).hash;
}
