// Binary strings (one JS char per byte, how tsnix holds Nix strings and
// source text) to and from bytes and JS text, with the web platform's
// TextEncoder/TextDecoder only: no Node Buffer, so the core runs in a
// browser as it runs on Node.

/** Up to this many bytes, String.fromCharCode; past it, the engine's UTF-16 decoder (about 10x faster on megabytes). */
const SMALL = 1024;

/** Bytes widened to 16-bit units (little-endian, as typed arrays are wherever JS runs) decode to one char per byte: none is a surrogate or a BOM. */
const utf16 = new TextDecoder('utf-16le');

/**
 * The platform's own decoder of bytes to a binary string, where it has one
 * (io/node-io.ts installs Node's latin1 decoding): ~50x faster than the
 * UTF-16 decoder on megabytes, and it makes a one-byte string, half the
 * memory of the two-byte string that decoder makes (json.nix's peak: 250 ->
 * 213 MB, as before the core went without Buffer).
 */
let nativeBytesToBinary: ((bytes: Uint8Array, length: number) => string) | null = null;

/** Installs the platform's decoder of bytes to binary strings (see nativeBytesToBinary). */
export function useNativeBytesToBinary(decode: (bytes: Uint8Array, length: number) => string): void {
  nativeBytesToBinary = decode;
}

/** The first `length` bytes (all by default) as a binary string. */
export function bytesToBinary(bytes: Uint8Array, length = bytes.length): string {
  if (length <= SMALL) return String.fromCharCode(...bytes.subarray(0, length));
  if (nativeBytesToBinary !== null) return nativeBytesToBinary(bytes, length);
  const units = new Uint16Array(length);
  units.set(bytes.subarray(0, length));
  return utf16.decode(units);
}

/** A binary string's bytes (chars above 0xff keep their low byte). */
export function binaryToBytes(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return bytes;
}

/** JS text as its UTF-8 bytes, in a binary string. */
export function textToBinary(text: string): string {
  return bytesToBinary(new TextEncoder().encode(text));
}

/** A binary string read as UTF-8, as a terminal shows it (bytes that are not UTF-8 become U+FFFD). */
export function binaryToText(s: string): string {
  return new TextDecoder().decode(binaryToBytes(s));
}
