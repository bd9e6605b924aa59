// The store from the command line: `--read-write-mode` writes under
// NIX_STORE_DIR (registering in NIX_STATE_DIR), `--eval` alone writes
// nothing; paths printed as CppNix 2.26 prints them.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeTextPath } from '../../src/store/paths.js';
import { readDatabase, removeTree } from './store-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../../bin/tsnix');

let dir = '';

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-store-cli-')));
  fs.writeFileSync(path.join(dir, 'foo'), 'hi\n');
});

after(() => {
  removeTree(dir);
});

type Run = { status: number | null; stdout: string; stderr: string };

/** tsnix instantiate ARGS with the store folder `storeDir` (state in `stateDir`), `prefix` running it (setpriv...). */
function tsnix(args: string[], storeDir: string, stateDir = path.join(dir, 'var'), prefix: string[] = []): Run {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_)/.test(k)) env[k] = v;
  const [program, ...programArgs] = [...prefix, process.execPath, bin, 'instantiate', ...args];
  const r = spawnSync(program!, programArgs, {
    cwd: dir,
    env: {
      ...env,
      HOME: dir,
      NIX_CONF_DIR: path.join(dir, 'etc'),
      NIX_USER_CONF_FILES: '',
      NIX_STORE_DIR: storeDir,
      NIX_STATE_DIR: stateDir,
      NIX_LOG_DIR: path.join(dir, 'log'),
    },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the store on the command line', () => {
  it('--eval --json prints a path as its store path', () => {
    const r = tsnix(['--eval', '--strict', '--json', '-E', './foo'], '/nix/store');
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '"/nix/store/6mlv4zpsh5r2q4nb94lpkma95g744zvi-foo"\n');
  });

  it('a path value ending with a newline keeps it', () => {
    assert.equal(tsnix(['--eval', '-E', './foo + "\\n"'], '/nix/store').stdout, `${dir}/foo\n\n`);
  });

  it('writes only in read-write mode', () => {
    const store = path.join(dir, 'store');
    const expr = 'builtins.readFile "${./foo}"';
    assert.equal(tsnix(['--eval', '-E', '"${./foo}"'], store).status, 0);
    assert.equal(fs.existsSync(store), false);
    const r = tsnix(['--eval', '--read-write-mode', '-E', expr], store);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '"hi\\n"\n');
    const added = fs.readdirSync(store).filter((n) => n !== '.links');
    assert.equal(added.length, 1);
    assert.equal(fs.statSync(path.join(store, added[0]!)).mode & 0o777, 0o444);
  });
});

const GC_WARNING = "warning: you did not specify '--add-root'; the result might be removed by the garbage collector\n";
const DRV = 'derivation { name = "a"; builder = "/bin/sh"; system = "x86_64-linux"; src = ./foo; }';

describe('nix-instantiate into a local store', () => {
  it('writes and registers the .drv and its sources, and prints its path', () => {
    const store = path.join(dir, 's1', 'store');
    const state = path.join(dir, 's1', 'var');
    const r = tsnix(['-E', DRV], store, state);
    assert.equal(r.stderr, GC_WARNING);
    assert.equal(r.status, 0);
    const drvPath = r.stdout.trim();
    assert.match(drvPath, new RegExp(`^${store}/[0-9a-z]{32}-a\\.drv$`));
    const { paths, refs } = readDatabase(state);
    assert.equal(paths.size, 2);
    assert.equal(refs.length, 1);
    assert.equal(refs[0]![0], drvPath);
    assert.equal(fs.readFileSync(refs[0]![1], 'latin1'), 'hi\n');
    assert.match(fs.readFileSync(drvPath, 'latin1'), /^Derive\(\[\("out",/);
    // Nothing left behind: no lock files, no temporary folders, no temporary roots.
    assert.deepEqual(
      fs.readdirSync(store).filter((n) => !/^[0-9a-z]{32}-/.test(n) || n.endsWith('.lock')),
      ['.links'],
    );
    assert.deepEqual(fs.readdirSync(path.join(state, 'temproots')), []);
  });

  it('--add-root makes ROOT, ROOT-2... symlinks to the .drv files, registered as indirect roots', () => {
    const store = path.join(dir, 's2', 'store');
    const state = path.join(dir, 's2', 'var');
    const r = tsnix(
      ['--add-root', 'roots/../roots/r', '--indirect', '-E', `let d = ${DRV}; in [ d (d // { outputName = "dev"; }) ]`],
      store,
      state,
    );
    assert.equal(r.stderr, '');
    const root = path.join(dir, 'roots', 'r');
    assert.equal(r.stdout, `${root}\n${root}-2!dev\n`);
    const drvPath = fs.readlinkSync(root);
    assert.equal(fs.readlinkSync(`${root}-2`), drvPath);
    assert.ok(readDatabase(state).paths.has(drvPath));
    const auto = path.join(state, 'gcroots', 'auto');
    assert.deepEqual(
      fs
        .readdirSync(auto)
        .map((n) => fs.readlinkSync(path.join(auto, n)))
        .sort(),
      [root, `${root}-2`],
    );
    // In the store, or over something else, a root is refused as CppNix refuses it.
    const inStore = tsnix(['--add-root', `${store}/x`, '-E', DRV], store, state);
    assert.equal(
      inStore.stderr,
      `error: creating a garbage collector root (${store}/x) in the Nix store is forbidden (are you running nix-build inside the store?)\n`,
    );
    assert.equal(inStore.status, 1);
    assert.equal(
      tsnix(['--add-root', 'foo', '-E', DRV], store, state).stderr,
      `error: cannot create symlink '${dir}/foo'; already exists\n`,
    );
  });

  it('dummy:// computes paths and refuses to write, as CppNix’s dummy store', () => {
    const store = path.join(dir, 's3', 'store');
    const ok = tsnix(['--store', 'dummy://', '--eval', '-E', 'builtins.toFile "t" "hello"'], store);
    assert.equal(ok.stdout, `"${makeTextPath(store, 't', 'hello', [])}"\n`);
    const r = tsnix(['--store', 'dummy://', '-E', 'derivation { name = "a"; builder = "b"; system = "c"; }'], store);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /error: operation 'addToStore' is not supported by store 'dummy'\n$/);
    assert.equal(fs.existsSync(store), false);
  });

  it('a store URI it cannot read is a usage error; the store parameter names the store folder', () => {
    assert.equal(
      tsnix(['--store', 'bogus', '--eval', '-E', '1'], '/nix/store').stderr,
      "error: Cannot parse Nix store 'bogus'\nTry 'nix-instantiate --help' for more information.\n",
    );
    const r = tsnix(['--option', 'store', 'dummy://?store=/elsewhere', '--eval', '-E', 'builtins.toFile "t" "hello"'], '/nix/store');
    assert.equal(r.stdout, `"${makeTextPath('/elsewhere', 't', 'hello', [])}"\n`);
  });

  const nobody = ['setpriv', '--reuid', '65534', '--regid', '65534', '--clear-groups'];
  // The user must be able to run tsnix: a clone in a private folder (mktemp -d) it cannot reach.
  const asNobody =
    process.getuid?.() === 0 &&
    spawnSync(nobody[0]!, [...nobody.slice(1), process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(bin)})`]).status === 0;
  it(
    'a store it cannot write is CppNix’s error, before evaluation, and nothing is written',
    { skip: !asNobody && 'needs root, setpriv, and a project user 65534 can read' },
    () => {
      const store = path.join(dir, 's4', 'store');
      const state = path.join(dir, 's4', 'var');
      // Made by root: the user can read it, not take its lock.
      fs.chmodSync(dir, 0o755);
      assert.equal(tsnix(['-E', DRV], store, state).status, 0);
      const before = fs.readdirSync(store).sort();
      const r = tsnix(['-E', `builtins.trace "evaluated" ${DRV}`], store, state, nobody);
      assert.equal(r.stderr, `error: opening lock file '${state}/db/big-lock': Permission denied\n`);
      assert.equal(r.status, 1);
      assert.deepEqual(fs.readdirSync(store).sort(), before);
    },
  );
});
