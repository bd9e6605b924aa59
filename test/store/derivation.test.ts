// Store derivations (.drv files): the ATerm text tsnix writes and reads,
// against the bytes CppNix 2.26 wrote for the same expressions (a chroot
// store, so under /nix/store): written through a local store in read-write
// mode, parsed back, written again.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { DerivationParseError, parseDerivation } from '../../src/store/derivation-parse.js';
import { type Derivation, outputPaths, unparseDerivation } from '../../src/store/derivation.js';
import { evalNix } from '../helpers.js';
import { localStore, readDatabase, removeTree } from './store-helpers.js';

// What CppNix wrote for samples() below, by .drv path.
const CPPNIX: Array<[string, string]> = [
  [
    '/nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv',
    'Derive([("out","/nix/store/s6glliw064sgl7vix22p91cxsx7ml1rf-a","","")],[],[],"c","b",[],[("builder","b"),("name","a"),("out","/nix/store/s6glliw064sgl7vix22p91cxsx7ml1rf-a"),("system","c")])',
  ],
  [
    '/nix/store/2ddbzlpvzkj4brjpr52k4jvm6kbflphc-esc.drv',
    'Derive([("dev","/nix/store/acj46pjgj5lpwr8sd66a9x8y2li3gv5q-esc-dev","",""),("out","/nix/store/6lkixknv545gv3cfky0hiq53kzzzca75-esc","","")],[],[],"x86_64-linux","/bin/sh",["-c","echo \\"q\\" \\\\ $out"],[("builder","/bin/sh"),("dev","/nix/store/acj46pjgj5lpwr8sd66a9x8y2li3gv5q-esc-dev"),("name","esc"),("out","/nix/store/6lkixknv545gv3cfky0hiq53kzzzca75-esc"),("outputs","out dev"),("system","x86_64-linux"),("v","tab\\there\\nnl\\rcr \\"dq\\" \\\\bs")])',
  ],
  [
    '/nix/store/hj2bc2shfcrs998z0pid7rg0m36xvfjh-fo.drv',
    'Derive([("out","/nix/store/b4cxdck16ay3p465mzik8c9vp5ky4pa7-fo","r:sha256","2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")],[],[],"c","b",[],[("builder","b"),("name","fo"),("out","/nix/store/b4cxdck16ay3p465mzik8c9vp5ky4pa7-fo"),("outputHash","sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564="),("outputHashAlgo","sha256"),("outputHashMode","recursive"),("system","c")])',
  ],
  [
    '/nix/store/swimhcg2rrh4l7i6g7jksrjwnrjl1kmq-flat.drv',
    'Derive([("out","/nix/store/6gjw2r35bj0hr9992s73pnjj56brcn1v-flat","sha256","2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")],[],[],"c","b",[],[("builder","b"),("name","flat"),("out","/nix/store/6gjw2r35bj0hr9992s73pnjj56brcn1v-flat"),("outputHash","2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),("outputHashAlgo","sha256"),("system","c")])',
  ],
  [
    '/nix/store/yyd0a41zkqvx5cbxnv9886v1xmfiq81i-top.drv',
    'Derive([("out","/nix/store/vkr0mx9bx7ngfzpabh55hzz6a5gx0gv4-top","","")],[("/nix/store/2ddbzlpvzkj4brjpr52k4jvm6kbflphc-esc.drv",["dev"]),("/nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv",["out"]),("/nix/store/hj2bc2shfcrs998z0pid7rg0m36xvfjh-fo.drv",["out"])],["/nix/store/x93g3gvygaiq7h4b6zls3w7l5az1y526-f"],"c","b",[],[("builder","b"),("deps","/nix/store/s6glliw064sgl7vix22p91cxsx7ml1rf-a /nix/store/acj46pjgj5lpwr8sd66a9x8y2li3gv5q-esc-dev /nix/store/b4cxdck16ay3p465mzik8c9vp5ky4pa7-fo"),("f","/nix/store/x93g3gvygaiq7h4b6zls3w7l5az1y526-f"),("name","top"),("out","/nix/store/vkr0mx9bx7ngfzpabh55hzz6a5gx0gv4-top"),("system","c")])',
  ],
];

/** The expressions CppNix wrote those for: a plain derivation, escapes and two outputs, fixed outputs, inputs. */
const SAMPLES = `let
  a = derivation { name = "a"; builder = "b"; system = "c"; };
  esc = derivation { name = "esc"; builder = "/bin/sh"; system = "x86_64-linux"; args = [ "-c" "echo \\"q\\" \\\\ $out" ];
    v = "tab\\there\\nnl\\rcr \\"dq\\" \\\\bs"; outputs = [ "out" "dev" ]; };
  fo = derivation { name = "fo"; builder = "b"; system = "c"; outputHashMode = "recursive"; outputHashAlgo = "sha256";
    outputHash = "sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564="; };
  flat = derivation { name = "flat"; builder = "b"; system = "c"; outputHashAlgo = "sha256";
    outputHash = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"; };
  top = derivation { name = "top"; builder = "b"; system = "c"; deps = [ a esc.dev fo ]; f = builtins.toFile "f" "x"; };
in builtins.concatStringsSep " " (map (d: d.drvPath) [ a esc fo flat top ])`;

const nameOf = (drvPath: string): string => path.basename(drvPath).slice(33, -'.drv'.length);

const roots: string[] = [];
after(() => roots.forEach(removeTree));

describe('the ATerm writer', () => {
  it('writes what CppNix writes, at CppNix’s paths, through a local store', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-drv-'));
    roots.push(root);
    const store = localStore(root, { storeDir: '/nix/store' });
    try {
      const printed = JSON.parse(evalNix(SAMPLES, { store, settings: { readOnly: false } })) as string;
      assert.deepEqual(
        printed.split(' '),
        CPPNIX.map(([p]) => p),
      );
      for (const [p, text] of CPPNIX) assert.equal(fs.readFileSync(path.join(root, 'real', path.basename(p)), 'latin1'), text, p);
      // The database knows each .drv's outputs from its text.
      const { outputs } = readDatabase(path.join(root, 'var'));
      const expected = CPPNIX.flatMap(([p, text]) => outputPaths(parseDerivation(text, nameOf(p))).map(([o, out]) => [p, o, out]));
      assert.deepEqual(outputs, expected.sort());
      assert.equal(outputs.length, 6);
    } finally {
      store.close();
    }
  });
});

describe('the ATerm parser', () => {
  it('reads CppNix’s .drv files back to the same text', () => {
    for (const [p, text] of CPPNIX) assert.equal(unparseDerivation(parseDerivation(text, nameOf(p)), false), text, p);
  });

  it('reads every part: outputs of each kind, inputs, escapes', () => {
    const esc = parseDerivation(CPPNIX[1]![1], 'esc');
    assert.equal(esc.name, 'esc');
    assert.equal(esc.platform, 'x86_64-linux');
    assert.equal(esc.builder, '/bin/sh');
    assert.deepEqual(esc.args, ['-c', 'echo "q" \\ $out']);
    assert.equal(esc.env.get('v'), 'tab\there\nnl\rcr "dq" \\bs');
    assert.deepEqual([...esc.outputs.keys()], ['dev', 'out']);
    const fo = parseDerivation(CPPNIX[2]![1], 'fo').outputs.get('out')!;
    assert.equal(fo.kind, 'fixed');
    assert.equal(fo.kind === 'fixed' && fo.method, 'nar');
    assert.equal(parseDerivation(CPPNIX[3]![1], 'flat').outputs.get('out')!.kind === 'fixed', true);
    const top = parseDerivation(CPPNIX[4]![1], 'top');
    assert.deepEqual(
      [...top.inputDrvs].map(([d, o]) => [d, [...o]]),
      [
        ['/nix/store/2ddbzlpvzkj4brjpr52k4jvm6kbflphc-esc.drv', ['dev']],
        ['/nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv', ['out']],
        ['/nix/store/hj2bc2shfcrs998z0pid7rg0m36xvfjh-fo.drv', ['out']],
      ],
    );
    assert.deepEqual([...top.inputSrcs], ['/nix/store/x93g3gvygaiq7h4b6zls3w7l5az1y526-f']);
  });

  it('reads the outputs a content-addressed or impure derivation has, and writes them back', () => {
    const drv: Derivation = {
      name: 'x',
      outputs: new Map([
        ['a', { kind: 'floating', method: 'nar', algo: 'sha256' }],
        ['b', { kind: 'impure', method: 'flat', algo: 'sha1' }],
        ['c', { kind: 'deferred' }],
      ]),
      inputDrvs: new Map(),
      inputSrcs: new Set(),
      platform: 'p',
      builder: 'b',
      args: [],
      env: new Map([['k', '\u00ff\u0001']]),
    };
    const text = unparseDerivation(drv, false);
    assert.equal(text, 'Derive([("a","","r:sha256",""),("b","","sha1","impure"),("c","","","")],[],[],"p","b",[],[("k","\u00ff\u0001")])');
    assert.deepEqual(parseDerivation(text, 'x'), drv);
    assert.deepEqual(outputPaths(drv), []);
  });

  it('rejects what is not a derivation', () => {
    for (const bad of [
      '',
      'Derive(',
      'Derive([],[],[],"a","b",[],[])x',
      'Derive([],[],[],"a","b",[],[("k")])',
      'Derive([],[],[],"a',
      'Foo()',
    ]) {
      assert.throws(() => parseDerivation(bad, 'x'), DerivationParseError, bad);
    }
    assert.throws(() => parseDerivation('Derive([("out","/p","sha256","zz")],[],[],"a","b",[],[])', 'x'), /invalid hash 'zz'/);
  });
});
