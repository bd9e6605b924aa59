// SHA-256 and the other digests on whatever the host has: node:crypto on
// Node (native, several times faster: every derivation is hashed twice),
// @noble/hashes in a browser. The core imports no Node module: node:crypto
// is looked up through process.getBuiltinModule on first use, without a
// top-level await, so the CLI bundles as a script whose code cache loads.

import { sha256 } from '@noble/hashes/sha2.js';

type NodeCrypto = typeof import('node:crypto');
type NodeHash = ReturnType<NodeCrypto['createHash']>;

let nodeCrypto: NodeCrypto | null | undefined;

/** node:crypto where it exists (Node >= 20.16), else null (a browser). */
export function nativeCrypto(): NodeCrypto | null {
  if (nodeCrypto === undefined) {
    const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    nodeCrypto = (host.process?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null;
  }
  return nodeCrypto;
}

/**
 * Feeds a binary string (one char per byte) to a node:crypto hash a slice
 * at a time: converting it whole would copy tens of megabytes first.
 */
export function updateWithBinary(h: NodeHash, data: string): void {
  const SLICE = 0x10000;
  if (data.length <= SLICE) {
    h.update(data, 'latin1');
    return;
  }
  for (let i = 0; i < data.length; i += SLICE) h.update(data.slice(i, i + SLICE), 'latin1');
}

/** SHA-256 of a binary string. */
export function sha256Binary(s: string): Uint8Array {
  const crypto = nativeCrypto();
  if (crypto !== null) {
    const h = crypto.createHash('sha256');
    updateWithBinary(h, s);
    return new Uint8Array(h.digest());
  }
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return sha256(bytes);
}
