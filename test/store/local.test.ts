// The store evaluation adds sources, texts and .drv files to: in
// read-write mode they are written under the store folder as CppNix's local
// store writes them (the tree its NAR describes, read-only, mtime 1) and
// registered in its database (the rows CppNix writes); in read-only mode
// only computed. Paths under /nix/store are CppNix 2.26's, for the same
// files.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EvaluatorOptions } from '../../src/eval.js';
import { NodeIO } from '../../src/io/node-io.js';
import { narDigest, narHash, dumpPath } from '../../src/store/nar.js';
import { makeFixedOutputPath, makeTextPath, sha256Of, toHex, toNix32 } from '../../src/store/paths.js';
import type { LocalStore } from '../../src/store/local/local-store.js';
import { evalError, evalErrorReport, evalNix, makeEvaluator } from '../helpers.js';
import { printJSON } from '../../src/value/to-json.js';
import { NixPath } from '../../src/value/types.js';
import { localStore, readDatabase, removeTree, walk } from './store-helpers.js';

let root: string;
let src: string;

/** A fresh store folder (`.../storeN/store`, state in `.../storeN/var`), not yet existing. */
let stores = 0;
const opened: LocalStore[] = [];
const newRoot = (): string => path.join(root, `store${stores++}`);
const storeOf = (r: string): string => path.join(r, 'store');
/** Read-write evaluation into the local store at `r` (a new LocalStore each time, as each command opens its own). */
const rw = (r: string): Partial<EvaluatorOptions> => {
  const store = localStore(r);
  opened.push(store);
  return { store, settings: { readOnly: false } };
};
const ro = (storeDir: string): Partial<EvaluatorOptions> => ({ settings: { readOnly: true, storeDir } });
/** What is in a store folder besides `.links`. */
const contents = (storeDir: string): string[] =>
  fs
    .readdirSync(storeDir)
    .filter((n) => n !== '.links')
    .sort();

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-store-')));
  src = path.join(root, 'src');
  // foo: "hi\n"; d: a regular file, a symlink to it, an executable in a subfolder, an empty folder.
  fs.mkdirSync(path.join(src, 'd', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(src, 'foo'), 'hi\n');
  fs.writeFileSync(path.join(src, 'd', 'a'), 'a\n');
  fs.symlinkSync('a', path.join(src, 'd', 'l'));
  fs.writeFileSync(path.join(src, 'd', 'sub', 'x'), '#!/bin/sh\n', { mode: 0o755 });
  fs.mkdirSync(path.join(src, 'd', 'empty'));
  fs.writeFileSync(path.join(src, 'd', 'm.nix'), '{ x = 1 + 2; }');
});

after(() => {
  for (const s of opened) s.close();
  removeTree(root);
});

const str = (expr: string, options: Partial<EvaluatorOptions>): string => JSON.parse(evalNix(expr, options)) as string;

describe('paths copied to the store', () => {
  it('are CppNix’s paths (computed, nothing written, in read-only mode)', () => {
    const r = newRoot();
    const o = { settings: { readOnly: true, storeDir: '/nix/store' } };
    assert.equal(str(`"\${${src}/foo}"`, o), '/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo');
    assert.equal(str(`builtins.toFile "t" "hello"`, o), '/nix/store/vqpn17r03lqabwk0wksgpbgy620zwfd4-t');
    assert.equal(str(`builtins.path { path = ${src}/d/sub/x; recursive = false; }`, o), '/nix/store/7kip8r69jaycvf2p1ihhsk4p4h3ww9zf-x');
    evalNix(`[ "\${${src}/d}" (builtins.toFile "t" "hello") ]`, ro(storeOf(r)));
    assert.equal(fs.existsSync(r), false);
  });

  it('are written in read-write mode: the same paths, NAR-identical, read-only, mtime 1', () => {
    const r = newRoot();
    const store = storeOf(r);
    const expr = `[ "\${${src}/d}" "\${${src}/foo}" (builtins.toFile "t" "hello")
      (builtins.path { path = ${src}/d/sub/x; recursive = false; })
      (builtins.filterSource (p: t: t != "symlink") ${src}/d) ]`;
    const computed = evalNix(expr, ro(store));
    assert.equal(evalNix(expr, rw(r)), computed);
    const [d, foo, t, flat, filtered] = JSON.parse(computed.replace(/^\[ (.*) \]$/, '[$1]').replace(/" "/g, '", "')) as string[];
    // Nothing else in the store folder: no temporary folder or lock file left behind.
    assert.deepEqual(contents(store), [d, foo, t, flat, filtered].map((p) => path.basename(p!)).sort());
    const io = new NodeIO();
    for (const p of [d!, foo!, filtered!])
      assert.equal(makeFixedOutputPath(store, path.basename(p).slice(33), true, 'sha256', narHash(io, p)), p);
    assert.equal(fs.readFileSync(t!, 'latin1'), 'hello');
    assert.equal(fs.readFileSync(flat!, 'latin1'), '#!/bin/sh\n');
    assert.equal(fs.readlinkSync(path.join(d!, 'l')), 'a');
    assert.equal(fs.existsSync(path.join(filtered!, 'l')), false);
    const mode = (p: string): number => fs.lstatSync(p).mode & 0o7777;
    assert.equal(mode(d!), 0o555);
    assert.equal(mode(path.join(d!, 'a')), 0o444);
    assert.equal(mode(path.join(d!, 'sub')), 0o555);
    assert.equal(mode(path.join(d!, 'empty')), 0o555);
    assert.equal(mode(path.join(d!, 'sub', 'x')), 0o555);
    assert.equal(mode(foo!), 0o444);
    assert.equal(mode(t!), 0o444);
    assert.equal(mode(flat!), 0o444); // a flat copy is never executable
    for (const p of [...walk(d!), ...walk(filtered!), foo!, t!, flat!]) assert.equal(fs.lstatSync(p).mtimeMs, 1000, p);
  });

  it('can be read back once written', () => {
    const r = newRoot();
    const expr = (p: string): string => `let d = "\${${src}/d}"; in ${p}`;
    assert.equal(evalNix(expr('builtins.readFile (d + "/a")'), rw(r)), '"a\\n"');
    assert.equal(evalNix(expr('(import (d + "/m.nix")).x'), rw(r)), '3');
    assert.equal(
      evalNix(expr('builtins.readDir d'), rw(r)),
      '{ a = "regular"; empty = "directory"; l = "symlink"; "m.nix" = "regular"; sub = "directory"; }',
    );
    assert.equal(evalNix(expr('builtins.pathExists (d + "/sub/x")'), rw(r)), 'true');
    assert.equal(evalNix(`builtins.readFile (builtins.toFile "t" "hello")`, rw(r)), '"hello"');
  });

  it('leave nothing behind when the copy fails half way', () => {
    const r = newRoot();
    const err = evalError(`builtins.path { path = ${src}/d; filter = p: t: if baseNameOf p == "sub" then throw "no" else true; }`, rw(r));
    assert.equal(err, 'no');
    assert.deepEqual(contents(storeOf(r)), []);
    assert.equal(readDatabase(path.join(r, 'var')).paths.size, 0);
  });

  it('are not written again when already there', () => {
    const r = newRoot();
    const p = str(`"\${${src}/foo}"`, rw(r));
    const before = fs.lstatSync(p).ino;
    assert.equal(str(`"\${${src}/foo}"`, rw(r)), p);
    assert.deepEqual(contents(storeOf(r)), [path.basename(p)]);
    assert.equal(fs.lstatSync(p).ino, before);
  });

  it('replace what is at an invalid path, as CppNix does', () => {
    const r = newRoot();
    const p = path.join(storeOf(r), '6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo');
    const computed = str(`"\${${src}/foo}"`, ro(storeOf(r)));
    fs.mkdirSync(computed, { recursive: true });
    fs.writeFileSync(path.join(computed, 'junk'), 'x');
    assert.equal(str(`"\${${src}/foo}"`, rw(r)), computed);
    assert.equal(fs.readFileSync(computed, 'latin1'), 'hi\n');
    void p;
  });
});

describe('the store database', () => {
  it('gets CppNix’s schema, schema file and journal mode in a new store', () => {
    const r = newRoot();
    evalNix('builtins.toFile "t" "hello"', rw(r));
    const db = path.join(r, 'var', 'db');
    assert.equal(fs.readFileSync(path.join(db, 'schema'), 'latin1'), '10');
    assert.equal(fs.statSync(path.join(db, 'reserved')).size, 8192);
    for (const f of ['big-lock', 'db.sqlite']) assert.ok(fs.existsSync(path.join(db, f)), f);
    for (const d of ['temproots', 'profiles/per-user', 'gcroots/per-user']) assert.ok(fs.statSync(path.join(r, 'var', d)).isDirectory(), d);
    assert.equal(fs.readlinkSync(path.join(r, 'var', 'gcroots', 'profiles')), path.join(r, 'var', 'profiles'));
    const store = opened.at(-1)!;
    store.close();
    // The temporary roots file is gone with the store.
    assert.deepEqual(fs.readdirSync(path.join(r, 'var', 'temproots')), []);
  });

  it('registers each path with CppNix’s rows: NAR hash and size, content address, references', () => {
    const r = newRoot();
    const store = storeOf(r);
    const before = Math.floor(Date.now() / 1000);
    const [d, foo, t, flat, refd] = JSON.parse(
      evalNix(
        `builtins.toJSON [ "\${${src}/d}" "\${${src}/foo}" (builtins.toFile "t" "hello")
           (builtins.path { path = ${src}/d/sub/x; recursive = false; })
           (builtins.toFile "r" "see \${${src}/foo} and \${builtins.toFile "t" "hello"}") ]`,
        rw(r),
      )
        .slice(1, -1)
        .replace(/\\"/g, '"'),
    ) as string[];
    const { paths, refs } = readDatabase(path.join(r, 'var'));
    assert.deepEqual([...paths.keys()].sort(), [d, foo, t, flat, refd].sort());
    const io = new NodeIO();
    const nar = (p: string) => narDigest((v) => dumpPath(io, p, null, v));
    for (const p of [d!, foo!, t!, flat!, refd!]) {
      const row = paths.get(p)!;
      assert.equal(row.hash, `sha256:${toHex(nar(p).hash)}`, p);
      assert.equal(row.narSize, nar(p).size, p);
      assert.ok(row.registrationTime >= before && row.registrationTime <= Math.floor(Date.now() / 1000) + 1);
      assert.equal(row.deriver, null);
      assert.equal(row.ultimate, null);
      assert.equal(row.sigs, null);
    }
    assert.equal(paths.get(d!)!.ca, `fixed:r:sha256:${toNix32(nar(d!).hash)}`);
    assert.equal(paths.get(flat!)!.ca, `fixed:sha256:${toNix32(sha256Of('#!/bin/sh\n'))}`);
    assert.equal(paths.get(t!)!.ca, `text:sha256:${toNix32(sha256Of('hello'))}`);
    assert.equal(refd, makeTextPath(store, 'r', fs.readFileSync(refd!, 'latin1'), [foo!, t!].sort()));
    assert.deepEqual(
      refs,
      [
        [refd, foo],
        [refd, t],
      ].sort(),
    );
  });

  it('registers a .drv with its references and outputs', () => {
    const r = newRoot();
    const store = storeOf(r);
    const v = evalNix(
      `let a = derivation { name = "a"; builder = "b"; system = "c"; outputs = [ "out" "dev" ]; };
           fo = derivation { name = "fo"; builder = "b"; system = "c"; outputHash = "${'0'.repeat(64)}"; outputHashAlgo = "sha256"; };
           top = derivation { name = "top"; builder = "b"; system = "c"; src = ${src}/foo; deps = [ a.dev fo ]; };
       in [ a.drvPath a.out.outPath a.dev.outPath fo.drvPath fo.outPath top.drvPath top.outPath "\${${src}/foo}" ]`,
      rw(r),
    );
    const [a, aOut, aDev, fo, foOut, top, topOut, foo] = JSON.parse(v.replace(/^\[ (.*) \]$/, '[$1]').replace(/" "/g, '", "')) as string[];
    const { paths, refs, outputs } = readDatabase(path.join(r, 'var'));
    assert.deepEqual([...paths.keys()].sort(), [a, fo, top, foo].sort());
    assert.deepEqual(
      refs,
      [
        [top, a],
        [top, fo],
        [top, foo],
      ].sort(),
    );
    assert.deepEqual(
      outputs,
      [
        [a, 'dev', aDev],
        [a, 'out', aOut],
        [fo, 'out', foOut],
        [top, 'out', topOut],
      ].sort(),
    );
    const text = fs.readFileSync(top!, 'latin1');
    assert.equal(top, makeTextPath(store, 'top.drv', text, [a!, fo!, foo!].sort()));
    assert.equal(paths.get(top!)!.ca, `text:sha256:${toNix32(sha256Of(text))}`);
    assert.equal(fs.lstatSync(top!).mode & 0o777, 0o444);
  });

  it('is written only in read-write mode', () => {
    const r = newRoot();
    const store = localStore(r);
    opened.push(store);
    evalNix('(derivation { name = "a"; builder = "b"; system = "c"; }).drvPath', { store, settings: { readOnly: true } });
    assert.equal(fs.existsSync(r), false);
  });
});

describe('a store that cannot be written', () => {
  it('is an error with CppNix’s words, and nothing is half written', () => {
    const r = newRoot();
    fs.mkdirSync(r, { recursive: true });
    // The state folder cannot be made: a file is in the way.
    fs.writeFileSync(path.join(r, 'var'), '');
    const report = evalErrorReport(`builtins.toFile "t" "hello"`, rw(r));
    assert.match(report, new RegExp(`error: creating directory '${path.join(r, 'var')}/profiles': Not a directory$`));
    assert.deepEqual(contents(storeOf(r)), []);
  });
});

describe('coercions that copy to the store', () => {
  it('a path printed as JSON is its store path', () => {
    const ev = makeEvaluator(ro('/nix/store'));
    assert.equal(printJSON(new NixPath(`${src}/foo`), ev.vm), '"/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo"');
  });

  it('throw and abort copy a path', () => {
    assert.equal(evalError(`throw ${src}/foo`, ro('/nix/store')), '/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo');
    assert.equal(
      evalError(`abort ${src}/foo`, ro('/nix/store')),
      `evaluation aborted with the following error message: '/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo'`,
    );
  });

  it('an attribute name may not refer to a store path', () => {
    const msg =
      "the string '/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo' is not allowed to refer to a store path (such as '6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo')";
    const o = ro('/nix/store');
    for (const e of [
      `{ "\${${src}/foo}" = 1; }`,
      `let x = "\${${src}/foo}"; in { a.\${x} = 1; }`,
      `let x = "\${${src}/foo}"; in rec { \${x} = 1; }`,
      `let x = "\${${src}/foo}"; in { a = 1; } ? a.\${x}`,
      `let x = "\${${src}/foo}"; in { a = 1; }.\${x} or 2`,
      `builtins.listToAttrs [ { name = "\${${src}/foo}"; value = 1; } ]`,
    ]) {
      assert.equal(evalError(e, o), msg, e);
    }
    // No position of its own: the report ends with the message.
    assert.ok(evalErrorReport(`{ "\${${src}/foo}" = 1; }`, o).endsWith(`\n\n       error: ${msg}`));
    assert.match(evalErrorReport(`{ "\${${src}/foo}" = 1; }`, o), / while evaluating the name of a dynamic attribute\n/);
  });

  it('a function’s unexpected argument is printed as an attribute name', () => {
    assert.equal(evalError('({ a }: 1) { "b c" = 1; a = 1; }'), "function 'anonymous lambda' called with unexpected argument '\"b c\"'");
  });
});
