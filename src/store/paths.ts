// Store paths, computed as CppNix computes them, without a store:
//
//   /nix/store/<32 chars of nix32>-<name>
//
// The 32 characters encode 20 bytes: a SHA-256 of a "fingerprint" string
// naming the kind of path, its content hash, the store folder and the
// name, folded to 20 bytes. nix32 is Nix's own base-32: digits and lower
// case letters without e, o, t and u, written from the last 5-bit group to
// the first.
//
// Strings here are binary strings (one char per byte), like Nix strings.

import { sha256Binary } from './digest.js';

const NIX32 = '0123456789abcdfghijklmnpqrsvwxyz';

/** Bytes of a binary string. */
export function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!]!;
  return s;
}

/** Decodes lower-case hex (as .drv files hold fixed outputs' hashes); null when it is not hex. */
export function fromHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** SHA-256 of a binary string. */
export function sha256Of(s: string): Uint8Array {
  return sha256Binary(s);
}

/** Nix's base-32 encoding (the hash part of store paths, `sha256:1b8m...` hashes). */
export function toNix32(bytes: Uint8Array): string {
  const len = Math.ceil((bytes.length * 8) / 5);
  let s = '';
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    const c = (bytes[i]! >> j) | (i + 1 < bytes.length ? bytes[i + 1]! << (8 - j) : 0);
    s += NIX32[c & 0x1f];
  }
  return s;
}

/** Decodes nix32 text of a `size`-byte hash; null when it is not valid. */
export function fromNix32(text: string, size: number): Uint8Array | null {
  if (text.length !== Math.ceil((size * 8) / 5)) return null;
  const out = new Uint8Array(size);
  for (let k = 0; k < text.length; k++) {
    const digit = NIX32.indexOf(text[text.length - 1 - k]!);
    if (digit < 0) return null;
    const b = k * 5;
    const i = b >> 3;
    const j = b & 7;
    out[i]! |= (digit << j) & 0xff;
    const carry = digit >> (8 - j);
    if (i + 1 < size) out[i + 1]! |= carry;
    else if (carry !== 0) return null;
  }
  return out;
}

/** Folds a hash to `size` bytes by XOR (CppNix's compressHash). */
export function compressHash(hash: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < hash.length; i++) out[i % size]! ^= hash[i]!;
  return out;
}

/**
 * CppNix's makeStorePath: the path for a fingerprint of kind `type` (such
 * as `text:<refs>`, `source`, `output:out`) over an inner SHA-256.
 */
export function makeStorePath(storeDir: string, type: string, innerSha256: Uint8Array, name: string): string {
  const fingerprint = `${type}:sha256:${toHex(innerSha256)}:${storeDir}:${name}`;
  return `${storeDir}/${toNix32(compressHash(sha256Of(fingerprint), 20))}-${name}`;
}

/** The path `builtins.toFile` writes `contents` to: a text file with these references (store paths). */
export function makeTextPath(storeDir: string, name: string, contents: string, references: readonly string[]): string {
  return makeTextPathOfHash(storeDir, name, sha256Of(contents), references);
}

/** makeTextPath for contents whose SHA-256 is known. */
export function makeTextPathOfHash(storeDir: string, name: string, hash: Uint8Array, references: readonly string[]): string {
  const type =
    'text' +
    [...references]
      .sort()
      .map((r) => ':' + r)
      .join('');
  return makeStorePath(storeDir, type, hash, name);
}

/**
 * The path of content-addressed data with a known hash (CppNix's
 * makeFixedOutputPath): a NAR hashed with SHA-256 is a `source` path,
 * anything else an `output:out` path over a description of the hash.
 * `algo` is `sha256`, `sha1`...; `recursive` says the hash is of a NAR.
 */
export function makeFixedOutputPath(storeDir: string, name: string, recursive: boolean, algo: string, hash: Uint8Array): string {
  if (recursive && algo === 'sha256') return makeStorePath(storeDir, 'source', hash, name);
  const inner = sha256Of(`fixed:out:${recursive ? 'r:' : ''}${algo}:${toHex(hash)}:`);
  return makeStorePath(storeDir, 'output:out', inner, name);
}

/** `builtins.placeholder`: `/` and the nix32 SHA-256 of `nix-output:<output>`. */
export function hashPlaceholder(outputName: string): string {
  return '/' + toNix32(sha256Of('nix-output:' + outputName));
}

/**
 * Why `name` cannot name a store path, in CppNix's words (checkName), or
 * null when it can: at most 211 bytes of letters, digits and `+-._?=`, not
 * `.`, `..` or starting with `.-`/`..-`.
 */
export function invalidNameReason(name: string): string | null {
  if (name.length === 0) return 'name must not be empty';
  if (name.length > 211) return `name '${name}' must be no longer than 211 characters`;
  if (name === '.' || name === '..' || name.startsWith('.-') || name.startsWith('..-')) return `name '${name}' is not valid`;
  for (const ch of name) {
    if (!/[A-Za-z0-9+\-._?=]/.test(ch)) return `name '${name}' contains illegal character '${ch}'`;
  }
  return null;
}

/**
 * The store path `path` is in (the store folder and its first component
 * below), or null when it is not below the store folder or that component
 * is not a valid store path name (`<32 nix32 chars>-<name>`).
 */
export function storePathOf(storeDir: string, path: string): string | null {
  if (!path.startsWith(storeDir + '/')) return null;
  const rest = path.slice(storeDir.length + 1);
  const slash = rest.indexOf('/');
  const base = slash < 0 ? rest : rest.slice(0, slash);
  if (base.length < 34 || base[32] !== '-') return null;
  for (let i = 0; i < 32; i++) if (!NIX32.includes(base[i]!)) return null;
  if (invalidNameReason(base.slice(33)) !== null) return null;
  return `${storeDir}/${base}`;
}
