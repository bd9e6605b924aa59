// hashString, hashFile and convertHash, checked against CppNix 2.26 (and,
// for the list of algorithm names, the upstream suite, which knows blake3).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EvalUsageError } from '../../src/errors/error.js';
import { evalError, evalErrorReport, evalNix, evalValue } from '../helpers.js';

const BLAKE3 = { settings: { experimentalFeatures: new Set(['blake3-hashes']) } };
const UNKNOWN_ALGO = (name: string) => `unknown hash algorithm '${name}', expect 'blake3', 'md5', 'sha1', 'sha256', or 'sha512'`;

describe('hashString', () => {
  it('hashes bytes in base16', () => {
    assert.equal(evalNix('builtins.hashString "md5" ""'), '"d41d8cd98f00b204e9800998ecf8427e"');
    assert.equal(evalNix('builtins.hashString "sha1" ""'), '"da39a3ee5e6b4b0d3255bfef95601890afd80709"');
    assert.equal(evalNix('builtins.hashString "sha256" "abc"'), '"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"');
    assert.equal(
      evalNix('builtins.hashString "sha512" ""'),
      '"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"',
    );
    // UTF-8 text and bytes that are not UTF-8 are hashed as they are.
    assert.equal(evalNix('builtins.hashString "sha1" "\xc3\xa9"'), '"bf15be717ac1b080b4f1c456692825891ff5073d"');
    assert.equal(evalNix('builtins.hashString "md5" "\xff"'), '"00594fd4f42ba43fc1ca0427a0576295"');
  });

  it('ignores the context of the string', () => {
    assert.equal(
      evalNix(
        'builtins.hashString "md5" (builtins.appendContext "1" { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; })',
      ),
      '"c4ca4238a0b923820dcc509a6f75849b"',
    );
  });

  it('needs blake3-hashes for blake3', () => {
    assert.equal(
      evalError('builtins.hashString "blake3" ""'),
      "experimental Nix feature 'blake3-hashes' is disabled; add '--extra-experimental-features blake3-hashes' to enable it",
    );
    assert.equal(evalNix('builtins.hashString "blake3" ""', BLAKE3), '"af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"');
  });

  it('rejects unknown algorithms as usage errors', () => {
    assert.equal(evalError('builtins.hashString "SHA256" ""'), UNKNOWN_ALGO('SHA256'));
    assert.throws(() => evalValue('builtins.hashString "foo" ""'), EvalUsageError);
  });

  it('names its arguments in traces', () => {
    assert.match(evalErrorReport('builtins.hashString 1 { }'), /while evaluating the first argument passed to builtins.hashString/);
    assert.match(
      evalErrorReport('builtins.hashString (throw "a") ""'),
      /while evaluating the first argument passed to builtins.hashString/,
    );
    const report = evalErrorReport('builtins.hashString "sha256" { }');
    assert.match(report, /while evaluating the second argument passed to builtins.hashString/);
    assert.match(report, /expected a string but found a set: \{ \}/);
  });
});

describe('hashFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsnix-hashfile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const data = Buffer.from([0, 1, 2, 0xfe, 0xff, 0x0a, 0xc3, 0xa9]);
  const file = join(dir, 'data');
  writeFileSync(file, data);
  const expected = (algo: string) => `"${createHash(algo).update(data).digest('hex')}"`;

  it('hashes the bytes of a file, named by a path or a string', () => {
    for (const algo of ['md5', 'sha1', 'sha256', 'sha512']) {
      assert.equal(evalNix(`builtins.hashFile "${algo}" ${file}`), expected(algo));
      assert.equal(evalNix(`builtins.hashFile "${algo}" "${file}"`), expected(algo));
    }
  });

  it('fails on missing files, folders and relative strings', () => {
    assert.equal(evalError(`builtins.hashFile "md5" ${dir}/missing`), `path '${dir}/missing' does not exist`);
    assert.equal(evalError(`builtins.hashFile "md5" ${dir}`), `reading from file '${dir}': Is a directory`);
    const report = evalErrorReport('builtins.hashFile "md5" "etc/hostname"');
    assert.match(report, /while realising the context of a path/);
    assert.match(report, /string 'etc\/hostname' doesn't represent an absolute path/);
    assert.equal(evalError(`builtins.hashFile "md6" ${file}`), UNKNOWN_ALGO('md6'));
  });
});

describe('convertHash', () => {
  const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const convert = (attrs: string) => evalNix(`builtins.convertHash { ${attrs} }`);
  const convertError = (attrs: string) => evalError(`builtins.convertHash { ${attrs} }`);

  it('converts between every format', () => {
    assert.equal(convert(`hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; toHashFormat = "base16";`), `"${EMPTY_SHA256}"`);
    assert.equal(
      convert(`hash = "sha256:${EMPTY_SHA256}"; toHashFormat = "sri";`),
      '"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="',
    );
    assert.equal(
      convert(`hash = "${EMPTY_SHA256}"; hashAlgo = "sha256"; toHashFormat = "nix32";`),
      '"0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"',
    );
    assert.equal(convert('hash = "md5:d41d8cd98f00b204e9800998ecf8427e"; toHashFormat = "base64";'), '"1B2M2Y8AsgTpgAmY7PhCfg=="');
    assert.equal(convert('hash = "1B2M2Y8AsgTpgAmY7PhCfg=="; hashAlgo = "md5"; toHashFormat = "nix32";'), '"3y8bwfr609h3lh9ch0izcqq7fl"');
    assert.equal(convert('hash = "md5:D41D8CD98F00B204E9800998ECF8427E"; toHashFormat = "base16";'), '"d41d8cd98f00b204e9800998ecf8427e"');
    assert.equal(
      convert('hash = "md5-1B2M2Y8AsgTpgAmY7PhCfg=="; hashAlgo = "md5"; toHashFormat = "sri";'),
      '"md5-1B2M2Y8AsgTpgAmY7PhCfg=="',
    );
  });

  it('decodes as leniently as CppNix', () => {
    // An SRI body without padding, and trailing garbage after base64 padding.
    assert.equal(convert('hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"; toHashFormat = "base16";'), `"${EMPTY_SHA256}"`);
    assert.equal(convert('hash = "md5:1B2M2Y8AsgTpgAmY7PhCfg=!"; toHashFormat = "base16";'), '"d41d8cd98f00b204e9800998ecf8427e"');
    // nix32's last character carries bits past the digest: they are dropped.
    assert.equal(convert('hash = "md5:3y8bwfr609h3lh9ch0izcqq7fz"; toHashFormat = "base16";'), '"df1d8cd98f00b204e9800998ecf8427e"');
  });

  it('prints the base32 deprecation as a plain warning', () => {
    const lines: string[] = [];
    const out = evalNix('builtins.convertHash { hash = "md5:d41d8cd98f00b204e9800998ecf8427e"; toHashFormat = "base32"; }', {
      log: (text) => lines.push(text),
    });
    assert.equal(out, '"3y8bwfr609h3lh9ch0izcqq7fl"');
    assert.deepEqual(lines, ['warning: "base32" is a deprecated alias for hash format "nix32".\n']);
  });

  it('rejects bad hashes with CppNix messages', () => {
    assert.equal(
      convertError(`hash = "${EMPTY_SHA256}"; toHashFormat = "nix32";`),
      `hash '${EMPTY_SHA256}' does not include a type, nor is the type otherwise known from context`,
    );
    assert.equal(
      convertError(`hash = "sha1:${EMPTY_SHA256}"; hashAlgo = "sha256"; toHashFormat = "nix32";`),
      `hash 'sha1:${EMPTY_SHA256}' should have type 'sha256'`,
    );
    assert.equal(
      convertError('hash = ""; hashAlgo = "sha256"; toHashFormat = "sri";'),
      "hash '' has wrong length for hash algorithm 'sha256'",
    );
    assert.equal(
      convertError(`hash = "x${EMPTY_SHA256.slice(1)}"; hashAlgo = "sha256"; toHashFormat = "nix32";`),
      `invalid base-16 hash 'x${EMPTY_SHA256.slice(1)}'`,
    );
    assert.equal(
      convertError('hash = "md5:zy8bwfr609h3lh9ch0izcqq7fl"; toHashFormat = "base16";'),
      "invalid base-32 hash 'zy8bwfr609h3lh9ch0izcqq7fl'",
    );
    assert.equal(
      convertError('hash = "sha256-!7DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; toHashFormat = "base16";'),
      "invalid SRI hash '!7DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    );
    assert.equal(convertError('hash = "foo:d41d8cd98f00b204e9800998ecf8427e"; toHashFormat = "sri";'), UNKNOWN_ALGO('foo'));
    assert.equal(
      convertError('hash = "md5:d41d8cd98f00b204e9800998ecf8427e"; toHashFormat = "SRI";'),
      "unknown hash format 'SRI', expect 'base16', 'base32', 'base64', or 'sri'",
    );
  });

  it('checks its attributes in CppNix order', () => {
    const missing = evalErrorReport('builtins.convertHash { toHashFormat = "sri"; }');
    assert.match(missing, /while locating the attribute 'hash'/);
    assert.match(missing, /attribute 'hash' missing/);
    assert.match(evalErrorReport('builtins.convertHash { hash = "md5:x"; }'), /while locating the attribute 'toHashFormat'/);
    assert.match(evalErrorReport('builtins.convertHash { hash = 1; toHashFormat = 1; }'), /while evaluating the attribute 'hash'/);
    assert.match(
      evalErrorReport('builtins.convertHash { hash = "md5:x"; toHashFormat = 1; }'),
      /while evaluating the attribute 'toHashFormat'/,
    );
    // The algorithm is checked before the format, the format before the hash.
    assert.equal(convertError('hash = "x"; hashAlgo = "foo"; toHashFormat = "bar";'), UNKNOWN_ALGO('foo'));
    assert.match(convertError('hash = "x"; toHashFormat = "bar";'), /^unknown hash format 'bar'/);
    assert.match(evalErrorReport('builtins.convertHash 1'), /while evaluating the first argument passed to builtins.convertHash/);
  });
});
