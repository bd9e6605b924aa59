// tsnix's local store against CppNix 2.26 itself (../shared/tools/
// reference-nix.sh, a chroot at /opt/nix-ref): a derivation depending on a
// source file, a source folder (with an executable and a symlink), a toFile
// text and another derivation, instantiated into a fresh private store by
// CppNix and, in the same folders afresh, by tsnix; then CppNix reads
// tsnix's database, verifies the store and builds the result. Skipped where
// CppNix is not installed (CI does not install it).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeTree } from './store-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsnixBin = path.resolve(here, '../../../bin/tsnix');
const referenceNix = path.resolve(here, '../../../../shared/tools/reference-nix.sh');
const haveCppNix = fs.existsSync('/opt/nix-ref/usr/bin/nix-instantiate') && fs.existsSync(referenceNix);

// Below /tmp: the folders CppNix's chroot sees at the same paths.
let work = '';
const storeDir = (): string => path.join(work, 'nix', 'store');

const DRV_NIX = `
let
  dep = builtins.derivation {
    name = "dep";
    builder = "/bin/sh";
    system = builtins.currentSystem;
    args = [ "-c" "echo dep > $out" ];
  };
  script = builtins.toFile "script.sh" "read x < \${./src/file.txt}; echo $x";
in builtins.derivation {
  name = "top";
  builder = "/bin/sh";
  system = builtins.currentSystem;
  file = ./src/file.txt;
  dir = ./src/dir;
  inherit dep script;
  args = [ "-c" "read x < $file; read y < $dep; test -x $dir/run.sh; test -L $dir/link; read z < $dir/link; echo $x $y $z > $out" ];
}
`;

type Run = { status: number | null; stdout: string; stderr: string };

function env(): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_)/.test(k)) e[k] = v;
  return {
    ...e,
    HOME: path.join(work, 'home'),
    NIX_STORE_DIR: storeDir(),
    NIX_STATE_DIR: path.join(work, 'nix', 'var'),
    NIX_LOG_DIR: path.join(work, 'nix', 'log'),
    NIX_CONF_DIR: path.join(work, 'etc'),
    NIX_USER_CONF_FILES: '',
  };
}

function run(program: string, args: string[]): Run {
  const r = spawnSync(program, args, { cwd: work, env: env(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cppnix = (...args: string[]): Run => run(referenceNix, args);
const tsnix = (...args: string[]): Run => run(process.execPath, [tsnixBin, 'instantiate', ...args]);

function ok(r: Run, what: string): string {
  assert.equal(r.status, 0, `${what} failed:\n${r.stderr}`);
  return r.stdout;
}

/** Path infos as CppNix reports them, without the registration time (which differs by run). */
function pathInfos(): unknown {
  const infos = JSON.parse(ok(cppnix('nix', 'path-info', '--json', '--all'), 'nix path-info')) as Record<string, Record<string, unknown>>;
  for (const info of Object.values(infos)) delete info.registrationTime;
  return infos;
}

/** What CppNix's own instantiation gave, to compare tsnix's with. */
let reference: { drvPath: string; drv: string; references: string; infos: unknown; verify: string; derivers: string } | null = null;

function freshStore(): void {
  removeTree(path.join(work, 'nix'));
}

before(() => {
  if (!haveCppNix) return;
  work = fs.mkdtempSync('/tmp/tsnix-cppnix-');
  fs.mkdirSync(path.join(work, 'src', 'dir', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(work, 'etc'));
  fs.mkdirSync(path.join(work, 'home'));
  // As root, without build users, a sandbox or substituters.
  fs.writeFileSync(
    path.join(work, 'etc', 'nix.conf'),
    'build-users-group =\nsandbox = false\nsubstituters =\nexperimental-features = nix-command\n',
  );
  fs.writeFileSync(path.join(work, 'src', 'file.txt'), 'hello\n');
  fs.writeFileSync(path.join(work, 'src', 'dir', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  fs.symlinkSync('sub/y', path.join(work, 'src', 'dir', 'link'));
  fs.writeFileSync(path.join(work, 'src', 'dir', 'sub', 'y'), 'linked\n');
  fs.writeFileSync(path.join(work, 'drv.nix'), DRV_NIX);

  const drvPath = ok(cppnix('nix-instantiate', 'drv.nix'), 'CppNix nix-instantiate').trim();
  reference = {
    drvPath,
    drv: fs.readFileSync(drvPath, 'latin1'),
    references: ok(cppnix('nix-store', '-q', '--references', drvPath), 'nix-store -q --references'),
    infos: pathInfos(),
    verify: cppnix('nix-store', '--verify', '--check-contents').stderr,
    derivers: '',
  };
  const outPath = ok(cppnix('nix-store', '-q', '--outputs', drvPath), 'nix-store -q --outputs').trim();
  reference.derivers = ok(cppnix('nix-store', '-q', '--valid-derivers', outPath), 'nix-store -q --valid-derivers');
  freshStore();
});

after(() => {
  if (work !== '') removeTree(work);
});

describe(
  'a local store CppNix takes for its own',
  { skip: !haveCppNix && 'CppNix is not installed (../shared/tools/reference-nix.sh install)' },
  () => {
    it('holds the .drv CppNix writes, at its path, byte for byte, registered as CppNix registers it', () => {
      freshStore();
      const r = tsnix('drv.nix');
      assert.equal(r.stderr, "warning: you did not specify '--add-root'; the result might be removed by the garbage collector\n");
      const ref = reference!;
      assert.equal(r.stdout, `${ref.drvPath}\n`);
      assert.equal(fs.readFileSync(ref.drvPath, 'latin1'), ref.drv);
      assert.equal(ok(cppnix('nix-store', '-q', '--references', ref.drvPath), 'nix-store -q --references'), ref.references);
      assert.deepEqual(pathInfos(), ref.infos);
      const outPath = ok(cppnix('nix-store', '-q', '--outputs', ref.drvPath), 'nix-store -q --outputs').trim();
      assert.equal(ok(cppnix('nix-store', '-q', '--valid-derivers', outPath), 'nix-store -q --valid-derivers'), ref.derivers);
    });

    it('passes nix-store --verify --check-contents, and nix-store --realise builds it', () => {
      const ref = reference!;
      const verify = cppnix('nix-store', '--verify', '--check-contents');
      assert.equal(verify.status, 0);
      assert.equal(verify.stderr, ref.verify);
      assert.doesNotMatch(verify.stderr, /error|warning|modified|invalid/);
      const out = ok(cppnix('nix-store', '--realise', ref.drvPath), 'nix-store --realise').trim();
      assert.equal(fs.readFileSync(out, 'latin1'), 'hello dep linked\n');
    });

    it('--add-root leaves a symlink to the .drv that CppNix counts as a root', () => {
      const ref = reference!;
      const root = path.join(work, 'result');
      assert.equal(ok(tsnix('--add-root', root, 'drv.nix'), 'tsnix --add-root'), `${root}\n`);
      assert.equal(fs.readlinkSync(root), ref.drvPath);
      assert.match(
        ok(cppnix('nix-store', '--gc', '--print-roots'), 'nix-store --gc --print-roots'),
        new RegExp(`^${root} -> ${ref.drvPath}$`, 'm'),
      );
      // The garbage collector keeps it and what it refers to.
      ok(cppnix('nix-store', '--gc'), 'nix-store --gc');
      assert.ok(fs.existsSync(ref.drvPath));
      assert.equal(ok(cppnix('nix-store', '-q', '--references', ref.drvPath), 'nix-store -q --references'), ref.references);
    });

    it('shares the store with a CppNix process working at the same time: nothing is lost', async () => {
      freshStore();
      const exprs = Array.from(
        { length: 6 },
        (_, i) => `[ (import ./drv.nix) (builtins.derivation { name = "n${i}"; builder = "/bin/sh"; system = "x"; src = ./src; }) ]`,
      );
      const start = (program: string, args: string[]): Promise<Run> =>
        new Promise((resolve) => {
          const p = spawn(program, args, { cwd: work, env: env() });
          let stdout = '';
          let stderr = '';
          p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          p.on('close', (status) => resolve({ status, stdout, stderr }));
        });
      const runs = await Promise.all(
        exprs.map((e, i) =>
          i % 2 === 0
            ? start(referenceNix, ['nix-instantiate', '--no-gc-warning', '-E', e])
            : start(process.execPath, [tsnixBin, 'instantiate', '--no-gc-warning', '-E', e]),
        ),
      );
      const drvs = runs.flatMap((r, i) => ok(r, `run ${i}`).trim().split('\n'));
      for (const drv of drvs) assert.equal(ok(cppnix('nix-store', '--check-validity', drv), `validity of ${drv}`), '');
      const verify = cppnix('nix-store', '--verify', '--check-contents');
      assert.equal(verify.status, 0);
      assert.doesNotMatch(verify.stderr, /error|warning|modified|invalid/);
    });
  },
);
