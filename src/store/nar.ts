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

function writeNode(sink: Sink, io: IO, path: string, type: FileType, filter: PathFilter | null): void {
  writeString(sink, '(');
  writeString(sink, 'type');
  switch (type) {
    case 'regular':
      writeString(sink, 'regular');
      if (io.isExecutable(path)) {
        writeString(sink, 'executable');
        writeString(sink, '');
      }
      writeString(sink, 'contents');
      writeString(sink, io.readFile(path));
      break;
    case 'symlink':
      writeString(sink, 'symlink');
      writeString(sink, 'target');
      writeString(sink, io.readLink(path) ?? '');
      break;
    case 'directory': {
      writeString(sink, 'directory');
      const entries = io.readDir(path).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [name, childType] of entries) {
        const child = path === '/' ? '/' + name : `${path}/${name}`;
        if (filter !== null && !filter(child, childType)) continue;
        writeString(sink, 'entry');
        writeString(sink, '(');
        writeString(sink, 'name');
        writeString(sink, name);
        writeString(sink, 'node');
        writeNode(sink, io, child, childType, filter);
        writeString(sink, ')');
      }
      break;
    }
    default:
      throw new NarError(`file '${path}' has an unsupported type`);
  }
  writeString(sink, ')');
}

/** The SHA-256 of the NAR serialisation of `path` (which must exist), leaving out what `filter` rejects. */
export function narHash(io: IO, path: string, filter: PathFilter | null = null): Uint8Array {
  const type = io.fileType(path);
  if (type === null) throw new NarError(`path '${path}' does not exist`);
  const hash = sha256.create();
  writeString(hash, 'nix-archive-1');
  writeNode(hash, io, path, type, filter);
  return hash.digest();
}
