// The `tsnix instantiate` command line, run as a process: flags, settings
// from nix.conf and $NIX_CONFIG, warnings and errors on stderr in CppNix's
// formats, exit statuses. Each run gets a clean environment (its own
// NIX_CONF_DIR, no user configuration, no NIX_PATH).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeTree } from './store/store-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../bin/tsnix');

let dir = '';

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-cli-')));
  fs.mkdirSync(path.join(dir, 'etc'));
  fs.writeFileSync(path.join(dir, 'abs.nix'), '/tmp/foo\n');
  fs.writeFileSync(path.join(dir, 'imports-short.nix'), 'import ./short.nix\n');
  fs.writeFileSync(path.join(dir, 'short.nix'), '[\n  foo/bar\n]\n');
  fs.writeFileSync(path.join(dir, 'closed.nix'), '{ b }: b\n');
  fs.writeFileSync(path.join(dir, 'args.nix'), '{ a ? "x", b, ... }: { result = a + b; nested.value = b; }\n');
  fs.mkdirSync(path.join(dir, 'sp'));
  fs.writeFileSync(path.join(dir, 'sp', 'hello.nix'), '"hello from sp"');
  fs.writeFileSync(path.join(dir, 'deep.nix'), 'let f = n: if n == 0 then throw "bottom" else f (n - 1); in f 20\n');
  // b/t.nix -> ../a/t.nix, which names ./foo.nix.
  fs.mkdirSync(path.join(dir, 'a'));
  fs.mkdirSync(path.join(dir, 'b'));
  fs.writeFileSync(path.join(dir, 'a', 't.nix'), './foo.nix\n');
  fs.symlinkSync('../a/t.nix', path.join(dir, 'b', 't.nix'));
});

after(() => {
  removeTree(dir);
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsnix instantiate ARGS` in the test folder. */
function tsnix(args: string[], env: Record<string, string> = {}): Run {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_)/.test(k)) base[k] = v;
  const r = spawnSync(process.execPath, [bin, 'instantiate', ...args], {
    cwd: dir,
    // Paths under /nix/store, written below `dir` (a chroot store), not into the machine's store.
    env: { ...base, HOME: dir, NIX_CONF_DIR: path.join(dir, 'etc'), NIX_USER_CONF_FILES: '', NIX_REMOTE: `local?root=${dir}/root`, ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const evalExpr = (expr: string, flags: string[] = [], env: Record<string, string> = {}): Run =>
  tsnix(['--eval', '--strict', ...flags, '-E', expr], env);

/** No JavaScript stack trace ever reaches the user. */
function assertNoStack(r: Run): void {
  assert.doesNotMatch(r.stderr, /^\s+at .*\.js:\d+/m);
  assert.doesNotMatch(r.stderr, /internal error/);
}

describe('an input that is a symlink', () => {
  // CppNix resolves the link first: relative paths are the target's folder's.
  it('is resolved by --parse as by --eval', () => {
    assert.equal(tsnix(['--parse', 'b/t.nix']).stdout, `${dir}/a/foo.nix\n`);
    assert.equal(tsnix(['--eval', 'b/t.nix']).stdout, `${dir}/a/foo.nix\n`);
  });
});

describe('lints', () => {
  it('warn with a code frame and go on (eval-okay-abs-path-warn)', () => {
    const r = tsnix(['--eval', '--lint-absolute-path-literals', 'warn', 'abs.nix']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '/tmp/foo\n');
    assert.equal(
      r.stderr,
      [
        "warning: absolute path literals are not portable. Consider replacing path literal '/tmp/foo' by a string, relative path, or parameter (lint-absolute-path-literals)",
        `         at ${dir}/abs.nix:1:1:`,
        '              1| /tmp/foo',
        '               | ^',
        '              2|',
        '',
      ].join('\n'),
    );
  });

  it('fail at fatal, even without --eval (eval-fail-abs-path-fatal)', () => {
    const r = tsnix(['--lint-absolute-path-literals', 'fatal', 'abs.nix']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: absolute path literals are not portable\. .* \(lint-absolute-path-literals\)\n {7}at /);
    assertNoStack(r);
  });

  it('apply to imported files and to --parse', () => {
    const r = tsnix(['--eval', '--strict', '--lint-short-path-literals', 'warn', 'imports-short.nix']);
    assert.equal(r.status, 0);
    assert.match(
      r.stderr,
      /^warning: relative path literal 'foo\/bar' should be prefixed with '.' for clarity: '.\/foo\/bar' \(lint-short-path-literals\)\n {9}at .*short\.nix:2:3:/,
    );
    const p = tsnix(['--parse', '--lint-url-literals', 'fatal', '-E', 'http://example.com']);
    assert.equal(p.status, 1);
    assert.match(p.stderr, /^error: URL literals are disallowed/);
  });

  it('can be set in nix.conf, and reject unknown levels', () => {
    const r = evalExpr('http://example.com', [], { NIX_CONFIG: 'lint-url-literals = warn' });
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^warning: URL literals are discouraged/);
    const bad = evalExpr('1', ['--lint-url-literals', 'loud']);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /^error: invalid value 'loud' for setting 'lint-url-literals'/);
  });

  it('warn about the deprecated "cursed or" without indenting it', () => {
    const r = evalExpr('let or = 1; in builtins.length [ (x: x) or ]');
    assert.equal(r.status, 0);
    assert.match(r.stderr, /^warning: at «string»:1:34: This expression uses `or` as an identifier .*\nWrap this entire expression/);
  });
});

describe('settings', () => {
  it('reads experimental features from $NIX_CONFIG and nix.conf', () => {
    const expr = 'builtins ? parseFlakeRef';
    assert.equal(evalExpr(expr).stdout, 'false\n');
    assert.equal(
      evalExpr(expr, [], { NIX_CONFIG: 'experimental-features = nix-command\nextra-experimental-features = flakes' }).stdout,
      'true\n',
    );
    fs.writeFileSync(path.join(dir, 'etc', 'nix.conf'), '# comment\nbuild-users-group =\nextra-experimental-features = flakes\n');
    try {
      assert.equal(evalExpr(expr).stdout, 'true\n');
    } finally {
      fs.rmSync(path.join(dir, 'etc', 'nix.conf'));
    }
    assert.equal(evalExpr(expr, ['--extra-experimental-features', 'flakes']).stdout, 'true\n');
  });

  it('leaves function calls out of the trace by default, and shows them with show-trace', () => {
    // As CppNix 2.26 prints it: without show-trace, calls are not recorded.
    const short = tsnix(['--eval', 'deep.nix']);
    assert.equal(short.status, 1);
    assert.match(short.stderr, /^error:\n {7}… while calling the 'throw' builtin\n[^…]*\n {7}error: bottom\n$/);
    const full = tsnix(['--eval', 'deep.nix'], { NIX_CONFIG: 'show-trace = true' });
    assert.doesNotMatch(full.stderr, /truncated/);
    assert.match(full.stderr, /error: bottom\n$/);
    assert.ok(full.stderr.length > short.stderr.length);
    const off = tsnix(['--eval', '--no-show-trace', 'deep.nix'], { NIX_CONFIG: 'show-trace = true' });
    assert.equal(off.stderr, short.stderr);
  });

  it('takes builtins.currentSystem from the system setting', () => {
    assert.equal(evalExpr('builtins.currentSystem', ['--option', 'system', 'aarch64-darwin']).stdout, '"aarch64-darwin"\n');
    assert.equal(evalExpr('builtins.currentSystem', [], { NIX_CONFIG: 'system = i686-linux' }).stdout, '"i686-linux"\n');
    assert.match(evalExpr('builtins.currentSystem').stdout, /^"[a-z0-9_]+-[a-z0-9]+"\n$/);
  });

  it('passes --trace-verbose and --abort-on-warn on', () => {
    assert.equal(evalExpr('builtins.traceVerbose "v" 1').stderr, '');
    assert.equal(evalExpr('builtins.traceVerbose "v" 1', ['--trace-verbose']).stderr, 'trace: v\n');
    const r = evalExpr('builtins.warn "w" 1', ['--abort-on-warn']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^evaluation warning: w\nerror:[^]*aborting to reveal stack trace of warning, as abort-on-warn is set/);
  });

  it('limits the call depth', () => {
    const r = evalExpr('let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 1000', ['--max-call-depth', '100']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /stack overflow; max-call-depth exceeded/);
    assertNoStack(r);
    assert.equal(evalExpr('let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 50', ['--max-call-depth', '100']).stdout, '50\n');
  });

  it('rejects unknown flags, and warns about unknown --option settings (as CppNix)', () => {
    const r = evalExpr('1', ['--frobnicate']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, "error: unrecognised flag '--frobnicate'\nTry 'nix-instantiate --help' for more information.\n");
    const unknown = evalExpr('1', ['--option', 'frobnicate', '1']);
    assert.deepEqual([unknown.status, unknown.stdout, unknown.stderr], [0, '1\n', "warning: unknown setting 'frobnicate'\n"]);
    assert.equal(evalExpr('1', ['--option', 'max-call-depth', '50']).stdout, '1\n');
  });
});

describe('arguments and the search path', () => {
  it('calls the top-level function with --arg and --argstr, then selects -A (eval-okay-autoargs)', () => {
    const r = tsnix(['--eval', '--strict', '--arg', 'b', '"y" + "z"', '--argstr', 'a', 'A', '-A', 'result', 'args.nix']);
    assert.equal(r.stdout, '"Ayz"\n');
    assert.equal(tsnix(['--eval', '--argstr', 'b', 'q', '-A', 'nested.value', 'args.nix']).stdout, '"q"\n');
    // Without --arg/--argstr the file's function is not called (nix-instantiate --eval prints <LAMBDA>).
    assert.equal(tsnix(['--eval', 'args.nix']).stdout, '<LAMBDA>\n');
    const missing = tsnix(['--eval', '--strict', '--argstr', 'c', '1', 'closed.nix']);
    assert.equal(missing.status, 1);
    assert.match(
      missing.stderr,
      /^error: cannot evaluate a function that has an argument without a value \('b'\)\n {7}Nix attempted to evaluate a function as a top level expression; in\n {7}this case/,
    );
  });

  it('finds files with -I, before NIX_PATH (eval-okay-search-path)', () => {
    assert.equal(evalExpr('import <hello.nix>', ['-I', 'sp']).stdout, '"hello from sp"\n');
    assert.equal(evalExpr('import <p/hello.nix>', ['-I', 'p=sp']).stdout, '"hello from sp"\n');
    assert.equal(evalExpr('import <hello.nix>', [], { NIX_PATH: 'sp' }).stdout, '"hello from sp"\n');
    assert.equal(evalExpr('builtins.length builtins.nixPath', ['-I', 'sp', '-I', 'x=sp'], { NIX_PATH: 'sp' }).stdout, '3\n');
    assert.equal(evalExpr('builtins.isFunction (import <nix/fetchurl.nix>)').stdout, 'true\n');
  });

  it('reports a missing search path entry and file as CppNix does', () => {
    const r = evalExpr('<nope>', ['-I', '/nonexistent-tsnix']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^warning: Nix search path entry '\/nonexistent-tsnix' does not exist, ignoring\n/);
    assert.match(r.stderr, /error: file 'nope' was not found in the Nix search path \(add it using \$NIX_PATH or -I\)\n$/);
  });
});

describe('instantiating', () => {
  it('prints the .drv paths of the derivations the value holds', () => {
    const drv = (name: string, extra = ''): string => `derivation { name = "${name}"; builder = "b"; system = "c"; ${extra} }`;
    const r = tsnix([
      '-E',
      `{ x = ${drv('a')}; y = 1; z = { recurseForDerivations = true; w = ${drv('w')}; }; q = { v = ${drv('v')}; }; }`,
    ]);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '/nix/store/arhvjaf6zmlyn8vh8fgn55rpwnxq0n7l-a.drv\n/nix/store/qjczl1ay51rqbz3sc3hxmc5m4l9x8nb1-w.drv\n');
    assert.equal(r.stderr, "warning: you did not specify '--add-root'; the result might be removed by the garbage collector\n");
    assert.match(tsnix(['-E', drv('a', 'outputs = [ "dev" "out" ];')]).stdout, /-a\.drv!dev\n$/);
  });

  it('refuses values that are not derivations', () => {
    const r = tsnix(['-E', '[ 1 ]']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'error: expression does not evaluate to a derivation (or a set or list of those)\n');
    assert.equal(tsnix(['-E', '{ a = 1; }']).stdout, '');
  });
});

describe('pure mode', () => {
  it('hides the environment and refuses files outside the store', () => {
    assert.equal(evalExpr('builtins.getEnv "HOME"', ['--pure-eval']).stdout, '""\n');
    assert.equal(evalExpr('builtins.getEnv "HOME"', ['--pure-eval', '--impure']).stdout, `"${dir}"\n`);
    const r = tsnix(['--eval', '--pure-eval', 'abs.nix']);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^error: access to absolute path '\/[^']+' is forbidden in pure evaluation mode \(use '--impure' to override\)\n$/,
    );
  });
});

describe('failures', () => {
  it('a missing file is a plain error with exit status 1', () => {
    const r = tsnix(['--eval', 'missing.nix']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `error: path '${dir}/missing.nix' does not exist\n`);
  });

  it('a missing file read by a builtin names the builtin, without a JS stack', () => {
    const r = evalExpr('builtins.readFile ./missing');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /… while calling the 'readFile' builtin/);
    assert.match(r.stderr, new RegExp(`error: opening file '${dir}/missing': No such file or directory\\n$`));
    assertNoStack(r);
  });
});

// bin/tsnix runs a command on its main thread, with node's default stack;
// the loop checks the limits as it goes, and Ctrl-C stops it (src/cli/entry.ts).
describe('one thread, interruptible, with limits', () => {
  it('runs a long evaluation to its end, its traces written once', () => {
    const r = evalExpr('builtins.trace "once" (builtins.foldl\' (a: b: a + b) 0 (builtins.genList (x: x) 400000))');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '79999800000\n');
    assert.equal(r.stderr, 'trace: once\n');
  });

  it('runs Nix recursion through builtins thousands deep on the default stack', () => {
    // CppNix 2.26: 3000.
    const r = tsnix(['--eval', '-E', "let f = n: if n == 0 then 0 else builtins.foldl' (a: x: a + f x) 1 [ (n - 1) ]; in f 3000"]);
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, '3000\n', '']);
  });

  it('reads stdin', () => {
    const r = spawnSync(process.execPath, [bin, 'eval'], { cwd: dir, input: 'builtins.trace "s" (1 + 2)', encoding: 'utf8' });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '3\n');
    assert.equal(r.stderr, 'trace: s\n');
  });

  it('keeps stdout and stderr in the order they were written', () => {
    const file = path.join(dir, 'both.out');
    const fd = fs.openSync(file, 'w');
    spawnSync(process.execPath, [bin, 'instantiate', '--eval', '-E', 'builtins.trace "a" 1', '-E', 'builtins.trace "b" 2'], {
      cwd: dir,
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    assert.equal(fs.readFileSync(file, 'utf8'), 'trace: a\n1\ntrace: b\n2\n');
  });

  const endless =
    "let f = n: if n == 0 then 0 else 1 + f (n - 1); in builtins.foldl' (a: x: a + f 5000) 0 (builtins.genList (x: x) 100000)";

  it('--time-limit stops a CPU-bound evaluation with an error naming the limit', () => {
    const start = Date.now();
    const r = tsnix(['--eval', '--time-limit', '1', '-E', endless]);
    assert.deepEqual([r.status, r.stdout, r.stderr], [1, '', 'error: evaluation stopped: it ran longer than the time limit of 1 s\n']);
    assert.ok(Date.now() - start < 8000, `stopped after ${Date.now() - start} ms`);
  });

  it('--memory-limit stops an allocating evaluation with an error naming the limit', () => {
    const r = tsnix(['--eval', '--strict', '--memory-limit', '300', '-E', 'builtins.genList (x: "${toString x}-${toString x}") 30000000']);
    assert.deepEqual([r.status, r.stdout, r.stderr], [1, '', 'error: evaluation stopped: it used more than the memory limit of 300 MiB\n']);
  });

  it('a limit that is not a positive number is a usage error', () => {
    const r = tsnix(['--eval', '--time-limit', 'soon', '-E', '1']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: flag '--time-limit' needs a positive number of seconds, not 'soon'\n/);
  });

  it("Ctrl-C stops evaluation with CppNix's error and exit status", async () => {
    // Run as a user runs it: the script itself, its first line giving node's flags.
    const child = spawn(bin, ['instantiate', '--eval', '-E', `builtins.trace "started" (${endless})`], { cwd: dir });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('started')) resolve();
      }),
    );
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await started;
    child.kill('SIGINT');
    assert.equal(await ended, 1);
    assert.equal(stderr, 'trace: started\nerror: interrupted by the user\n');
  });
});

describe('--profile-vm', () => {
  it('counts the instructions the VM ran, by opcode, pair and function', () => {
    const r = evalExpr('let f = n: if n == 0 then 0 else f (n - 1); in f 100', ['--profile-vm']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '0\n');
    // f runs 101 times: 101 comparisons, 100 recursive calls and the first.
    assert.match(r.stderr, /^VM profile: \d+ instructions in \d+ ms/);
    assert.match(r.stderr, /^ +[\d.]+% +101 +Equal$/m);
    assert.match(r.stderr, /^ +[\d.]+% +101 +Call$/m);
    assert.match(r.stderr, /^ +[\d.]+% +101 +Equal -> PopJumpIfFalse$/m);
    assert.match(r.stderr, /entered +101 +lambda f «string»:1:9$/m);
  });
});

// bin/launch.cjs compiles the bundle with V8's code cache, which V8 trusts if its
// length is right: a damaged cache must never reach V8 (it can crash).
describe('the code cache', () => {
  let copy = '';
  const cache = (): string => path.join(copy, 'dist', 'tsnix.cjs.cache');
  const run = (): Run => {
    const r = spawnSync(process.execPath, [path.join(copy, 'bin', 'tsnix'), 'eval', '--expr', 'builtins.toJSON { a = [ 1 "b" ]; }'], {
      encoding: 'utf8',
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const assertWorks = (): void => {
    const r = run();
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '"{\\"a\\":[1,\\"b\\"]}"\n');
    assert.equal(r.status, 0);
  };

  before(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-cache-'));
    fs.mkdirSync(path.join(copy, 'bin'));
    fs.mkdirSync(path.join(copy, 'dist'));
    for (const file of ['tsnix', 'launch.cjs', 'package.json'])
      fs.copyFileSync(path.join(path.dirname(bin), file), path.join(copy, 'bin', file));
    fs.copyFileSync(path.resolve(here, '../tsnix.cjs'), path.join(copy, 'dist', 'tsnix.cjs'));
  });

  after(() => {
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it('is written when missing, then used as it is', () => {
    assert.equal(fs.existsSync(cache()), false);
    assertWorks();
    const written = fs.readFileSync(cache());
    assert.ok(written.length > 1000);
    assertWorks();
    assert.deepEqual(fs.readFileSync(cache()), written);
  });

  it('is ignored and written again when damaged, cut short or stale', () => {
    const good = fs.readFileSync(cache());
    const damaged = Buffer.from(good);
    for (let i = 64; i < damaged.length; i += 4096) damaged[i] ^= 0x55;
    const stale = (): void => {
      fs.writeFileSync(cache(), good);
      const later = new Date(Date.now() + 5000);
      fs.utimesSync(path.join(copy, 'dist', 'tsnix.cjs'), later, later);
    };
    const cases: Array<[string, () => void]> = [
      ['damaged', () => fs.writeFileSync(cache(), damaged)],
      ['cut short', () => fs.writeFileSync(cache(), good.subarray(0, good.length >> 1))],
      ['garbage', () => fs.writeFileSync(cache(), Buffer.alloc(good.length, 0xa5))],
      ['empty', () => fs.writeFileSync(cache(), '')],
      ['stale', stale],
    ];
    for (const [what, spoil] of cases) {
      spoil();
      const spoilt = fs.readFileSync(cache());
      assertWorks();
      assert.notDeepEqual(fs.readFileSync(cache()), spoilt, `${what}: written again`);
      assertWorks();
    }
  });
});
