// The daemon store against CppNix's own nix-daemon, serving a fresh
// private store: tsnix adds a source file, a source directory (with an
// executable and a symlink), a text referring to the file and the .drv
// files of two derivations through it, and CppNix then finds them
// registered, verifies them and builds the result. Needs the reference
// CppNix (../shared/tools/reference-nix.sh); skipped where it is absent.
//
// The .drv files are written here from tsnix's own derivations (the
// evaluator does not write them through the store yet); their paths are
// checked against those tsnix's derivationStrict and CppNix compute.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Evaluator } from '../../src/eval.js';
import { Source } from '../../src/errors/source.js';
import { NodeIO } from '../../src/io/node-io.js';
import { type Derivation, DerivationStore, makeOutputPath, unparseDerivation } from '../../src/store/derivation.js';
import { type DaemonStore, openDaemonStore } from '../../src/store/daemon/index.js';
import { printJSON } from '../../src/value/to-json.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// dist/test/store -> the folder beside the project
const referenceNix = path.resolve(here, '../../../../shared/tools/reference-nix.sh');
const present = fs.existsSync('/opt/nix-ref/usr/bin/nix-instantiate') && fs.existsSync(referenceNix);
const skip = present ? false : 'CppNix is not installed (../shared/tools/reference-nix.sh install): the daemon integration test is skipped';

let root: string;
let env: NodeJS.ProcessEnv;
let daemon: ChildProcess | null = null;
let storeDir: string;
let socketPath: string;

/** Runs a CppNix command against the daemon; its stdout, failing on a non-zero status. */
function cppnix(...args: string[]): string {
  const r = spawnSync(referenceNix, args, { cwd: root, env: { ...env, NIX_REMOTE: 'daemon' }, encoding: 'latin1' });
  assert.equal(r.status, 0, `${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

before(async () => {
  if (!present) return;
  // Below /tmp: the reference CppNix's chroot sees it at the same path.
  root = fs.mkdtempSync('/tmp/tsnix-daemon-it-');
  storeDir = path.join(root, 'store');
  const state = path.join(root, 'var');
  socketPath = path.join(state, 'daemon-socket', 'socket');
  fs.mkdirSync(path.join(root, 'conf'));
  fs.writeFileSync(path.join(root, 'conf', 'nix.conf'), 'build-users-group =\nsandbox = false\nsubstituters =\n');
  env = {
    PATH: process.env.PATH,
    NIX_STORE_DIR: storeDir,
    NIX_STATE_DIR: state,
    NIX_LOG_DIR: path.join(root, 'log'),
    NIX_CONF_DIR: path.join(root, 'conf'),
  };
  const log = fs.openSync(path.join(root, 'daemon.log'), 'w');
  daemon = spawn(referenceNix, ['nix-daemon'], { cwd: root, env, stdio: ['ignore', log, log], detached: true });
  for (let waited = 0; !fs.existsSync(socketPath); waited += 100) {
    if (waited > 30000) throw new Error(`nix-daemon did not start:\n${fs.readFileSync(path.join(root, 'daemon.log'), 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const project = path.join(root, 'project');
  fs.mkdirSync(path.join(project, 'srcdir', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(project, 'file.txt'), 'hello\n');
  fs.writeFileSync(path.join(project, 'srcdir', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  fs.symlinkSync('run.sh', path.join(project, 'srcdir', 'link'));
  fs.writeFileSync(path.join(project, 'srcdir', 'sub', 'd.txt'), 'data\n');
  fs.writeFileSync(
    path.join(project, 'drv.nix'),
    `let
  dep = derivation { name = "dep"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo dep > $out" ]; };
  script = builtins.toFile "script.sh" ''
    read x < \${./file.txt}
    echo "$x" > $out
    read y < $dep
    echo "$y" >> $out
    for f in $src/*; do echo "''\${f##*/}" >> $out; done
    [ -x $src/run.sh ] && [ -L $src/link ] && read z < $src/sub/d.txt && echo "$z" >> $out
  '';
in derivation { name = "top"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ script ]; src = ./srcdir; inherit dep; }
`,
  );
});

after(() => {
  if (daemon?.pid !== undefined) process.kill(-daemon.pid, 'SIGTERM');
  if (root !== undefined) {
    // The store is read-only.
    spawnSync('chmod', ['-R', 'u+w', root]);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** A derivation of `drv.nix`, with its output paths filled in as derivationStrict fills them. */
function derivation(
  drvs: DerivationStore,
  name: string,
  args: string[],
  env: Record<string, string>,
  inputDrvs: string[],
  inputSrcs: string[],
): { drv: Derivation; drvPath: string; outPath: string } {
  const drv: Derivation = {
    name,
    outputs: new Map([['out', { kind: 'inputAddressed', path: '' }]]),
    inputDrvs: new Map(inputDrvs.map((p) => [p, new Set(['out'])])),
    inputSrcs: new Set(inputSrcs),
    platform: 'x86_64-linux',
    builder: '/bin/sh',
    args,
    env: new Map(Object.entries({ ...env, builder: '/bin/sh', name, out: '', system: 'x86_64-linux' })),
  };
  const outPath = makeOutputPath(storeDir, 'out', drvs.hashModulo(drv, true).get('out')!, name);
  drv.outputs.set('out', { kind: 'inputAddressed', path: outPath });
  drv.env.set('out', outPath);
  return { drv, drvPath: drvs.write(drv).drvPath, outPath };
}

describe('the daemon store against CppNix’s nix-daemon', { skip }, () => {
  let store: DaemonStore;
  let evaluated: { drvPath: string; depDrvPath: string; out: string; src: string; script: string };

  it('adds what evaluation copies: a file, a directory, a text', () => {
    store = openDaemonStore({ socketPath, storeDir });
    const ev = new Evaluator({ io: new NodeIO(), store, settings: { readOnly: false, storeDir } });
    const expr = `let d = import ./drv.nix; in { drvPath = d.drvPath; depDrvPath = d.dep.drvPath; out = d.outPath; src = "\${d.src}"; script = builtins.elemAt d.args 0; }`;
    const value = ev.vm.forceDeep(ev.evalSource(new Source('\xc2\xabstring\xc2\xbb', expr, path.join(root, 'project'))));
    const json = printJSON(value, ev.vm);
    evaluated = JSON.parse(json) as typeof evaluated;
    assert.ok(evaluated.src !== undefined, json);
    assert.match(evaluated.src, /-srcdir$/);
    const info = store.queryPathInfo(evaluated.script)!;
    assert.equal(info.ca.slice(0, 12), 'text:sha256:');
    assert.equal(info.references.length, 1);
    assert.match(info.references[0]!, /-file\.txt$/);
    assert.equal(store.queryPathInfo(evaluated.src)!.ca.slice(0, 15), 'fixed:r:sha256:');
  });

  it('adds the .drv files, at the paths tsnix and CppNix compute', () => {
    const drvs = new DerivationStore(storeDir);
    const dep = derivation(drvs, 'dep', ['-c', 'echo dep > $out'], {}, [], []);
    const top = derivation(
      drvs,
      'top',
      [evaluated.script],
      { dep: dep.outPath, src: evaluated.src },
      [dep.drvPath],
      [evaluated.script, evaluated.src],
    );
    assert.equal(dep.drvPath, evaluated.depDrvPath);
    assert.equal(top.drvPath, evaluated.drvPath);
    assert.equal(top.outPath, evaluated.out);
    for (const { drv, drvPath } of [dep, top]) {
      const refs = [...drv.inputSrcs, ...drv.inputDrvs.keys()].sort();
      assert.equal(store.addTextToStore(`${drv.name}.drv`, unparseDerivation(drv, false), refs).path, drvPath);
    }
    store.addPermRoot(top.drvPath, path.join(root, 'result'));
    store.close();
    // CppNix, instantiating the same file through the same daemon, finds the same .drv.
    assert.equal(cppnix('nix-instantiate', path.join(root, 'project', 'drv.nix')).trim(), top.drvPath);
    assert.equal(fs.readFileSync(top.drvPath, 'latin1'), unparseDerivation(top.drv, false));
    assert.equal(fs.readlinkSync(path.join(root, 'result')), top.drvPath);
  });

  it('has CppNix find them registered, with their references', () => {
    const refs = cppnix('nix-store', '-q', '--references', evaluated.drvPath).trim().split('\n').sort();
    assert.deepEqual(refs, [evaluated.depDrvPath, evaluated.script, evaluated.src].sort());
    const scriptRefs = cppnix('nix-store', '-q', '--references', evaluated.script).trim().split('\n');
    assert.equal(scriptRefs.length, 1);
    assert.match(scriptRefs[0]!, /-file\.txt$/);
    // The directory as it was: the executable, the symlink.
    assert.equal(fs.statSync(path.join(evaluated.src, 'run.sh')).mode & 0o777, 0o555);
    assert.equal(fs.readlinkSync(path.join(evaluated.src, 'link')), 'run.sh');
  });

  it('has CppNix verify the store and its contents, finding nothing wrong', () => {
    const r = spawnSync(referenceNix, ['nix-store', '--verify', '--check-contents'], {
      cwd: root,
      env: { ...env, NIX_REMOTE: 'daemon' },
      encoding: 'latin1',
    });
    assert.equal(r.status, 0, r.stderr);
    // Its progress lines, and nothing else: no path missing, no hash wrong.
    assert.deepEqual(
      r.stderr.split('\n').filter((line) => line !== '' && !/^(reading the Nix store|checking [a-z ]+)\.\.\.$/.test(line)),
      [],
    );
  });

  it('has CppNix build the derivation', () => {
    const out = cppnix('nix-store', '--realise', evaluated.drvPath).trim();
    assert.equal(out, evaluated.out);
    assert.equal(fs.readFileSync(out, 'utf8'), 'hello\ndep\nlink\nrun.sh\nsub\ndata\n');
  });
});
