// Hashes and hash encodings, checked against CppNix (2.26, and the error
// texts of the conformance suite's newer CppNix, which knows blake3).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BASE32_DEPRECATION_WARNING,
  HashError,
  base16Encode,
  base64Decode,
  base64Encode,
  base64Len,
  binaryToBytes,
  bytesToBinary,
  compressHash,
  convertHash,
  encodeHash,
  hashBytes,
  hashSize,
  hashString,
  nix32Decode,
  nix32Encode,
  nix32Len,
  parseHash,
  parseHashAlgo,
  parseHashAnyPrefixed,
  parseHashFormat,
  parseHashSRI,
  printHash,
} from '../../src/builtins/hash.js';

function hashErr(f: () => unknown, message: string, kind?: HashError['kind']): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof HashError, `not a HashError: ${String(e)}`);
    assert.equal(e.message, message);
    if (kind !== undefined) assert.equal(e.kind, kind);
    return true;
  });
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('hashString', () => {
  it('gives base16 digests', () => {
    assert.equal(hashString('md5', ''), 'd41d8cd98f00b204e9800998ecf8427e');
    assert.equal(hashString('md5', 'text 1'), '6c69ee7f211c640419d5366cc076ae46');
    assert.equal(hashString('sha1', ''), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    assert.equal(hashString('sha1', 'text 2'), '6d12e10b1d331dad210e47fd25d4f260802b7e77');
    assert.equal(hashString('sha256', ''), EMPTY_SHA256);
    assert.equal(hashString('sha256', 'text 1'), '900a4469df00ccbfd0c145c6d1e4b7953dd0afafadd7534e3a4019e8d38fc663');
    assert.equal(
      hashString('sha512', ''),
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
  });

  it('hashes bytes, not UTF-16 code units', () => {
    // "é" as UTF-8 bytes, which is what Nix hashes (values from CppNix).
    assert.equal(hashString('sha256', '\xc3\xa9'), '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
    assert.equal(hashString('md5', Uint8Array.of(0xc3, 0xa9)), '66ddcd97cfdeabb2f6fb8a999b4bc76f');
    assert.notEqual(hashString('md5', '\xe9'), hashString('md5', '\xc3\xa9'));
    // Same digest from a binary string and from bytes.
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.equal(hashString('sha1', bytesToBinary(bytes)), hashString('sha1', bytes));
  });

  it('hashes a string longer than one slice as its bytes', () => {
    // 200003 bytes of every value, hashed in slices: same digest as the bytes at once.
    const bytes = Uint8Array.from({ length: 200003 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
    const text = bytesToBinary(bytes);
    for (const algo of ['md5', 'sha256', 'sha512'] as const) assert.equal(hashString(algo, text), hashString(algo, bytes));
    // A rope (as `+` makes them) too.
    assert.equal(hashString('sha256', text.slice(0, 70000) + text.slice(70000)), hashString('sha256', bytes));
  });

  it("rejects unknown algorithms with CppNix's usage error", () => {
    hashErr(
      () => hashString('foo', 'content'),
      "unknown hash algorithm 'foo', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'",
      'usage',
    );
    hashErr(() => hashString('SHA256', ''), "unknown hash algorithm 'SHA256', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'");
  });

  it('needs the blake3-hashes feature for blake3', () => {
    hashErr(
      () => hashString('blake3', ''),
      "experimental Nix feature 'blake3-hashes' is disabled; add '--extra-experimental-features blake3-hashes' to enable it",
      'experimental',
    );
    assert.equal(hashString('blake3', '', { blake3: true }), 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
  });
});

describe('encodings', () => {
  const h = hashBytes('sha256', '');

  it('encode a digest', () => {
    assert.equal(base16Encode(h), EMPTY_SHA256);
    assert.equal(nix32Encode(h), '0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73');
    assert.equal(base64Encode(h), '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    assert.equal(encodeHash(h, 'sri', 'sha256'), 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    assert.equal(encodeHash(h, 'nix32', 'sha256', true), 'sha256:0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73');
    assert.equal(encodeHash(hashBytes('md5', ''), 'nix32', 'md5'), '3y8bwfr609h3lh9ch0izcqq7fl');
    assert.equal(encodeHash(hashBytes('sha1', ''), 'nix32', 'sha1'), '143xibwh31h9bvxzalr0sjvbbvpa6ffs');
    assert.equal(encodeHash(hashBytes('md5', ''), 'base64', 'md5'), '1B2M2Y8AsgTpgAmY7PhCfg==');
    assert.equal(encodeHash(hashBytes('sha1', ''), 'base64', 'sha1'), '2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
  });

  it('have the lengths Nix expects', () => {
    assert.deepEqual(
      (['md5', 'sha1', 'sha256', 'sha512'] as const).map((a) => [nix32Len(hashSize(a)), base64Len(hashSize(a))]),
      [
        [26, 24],
        [32, 28],
        [52, 44],
        [103, 88],
      ],
    );
    assert.equal(nix32Encode(new Uint8Array(0)), '');
    // 20-byte store path hashes.
    assert.equal(nix32Encode(new Uint8Array(20)), '00000000000000000000000000000000');
  });

  it('round-trip', () => {
    for (let n = 1; n <= 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n * 7) & 0xff);
      assert.deepEqual(nix32Decode(nix32Encode(bytes), n), bytes);
      assert.deepEqual(base64Decode(base64Encode(bytes)), bytes);
    }
  });

  it('decode base64 as leniently as CppNix', () => {
    assert.deepEqual(base64Decode('AQID'), Uint8Array.of(1, 2, 3));
    assert.deepEqual(base64Decode('AQ\nID'), Uint8Array.of(1, 2, 3));
    assert.deepEqual(base64Decode('AQ==garbage'), Uint8Array.of(1));
    assert.deepEqual(base64Decode('AQ'), Uint8Array.of(1));
    assert.equal(base64Decode('A!'), null);
    assert.equal(nix32Decode('e0', 1), null); // 'e' is not in the alphabet
  });

  it('fold digests', () => {
    assert.deepEqual(compressHash(Uint8Array.of(1, 2, 3, 4, 5), 2), Uint8Array.of(1 ^ 3 ^ 5, 2 ^ 4));
    assert.equal(compressHash(h, 20).length, 20);
  });

  it('convert binary strings and bytes', () => {
    assert.deepEqual(binaryToBytes('\x00\xff\x80a'), Uint8Array.of(0, 255, 128, 97));
    const big = new Uint8Array(100000).map((_, i) => i & 0xff);
    assert.deepEqual(binaryToBytes(bytesToBinary(big)), big);
  });
});

describe('parsing hashes (Hash::parseAny and friends)', () => {
  const b16 = EMPTY_SHA256;
  const n32 = '0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73';
  const b64 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

  it('recognise the body by its length', () => {
    for (const body of [b16, b16.toUpperCase(), n32, b64]) {
      assert.equal(printHash(parseHash(body, 'sha256'), 'base16'), b16);
      assert.equal(printHash(parseHash(`sha256:${body}`), 'base16'), b16);
    }
    assert.equal(printHash(parseHash(`sha256-${b64}`), 'base16'), b16);
    assert.equal(printHash(parseHashSRI(`sha256-${b64}`), 'nix32'), n32);
    assert.equal(printHash(parseHashAnyPrefixed(`sha256:${n32}`), 'base16'), b16);
    // SRI bodies may lack padding or have junk after it.
    assert.equal(printHash(parseHash('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'), 'base16'), b16);
    assert.equal(printHash(parseHash('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=xyz'), 'base16'), b16);
  });

  it('report errors as CppNix does', () => {
    hashErr(() => parseHash('abc'), "hash 'abc' does not include a type, nor is the type otherwise known from context", 'bad-hash');
    hashErr(() => parseHash('abc', 'sha256'), "hash 'abc' has wrong length for hash algorithm 'sha256'");
    hashErr(() => parseHash('', 'sha256'), "hash '' has wrong length for hash algorithm 'sha256'");
    hashErr(() => parseHash('sha1:abc', 'sha256'), "hash 'sha1:abc' should have type 'sha256'");
    hashErr(() => parseHash('foo:abc'), "unknown hash algorithm 'foo', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'", 'usage');
    hashErr(() => parseHash('sha256-abc'), "invalid SRI hash 'abc'");
    hashErr(
      () => parseHash('sha256-47DEQpj8HBSa+/TImW+5JCeuQe!km5NMpJWZG3hSuFU='),
      "invalid SRI hash '47DEQpj8HBSa+/TImW+5JCeuQe!km5NMpJWZG3hSuFU='",
    );
    hashErr(
      () => parseHash('47DEQpj8HBSa+/TImW+5JCeuQe!km5NMpJWZG3hSuFU=', 'sha256'),
      "invalid base-64 hash '47DEQpj8HBSa+/TImW+5JCeuQe!km5NMpJWZG3hSuFU='",
    );
    hashErr(() => parseHash('md5:d41d8cd98f00b204e9800998ecf8427g'), "invalid base-16 hash 'd41d8cd98f00b204e9800998ecf8427g'");
    hashErr(() => parseHash('md5:3y8bwfr609h3lh9ch0izcqq7fe'), "invalid base-32 hash '3y8bwfr609h3lh9ch0izcqq7fe'");
    // Bits beyond the digest.
    hashErr(() => parseHash('md5:zy8bwfr609h3lh9ch0izcqq7fl'), "invalid base-32 hash 'zy8bwfr609h3lh9ch0izcqq7fl'");
    // A colon prefix does not combine with SRI.
    hashErr(() => parseHash(`sha256:sha256-${b64}`), `hash 'sha256-${b64}' has wrong length for hash algorithm 'sha256'`);
    hashErr(() => parseHashSRI(b16), `hash '${b16}' is not SRI`);
    hashErr(() => parseHashAnyPrefixed(b16), `hash '${b16}' does not include a type`);
  });
});

describe('convertHash', () => {
  it('converts between all formats', () => {
    const cases: Array<[string, string, string, string, string]> = [
      ['md5', 'd41d8cd98f00b204e9800998ecf8427e', '3y8bwfr609h3lh9ch0izcqq7fl', '1B2M2Y8AsgTpgAmY7PhCfg==', 'md5-1B2M2Y8AsgTpgAmY7PhCfg=='],
      [
        'sha1',
        'da39a3ee5e6b4b0d3255bfef95601890afd80709',
        '143xibwh31h9bvxzalr0sjvbbvpa6ffs',
        '2jmj7l5rSw0yVb/vlWAYkK/YBwk=',
        'sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=',
      ],
      [
        'sha512',
        '21644b72aa259e5a588cd3afbafb1d4310f4889680f6c83b9d531596a5a284f34dbebff409d23bcc86aee6bad10c891606f075c6f4755cb536da27db5693f3a7',
        '2kz74snvckxldmmbisz9ikmy031d28cs6xfdbl6rhxx42glpyz4vww4lajrc5akklxwixl0js4g84233pxvmbykiic5m7i5m9r4nr11',
        'IWRLcqolnlpYjNOvuvsdQxD0iJaA9sg7nVMVlqWihPNNvr/0CdI7zIau5rrRDIkWBvB1xvR1XLU22ifbVpPzpw==',
        'sha512-IWRLcqolnlpYjNOvuvsdQxD0iJaA9sg7nVMVlqWihPNNvr/0CdI7zIau5rrRDIkWBvB1xvR1XLU22ifbVpPzpw==',
      ],
    ];
    for (const [algo, b16, n32, b64, sri] of cases) {
      for (const input of [b16, n32, b64]) {
        assert.equal(convertHash(input, 'base16', algo), b16);
        assert.equal(convertHash(`${algo}:${input}`, 'nix32'), n32);
        assert.equal(convertHash(input, 'base64', algo), b64);
        assert.equal(convertHash(input, 'sri', algo), sri);
      }
      assert.equal(convertHash(sri, 'base16'), b16);
      assert.equal(convertHash(sri, 'base16', algo), b16);
    }
    assert.equal(convertHash('md5:D41D8CD98F00B204E9800998ECF8427E', 'sri'), 'md5-1B2M2Y8AsgTpgAmY7PhCfg==');
  });

  it('warns about the base32 alias', () => {
    const warnings: string[] = [];
    const out = convertHash('md5:d41d8cd98f00b204e9800998ecf8427e', 'base32', null, { onWarning: (w) => warnings.push(w) });
    assert.equal(out, '3y8bwfr609h3lh9ch0izcqq7fl');
    assert.deepEqual(warnings, [BASE32_DEPRECATION_WARNING]);
    assert.equal(BASE32_DEPRECATION_WARNING, '"base32" is a deprecated alias for hash format "nix32".');
  });

  it('checks the algorithm, then the format, then the hash', () => {
    hashErr(
      () => convertHash('sha256:abc', 'foo', 'sha256'),
      "unknown hash format 'foo', expect 'base16', 'base32', 'base64', or 'sri'",
      'usage',
    );
    hashErr(() => convertHash('abc', 'foo', 'bar'), "unknown hash algorithm 'bar', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'");
    hashErr(() => convertHash('abc', 'nix32'), "hash 'abc' does not include a type, nor is the type otherwise known from context");
  });

  it('parses algorithm and format names', () => {
    assert.equal(parseHashAlgo('sha512'), 'sha512');
    assert.deepEqual(parseHashFormat('base32'), { format: 'nix32', deprecatedAlias: true });
    assert.deepEqual(parseHashFormat('sri'), { format: 'sri', deprecatedAlias: false });
  });
});
