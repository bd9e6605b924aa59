/**
 * Hashing and hash encodings as CppNix does them (libutil/hash.cc), for
 * `builtins.hashString`, `builtins.hashFile` and `builtins.convertHash`, and
 * for anything else that prints or parses Nix hashes (store paths, fixed
 * output derivations).
 *
 * Digests come from `@noble/hashes` (pure JS, so the same code runs in the
 * browser). Data is a binary string (one char per byte) or bytes.
 *
 * Encodings:
 * - base16: lower-case hex (parsing also accepts upper case);
 * - nix32: Nix's own base-32, alphabet `0123456789abcdfghijklmnpqrsvwxyz`
 *   (no e, o, u, t), read from the *last* 5-bit group of the digest to the
 *   first (so it is not RFC 4648 base32);
 * - base64: RFC 4648 with padding;
 * - SRI: `<algo>-<base64>`.
 *
 * Parsing follows `Hash::parseAny`: an optional `<algo>:` or `<algo>-`
 * (SRI) prefix, then the body is recognised by its length (base16, nix32 or
 * base64 length for the algorithm; SRI bodies are always base64). Errors carry
 * CppNix's messages; `HashError.usage` marks the ones CppNix raises as
 * `UsageError` (unknown algorithm or format), which the CLI follows with
 * "Try 'nix-instantiate --help' for more information.".
 */

import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { blake3 } from '@noble/hashes/blake3.js';
import { nativeCrypto, updateWithBinary } from '../store/digest.js';
import { binaryToBytes, bytesToBinary } from '../value/binary.js';

export type HashAlgo = 'blake3' | 'md5' | 'sha1' | 'sha256' | 'sha512';
export type HashFormat = 'base16' | 'nix32' | 'base64' | 'sri';

/** A digest together with its algorithm (CppNix's `Hash`). */
export interface Hash {
  readonly algo: HashAlgo;
  readonly bytes: Uint8Array;
}

/** Options shared by the functions that may meet `blake3`. */
export interface HashOptions {
  /** Whether the experimental feature `blake3-hashes` is enabled (default false). */
  readonly blake3?: boolean;
}

export class HashError extends Error {
  /**
   * `usage`: CppNix raises it as a UsageError (unknown algorithm or format);
   * `bad-hash`: a malformed hash (BadHash);
   * `experimental`: blake3 without the `blake3-hashes` feature.
   */
  readonly kind: 'usage' | 'bad-hash' | 'experimental';
  constructor(kind: 'usage' | 'bad-hash' | 'experimental', message: string) {
    super(message);
    this.name = 'HashError';
    this.kind = kind;
  }
  /** True for errors CppNix reports as usage errors. */
  get usage(): boolean {
    return this.kind === 'usage';
  }
}

/** Known algorithm names, in CppNix's order. */
export const HASH_ALGOS: readonly HashAlgo[] = ['blake3', 'md5', 'sha1', 'sha256', 'sha512'];

/** The warning CppNix prints (once per use) for the format name `base32`. */
export const BASE32_DEPRECATION_WARNING = '"base32" is a deprecated alias for hash format "nix32".';

const SIZES: Readonly<Record<HashAlgo, number>> = { blake3: 32, md5: 16, sha1: 20, sha256: 32, sha512: 64 };

/** Digest size in bytes. */
export function hashSize(algo: HashAlgo): number {
  return SIZES[algo];
}

/** Length of the base16 form of a digest of `size` bytes. */
export function base16Len(size: number): number {
  return size * 2;
}

/** Length of the nix32 form of a digest of `size` bytes. */
export function nix32Len(size: number): number {
  return Math.floor((size * 8 - 1) / 5) + 1;
}

/** Length of the (padded) base64 form of a digest of `size` bytes. */
export function base64Len(size: number): number {
  return (Math.floor((4 * size) / 3) + 3) & ~3;
}

/** `parseHashAlgoOpt`: the algorithm, or null if the name is unknown. */
export function parseHashAlgoOpt(name: string): HashAlgo | null {
  return (HASH_ALGOS as readonly string[]).includes(name) ? (name as HashAlgo) : null;
}

/** `parseHashAlgo`: throws a usage `HashError` for an unknown name. */
export function parseHashAlgo(name: string): HashAlgo {
  const algo = parseHashAlgoOpt(name);
  if (algo === null) {
    throw new HashError('usage', `unknown hash algorithm '${name}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'`);
  }
  return algo;
}

/**
 * `parseHashFormat`: "base16", "nix32", "base32" (deprecated alias of nix32:
 * `deprecatedAlias` is set and the caller should print
 * `BASE32_DEPRECATION_WARNING`), "base64" or "sri".
 */
export function parseHashFormat(name: string): { format: HashFormat; deprecatedAlias: boolean } {
  switch (name) {
    case 'base16':
    case 'nix32':
    case 'base64':
    case 'sri':
      return { format: name, deprecatedAlias: false };
    case 'base32':
      return { format: 'nix32', deprecatedAlias: true };
  }
  throw new HashError('usage', `unknown hash format '${name}', expect 'base16', 'base32', 'base64', or 'sri'`);
}

function requireAlgo(algo: HashAlgo, opts: HashOptions | undefined): void {
  if (algo === 'blake3' && !(opts?.blake3 ?? false)) {
    throw new HashError(
      'experimental',
      "experimental Nix feature 'blake3-hashes' is disabled; add '--extra-experimental-features blake3-hashes' to enable it",
    );
  }
}

// Binary strings and bytes convert as everywhere in the core (value/binary.ts).
export { binaryToBytes, bytesToBinary };

/** The digest of `data` (a binary string or bytes). */
export function hashBytes(algo: HashAlgo, data: string | Uint8Array, opts?: HashOptions): Uint8Array {
  requireAlgo(algo, opts);
  // On Node, the native implementation: hashing tens of megabytes is common
  // (`hashString` of generated text); @noble/hashes serves the browser.
  const crypto = algo !== 'blake3' ? nativeCrypto() : null;
  if (crypto !== null) {
    const h = crypto.createHash(algo);
    if (typeof data === 'string') updateWithBinary(h, data);
    else h.update(data);
    return new Uint8Array(h.digest());
  }
  const bytes = typeof data === 'string' ? binaryToBytes(data) : data;
  switch (algo) {
    case 'md5':
      return md5(bytes);
    case 'sha1':
      return sha1(bytes);
    case 'sha256':
      return sha256(bytes);
    case 'sha512':
      return sha512(bytes);
    case 'blake3':
      return blake3(bytes);
  }
}

/** `builtins.hashString` / `builtins.hashFile`: the base16 digest of `data`. */
export function hashString(algoName: string, data: string | Uint8Array, opts?: HashOptions): string {
  const algo = parseHashAlgo(algoName);
  return base16Encode(hashBytes(algo, data, opts));
}

// ---------------------------------------------------------------------------
// Encodings

const BASE16_CHARS = '0123456789abcdef';
/** Nix's base-32 alphabet (omits e, o, u, t). */
export const NIX32_CHARS = '0123456789abcdfghijklmnpqrsvwxyz';
const BASE64_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base16Encode(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += BASE16_CHARS[b >> 4]! + BASE16_CHARS[b & 0x0f]!;
  return s;
}

/** Nix's base-32 (`printHash32`). */
export function nix32Encode(bytes: Uint8Array): string {
  const size = bytes.length;
  if (size === 0) return '';
  const len = nix32Len(size);
  let s = '';
  for (let n = len - 1; n >= 0; n--) {
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    const c = (bytes[i]! >> j) | (i >= size - 1 ? 0 : bytes[i + 1]! << (8 - j));
    s += NIX32_CHARS[c & 0x1f]!;
  }
  return s;
}

/**
 * Decode Nix base-32 into `size` bytes, or null if `s` has a character outside
 * the alphabet or bits beyond the digest (as `Hash`'s constructor checks).
 * `s` must be `nix32Len(size)` long.
 */
export function nix32Decode(s: string, size: number): Uint8Array | null {
  const out = new Uint8Array(size);
  for (let n = 0; n < s.length; n++) {
    const digit = NIX32_CHARS.indexOf(s[s.length - n - 1]!);
    if (digit < 0) return null;
    const b = n * 5;
    const i = b >> 3;
    const j = b & 7;
    if (i >= size) return null;
    out[i] = out[i]! | ((digit << j) & 0xff);
    if (i < size - 1) out[i + 1] = out[i + 1]! | (digit >> (8 - j));
    else if (digit >> (8 - j)) return null;
  }
  return out;
}

export function base64Encode(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += BASE64_CHARS[n >> 18]! + BASE64_CHARS[(n >> 12) & 63]! + BASE64_CHARS[(n >> 6) & 63]! + BASE64_CHARS[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    s += BASE64_CHARS[n >> 18]! + BASE64_CHARS[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    s += BASE64_CHARS[n >> 18]! + BASE64_CHARS[(n >> 12) & 63]! + BASE64_CHARS[(n >> 6) & 63]! + '=';
  }
  return s;
}

/**
 * CppNix's lenient `base64Decode`: stops at the first `=`, skips newlines,
 * ignores leftover bits; null on any other character outside the alphabet.
 */
export function base64Decode(s: string): Uint8Array | null {
  const out: number[] = [];
  let d = 0;
  let bits = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s[k]!;
    if (c === '=') break;
    if (c === '\n') continue;
    const digit = BASE64_CHARS.indexOf(c);
    if (digit < 0) return null;
    bits += 6;
    d = ((d << 6) | digit) & 0xffffff;
    if (bits >= 8) {
      out.push((d >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/**
 * `Hash::to_string`: the digest in `format`; SRI always carries its
 * `<algo>-` prefix, the others get `<algo>:` when `includeAlgo`.
 */
export function encodeHash(bytes: Uint8Array, format: HashFormat, algo: HashAlgo, includeAlgo = false): string {
  let prefix = '';
  if (format === 'sri') prefix = `${algo}-`;
  else if (includeAlgo) prefix = `${algo}:`;
  switch (format) {
    case 'base16':
      return prefix + base16Encode(bytes);
    case 'nix32':
      return prefix + nix32Encode(bytes);
    case 'base64':
    case 'sri':
      return prefix + base64Encode(bytes);
  }
}

/** Shorthand for `encodeHash(h.bytes, format, h.algo, includeAlgo)`. */
export function printHash(h: Hash, format: HashFormat, includeAlgo = false): string {
  return encodeHash(h.bytes, format, h.algo, includeAlgo);
}

// ---------------------------------------------------------------------------
// Parsing

/** `Hash::Hash(rest, algo, isSRI)`: decode a hash body of known algorithm. */
export function decodeHashBody(rest: string, algo: HashAlgo, isSRI: boolean, opts?: HashOptions): Hash {
  requireAlgo(algo, opts);
  const size = hashSize(algo);
  if (!isSRI && rest.length === base16Len(size)) {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const hi = hexDigit(rest.charCodeAt(i * 2));
      const lo = hexDigit(rest.charCodeAt(i * 2 + 1));
      if (hi < 0 || lo < 0) throw new HashError('bad-hash', `invalid base-16 hash '${rest}'`);
      bytes[i] = (hi << 4) | lo;
    }
    return { algo, bytes };
  }
  if (!isSRI && rest.length === nix32Len(size)) {
    const bytes = nix32Decode(rest, size);
    if (bytes === null) throw new HashError('bad-hash', `invalid base-32 hash '${rest}'`);
    return { algo, bytes };
  }
  if (isSRI || rest.length === base64Len(size)) {
    // CppNix swallows base64 decoding errors and reports the size mismatch.
    const bytes = base64Decode(rest);
    if (bytes === null || bytes.length !== size) {
      throw new HashError('bad-hash', `invalid ${isSRI ? 'SRI' : 'base-64'} hash '${rest}'`);
    }
    return { algo, bytes };
  }
  throw new HashError('bad-hash', `hash '${rest}' has wrong length for hash algorithm '${algo}'`);
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Split off a `<algo>:` (or, failing that, SRI `<algo>-`) prefix. */
function splitTypePrefix(s: string): { algo: HashAlgo | null; isSRI: boolean; rest: string } {
  let sep = s.indexOf(':');
  let isSRI = false;
  if (sep < 0) {
    sep = s.indexOf('-');
    if (sep >= 0) isSRI = true;
  }
  if (sep < 0) return { algo: null, isSRI: false, rest: s };
  return { algo: parseHashAlgo(s.slice(0, sep)), isSRI, rest: s.slice(sep + 1) };
}

/**
 * `Hash::parseAny`: a hash with an optional `<algo>:` or SRI prefix; `algo`
 * is required if the string has no prefix, and must agree with it otherwise.
 */
export function parseHash(s: string, algo?: HashAlgo | null, opts?: HashOptions): Hash {
  const { algo: parsed, isSRI, rest } = splitTypePrefix(s);
  const expected = algo ?? null;
  if (parsed === null && expected === null) {
    throw new HashError('bad-hash', `hash '${rest}' does not include a type, nor is the type otherwise known from context`);
  }
  if (parsed !== null && expected !== null && parsed !== expected) {
    throw new HashError('bad-hash', `hash '${s}' should have type '${expected}'`);
  }
  return decodeHashBody(rest, (parsed ?? expected)!, isSRI, opts);
}

/** `Hash::parseAnyPrefixed`: like `parseHash`, but the prefix is mandatory. */
export function parseHashAnyPrefixed(s: string, opts?: HashOptions): Hash {
  const { algo, isSRI, rest } = splitTypePrefix(s);
  if (algo === null) throw new HashError('bad-hash', `hash '${rest}' does not include a type`);
  return decodeHashBody(rest, algo, isSRI, opts);
}

/** `Hash::parseSRI`: exactly `<algo>-<base64>`. */
export function parseHashSRI(s: string, opts?: HashOptions): Hash {
  const sep = s.indexOf('-');
  if (sep < 0) throw new HashError('bad-hash', `hash '${s}' is not SRI`);
  return decodeHashBody(s.slice(sep + 1), parseHashAlgo(s.slice(0, sep)), true, opts);
}

/** `Hash::parseNonSRIUnprefixed`: a bare base16/nix32/base64 body. */
export function parseHashNonSRIUnprefixed(s: string, algo: HashAlgo, opts?: HashOptions): Hash {
  return decodeHashBody(s, algo, false, opts);
}

/**
 * `builtins.convertHash { hash; hashAlgo ? null; toHashFormat; }` on already
 * forced strings. `toHashFormat` is the raw attribute (e.g. "base32");
 * `onWarning` receives `BASE32_DEPRECATION_WARNING` when the deprecated name
 * is used. Order of checks as in CppNix: algorithm name, then format name,
 * then the hash itself.
 */
export function convertHash(
  hash: string,
  toHashFormat: string,
  hashAlgo?: string | null,
  opts?: HashOptions & { onWarning?: (message: string) => void },
): string {
  const algo = hashAlgo === undefined || hashAlgo === null ? null : parseHashAlgo(hashAlgo);
  const { format, deprecatedAlias } = parseHashFormat(toHashFormat);
  if (deprecatedAlias) opts?.onWarning?.(BASE32_DEPRECATION_WARNING);
  const h = parseHash(hash, algo, opts);
  return printHash(h, format, format === 'sri');
}

/** `compressHash`: fold a digest into `newSize` bytes by XOR (store path hashes). */
export function compressHash(bytes: Uint8Array, newSize: number): Uint8Array {
  const out = new Uint8Array(newSize);
  for (let i = 0; i < bytes.length; i++) out[i % newSize] = out[i % newSize]! ^ bytes[i]!;
  return out;
}
