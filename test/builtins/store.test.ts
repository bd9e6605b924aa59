// Store builtins: the pure ones against values computed by CppNix 2.26, the
// experimental-feature gating, and the clear failures of those that need a
// store or the network.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EvaluatorOptions } from '../../src/eval.js';
import { fromNix32, hashPlaceholder, makeTextPath, sha256Of, storePathOf, toHex, toNix32 } from '../../src/store/paths.js';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

const flakes: Partial<EvaluatorOptions> = { settings: { experimentalFeatures: new Set(['flakes']) } };
const REV = '0123456789abcdef0123456789abcdef01234567';

describe('store path arithmetic', () => {
  it('encodes nix32 as CppNix does, and back', () => {
    const h = sha256Of('nix-output:out');
    assert.equal(toNix32(h), '1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9');
    assert.equal(toHex(fromNix32(toNix32(h), 32)!), toHex(h));
    assert.equal(toNix32(new Uint8Array(0)), '');
    assert.equal(fromNix32('e'.repeat(52), 32), null);
    assert.equal(fromNix32('z'.repeat(52), 32), null); // more than 256 bits
  });

  it('computes text paths', () => {
    assert.equal(makeTextPath('/nix/store', 'a', 'b', []), '/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a');
    assert.equal(hashPlaceholder('out'), '/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9');
  });

  it('recognises store paths', () => {
    const p = '/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a';
    assert.equal(storePathOf('/nix/store', p), p);
    assert.equal(storePathOf('/nix/store', p + '/bin/x'), p);
    assert.equal(storePathOf('/nix/store', '/nix/store/x'), null);
    assert.equal(storePathOf('/nix/store', '/tmp/x'), null);
    assert.equal(storePathOf('/nix/store', '/nix/store/e76zcpqc540lrc8i6g7xy6ip0npn2hnp-a'), null);
  });
});

describe('placeholder', () => {
  it('is the hash of the output name', () => {
    assert.equal(evalNix('builtins.placeholder "out"'), '"/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9"');
    assert.equal(evalNix('placeholder "dev" == builtins.placeholder "dev"'), 'true');
  });

  it('wants a string (eval-fail-placeholder-1)', () => {
    assert.match(
      evalErrorReport('builtins.placeholder [ ]'),
      /while evaluating the first argument passed to builtins.placeholder\n\n {7}error: expected a string but found a list: \[ \]/,
    );
  });
});

describe('toFile', () => {
  it('computes the path the text would be written to, with itself as context', () => {
    assert.equal(evalNix('builtins.toFile "a" "b"'), '"/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a"');
    assert.equal(evalNix('builtins.toFile "a" (builtins.placeholder "out")'), '"/nix/store/653azfnb9fdqpp2z8y5avcxwsfrwrbpz-a"');
    assert.equal(
      evalNix('builtins.attrNames (builtins.getContext (builtins.toFile "a" "b"))'),
      '[ "/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a" ]',
    );
  });

  it('references the store paths in the text', () => {
    assert.equal(evalNix('builtins.toFile "x" (builtins.toFile "a" "b")'), '"/nix/store/9f9x5wmk15wmv1jz37lgxc0380674dvl-x"');
  });

  it('rejects names a store path cannot have', () => {
    assert.equal(
      evalError('builtins.toFile "a/b" "c"'),
      "path '5dw7wrvlsrgxnazj941dch7y41lxc4hr-a/b' is not a valid store path: name 'a/b' contains illegal character '/'",
    );
  });
});

describe('storePath', () => {
  it('names the store path with itself as context', () => {
    const p = '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x';
    assert.equal(evalNix(`builtins.getContext (builtins.storePath "${p}/bin")`), `{ "${p}" = { path = true; }; }`);
  });

  it('rejects what is not a store path', () => {
    assert.equal(evalError('builtins.storePath "/nix/store/x"'), "'x' is too short to be a valid store path");
    assert.equal(evalError('builtins.storePath "/tmp/x"'), "path '/tmp/x' is not in the Nix store");
    assert.match(
      evalErrorReport('builtins.storePath true'),
      /while evaluating the first argument passed to 'builtins.storePath'\n\n {7}error: cannot coerce a Boolean to a string: true/,
    );
    assert.equal(
      evalError('builtins.storePath "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x"', { settings: { pure: true } }),
      "'builtins.storePath' is not allowed in pure evaluation mode",
    );
  });
});

describe('flake references', () => {
  it('exist only with the flakes feature, as fetchTree, fetchClosure and outputOf with theirs', () => {
    assert.equal(
      evalNix('[ (builtins ? parseFlakeRef) (builtins ? fetchTree) (builtins ? getFlake) (builtins ? fetchClosure) ]'),
      '[ false false false false ]',
    );
    assert.equal(evalNix('[ (builtins ? parseFlakeRef) (builtins ? fetchTree) (builtins ? getFlake) ]', flakes), '[ true true true ]');
    assert.equal(evalNix('builtins ? fetchTree', { settings: { experimentalFeatures: new Set(['fetch-tree']) } }), 'true');
    assert.equal(evalNix('builtins ? fetchClosure', { settings: { experimentalFeatures: new Set(['fetch-closure']) } }), 'true');
    assert.equal(evalNix('builtins ? outputOf', { settings: { experimentalFeatures: new Set(['dynamic-derivations']) } }), 'true');
  });

  it('parses them (eval-okay-parse-flake-ref)', () => {
    const parse = (ref: string): string => evalNix(`builtins.parseFlakeRef "${ref}"`, flakes);
    assert.equal(
      parse('github:NixOS/nixpkgs/23.05?dir=lib'),
      '{ dir = "lib"; owner = "NixOS"; ref = "23.05"; repo = "nixpkgs"; type = "github"; }',
    );
    assert.equal(parse(`github:NixOS/nixpkgs/${REV}`), `{ owner = "NixOS"; repo = "nixpkgs"; rev = "${REV}"; type = "github"; }`);
    assert.equal(parse('nixpkgs/nixos-23.05'), '{ id = "nixpkgs"; ref = "nixos-23.05"; type = "indirect"; }');
    assert.equal(parse(`flake:nixpkgs/a/${REV}`), `{ id = "nixpkgs"; ref = "a"; rev = "${REV}"; type = "indirect"; }`);
    assert.equal(parse('/tmp/x'), '{ path = "/tmp/x"; type = "path"; }');
    assert.equal(parse('path:/x?lastModified=5'), '{ lastModified = 5; path = "/x"; type = "path"; }');
    assert.equal(parse('git+https://x/y?foo=bar&ref=m'), '{ ref = "m"; type = "git"; url = "https://x/y?foo=bar"; }');
    assert.equal(parse('git+file:///tmp/ft?dir=d'), '{ dir = "d"; type = "git"; url = "file:///tmp/ft"; }');
    assert.equal(parse('https://example.com/x.tar.gz'), '{ type = "tarball"; url = "https://example.com/x.tar.gz"; }');
    assert.equal(parse('sourcehut:~a/b'), '{ owner = "~a"; repo = "b"; type = "sourcehut"; }');
    assert.equal(parse('github:a/b?dir=x%2Fy'), '{ dir = "x/y"; owner = "a"; repo = "b"; type = "github"; }');
    assert.equal(evalError('builtins.parseFlakeRef "./d"', flakes), "flake reference './d' is not an absolute path");
    assert.equal(evalError('builtins.parseFlakeRef "github:a"', flakes), "flake reference 'github:a' is not an absolute path");
  });

  it('writes them (eval-okay-flake-ref-to-string)', () => {
    const show = (attrs: string): string => evalNix(`builtins.flakeRefToString ${attrs}`, flakes);
    assert.equal(
      show('{ type = "github"; owner = "NixOS"; repo = "nixpkgs"; ref = "23.05"; dir = "lib"; }'),
      '"github:NixOS/nixpkgs/23.05?dir=lib"',
    );
    assert.equal(show('{ type = "indirect"; id = "nixpkgs"; ref = "r"; }'), '"flake:nixpkgs/r"');
    assert.equal(show('{ type = "git"; url = "https://x/y"; ref = "main"; shallow = true; }'), '"git+https://x/y?ref=main&shallow=1"');
    assert.equal(show('{ type = "git"; url = "file:///a"; submodules = true; dir = "x"; }'), '"git+file:///a?dir=x&submodules=1"');
    assert.equal(show('{ type = "tarball"; url = "https://x/y.tar.gz"; }'), '"https://x/y.tar.gz"');
    assert.equal(show(`{ type = "hg"; url = "https://x/y"; rev = "${REV}"; }`), `"hg+https://x/y?rev=${REV}"`);
  });

  it('rejects bad attributes as CppNix does', () => {
    const err = (attrs: string): string => evalError(`builtins.flakeRefToString ${attrs}`, flakes);
    assert.equal(err('{ type = "github"; owner = "a"; repo = -1; }'), 'negative value given for flake ref attr repo: -1');
    assert.equal(err('{ type = "github"; owner = "a"; }'), "input attribute 'repo' is missing");
    assert.equal(
      err('{ type = "github"; owner = "a"; repo = true; }'),
      'input attribute \'repo\' is not a string {"owner":"a","repo":true,"type":"github"}',
    );
    assert.equal(
      err('{ type = "github"; owner = "a"; repo = "b"; bogus = "x"; }'),
      "input attribute 'bogus' not supported by scheme 'github'",
    );
    assert.equal(err('{ }'), "'type' attribute to specify input scheme is required but not provided");
    assert.equal(err('{ type = "foo"; }'), 'cannot show unsupported input \'{"type":"foo"}\'');
  });
});

describe('fetchers', () => {
  it('check their arguments as CppNix does before failing (eval-fail-fetchurl-baseName*)', () => {
    const advice = 'so that it can create a valid store path.';
    assert.equal(
      evalError('builtins.fetchurl "https://example.com/~wiggle~"'),
      "invalid store path name when fetching URL 'https://example.com/~wiggle~': name '~wiggle~' contains illegal character '~'. " +
        `Please pass an attribute set with 'url' and 'name' attributes to 'fetchurl',  ${advice}`,
    );
    assert.match(evalError('builtins.fetchurl { url = "https://example.com/~wiggle~"; }'), /Please add a valid 'name' attribute/);
    assert.match(
      evalError('builtins.fetchurl { url = "https://e.com/a.tgz"; name = "~w~"; }'),
      /Please change the value for the 'name' attribute/,
    );
    assert.equal(evalError('builtins.fetchurl { url = "https://e.com/x"; foo = 1; }'), "unsupported argument 'foo' to 'fetchurl'");
    assert.equal(
      evalError('builtins.fetchurl "https://e.com/x"', { settings: { pure: true } }),
      "in pure evaluation mode, 'fetchurl' requires a 'sha256' argument",
    );
  });

  it('fetchTree checks its input (eval-fail-fetchTree-*)', () => {
    assert.equal(
      evalError('builtins.fetchTree { type = "file"; url = "file://x"; owner = -1; }', flakes),
      "negative value given for 'fetchTree' argument 'owner': -1",
    );
    assert.match(
      evalErrorReport('builtins.fetchTree "file:./relative-path.tar.gz"', flakes),
      /while fetching the input 'file:.\/relative-path.tar.gz'\n\n {7}error: tarball 'file:.\/relative-path.tar.gz' must use an absolute path. The 'file' scheme does not support relative paths./,
    );
  });

  it('say clearly that tsnix cannot fetch yet', () => {
    assert.equal(
      evalError('builtins.fetchurl "https://e.com/x"'),
      'builtins.fetchurl: fetching needs the network and a Nix store, which tsnix does not support yet',
    );
    assert.match(evalError('builtins.fetchGit "https://e.com/x"'), /^builtins.fetchGit: .*tsnix does not support yet$/);
    assert.match(evalError('builtins.fetchTarball "https://e.com/x.tgz"'), /^builtins.fetchTarball: .*tsnix does not support yet$/);
    assert.match(evalError('builtins.fetchTree "github:a/b"', flakes), /^builtins.fetchTree: .*tsnix does not support yet$/);
  });
});

describe('derivationStrict', () => {
  const drv = (attrs: string): string => evalNix(`builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; ${attrs} }`);

  it('computes the .drv and output paths as CppNix does', () => {
    assert.equal(
      drv(''),
      '{ drvPath = "/nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv"; out = "/nix/store/s6glliw064sgl7vix22p91cxsx7ml1rf-a"; }',
    );
    assert.equal(
      drv('x = null; y = true; z = 1.5; w = [ 1 "a" null ];'),
      '{ drvPath = "/nix/store/0zz218ryn2ac5bxxb6h4ddgl1g6dndmq-a.drv"; out = "/nix/store/7havrd3x1cxiz5i5j7dkswzs8r6jldad-a"; }',
    );
    assert.equal(drv('__ignoreNulls = true; x = null;'), drv(''));
  });

  it('computes fixed outputs from their hash', () => {
    assert.equal(
      drv('outputHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; outputHashMode = "recursive";'),
      '{ drvPath = "/nix/store/5fqc4r9wy5v8anx20gsxzp2h82mfkhgh-a.drv"; out = "/nix/store/pkprgjg3irwr8bbfp4rfjvd1qbqpbpa4-a"; }',
    );
  });

  it('hashes structured attributes as one JSON document', () => {
    assert.equal(
      evalNix(
        '(builtins.derivationStrict { name = "a"; builder = "b"; system = "c"; __structuredAttrs = true; ' +
          'x = [ 1 2.5 "s" null { a = true; } ]; outputs = [ "out" "lib" ]; }).lib',
      ),
      '"/nix/store/pkmy3hw5lkh6nc5fvid1qjrjfh709xdw-a-lib"',
    );
  });

  it('gives outputs and the .drv their string contexts', () => {
    assert.equal(
      evalNix('builtins.attrNames (builtins.getContext (derivation { name = "a"; builder = "b"; system = "c"; }).outPath)'),
      '[ "/nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv" ]',
    );
    assert.equal(
      evalNix('builtins.getContext (derivation { name = "a"; builder = "b"; system = "c"; }).drvPath'),
      '{ "/nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv" = { allOutputs = true; }; }',
    );
  });

  it('makes derivations depend on the ones their strings mention', () => {
    const expr = `let
      fo = derivation { name = "fo"; builder = "b"; system = "c"; outputHash = "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="; outputHashMode = "recursive"; };
      a = derivation { name = "a"; builder = "/bin/sh"; system = "x86_64-linux"; outputs = [ "out" "dev" ]; src = fo; };
      b = derivation { name = "b"; builder = "\${a}/bin/sh"; system = "x86_64-linux"; args = [ "-c" "\${a.dev}" ]; file = builtins.toFile "u" "x"; };
    in [ fo.outPath a.outPath a.dev.outPath a.drvPath b.drvPath b.outPath ]`;
    assert.equal(
      evalNix(expr),
      '[ "/nix/store/j6pcdwmw2hmiy97jvz23dzwnapj7aj4g-fo" "/nix/store/zaamvdfr5p2wlb4j9v0bqgz7c5bfsaps-a" ' +
        '"/nix/store/pprb1km87l42al3iyprlav3lkig0lyim-a-dev" "/nix/store/571w51jxcb4lnqpz73hdc08nbwv61s9g-a.drv" ' +
        '"/nix/store/7y52l2nrmmlpznyq5m3bccfnl0jb8jrs-b.drv" "/nix/store/ad9yafqmj9k0jzdmhz8dd5q0vv7rvs4c-b" ]',
    );
  });

  it('is the wrapper `derivation` uses, with one set per output', () => {
    assert.equal(evalNix('builtins.typeOf derivation'), '"lambda"');
    const d = 'derivation { name = "a"; builder = "b"; system = "c"; outputs = [ "out" "dev" ]; }';
    assert.equal(
      evalNix(`let d = ${d}; in [ d.type d.outputName d.dev.outputName (d.dev.out.outPath == d.outPath) (builtins.length d.all) ]`),
      '[ "derivation" "out" "dev" true 2 ]',
    );
    assert.equal(evalNix('builtins.isFunction (import <nix/fetchurl.nix>)'), 'true');
  });

  it('gives <nix/fetchurl.nix> the derivation CppNix gives it', () => {
    assert.equal(
      evalNix(
        'let d = import <nix/fetchurl.nix> { url = "https://example.com/x.tar.gz"; sha256 = "0000000000000000000000000000000000000000000000000000"; }; in [ d.outPath d.drvPath ]',
      ),
      '[ "/nix/store/2f2c9fb09xcbbr9b0gy26fyb5460jwmd-x.tar.gz" "/nix/store/a3r45rzwmdiibklvv4rdjszvh0bf1dxm-x.tar.gz.drv" ]',
    );
  });

  it('checks attributes as CppNix does (eval-fail-derivationStrict-*)', () => {
    const err = (attrs: string): string => evalError(`builtins.derivationStrict { name = "foo"; ${attrs} }`);
    assert.equal(err(''), "required attribute 'builder' missing");
    assert.equal(err('builder = 1;'), "required attribute 'system' missing");
    assert.equal(err('builder = 1; outputHashMode = "custom";'), "invalid value 'custom' for 'outputHashMode' attribute");
    assert.equal(err('builder = 1; system = 1; outputs = [ ];'), 'derivation cannot have an empty set of outputs');
    assert.equal(err('builder = 1; system = 1; outputs = "drvPath";'), "invalid derivation output name 'drvPath'");
    assert.equal(err('builder = 1; system = 1; outputs = [ "out" "out" ];'), "duplicate derivation output 'out'");
    assert.equal(
      err('builder = 1; system = 1; __contentAddressed = true;'),
      "experimental Nix feature 'ca-derivations' is disabled; add '--extra-experimental-features ca-derivations' to enable it",
    );
    assert.equal(evalError('builtins.derivationStrict { }'), "attribute 'name' missing");
    assert.equal(
      evalError('builtins.derivationStrict { name = "~j~"; }'),
      "invalid derivation name: name '~j~' contains illegal character '~'. Please pass a different 'name'.",
    );
    const report = evalErrorReport('builtins.derivationStrict { name = "foo"; builder = 1; system = 1; args = [ "a" { } ]; }');
    assert.match(report, /while evaluating derivation 'foo'\n {9}whose name attribute is located at \xc2\xabstring\xc2\xbb:1:29\n/);
    assert.match(report, /while evaluating attribute 'args' of derivation 'foo'\n {9}at \xc2\xabstring\xc2\xbb:1:68:/);
    assert.match(report, /while evaluating an element of the argument list\n\n {7}error: cannot coerce a set to a string: \{ \}$/);
  });
});

describe('copying paths to the store', () => {
  let root = '';
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-store-'));
    const fx = path.join(root, 'fixture');
    fs.mkdirSync(path.join(fx, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(fx, 'hello'), 'hello\n', { mode: 0o644 });
    fs.writeFileSync(path.join(fx, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(fx, 'sub', 'a'), 'a', { mode: 0o644 });
    fs.symlinkSync('hello', path.join(fx, 'link'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const fixture = (rel = ''): string => JSON.stringify(path.join(root, 'fixture', rel));

  it('hashes the NAR of a tree (builtins.path, eval-okay-path)', () => {
    assert.equal(evalNix(`builtins.path { path = ${fixture()}; name = "src"; }`), '"/nix/store/1yhh5cbmvp5czszcs5sllic3yfwgap3g-src"');
    assert.equal(
      evalNix(`builtins.path { path = ${fixture()}; name = "f"; filter = p: t: baseNameOf p != "sub"; }`),
      '"/nix/store/xxbivy4w7yk3z1n3cv3qy9z3n103xqd1-f"',
    );
    assert.equal(
      evalNix(`builtins.path { path = ${fixture('hello')}; recursive = false; name = "h"; }`),
      '"/nix/store/9r68gwhmm21p02889kwzqcaz8dbvfii4-h"',
    );
    assert.equal(
      evalNix(`builtins.filterSource (p: t: t != "symlink") ${fixture()}`),
      '"/nix/store/xkilnmyfbi4gkp56xc6z96djjcghdw36-fixture"',
    );
  });

  it('copies paths in derivation attributes', () => {
    assert.equal(
      evalNix(`(derivation { name = "d"; builder = "/bin/sh"; system = "x86_64-linux"; src = /. + ${fixture('hello')}; }).outPath`),
      '"/nix/store/fpfgazyvx77zr8f7qmpnz5zi0rfj40s8-d"',
    );
  });

  it('copies interpolated paths, with the store path as context', () => {
    const hello = `(/. + ${fixture('hello')})`;
    assert.equal(evalNix(`"\${${hello}}" == builtins.path { path = ${hello}; }`), 'true');
    assert.equal(evalNix(`builtins.hasContext "\${${hello}}"`), 'true');
    assert.equal(evalError(`"\${/. + ${fixture('nope')}}"`), `path '${path.join(root, 'fixture', 'nope')}' does not exist`);
  });

  it('checks the expected hash and reports what is missing', () => {
    assert.equal(
      evalError(`builtins.path { path = ${fixture('hello')}; sha256 = "0000000000000000000000000000000000000000000000000000"; }`),
      `store path mismatch in (possibly filtered) path added from '${path.join(root, 'fixture', 'hello')}'`,
    );
    assert.equal(
      evalError(`builtins.path { path = ${fixture('missing')}; }`),
      `path '${path.join(root, 'fixture', 'missing')}' does not exist`,
    );
    assert.equal(evalError('builtins.path { path = ./.; foo = 1; }'), "unsupported argument 'foo' to 'builtins.path'");
  });

  it('runs the filter as CppNix does (eval-fail-filterSource-*)', () => {
    assert.equal(evalError('builtins.filterSource 1 ./.'), 'expected a function but found an integer: 1');
    assert.match(
      evalErrorReport(`builtins.filterSource (_: _: 1) ${fixture()}`),
      /while adding path '[^']*'\n\n {7}\xe2\x80\xa6 while evaluating the return value of the path filter function\n\n {7}error: expected a Boolean but found an integer: 1$/,
    );
    assert.match(
      evalErrorReport('builtins.filterSource [ ] "foo"'),
      /while evaluating the second argument \(the path to filter\) passed to 'builtins.filterSource'/,
    );
  });
});

describe('fetchers (still unsupported)', () => {
  it('fail clearly', () => {
    assert.match(evalError('builtins.fetchGit "https://e.com/x"'), /tsnix does not support yet$/);
  });
});
