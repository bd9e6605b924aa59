// What the flags do, run as `tsnix instantiate` processes. The expected
// output of each was taken from CppNix 2.26.3's nix-instantiate, in a
// clean environment (no NIX_PATH, an empty nix.conf).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeTree } from '../store/store-helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/tsnix');
let dir = '';

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-flags-')));
  fs.mkdirSync(path.join(dir, 'etc'));
  fs.writeFileSync(path.join(dir, 'a.nix'), 'import ./b.nix\n');
  fs.writeFileSync(path.join(dir, 'b.nix'), '{ x = builtins.trace "hi" 1; }\n');
  fs.writeFileSync(path.join(dir, 'f.txt'), 'abc\n');
});

after(() => removeTree(dir));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}, input?: string): Run {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_)/.test(k)) base[k] = v;
  const r = spawnSync(process.execPath, [bin, 'instantiate', ...args], {
    cwd: dir,
    // Paths under /nix/store, written below `dir` (a chroot store), not into the machine's store.
    env: { ...base, HOME: dir, NIX_CONF_DIR: path.join(dir, 'etc'), NIX_USER_CONF_FILES: '', NIX_REMOTE: `local?root=${dir}/root`, ...env },
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const outcome = (r: Run): [number | null, string, string] => [r.status, r.stdout, r.stderr];
const usage = (message: string): string => `error: ${message}\nTry 'nix-instantiate --help' for more information.\n`;
const drv = 'derivation { name = "a"; system = "x"; builder = "/b"; }';

describe('errors on the command line', () => {
  it('a usage error names nix-instantiate', () => {
    assert.deepEqual(outcome(run(['--bogus'])), [1, '', usage("unrecognised flag '--bogus'")]);
    assert.deepEqual(outcome(run(['--eval', '-E', '1', '--option', 'a'])), [
      1,
      '',
      usage("flag '--option' requires 2 argument(s), but only 1 were given"),
    ]);
  });

  it('some are plain errors, without the usage hint', () => {
    assert.deepEqual(outcome(run(['--diff-hook', 'rel', '--eval', '-E', '1'])), [1, '', "error: not an absolute path: 'rel'\n"]);
    assert.deepEqual(outcome(run(['--accept-flake-config', '--eval', '-E', '1'])), [
      1,
      '',
      "error: experimental Nix feature 'flakes' is disabled; add '--extra-experimental-features flakes' to enable it\n",
    ]);
  });

  it('a bad nix.conf or $NIX_CONFIG line stops the command first', () => {
    assert.deepEqual(outcome(run(['--eval', '-E', '1'], { NIX_CONFIG: 'show-trace=true' })), [
      1,
      '',
      usage("syntax error in configuration line 'show-trace=true' in 'NIX_CONFIG'"),
    ]);
    fs.writeFileSync(path.join(dir, 'etc', 'nix.conf'), 'max-jobs = x\n');
    try {
      assert.deepEqual(outcome(run(['--eval', '-E', '1'])), [
        1,
        '',
        usage("configuration setting 'max-jobs' should be 'auto' or an integer"),
      ]);
    } finally {
      fs.writeFileSync(path.join(dir, 'etc', 'nix.conf'), '');
    }
  });
});

describe('warnings', () => {
  it('unknown settings, from $NIX_CONFIG and --option, once the line is read', () => {
    assert.deepEqual(outcome(run(['--option', 'zz', '1', '--eval', '-E', '1'], { NIX_CONFIG: 'cc = 1' })), [
      0,
      '1\n',
      "warning: unknown setting 'cc'\nwarning: unknown setting 'zz'\n",
    ]);
    assert.deepEqual(outcome(run(['--option', 'show-trace', 'x', '--eval', '-E', '1'])), [
      0,
      '1\n',
      "warning: error: Boolean setting 'show-trace' has invalid value 'x'\n",
    ]);
  });
});

describe('what the flags do', () => {
  it('--version', () => {
    assert.deepEqual(outcome(run(['--version'])), [0, 'nix-instantiate (Nix) 2.26.3\n', '']);
  });

  it("nixpkgs lib's modules.sh line: --timeout 1 --eval-only --show-trace --read-write-mode --json", () => {
    const r = run(['--timeout', '1', '--eval-only', '--show-trace', '--read-write-mode', '--json', '-E', '{ a = [ 1 ]; }', '-A', 'a']);
    assert.deepEqual(outcome(r), [0, '[1]\n', '']);
  });

  it('builds-only flags change nothing', () => {
    const r = run(['-K', '-k', '--fallback', '-j', '2', '--cores', '1K', '-Q', '--repair', '--store', 'dummy://', '--eval', '-E', '1']);
    assert.deepEqual(outcome(r), [0, '1\n', '']);
  });

  it('--find-file prints where a name is found in the search path', () => {
    assert.deepEqual(outcome(run(['-I', `foo=${dir}`, '--find-file', 'foo/a.nix', 'foo'])), [0, `${dir}/a.nix\n${dir}\n`, '']);
    assert.deepEqual(outcome(run(['--find-file', 'nope'])), [
      1,
      '',
      "error: file 'nope' was not found in the Nix search path (add it using $NIX_PATH or -I)\n",
    ]);
  });

  it('an input <NAME> is looked up in the search path, for --eval and --parse', () => {
    assert.deepEqual(outcome(run(['-I', `d=${dir}`, '--eval', '--strict', '<d/b.nix>', '-A', 'x'])), [0, '1\n', 'trace: hi\n']);
    assert.deepEqual(outcome(run(['-I', `d=${dir}`, '--parse', '<d/a.nix>'])), [0, `(import ${dir}/b.nix)\n`, '']);
    assert.deepEqual(outcome(run(['--eval', '<nope>'])), [
      1,
      '',
      "error: file 'nope' was not found in the Nix search path (add it using $NIX_PATH or -I)\n",
    ]);
  });

  it('--dry-run prints the .drv paths; --no-gc-warning drops the --add-root warning', () => {
    const path = '/nix/store/zls09i4hh0vfzm882j1ry186i11233w6-a.drv\n';
    assert.deepEqual(outcome(run(['--dry-run', '-E', drv])), [
      0,
      path,
      "warning: you did not specify '--add-root'; the result might be removed by the garbage collector\n",
    ]);
    assert.deepEqual(outcome(run(['--no-gc-warning', '-E', drv])), [0, path, '']);
  });

  it('--add-root: the roots are printed, numbered from the second', () => {
    const r = run(['--add-root', 'r', '--indirect', '-E', `[ (${drv}) (${drv} // { name = "b"; }) ]`]);
    assert.deepEqual(outcome(r), [0, `${dir}/r\n${dir}/r-2\n`, '']);
  });

  it('-v says which files it evaluates, once each', () => {
    assert.deepEqual(outcome(run(['-v', '--eval', '--strict', '-E', '[ (import ./a.nix) (import ./b.nix) ]'])), [
      0,
      '[ { x = 1; } «repeated» ]\n',
      `evaluating file '<nix/derivation-internal.nix>'\nevaluating file '${dir}/a.nix'\nevaluating file '${dir}/b.nix'\ntrace: hi\n`,
    ]);
    assert.deepEqual(outcome(run(['--quiet', '--eval', '--strict', 'a.nix'])), [0, '{ x = 1; }\n', 'trace: hi\n']);
  });

  it('three --quiet hide the warnings given after them, not traces or errors', () => {
    const q = ['--quiet', '--quiet', '--quiet'];
    assert.deepEqual(outcome(run(['--option', 'zz', '1', ...q, '--eval', '-E', 'builtins.warn "w" (builtins.trace "t" 1)'])), [
      0,
      '1\n',
      'trace: t\n',
    ]);
    assert.deepEqual(outcome(run(['--option', 'show-trace', 'x', ...q, '--eval', '-E', '1'])), [
      0,
      '1\n',
      "warning: error: Boolean setting 'show-trace' has invalid value 'x'\n",
    ]);
    assert.deepEqual(outcome(run([...q, '-E', drv])), [0, '/nix/store/zls09i4hh0vfzm882j1ry186i11233w6-a.drv\n', '']);
    const aborted = run([...q, '--abort-on-warn', '--eval', '-E', 'builtins.warn "w" 2']);
    assert.equal(aborted.status, 1);
    assert.match(aborted.stderr, /^error:\n/);
  });

  it('--arg-from-file and --arg-from-stdin pass strings; stdin is read before the other inputs', () => {
    assert.deepEqual(outcome(run(['--eval', '--arg-from-file', 'a', 'f.txt', '-E', '{ a }: a'])), [0, '"abc\\n"\n', '']);
    assert.deepEqual(outcome(run(['--eval', '--arg-from-stdin', 'a', '-E', '{ a }: a'], {}, '"x"\n')), [0, '"\\"x\\"\\n"\n', '']);
    assert.deepEqual(outcome(run(['--eval', '-E', '1', '-'], {}, '2\n')), [0, '2\n1\n', '']);
  });

  it('eval-system is builtins.currentSystem when set', () => {
    assert.deepEqual(outcome(run(['--system', 'foo', '--eval', '-E', 'builtins.currentSystem'])), [0, '"foo"\n', '']);
    assert.deepEqual(outcome(run(['--system', 'foo', '--option', 'eval-system', 'bar', '--eval', '-E', 'builtins.currentSystem'])), [
      0,
      '"bar"\n',
      '',
    ]);
  });

  it("$NIX_PATH, when set, replaces the configuration's nix-path", () => {
    const expr = ['--eval', '-E', 'builtins.nixPath'];
    assert.equal(run(expr, { NIX_CONFIG: 'nix-path = c=/d', NIX_PATH: 'a=/b' }).stdout, '[ { path = "/b"; prefix = "a"; } ]\n');
    assert.equal(run(expr, { NIX_CONFIG: 'extra-nix-path = c=/d', NIX_PATH: 'a=/b' }).stdout, '[ { path = "/b"; prefix = "a"; } ]\n');
    assert.equal(run(expr, { NIX_CONFIG: 'nix-path = c=/d', NIX_PATH: '' }).stdout, '[ ]\n');
    assert.equal(run(expr, { NIX_CONFIG: 'nix-path = c=/d' }).stdout, '[ { path = "/d"; prefix = "c"; } ]\n');
  });

  it('extra-nix-path adds to $NIX_PATH; nix-path replaces it', () => {
    const expr = ['--eval', '-E', 'builtins.nixPath'];
    assert.equal(
      run([...expr, '--extra-nix-path', 'e=/f'], { NIX_PATH: 'a=/b' }).stdout,
      '[ { path = "/b"; prefix = "a"; } { path = "/f"; prefix = "e"; } ]\n',
    );
    assert.equal(
      run([...expr, '--nix-path', 'c=/d', '--extra-nix-path', 'e=/f'], { NIX_PATH: 'a=/b' }).stdout,
      '[ { path = "/d"; prefix = "c"; } { path = "/f"; prefix = "e"; } ]\n',
    );
  });
});
