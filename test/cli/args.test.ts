// nix-instantiate's command line as tsnix reads it (parseInstantiateArgs),
// class by class. Every message and outcome was checked against CppNix
// 2.26.3's nix-instantiate (../shared/tools/reference-nix.sh).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, defaultOptions, type InstantiateOptions, parseInstantiateArgs, UsageError } from '../../src/cli/args.js';

interface Parsed {
  opts: InstantiateOptions;
  warnings: string[];
}

function parse(argv: string[]): Parsed {
  const warnings: string[] = [];
  const opts = parseInstantiateArgs(
    argv,
    defaultOptions((m) => warnings.push(m)),
  );
  return { opts, warnings };
}

/** The error parsing gives: its class and message. */
function failure(argv: string[]): [string, string] {
  const warnings: string[] = [];
  try {
    parseInstantiateArgs(
      argv,
      defaultOptions((m) => warnings.push(m)),
    );
  } catch (e) {
    if (e instanceof UsageError) return ['usage', e.message];
    if (e instanceof ConfigError) return ['error', e.message];
    throw e;
  }
  assert.fail(`no error for ${argv.join(' ')}`);
}

describe("nix-instantiate's own flags", () => {
  it('set the mode, the output and the inputs', () => {
    const { opts } = parse(['--eval-only', '--strict', '--json', '-E', '1', '-A', 'a', '--attr', 'b', '--no-location']);
    assert.equal(opts.mode, 'eval');
    assert.equal(opts.strict, true);
    assert.equal(opts.output, 'json');
    assert.equal(opts.exprs, true);
    assert.equal(opts.location, false);
    assert.deepEqual(opts.inputs, ['1']);
    assert.deepEqual(opts.attrPaths, ['a', 'b']);
    // --parse wins over --eval, whatever their order (CppNix's parseOnly implies evalOnly).
    assert.equal(parse(['--parse', '--eval']).opts.mode, 'parse');
    assert.equal(parse(['--eval', '--parse-only']).opts.mode, 'parse');
  });

  it('keep what the store will need: --add-root, --repair, --store, --eval-store', () => {
    const { opts } = parse(['--add-root', 'r', '--indirect', '--repair', '--store', '/tmp/s', '--eval-store', 'auto']);
    assert.equal(opts.gcRoot, 'r');
    assert.equal(opts.repair, true);
    assert.equal(opts.settings.get('store'), '/tmp/s');
    assert.equal(opts.evalStore, 'auto');
    assert.equal(parse([]).opts.settings.get('store'), 'auto');
  });

  it('read-only mode: --readonly-mode and --dry-run win over --read-write-mode', () => {
    assert.equal(parse([]).opts.readOnly, null);
    assert.equal(parse(['--read-write-mode']).opts.readOnly, false);
    assert.equal(parse(['--dry-run']).opts.readOnly, true);
    assert.equal(parse(['--readonly-mode', '--read-write-mode']).opts.readOnly, true);
    assert.equal(parse(['--read-write-mode', '--readonly-mode']).opts.readOnly, true);
  });

  it('--version and --help stop the reading, as CppNix exits there', () => {
    assert.equal(parse(['--version', '--bogus']).opts.exitWith, 'version');
    assert.equal(parse(['--help']).opts.exitWith, 'help');
    assert.deepEqual(failure(['--bogus', '--version']), ['usage', "unrecognised flag '--bogus'"]);
  });

  it('take an argument as CppNix says when it is missing', () => {
    assert.deepEqual(failure(['-A']), ['usage', "'-A' requires an argument"]);
    assert.deepEqual(failure(['--add-root']), ['usage', "'--add-root' requires an argument"]);
  });
});

describe('the common flags', () => {
  it('are accepted: logging, building, the store', () => {
    const { opts, warnings } = parse([
      '-v',
      '--verbose',
      '--quiet',
      '--log-format',
      'raw',
      '-Q',
      '--no-build-output',
      '-K',
      '-k',
      '--fallback',
      '-j',
      '4',
      '--cores',
      '1K',
      '--timeout',
      '1',
      '--max-silent-time',
      '2',
      '--no-gc-warning',
      '--repair',
    ]);
    assert.deepEqual(warnings, []);
    assert.equal(opts.verbosity, 4);
    assert.equal(opts.logFormat, 'raw');
    assert.equal(opts.settings.get('keep-failed'), true);
    assert.equal(opts.settings.get('keep-going'), true);
    assert.equal(opts.settings.get('fallback'), true);
    assert.equal(opts.settings.get('max-jobs'), 4);
    assert.equal(opts.settings.get('cores'), 1024);
    assert.equal(opts.settings.get('timeout'), 1);
    assert.equal(opts.gcWarning, false);
    assert.equal(parse(['--debug']).opts.verbosity, 6);
    assert.equal(parse(['--quiet', '--quiet', '--quiet', '--quiet']).opts.verbosity, 0);
    assert.equal(parse(['--max-jobs', 'auto']).opts.settings.get('max-jobs'), 'auto');
  });

  it('reject bad values with CppNix messages', () => {
    assert.deepEqual(failure(['--max-jobs', 'x']), ['usage', "configuration setting 'max-jobs' should be 'auto' or an integer"]);
    assert.deepEqual(failure(['--max-jobs', '-1']), ['usage', "configuration setting 'max-jobs' should be 'auto' or an integer"]);
    assert.deepEqual(failure(['--cores', 'x']), ['usage', "invalid unit specifier 'X'"]);
    assert.deepEqual(failure(['--cores', '-1']), ['usage', "'-1' is not an integer"]);
    assert.deepEqual(failure(['--timeout', '--']), ['usage', "'--' is not an integer"]);
    assert.deepEqual(failure(['--max-silent-time', '-1']), ['usage', "'-1' is not an integer"]);
    assert.deepEqual(failure(['--log-format', 'bogus']), ['error', "option 'log-format' has an invalid value 'bogus'"]);
  });

  it('say how many arguments a flag takes', () => {
    assert.deepEqual(failure(['--arg', 'a']), ['usage', "flag '--arg' requires 2 argument(s), but only 1 were given"]);
    assert.deepEqual(failure(['--option', 'a']), ['usage', "flag '--option' requires 2 argument(s), but only 1 were given"]);
    assert.deepEqual(failure(['--max-call-depth']), ['usage', "flag '--max-call-depth' requires 1 argument(s), but only 0 were given"]);
    assert.deepEqual(failure(['-I']), ['usage', "flag '-I' requires 1 argument(s), but only 0 were given"]);
  });

  it('reject what CppNix 2.26 does not know', () => {
    for (const f of ['--bogus', '-x', '-L', '--print-build-logs', '--debugger', '--eval=1', '--no-bogus', '-1'])
      assert.deepEqual(failure([f]), ['usage', `unrecognised flag '${f}'`]);
  });
});

describe('the evaluation flags', () => {
  it('collect automatic arguments, later ones of a name winning when used', () => {
    const { opts } = parse(['--arg', 'a', '1', '--argstr', 'b', 'x', '--arg-from-file', 'c', 'f', '--arg-from-stdin', 'd']);
    assert.deepEqual(opts.autoArgs, [
      { name: 'a', kind: 'expr', value: '1' },
      { name: 'b', kind: 'string', value: 'x' },
      { name: 'c', kind: 'file', path: 'f' },
      { name: 'd', kind: 'stdin' },
    ]);
  });

  it('--impure, -I, and --override-flake (which needs flakes at once)', () => {
    const { opts } = parse(['--pure-eval', '--impure', '-I', 'a=/b', '--include', '/c']);
    assert.equal(opts.settings.get('pure-eval'), false);
    assert.deepEqual(opts.includes, ['a=/b', '/c']);
    assert.deepEqual(failure(['--override-flake', 'a', 'b']), [
      'error',
      "experimental Nix feature 'flakes' is disabled; add '--extra-experimental-features flakes' to enable it",
    ]);
    parse(['--extra-experimental-features', 'flakes', '--override-flake', 'a', 'b']);
  });
});

describe('the shape of the command line', () => {
  it('splits compound short flags as CppNix does', () => {
    // `-Aa` is `-A -a`; `-E1` is `-E 1`; `-Ia=/tmp` is `-I -a =/tmp`.
    assert.deepEqual(parse(['-Aa']).opts.attrPaths, ['-a']);
    assert.deepEqual(parse(['-E1']).opts.inputs, ['1']);
    const i = parse(['-Ia=/tmp']).opts;
    assert.deepEqual([i.includes, i.inputs], [['-a'], ['=/tmp']]);
    const v = parse(['-vj', '3', '-vj3']).opts;
    assert.deepEqual([v.verbosity, v.settings.get('max-jobs')], [5, 3]);
  });

  it('after --, arguments go to nix-instantiate alone', () => {
    const { opts } = parse(['--', '--strict', '-E', 'x', '-']);
    assert.deepEqual([opts.strict, opts.exprs, opts.inputs], [true, true, ['x', '-']]);
    assert.deepEqual(failure(['--', '-1']), ['usage', "unexpected argument '-1'"]);
    assert.deepEqual(failure(['--', '--max-call-depth', '1']), ['usage', "unexpected argument '--max-call-depth'"]);
    assert.deepEqual(failure(['--', '-A', 'x']), ['usage', "'-A' requires an argument"]);
  });

  it('takes `-` and the empty string as inputs', () => {
    assert.deepEqual(parse(['-', '']).opts.inputs, ['-', '']);
  });
});

describe('setting flags', () => {
  it('every setting is --NAME VALUE, a boolean is --NAME / --no-NAME, a list also --extra-NAME', () => {
    const { opts, warnings } = parse([
      '--max-call-depth',
      '1k',
      '--show-trace',
      '--no-pure-eval',
      '--nix-path',
      'a=/b',
      '--extra-nix-path',
      'c=/d',
      '--system',
      'foo',
      '--tarball-ttl',
      '0',
      '--access-tokens',
      'h=t',
      '--extra-substituters',
      'x',
      '--lint-url-literals',
      'warn',
    ]);
    assert.deepEqual(warnings, []);
    const s = opts.settings;
    assert.equal(s.get('max-call-depth'), 1024);
    assert.equal(s.get('show-trace'), true);
    assert.equal(s.get('pure-eval'), false);
    assert.deepEqual(s.get('nix-path'), ['a=/b', 'c=/d']);
    assert.equal(s.get('system'), 'foo');
    assert.deepEqual(s.get('substituters'), ['https://cache.nixos.org/', 'x']);
    assert.equal(s.get('lint-url-literals'), 'warn');
  });

  it('aliases are flags too, but have no --no- or --extra- form', () => {
    assert.equal(parse(['--build-max-jobs', '2']).opts.settings.get('max-jobs'), 2);
    assert.equal(parse(['--build-use-sandbox']).opts.settings.get('sandbox'), 'true');
    assert.equal(parse(['--relaxed-sandbox']).opts.settings.get('sandbox'), 'relaxed');
    for (const f of ['--no-build-use-sandbox', '--extra-binary-caches', '--extra-show-trace', '--extra-max-jobs'])
      assert.deepEqual(failure([f, 'x']), ['usage', `unrecognised flag '${f}'`]);
  });

  it('a bad value is an error; an absolute path that is not one is a plain error', () => {
    assert.deepEqual(failure(['--max-call-depth', '-1']), ['usage', "setting 'max-call-depth' has invalid value '-1'"]);
    assert.deepEqual(failure(['--log-lines', 'x']), ['usage', "setting 'log-lines' has invalid value 'x'"]);
    assert.deepEqual(failure(['--connect-timeout', '-1']), ['usage', "setting 'connect-timeout' has invalid value '-1'"]);
    assert.deepEqual(failure(['--diff-hook', 'rel']), ['error', "not an absolute path: 'rel'"]);
    assert.equal(parse(['--diff-hook', '']).opts.settings.get('diff-hook'), null);
  });

  it('a flag of an experimental setting fails after the reading unless the feature is on', () => {
    const need = "experimental Nix feature 'flakes' is disabled; add '--extra-experimental-features flakes' to enable it";
    assert.deepEqual(failure(['--accept-flake-config']), ['error', need]);
    assert.deepEqual(failure(['--no-accept-flake-config']), ['error', need]);
    assert.equal(
      parse(['--accept-flake-config', '--extra-experimental-features', 'flakes']).opts.settings.get('accept-flake-config'),
      true,
    );
    // A flag with a value also says it ignores the value.
    const warnings: string[] = [];
    assert.throws(
      () =>
        parseInstantiateArgs(
          ['--impure-env', 'a=b'],
          defaultOptions((m) => warnings.push(m)),
        ),
      ConfigError,
    );
    assert.deepEqual(warnings, ["Ignoring setting 'impure-env' because experimental feature 'configurable-impure-env' is not enabled"]);
  });
});

describe('--option', () => {
  it('warns about an unknown setting once the line is read, sorted, once each', () => {
    assert.deepEqual(parse(['--option', 'zz', '1', '--option', 'aa', '2', '--option', 'zz', '3']).warnings, [
      "unknown setting 'aa'",
      "unknown setting 'zz'",
    ]);
    assert.deepEqual(parse(['--option', 'extra-show-trace', '1']).warnings, ["unknown setting 'extra-show-trace'"]);
    // An error stops the reading before the warnings.
    const warnings: string[] = [];
    assert.throws(
      () =>
        parseInstantiateArgs(
          ['--option', 'zz', '1', '-A'],
          defaultOptions((m) => warnings.push(m)),
        ),
      UsageError,
    );
    assert.deepEqual(warnings, []);
  });

  it('turns a bad value into a warning, printed as CppNix prints it', () => {
    assert.deepEqual(parse(['--option', 'show-trace', 'on', '--option', 'zz', '1']).warnings, [
      "error: Boolean setting 'show-trace' has invalid value 'on'",
      "unknown setting 'zz'",
    ]);
    assert.deepEqual(parse(['--option', 'max-jobs', '1K']).warnings, [
      "error: configuration setting 'max-jobs' should be 'auto' or an integer",
    ]);
    assert.deepEqual(parse(['--option', 'sandbox', 'yes']).warnings, ["error: option 'sandbox' has invalid value 'yes'"]);
    assert.deepEqual(parse(['--option', 'accept-flake-config', 'true']).warnings, [
      "Ignoring setting 'accept-flake-config' because experimental feature 'flakes' is not enabled",
    ]);
  });

  it('takes aliases and extra- forms', () => {
    const s = parse(['--option', 'build-max-jobs', '2', '--option', 'extra-binary-caches', 'x', '--option', 'max-silent-time', '-1']).opts
      .settings;
    assert.equal(s.get('max-jobs'), 2);
    assert.deepEqual(s.get('substituters'), ['https://cache.nixos.org/', 'x']);
    assert.equal(s.get('max-silent-time'), -1);
  });
});
