// --restrict-eval, allowed-uris, --pure-eval and allow-import-from-derivation
// on the command line, run as processes. Each expectation is CppNix
// 2.26.3's output and exit status: run this file with
//   TSNIX_REFERENCE=../shared/tools/reference-nix.sh node --test dist/test/cli/restricted.test.js
// and the same assertions run against its nix-instantiate instead (the
// few tsnix-only ones, where tsnix cannot do what CppNix does, are
// skipped then).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../../bin/tsnix');
// Its real path: restricted mode allows a folder by where it really is, so a ../shared that is a symlink would be refused.
const besideLib = path.resolve(here, '../../../../shared/nixpkgs-lib');
const nixpkgsLib = fs.existsSync(besideLib) ? fs.realpathSync(besideLib) : besideLib;
const reference = process.env['TSNIX_REFERENCE'];
const tsnixOnly = { skip: reference !== undefined ? 'what tsnix does instead of building' : false };

const hasGit = spawnSync('git', ['--version']).status === 0;
let dir = '';
let top = '';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `nix-instantiate ARGS` in the test folder: tsnix's, or CppNix's with TSNIX_REFERENCE. */
function run(args: string[], env: Record<string, string> = {}, input?: string): Run {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_)/.test(k)) base[k] = v;
  const command =
    reference !== undefined ? [path.resolve(reference), 'nix-instantiate', ...args] : [process.execPath, bin, 'instantiate', ...args];
  const r = spawnSync(command[0]!, command.slice(1), {
    cwd: dir,
    env: {
      ...base,
      HOME: dir,
      NIX_CONF_DIR: path.join(dir, 'etc'),
      NIX_USER_CONF_FILES: '',
      NIX_STORE_DIR: path.join(dir, 'store'),
      NIX_STATE_DIR: path.join(dir, 'state'),
      NIX_LOG_DIR: path.join(dir, 'log'),
      ...env,
    },
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The shortest prefix folder of `p` that does not lead to `allowed` (what an allow-list names first). */
function firstFolderOff(p: string, allowed: string): string {
  const parts = p.split('/').filter((x) => x !== '');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = '/' + parts.slice(0, i).join('/');
    if (allowed !== prefix && !allowed.startsWith(prefix + '/')) return prefix;
  }
  return p;
}

const outcome = (r: Run): [number | null, string, string] => [r.status, r.stdout, r.stderr];
const R = 'is forbidden in restricted mode';
const P = "is forbidden in pure evaluation mode (use '--impure' to override)";
/** The last line of an error report. */
const lastLine = (r: Run): string => r.stderr.trimEnd().split('\n').pop()!.trim();

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-restrict-')));
  top = '/' + dir.split('/')[1]!;
  fs.mkdirSync(path.join(dir, 'etc'));
  // What CppNix needs to run here as root, offline, without build users (tsnix ignores these).
  fs.writeFileSync(path.join(dir, 'etc', 'nix.conf'), 'build-users-group =\nsandbox = false\nsubstituters =\n');
  fs.mkdirSync(path.join(dir, 'allowed', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'other'));
  fs.writeFileSync(path.join(dir, 'allowed', 'f.txt'), 'hello\n');
  fs.writeFileSync(path.join(dir, 'allowed', 'a.nix'), '{ x = 1; }\n');
  fs.writeFileSync(path.join(dir, 'allowed', 'imp.nix'), 'import ../other/b.nix\n');
  fs.symlinkSync('../other', path.join(dir, 'allowed', 'tunnel'));
  fs.writeFileSync(path.join(dir, 'other', 's.txt'), 'secret\n');
  fs.writeFileSync(path.join(dir, 'other', 'b.nix'), '{ y = 2; }\n');
  // A small module system configuration reading a file beside it.
  fs.writeFileSync(
    path.join(dir, 'allowed', 'config.nix'),
    `{ lib ? import <nixpkgs/lib> }:
let
  r = lib.evalModules {
    modules = [
      ({ lib, ... }: {
        options.name = lib.mkOption { type = lib.types.str; default = "x"; };
        options.items = lib.mkOption { type = lib.types.listOf lib.types.int; default = [ ]; };
        options.attrs = lib.mkOption {
          type = lib.types.attrsOf (lib.types.submodule { options.v = lib.mkOption { type = lib.types.int; }; });
          default = { };
        };
        options.text = lib.mkOption { type = lib.types.str; default = builtins.readFile ./f.txt; };
      })
      ({ config, ... }: { name = "hello-\${toString (builtins.length config.items)}"; items = [ 1 2 3 ]; attrs.a.v = 1; })
      { items = lib.mkAfter [ 4 ]; attrs.b.v = 2; }
    ];
  };
in { inherit (r.config) name items attrs text; home = builtins.getEnv "HOME"; }
`,
  );
  if (hasGit) {
    const repo = path.join(dir, 'repo');
    fs.mkdirSync(repo);
    fs.writeFileSync(path.join(repo, 'a'), 'a\n');
    const git = (...a: string[]): void => {
      spawnSync('git', ['-C', repo, '-c', 'user.email=t@t', '-c', 'user.name=t', ...a]);
    };
    git('init', '-q');
    git('add', 'a');
    git('commit', '-qm', 'x');
  }
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('--restrict-eval', () => {
  it('reads the file given only when the search path allows it; stdin and -E always', () => {
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', 'allowed/a.nix'])), [
      1,
      '',
      `error: access to absolute path '${top}' ${R}\n`,
    ]);
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-I', 'allowed', 'allowed/a.nix'])), [0, '{ x = 1; }\n', '']);
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-'], {}, '1 + 2')), [0, '3\n', '']);
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-I', 'allowed', '-A', 'x', 'allowed/a.nix'])), [0, '1\n', '']);
  });

  it('names the first forbidden folder, with CppNix’s trace', () => {
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-I', 'allowed', '-E', 'builtins.readFile ./other/s.txt'])), [
      1,
      '',
      `error:
       … while calling the 'readFile' builtin
         at «string»:1:1:
            1| builtins.readFile ./other/s.txt
             | ^

       … while realising the context of path '${dir}/other/s.txt'

       error: access to absolute path '${dir}/other' ${R}
`,
    ]);
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-I', 'allowed', '-E', 'import ./other/b.nix'])), [
      1,
      '',
      `error:
       … while calling the 'import' builtin
         at «string»:1:1:
            1| import ./other/b.nix
             | ^

       error: access to absolute path '${dir}/other' ${R}
`,
    ]);
    const r = run(['--eval', '--restrict-eval', '-I', 'allowed', 'allowed/imp.nix']);
    assert.equal(r.status, 1);
    assert.equal(lastLine(r), `error: access to absolute path '${dir}/other' ${R}`);
  });

  it('follows no symlink out, copies nothing forbidden, and hides forbidden paths from pathExists and readDir', () => {
    const ev = (expr: string): Run => run(['--eval', '--strict', '--restrict-eval', '-I', 'allowed', '-E', expr]);
    assert.equal(lastLine(ev('builtins.readFile ./allowed/tunnel/s.txt')), `error: access to absolute path '${dir}/other' ${R}`);
    assert.deepEqual(outcome(ev('"${./other/s.txt}"')), [1, '', `error: access to absolute path '${dir}/other' ${R}\n`]);
    assert.deepEqual(
      outcome(ev('[ (builtins.pathExists ./other) (builtins.pathExists ./allowed/tunnel/s.txt) (builtins.pathExists ./.) ]')),
      [0, '[ false false true ]\n', ''],
    );
    assert.deepEqual(outcome(ev('builtins.readDir ./.')), [0, '{ allowed = "directory"; }\n', '']);
    assert.equal(lastLine(ev('builtins.readFileType /etc/passwd')), `error: access to absolute path '/etc/passwd' ${R}`);
  });

  it('gives getEnv nothing but keeps currentTime and currentSystem', () => {
    assert.deepEqual(
      outcome(
        run([
          '--eval',
          '--restrict-eval',
          '-E',
          '[ (builtins.getEnv "HOME") (builtins ? currentTime) (builtins ? currentSystem) ]',
          '--strict',
        ]),
      ),
      [0, '[ "" true true ]\n', ''],
    );
  });

  it('looks at every search path entry at the start', () => {
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-I', '/nonexistent-tsnix', '-I', 'x=/nonexistent-tsnix2', '-E', '1'])), [
      0,
      '1\n',
      "warning: Nix search path entry '/nonexistent-tsnix' does not exist, ignoring\nwarning: Nix search path entry '/nonexistent-tsnix2' does not exist, ignoring\n",
    ]);
    assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-I', 'allowed/tunnel', '-E', '1'])), [
      1,
      '',
      `error: access to absolute path '${dir}/other' ${R}\n`,
    ]);
    assert.deepEqual(outcome(run(['--restrict-eval', '-I', 'x=allowed', '--find-file', 'x/f.txt'])), [0, `${dir}/allowed/f.txt\n`, '']);
    assert.deepEqual(outcome(run(['--restrict-eval', '-I', 'x=allowed', '--find-file', 'x/tunnel/s.txt'])), [
      1,
      '',
      `error: access to absolute path '${dir}/other' ${R}\n`,
    ]);
    // No default search path in restricted mode.
    assert.deepEqual(outcome(run(['--restrict-eval', '--find-file', '.'])), [
      1,
      '',
      "error: file '.' was not found in the Nix search path (add it using $NIX_PATH or -I)\n",
    ]);
  });

  it('lets fetchers reach only what allowed-uris allows', () => {
    const r = run(['--eval', '--restrict-eval', '-E', 'builtins.fetchurl "https://example.com/x"']);
    assert.deepEqual(outcome(r), [
      1,
      '',
      `error:
       … while calling the 'fetchurl' builtin
         at «string»:1:1:
            1| builtins.fetchurl "https://example.com/x"
             | ^

       error: access to URI 'https://example.com/x' ${R}
`,
    ]);
    const more = run([
      '--eval',
      '--restrict-eval',
      '--allowed-uris',
      'https://example.com',
      '-E',
      'builtins.fetchTarball "https://example.com.evil/x"',
    ]);
    assert.equal(lastLine(more), `error: access to URI 'https://example.com.evil/x' ${R}`);
  });

  it('fetchGit: the input URL is checked, and the copy may be read', { skip: !hasGit && 'no git' }, () => {
    assert.equal(
      lastLine(run(['--eval', '--restrict-eval', '-E', 'builtins.fetchGit ./repo'])),
      `error: access to URI 'git+file://${dir}/repo?exportIgnore=1' ${R}`,
    );
    const ok = run([
      '--eval',
      '--strict',
      '--restrict-eval',
      '--allowed-uris',
      'git+file:',
      '-E',
      'let r = builtins.fetchGit ./repo; in [ r.revCount (builtins.readFile "${r}/a") ]',
    ]);
    assert.deepEqual(outcome(ok), [0, '[ 1 "a\\n" ]\n', '']);
  });

  it(
    'evaluates nixpkgs lib and a module system configuration allowed by -I',
    { skip: !fs.existsSync(nixpkgsLib) && 'no nixpkgs lib beside the project' },
    () => {
      const lib = path.join(nixpkgsLib, 'lib');
      assert.deepEqual(outcome(run(['--eval', '--restrict-eval', '-I', lib, '-E', `(import ${lib}).strings.toUpper "abc"`])), [
        0,
        '"ABC"\n',
        '',
      ]);
      assert.equal(
        lastLine(run(['--eval', '--restrict-eval', '-E', `(import ${lib}).version`])),
        `error: access to absolute path '/${nixpkgsLib.split('/')[1]}' ${R}`,
      );
      const config = run([
        '--eval',
        '--strict',
        '--restrict-eval',
        '-I',
        `nixpkgs=${nixpkgsLib}`,
        '-I',
        'allowed',
        '-E',
        'import ./allowed/config.nix { }',
      ]);
      assert.deepEqual(outcome(config), [
        0,
        '{ attrs = { a = { v = 1; }; b = { v = 2; }; }; home = ""; items = [ 1 2 3 4 ]; name = "hello-4"; text = "hello\\n"; }\n',
        '',
      ]);
      // The configuration's folder not in the search path: it cannot be read.
      const denied = run(['--eval', '--strict', '--restrict-eval', '-I', `nixpkgs=${nixpkgsLib}`, '-E', 'import ./allowed/config.nix { }']);
      // The folders leading to nixpkgs lib may be read: the first forbidden one is the first of the test's own.
      assert.equal(lastLine(denied), `error: access to absolute path '${firstFolderOff(dir, nixpkgsLib)}' ${R}`);
    },
  );
});

describe('--pure-eval', () => {
  it('reads no store path it did not make and fetches nothing unlocked', () => {
    const ev = (expr: string): Run => run(['--eval', '--pure-eval', '-E', expr]);
    assert.equal(lastLine(ev(`builtins.readFile ${path.join(dir, 'store', 'x')}`)), `error: access to absolute path '${top}' ${P}`);
    assert.deepEqual(outcome(ev('builtins.pathExists builtins.storeDir')), [0, 'false\n', '']);
    assert.equal(lastLine(ev('builtins.readFileType /etc/passwd')), `error: access to absolute path '/etc/passwd' ${P}`);
    assert.equal(
      lastLine(ev('builtins.fetchMercurial "https://example.com/hg"')),
      "error: in pure evaluation mode, 'fetchMercurial' requires a Mercurial revision",
    );
    assert.deepEqual(outcome(ev('builtins.fetchGit ./repo')), [
      1,
      '',
      `error:
       … while calling the 'fetchGit' builtin
         at «string»:1:1:
            1| builtins.fetchGit ./repo
             | ^

       error: in pure evaluation mode, 'fetchGit' will not fetch unlocked input 'git+file://${dir}/repo?exportIgnore=1'
`,
    ]);
  });
});

describe('allow-import-from-derivation', () => {
  const drv = 'derivation { name = "d"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo 1 > $out" ]; }';
  /** The derivation's `drvPath` or `outPath`, as --eval computes them (they depend on the store folder). */
  const attr = (name: string): string => JSON.parse(run(['--eval', '-E', `(${drv}).${name}`]).stdout) as string;
  const drvPath = (): string => attr('drvPath');

  it('needs the derivation in the store: nix-instantiate --eval writes none', () => {
    const r = run(['--eval', '--option', 'allow-import-from-derivation', 'false', '-E', `import (${drv})`]);
    assert.deepEqual(outcome(r), [
      1,
      '',
      `error:
       … while calling the 'import' builtin
         at «string»:1:1:
            1| import (${drv})
             | ^

       … while realising the context of path '${attr('outPath')}'

       error: path '${drvPath()}' is not valid
`,
    ]);
  });

  it('refuses to build a derivation output that is read, when false', () => {
    // Instantiating writes the .drv (CppNix; tsnix does not write .drv files
    // yet, and counts a path on disk as valid, so it is written here).
    run(['-E', drv]);
    if (!fs.existsSync(drvPath())) {
      fs.mkdirSync(path.dirname(drvPath()), { recursive: true });
      fs.writeFileSync(drvPath(), '');
    }
    const message = `error: cannot build '${drvPath()}^out' during evaluation because the option 'allow-import-from-derivation' is disabled`;
    for (const expr of [
      `import (${drv})`,
      `builtins.readFile "\${${drv}}/x"`,
      `builtins.pathExists (${drv})`,
      `builtins.path { path = (${drv}).outPath; }`,
    ]) {
      const r = run(['--eval', '--option', 'allow-import-from-derivation', 'false', '-E', expr]);
      assert.equal(r.status, 1, expr);
      assert.equal(lastLine(r), message, expr);
    }
    assert.equal(lastLine(run(['--eval', '--no-allow-import-from-derivation', '-E', `import (${drv})`])), message);
  });

  it('otherwise says tsnix cannot build it', tsnixOnly, () => {
    const r = run(['--eval', '-E', `import (${drv})`]);
    assert.equal(r.status, 1);
    assert.equal(
      lastLine(r),
      `error: cannot build '${drvPath()}^out' during evaluation (import from derivation), which tsnix does not support yet`,
    );
  });
});
