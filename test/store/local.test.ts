// The store evaluation adds sources to: in read-write mode they are written
// under the store folder as CppNix's local store writes them (the tree its
// NAR describes, read-only, mtime 1); in read-only mode only computed.
// Paths under /nix/store are CppNix 2.26's, for the same files.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EvaluatorOptions } from '../../src/eval.js';
import { NodeIO } from '../../src/io/node-io.js';
import { narHash } from '../../src/store/nar.js';
import { makeFixedOutputPath } from '../../src/store/paths.js';
import { evalError, evalErrorReport, evalNix, makeEvaluator } from '../helpers.js';
import { printJSON } from '../../src/value/json.js';
import { NixPath } from '../../src/value/types.js';

let root: string;
let src: string;

/** A fresh, not yet existing store folder. */
let stores = 0;
const newStore = (): string => path.join(root, `store${stores++}`);
const rw = (storeDir: string): Partial<EvaluatorOptions> => ({ settings: { readOnly: false, storeDir } });
const ro = (storeDir: string): Partial<EvaluatorOptions> => ({ settings: { readOnly: true, storeDir } });

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
  // Store folders are read-only.
  for (const p of walk(root)) if (!fs.lstatSync(p).isSymbolicLink()) fs.chmodSync(p, 0o755);
  fs.rmSync(root, { recursive: true, force: true });
});

function walk(p: string): string[] {
  const out = [p];
  if (fs.lstatSync(p).isDirectory()) for (const n of fs.readdirSync(p)) out.push(...walk(path.join(p, n)));
  return out;
}

const str = (expr: string, options: Partial<EvaluatorOptions>): string => JSON.parse(evalNix(expr, options)) as string;

describe('paths copied to the store', () => {
  it('are CppNix’s paths (computed, nothing written, in read-only mode)', () => {
    const store = newStore();
    const o = { settings: { readOnly: true, storeDir: '/nix/store' } };
    assert.equal(str(`"\${${src}/foo}"`, o), '/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo');
    assert.equal(str(`builtins.toFile "t" "hello"`, o), '/nix/store/vqpn17r03lqabwk0wksgpbgy620zwfd4-t');
    assert.equal(str(`builtins.path { path = ${src}/d/sub/x; recursive = false; }`, o), '/nix/store/7kip8r69jaycvf2p1ihhsk4p4h3ww9zf-x');
    evalNix(`[ "\${${src}/d}" (builtins.toFile "t" "hello") ]`, ro(store));
    assert.equal(fs.existsSync(store), false);
  });

  it('are written in read-write mode: the same paths, NAR-identical, read-only, mtime 1', () => {
    const store = newStore();
    const expr = `[ "\${${src}/d}" "\${${src}/foo}" (builtins.toFile "t" "hello")
      (builtins.path { path = ${src}/d/sub/x; recursive = false; })
      (builtins.filterSource (p: t: t != "symlink") ${src}/d) ]`;
    const computed = evalNix(expr, ro(store));
    assert.equal(evalNix(expr, rw(store)), computed);
    const [d, foo, t, flat, filtered] = JSON.parse(computed.replace(/^\[ (.*) \]$/, '[$1]').replace(/" "/g, '", "')) as string[];
    // Nothing else in the store folder: no temporary left behind.
    assert.deepEqual(fs.readdirSync(store).sort(), [d, foo, t, flat, filtered].map((p) => path.basename(p!)).sort());
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
    const store = newStore();
    const expr = (p: string): string => `let d = "\${${src}/d}"; in ${p}`;
    assert.equal(evalNix(expr('builtins.readFile (d + "/a")'), rw(store)), '"a\\n"');
    assert.equal(evalNix(expr('(import (d + "/m.nix")).x'), rw(store)), '3');
    assert.equal(
      evalNix(expr('builtins.readDir d'), rw(store)),
      '{ a = "regular"; empty = "directory"; l = "symlink"; "m.nix" = "regular"; sub = "directory"; }',
    );
    assert.equal(evalNix(expr('builtins.pathExists (d + "/sub/x")'), rw(store)), 'true');
    assert.equal(evalNix(`builtins.readFile (builtins.toFile "t" "hello")`, rw(store)), '"hello"');
  });

  it('leave nothing behind when the copy fails half way', () => {
    const store = newStore();
    const err = evalError(
      `builtins.path { path = ${src}/d; filter = p: t: if baseNameOf p == "sub" then throw "no" else true; }`,
      rw(store),
    );
    assert.equal(err, 'no');
    assert.deepEqual(fs.readdirSync(store), []);
  });

  it('are not written again when already there', () => {
    const store = newStore();
    const p = str(`"\${${src}/foo}"`, rw(store));
    assert.equal(str(`"\${${src}/foo}"`, rw(store)), p);
    assert.deepEqual(fs.readdirSync(store), [path.basename(p)]);
  });
});

describe('a store folder this process cannot write', () => {
  it('is left alone: paths computed, as with the dummy store', () => {
    const store = newStore();
    fs.mkdirSync(store);
    const io = new NodeIO();
    io.canWrite = () => false;
    const fail = (): never => {
      throw new Error('no write expected');
    };
    Object.assign(io, { writeFile: fail, symlink: fail, rename: fail });
    const expr = `[ "\${${src}/d}" (builtins.toFile "t" "hello") ]`;
    assert.equal(evalNix(expr, { io, ...rw(store) }), evalNix(expr, ro(store)));
    assert.deepEqual(fs.readdirSync(store), []);
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
