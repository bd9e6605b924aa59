// The settings table and the reading of nix.conf / $NIX_CONFIG. Names,
// kinds, defaults and aliases are CppNix 2.26.3's (`nix config show
// --json`); messages were checked against its nix-instantiate.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyConfig, parseConfig } from '../../src/cli/config.js';
import {
  ConfigError,
  findSetting,
  parseSettingValue,
  parseWithUnit,
  type SettingInfo,
  Settings,
  SETTINGS,
  UsageError,
} from '../../src/cli/settings.js';
import type { IO } from '../../src/io/io.js';

const info = (name: string): SettingInfo => findSetting(name)!;
const value = (name: string, text: string): unknown => parseSettingValue(info(name), text, () => {});

function settings(): { s: Settings; warnings: string[] } {
  const warnings: string[] = [];
  return { s: new Settings((m) => warnings.push(m)), warnings };
}

/** An IO over a few files, for includes. */
function filesIO(files: Record<string, string>): IO {
  return {
    readFile: (p: string) => files[p] ?? '',
    fileType: (p: string) => (p in files ? 'regular' : null),
  } as unknown as IO;
}

describe('the settings table', () => {
  it("holds CppNix 2.26's 117 settings, and tsnix's three lints", () => {
    assert.equal(SETTINGS.length, 120);
    assert.equal(new Set(SETTINGS.map((i) => i.name)).size, 120);
    for (const name of ['max-call-depth', 'show-trace', 'pure-eval', 'nix-path', 'restrict-eval', 'store', 'timeout', 'sandbox', 'cores'])
      assert.ok(findSetting(name), name);
  });

  it('knows kinds, defaults, aliases and experimental features', () => {
    assert.deepEqual(
      [info('max-call-depth').kind, info('max-call-depth').default, info('max-call-depth').use],
      ['uint32', 10000, 'honoured'],
    );
    assert.equal(info('store').use, 'kept');
    assert.equal(info('keep-going').use, 'build');
    assert.equal(findSetting('build-max-jobs'), info('max-jobs'));
    assert.equal(findSetting('binary-caches'), info('substituters'));
    assert.equal(info('accept-flake-config').xp, 'flakes');
    assert.equal(info('impure-env').xp, 'configurable-impure-env');
    assert.deepEqual(info('allowed-users').default, ['*']);
  });
});

describe('values', () => {
  it('booleans: true/yes/1, false/no/0', () => {
    for (const t of ['true', 'yes', '1']) assert.equal(value('show-trace', t), true);
    for (const f of ['false', 'no', '0']) assert.equal(value('show-trace', f), false);
    for (const bad of ['on', 'True', 'off', ''])
      assert.throws(() => value('show-trace', bad), new UsageError(`Boolean setting 'show-trace' has invalid value '${bad}'`));
  });

  it('integers: a sign, digits, a K/M/G/T unit, within the type', () => {
    assert.equal(value('max-call-depth', '+5'), 5);
    assert.equal(value('max-call-depth', '1K'), 1024);
    assert.equal(value('max-call-depth', '2k'), 2048);
    assert.equal(value('max-call-depth', '1M'), 1 << 20);
    assert.equal(value('max-call-depth', '4294967295'), 4294967295);
    assert.equal(value('max-silent-time', '-1'), -1);
    for (const bad of ['-1', ' 3', '3x', '', '0x10', '1.5', 'K', '4294967296', '99999999999999999999'])
      assert.throws(() => value('max-call-depth', bad), new UsageError(`setting 'max-call-depth' has invalid value '${bad}'`));
    assert.throws(() => parseWithUnit('1x', 64, false), new UsageError("invalid unit specifier 'X'"));
  });

  it('max-jobs, sandbox, paths, lists and maps', () => {
    assert.equal(value('max-jobs', 'auto'), 'auto');
    assert.equal(value('max-jobs', '+1'), 1);
    assert.throws(() => value('max-jobs', '1K'), new UsageError("configuration setting 'max-jobs' should be 'auto' or an integer"));
    assert.equal(value('sandbox', 'relaxed'), 'relaxed');
    assert.throws(() => value('sandbox', 'yes'), new UsageError("option 'sandbox' has invalid value 'yes'"));
    assert.equal(value('diff-hook', '/a//b/./c'), '/a/b/c');
    assert.throws(() => value('diff-hook', 'rel'), new ConfigError("not an absolute path: 'rel'"));
    assert.equal(value('netrc-file', 'rel'), 'rel');
    assert.deepEqual(value('nix-path', ' a=/b \t c '), ['a=/b', 'c']);
    assert.deepEqual(value('access-tokens', 'h=t ab'), ['h=t']);
  });

  it('experimental features: unknown ones are warned about (sorted, once) and dropped', () => {
    const warnings: string[] = [];
    assert.deepEqual(
      parseSettingValue(info('experimental-features'), 'b flakes a b', (m) => warnings.push(m)),
      ['flakes'],
    );
    assert.deepEqual(warnings, ["unknown experimental feature 'a'", "unknown experimental feature 'b'"]);
  });
});

describe('Settings', () => {
  it('sets by name or alias, adds with extra-, remembers unknown names', () => {
    const { s } = settings();
    assert.equal(s.set('build-max-jobs', '3'), true);
    assert.equal(s.get('max-jobs'), 3);
    s.set('extra-experimental-features', 'flakes');
    s.set('extra-experimental-features', 'nix-command flakes');
    assert.deepEqual(s.get('experimental-features'), ['flakes', 'nix-command']);
    s.set('extra-access-tokens', 'a=1 b=2');
    s.set('extra-access-tokens', 'a=3');
    assert.deepEqual(s.get('access-tokens'), ['a=3', 'b=2']);
    assert.equal(s.set('extra-max-jobs', '1'), false);
    assert.equal(s.set('bogus', '1'), false);
    assert.deepEqual(s.unknownWarnings(), ["unknown setting 'bogus'", "unknown setting 'extra-max-jobs'"]);
  });
});

describe('configuration text', () => {
  it('is `name = value` lines, words joined by one space, # comments', () => {
    assert.deepEqual(parseConfig('a = b   c # d\n\n  # e\nx =\n', 'NIX_CONFIG', filesIO({})), [
      ['a', 'b c'],
      ['x', ''],
    ]);
  });

  it('rejects other lines as CppNix does, naming the line and its source', () => {
    for (const [text, line] of [
      ['foo   # c', 'foo   '],
      ['show-trace=true', 'show-trace=true'],
      ['a b = c', 'a b = c'],
      [' = c', ' = c'],
      ['show-trace == 1', 'show-trace == 1'],
      ['include a b', 'include a b'],
      ['include', 'include'],
    ])
      assert.throws(
        () => parseConfig(text!, 'NIX_CONFIG', filesIO({})),
        new UsageError(`syntax error in configuration line '${line}' in 'NIX_CONFIG'`),
      );
  });

  it('includes files in place; a missing one fails unless !include', () => {
    const io = filesIO({ '/c/inc.conf': 'include sub.conf\nb = 2', '/c/sub.conf': 'a = 1' });
    assert.deepEqual(parseConfig('include /c/inc.conf\nc = 3', 'NIX_CONFIG', io), [
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
    assert.deepEqual(parseConfig('!include /nonexist', 'NIX_CONFIG', io), []);
    assert.throws(
      () => parseConfig('include /nonexist', 'NIX_CONFIG', io),
      new ConfigError("file '/nonexist' included from 'NIX_CONFIG' not found"),
    );
    // $NIX_CONFIG has no folder: a relative include is relative to `.`.
    assert.throws(() => parseConfig('include inc.conf', 'NIX_CONFIG', io), new ConfigError("not an absolute path: './inc.conf'"));
  });

  it('sets experimental features before the settings that need them', () => {
    const { s, warnings } = settings();
    applyConfig(s, [
      ['accept-flake-config', 'true'],
      ['extra-experimental-features', 'flakes'],
    ]);
    assert.deepEqual([s.get('accept-flake-config'), warnings], [true, []]);
    const other = settings();
    applyConfig(other.s, [['accept-flake-config', 'true']]);
    assert.deepEqual(other.warnings, ["Ignoring setting 'accept-flake-config' because experimental feature 'flakes' is not enabled"]);
  });
});
