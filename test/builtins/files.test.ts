// File and environment builtins, import's path resolution, the search path
// and pure mode, on a temporary tree with real symlinks (the copy of the
// upstream suite here has lost its symlinks). Expected values are CppNix
// 2.26's; error texts from the upstream suite where it has them.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EvaluatorOptions } from '../../src/eval.js';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';
import { NodeIO } from '../../src/io/node-io.js';

let root = '';

/** A Nix string literal of a path under the test tree. */
const at = (rel: string): string => JSON.stringify(path.join(root, rel));

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-files-')));
  fs.writeFileSync(path.join(root, 'file'), 'hello\n');
  fs.writeFileSync(path.join(root, 'nul.bin'), 'a\0b');
  fs.mkdirSync(path.join(root, 'dir'));
  fs.writeFileSync(path.join(root, 'dir', 'inner'), '');
  fs.symlinkSync('dir', path.join(root, 'ldir'));
  fs.symlinkSync('dir/inner', path.join(root, 'linked'));
  fs.symlinkSync('nonexistent', path.join(root, 'broken'));
  // eval-okay-symlink-resolution: foo/overlays -> ../overlays; overlay.nix imports ../lib.
  fs.mkdirSync(path.join(root, 'sr', 'foo', 'lib'), { recursive: true });
  fs.mkdirSync(path.join(root, 'sr', 'overlays'));
  fs.writeFileSync(path.join(root, 'sr', 'foo', 'lib', 'default.nix'), '"test"');
  fs.writeFileSync(path.join(root, 'sr', 'overlays', 'overlay.nix'), 'import ../lib');
  fs.symlinkSync('../overlays', path.join(root, 'sr', 'foo', 'overlays'));
  // A file reached through a symlink to it: relative paths resolve against the link's target.
  fs.writeFileSync(path.join(root, 'dir', 'value.nix'), '"from dir"');
  fs.writeFileSync(path.join(root, 'dir', 'main.nix'), 'import ./value.nix');
  fs.symlinkSync('dir/main.nix', path.join(root, 'main-link.nix'));
  // Search path folders.
  fs.mkdirSync(path.join(root, 'sp1'));
  fs.mkdirSync(path.join(root, 'sp2'));
  fs.writeFileSync(path.join(root, 'sp1', 'a.nix'), '"a1"');
  fs.writeFileSync(path.join(root, 'sp2', 'a.nix'), '"a2"');
  fs.writeFileSync(path.join(root, 'sp2', 'b.nix'), '"b2"');
});

after(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('readFile', () => {
  it('reads a file, following symlinks', () => {
    assert.equal(evalNix(`builtins.readFile ${at('file')}`), '"hello\\n"');
    assert.equal(evalNix(`builtins.readFile ${at('linked')}`), '""');
    assert.equal(evalNix(`builtins.readFile (${at('file')} + "/")`), '"hello\\n"');
  });

  it('fails clearly on a missing file, a folder, or NUL bytes', () => {
    assert.equal(evalError(`builtins.readFile ${at('missing')}`), `opening file '${root}/missing': No such file or directory`);
    assert.equal(evalError(`builtins.readFile ${at('broken')}`), `opening file '${root}/nonexistent': No such file or directory`);
    assert.equal(evalError(`builtins.readFile ${at('dir')}`), `reading from file '${root}/dir': Is a directory`);
    assert.equal(
      evalError(`builtins.readFile ${at('nul.bin')}`),
      `the contents of the file '${root}/nul.bin' cannot be represented as a Nix string`,
    );
  });

  it('wants an absolute path (eval-fail-pathExists-2, eval-fail-readFileType-*)', () => {
    assert.equal(evalError('builtins.readFile "file"'), "string 'file' doesn't represent an absolute path");
    assert.match(
      evalErrorReport('builtins.readFile [ ]'),
      /while realising the context of a path\n\n {7}error: cannot coerce a list to a string: \[ \]/,
    );
    assert.match(
      evalErrorReport('builtins.readFile { outPath = "rel"; }'),
      /while using the `outPath` attribute[^]*while realising the context of a path[^]*doesn't represent an absolute path/,
    );
    assert.match(
      evalErrorReport('builtins.readFile { __toString = s: "rel"; }'),
      /while using the result of the `__toString` attribute[^]*doesn't represent an absolute path/,
    );
  });
});

describe('readDir', () => {
  it('lists entries with their types, symlinks not followed', () => {
    assert.equal(
      evalNix(`builtins.readDir ${at('')}`),
      '{ broken = "symlink"; dir = "directory"; file = "regular"; ldir = "symlink"; linked = "symlink"; ' +
        '"main-link.nix" = "symlink"; "nul.bin" = "regular"; sp1 = "directory"; sp2 = "directory"; sr = "directory"; }',
    );
  });

  it('follows a symlinked folder (eval-okay-readDir-symlinked-directory)', () => {
    assert.equal(evalNix(`builtins.readDir ${at('ldir')}`), '{ inner = "regular"; "main.nix" = "regular"; "value.nix" = "regular"; }');
  });

  it('fails on a missing path or a non-folder, naming the resolved path', () => {
    assert.equal(evalError(`builtins.readDir ${at('missing')}`), `path '${root}/missing' does not exist`);
    assert.equal(evalError(`builtins.readDir ${at('file')}`), `'${root}/file' is not a directory`);
    assert.equal(evalError(`builtins.readDir ${at('linked')}`), `'${root}/dir/inner' is not a directory`);
  });
});

describe('readFileType', () => {
  it('reports symlinks as symlinks', () => {
    assert.equal(
      evalNix(`map builtins.readFileType [ ${at('file')} ${at('dir')} ${at('ldir')} ${at('linked')} ${at('broken')} ]`),
      '[ "regular" "directory" "symlink" "symlink" "symlink" ]',
    );
    assert.equal(evalError(`builtins.readFileType ${at('missing')}`), `path '${root}/missing' does not exist`);
  });

  it('fails on a symlinked folder on the way, the nearest one, as CppNix 2.26', () => {
    assert.equal(evalError(`builtins.readFileType ${at('ldir/inner')}`), `path '${root}/ldir' is a symlink`);
    assert.equal(evalError(`builtins.readFileType ${at('ldir/missing')}`), `path '${root}/ldir' is a symlink`);
    // `..` is resolved first; the other path builtins follow the folder.
    assert.equal(evalNix(`builtins.readFileType ${at('ldir/../file')}`), '"regular"');
    assert.equal(evalNix(`[ (builtins.pathExists ${at('ldir/inner')}) (builtins.readFile ${at('ldir/inner')}) ]`), '[ true "" ]');
  });
});

describe('pathExists', () => {
  it('does not follow the last symlink, unless the string asks for a folder', () => {
    assert.equal(evalNix(`builtins.pathExists ${at('broken')}`), 'true');
    assert.equal(evalNix(`builtins.pathExists ${at('missing')}`), 'false');
    assert.equal(evalNix(`builtins.pathExists (${at('broken')} + "/")`), 'false');
    assert.equal(evalNix(`builtins.pathExists (${at('ldir')} + "/")`), 'true');
    assert.equal(evalNix(`builtins.pathExists (${at('file')} + "/")`), 'false');
    assert.equal(evalNix(`builtins.pathExists (${at('file')} + "/.")`), 'false');
    assert.equal(evalNix(`builtins.pathExists (${at('dir')} + "/.")`), 'true');
    assert.equal(evalNix(`builtins.pathExists ${at('ldir/inner')}`), 'true');
  });

  it('sees the store folder, empty, even without a store', () => {
    assert.equal(evalNix('builtins.pathExists builtins.storeDir'), 'true');
    assert.equal(evalNix('builtins.pathExists "${builtins.storeDir}/foo"'), 'false');
    assert.equal(evalNix('builtins.readFileType builtins.storeDir'), '"directory"');
  });

  it('fails on values that are not paths (eval-fail-pathExists-1)', () => {
    assert.match(
      evalErrorReport('builtins.pathExists [ ]'),
      /while realising the context of a path\n\n {7}error: cannot coerce a list to a string: \[ \]/,
    );
  });
});

describe('getEnv, toPath and the constants', () => {
  it('reads the environment', () => {
    process.env['TSNIX_TEST_VAR'] = 'foo';
    assert.equal(evalNix('builtins.getEnv "TSNIX_TEST_VAR" + builtins.getEnv "TSNIX_NO_SUCH_VAR"'), '"foo"');
    assert.match(
      evalErrorReport('builtins.getEnv [ ]'),
      /while evaluating the first argument passed to builtins.getEnv\n\n {7}error: expected a string but found a list: \[ \]/,
    );
  });

  it('toPath canonicalises absolute paths and keeps strings strings', () => {
    assert.equal(evalNix('builtins.toPath "/a/../b//c/"'), '"/b/c"');
    assert.equal(evalNix('builtins.toPath /a/b'), '"/a/b"');
    assert.equal(evalError('builtins.toPath "foo/bar"'), "string 'foo/bar' doesn't represent an absolute path");
    assert.match(evalErrorReport('builtins.toPath "foo"'), /while evaluating the first argument passed to builtins.toPath/);
  });

  it('has CppNix 2.26 constants', () => {
    assert.equal(evalNix('builtins.langVersion'), '6');
    assert.equal(evalNix('builtins.nixVersion'), '"2.26.3"');
    assert.equal(evalNix('builtins.storeDir'), '"/nix/store"');
    assert.equal(evalNix('builtins.typeOf builtins.currentTime'), '"int"');
    assert.equal(evalNix('builtins.currentSystem'), '"x86_64-linux"');
    assert.equal(evalNix('[ builtins.true builtins.false builtins.null ]'), '[ true false null ]');
  });
});

describe('pure mode', () => {
  const pure: Partial<EvaluatorOptions> = { settings: { pure: true, nixPath: [['', '/tmp']] } };

  it('hides the environment, the clock, the system and the search path', () => {
    process.env['TSNIX_TEST_VAR'] = 'foo';
    assert.equal(evalNix('builtins.getEnv "TSNIX_TEST_VAR"', pure), '""');
    assert.equal(evalNix('builtins ? currentTime || builtins ? currentSystem', pure), 'false');
    assert.equal(evalNix('builtins.nixPath', pure), '[ ]');
    assert.equal(evalError('<nixpkgs>', pure), "cannot look up '<nixpkgs>' in pure evaluation mode (use '--impure' to override)");
  });

  it('forbids reading outside the store', () => {
    assert.equal(
      evalError(`builtins.readFile ${at('file')}`, pure),
      `access to absolute path '/${root.split('/')[1]}' is forbidden in pure evaluation mode (use '--impure' to override)`,
    );
    assert.match(
      evalErrorReport(`builtins.readFile ${at('file')}`, pure),
      new RegExp(`while realising the context of path '${root}/file'`),
    );
    assert.equal(evalNix(`builtins.pathExists ${at('file')}`, pure), 'false');
    assert.equal(evalError('~/foo', pure), "the path '~/foo' can not be resolved in pure mode");
  });

  it('still has the built-in files', () => {
    assert.equal(evalNix('builtins.isFunction (import <nix/fetchurl.nix>)', pure), 'true');
  });
});

describe('import', () => {
  it('reads a folder as its default.nix', () => {
    assert.equal(evalNix(`import ${at('sr/foo/lib')}`), '"test"');
  });

  it('takes paths in a file reached through a symlinked folder relative to that folder (eval-okay-symlink-resolution)', () => {
    assert.equal(evalNix(`import ${at('sr/foo/overlays/overlay.nix')}`), '"test"');
  });

  it('follows a symlink to a file, so its relative paths are those of the target', () => {
    assert.equal(evalNix(`import ${at('main-link.nix')}`), '"from dir"');
  });

  it('fails clearly on a missing file', () => {
    assert.equal(evalError(`import ${at('missing.nix')}`), `path '${root}/missing.nix' does not exist`);
    assert.equal(evalError(`import ${at('broken')}`), `path '${root}/nonexistent' does not exist`);
    assert.equal(evalError(`import ${at('dir')}`), `opening file '${root}/dir/default.nix': No such file or directory`);
    assert.match(
      evalErrorReport('import "foo"'),
      /while realising the context of a path\n\n {7}error: string 'foo' doesn't represent an absolute path/,
    );
  });
});

describe('the search path', () => {
  const withPath = (): Partial<EvaluatorOptions> => ({
    settings: {
      nixPath: [
        ['', path.join(root, 'sp1')],
        ['', path.join(root, 'sp2')],
        ['x', path.join(root, 'sp2')],
      ],
    },
  });

  it('finds files in order, with prefixes', () => {
    assert.equal(evalNix('[ (import <a.nix>) (import <b.nix>) (import <x/a.nix>) ]', withPath()), '[ "a1" "b2" "a2" ]');
    assert.equal(evalNix('builtins.length builtins.nixPath', withPath()), '3');
    assert.equal(evalNix(`let __nixPath = [ { path = ${at('sp2')}; } ]; in import <a.nix>`), '"a2"');
  });

  it('fails catchably on a missing file', () => {
    assert.equal(evalError('<nope>'), "file 'nope' was not found in the Nix search path (add it using $NIX_PATH or -I)");
    assert.equal(evalNix('(builtins.tryEval <nope>).success'), 'false');
    assert.match(
      evalErrorReport('builtins.findFile [ { prefix = "a"; } ] "a"'),
      /in an element of the __nixPath\n\n {7}error: attribute 'path' missing/,
    );
  });

  it('has the built-in <nix/fetchurl.nix> after the search path (eval-okay-search-path)', () => {
    assert.equal(evalNix('builtins.isFunction (import <nix/fetchurl.nix>)'), 'true');
    assert.equal(evalNix('<nix/fetchurl.nix>'), '<nix/fetchurl.nix>');
  });

  it('warns once about entries that do not exist', () => {
    const lines: string[] = [];
    const original = NodeIO.prototype.printError;
    NodeIO.prototype.printError = (text: string): void => {
      lines.push(text);
    };
    try {
      const v = evalNix('[ (builtins.tryEval <a>).success (builtins.tryEval <b>).success ]', {
        settings: { nixPath: [['', '/nonexistent-tsnix']] },
      });
      assert.equal(v, '[ false false ]');
    } finally {
      NodeIO.prototype.printError = original;
    }
    assert.deepEqual(lines, ["warning: Nix search path entry '/nonexistent-tsnix' does not exist, ignoring\n"]);
  });
});
