// Pure and restricted evaluation through the library, rule by rule, on a
// temporary tree with real symlinks. Every expected message and value was
// taken from CppNix 2.26.3 (nix-instantiate --eval --restrict-eval /
// --pure-eval) on the same tree laid out under /tmp:
//
//   allowed/  f.txt  a.nix  imp.nix (import ../other/b.nix)  sub/x
//             lnk -> f.txt   tunnel -> ../other
//   other/    s.txt  b.nix

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EvaluatorOptions } from '../../src/eval.js';
import { AllowList, isAllowedURI, restrictIO } from '../../src/io/allow-list.js';
import { NodeIO } from '../../src/io/node-io.js';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

let root = '';
/** The first folder of the tree's path (`/tmp`): what a walk from `/` forbids first when nothing is allowed. */
let top = '';

/** A Nix string of a path under the tree; `lit` gives it as a path literal. */
const at = (rel: string): string => JSON.stringify(path.join(root, rel));
const lit = (rel: string): string => path.join(root, rel);
const RESTRICTED = 'is forbidden in restricted mode';
const PURE = "is forbidden in pure evaluation mode (use '--impure' to override)";
const forbidden = (p: string, mode = RESTRICTED): string => `access to absolute path '${p}' ${mode}`;

/** Restricted mode with `allowed` (and `extra` entries) in the search path; warnings are collected, not printed. */
function restricted(extra: Array<[string, string]> = [], more: Partial<EvaluatorOptions['settings']> = {}): Partial<EvaluatorOptions> {
  return {
    settings: { restrict: true, nixPath: [['', path.join(root, 'allowed')], ...extra], ...more },
    log: () => {},
  };
}

before(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-restricted-')));
  top = '/' + root.split('/')[1]!;
  fs.mkdirSync(path.join(root, 'allowed', 'sub'), { recursive: true });
  fs.mkdirSync(path.join(root, 'other'));
  fs.writeFileSync(path.join(root, 'allowed', 'f.txt'), 'hello\n');
  fs.writeFileSync(path.join(root, 'allowed', 'a.nix'), '{ x = 1; }\n');
  fs.writeFileSync(path.join(root, 'allowed', 'imp.nix'), 'import ../other/b.nix\n');
  fs.writeFileSync(path.join(root, 'allowed', 'sub', 'x'), '');
  fs.symlinkSync('f.txt', path.join(root, 'allowed', 'lnk'));
  fs.symlinkSync('../other', path.join(root, 'allowed', 'tunnel'));
  fs.writeFileSync(path.join(root, 'other', 's.txt'), 'secret\n');
  fs.writeFileSync(path.join(root, 'other', 'b.nix'), '{ y = 2; }\n');
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the allow-list (CppNix AllowListSourceAccessor)', () => {
  it('allows a prefix, what is below it, and the folders leading to it', () => {
    const list = new AllowList(false);
    list.allow('/a/b');
    for (const p of ['/a/b', '/a/b/c/d', '/a', '/']) assert.equal(list.isAllowed(p), true, p);
    for (const p of ['/a/bc', '/a/c', '/b', '/ab']) assert.equal(list.isAllowed(p), false, p);
    assert.equal(new AllowList(true).isAllowed('/'), false);
  });

  it('names the path in the mode’s words', () => {
    assert.throws(() => new AllowList(false).check('/etc'), { message: forbidden('/etc') });
    assert.throws(() => new AllowList(true).check('/etc'), { message: forbidden('/etc', PURE) });
  });

  it('lists only the entries of a folder that lead to allowed paths', () => {
    const list = new AllowList(false);
    list.allow(path.join(root, 'allowed'));
    const io = restrictIO(new NodeIO(), list);
    assert.deepEqual(io.readDir(root), [['allowed', 'directory']]);
    assert.throws(() => io.readFile(path.join(root, 'other', 's.txt')), { message: forbidden(path.join(root, 'other', 's.txt')) });
  });
});

describe('allowed-uris (CppNix isAllowedURI)', () => {
  it('allows a prefix equal to the URI or ending at a `/` in it', () => {
    assert.equal(isAllowedURI('https://e.com', ['https://e.com']), true);
    assert.equal(isAllowedURI('https://e.com/a/b', ['https://e.com']), true);
    assert.equal(isAllowedURI('https://e.com.evil/x', ['https://e.com']), false);
    assert.equal(isAllowedURI('https://e.comx', ['https://e.com']), false);
    assert.equal(isAllowedURI('https://e.com/ab', ['https://e.com/a']), false);
    assert.equal(isAllowedURI('https://e.com/a', ['https://e.com/a/']), false);
    assert.equal(isAllowedURI('https://e.com/a/b', ['https://e.com/a/']), true);
    assert.equal(isAllowedURI('git+file:///r?exportIgnore=1', ['git+file:///r?exportIgnore=1']), true);
    assert.equal(isAllowedURI('git+file:///r?exportIgnore=1', ['git+file:///r']), false);
  });

  it('allows a whole scheme given as `scheme:`', () => {
    assert.equal(isAllowedURI('https://anything/x', ['https:']), true);
    assert.equal(isAllowedURI('git+file:///r', ['git+file:']), true);
    assert.equal(isAllowedURI('http://x', ['https:']), false);
    assert.equal(isAllowedURI('x', ['']), false);
  });
});

describe('restricted mode', () => {
  it('reads what the search path holds, and nothing else', () => {
    assert.equal(evalNix(`builtins.readFile ${at('allowed/f.txt')}`, restricted()), '"hello\\n"');
    assert.equal(evalNix(`import ${at('allowed/a.nix')}`, restricted()), '{ x = 1; }');
    assert.equal(evalError(`builtins.readFile ${at('other/s.txt')}`, restricted()), forbidden(path.join(root, 'other')));
    assert.equal(evalError(`builtins.readFile ${at('allowed/f.txt')}`, { settings: { restrict: true } }), forbidden(top));
    assert.match(
      evalErrorReport(`builtins.readFile ${at('other/s.txt')}`, restricted()),
      new RegExp(`while realising the context of path '${root}/other/s.txt'`),
    );
    assert.equal(evalError(`import ${at('allowed/imp.nix')}`, restricted()), forbidden(path.join(root, 'other')));
    assert.equal(evalError(`builtins.hashFile "sha256" ${at('other/s.txt')}`, restricted()), forbidden(path.join(root, 'other')));
  });

  it('follows symlinks inside what it may read, not out of it', () => {
    assert.equal(evalNix(`builtins.readFile ${at('allowed/lnk')}`, restricted()), '"hello\\n"');
    assert.equal(evalError(`builtins.readFile ${at('allowed/tunnel/s.txt')}`, restricted()), forbidden(path.join(root, 'other')));
    assert.equal(evalError(`builtins.readDir ${at('allowed/tunnel')}`, restricted()), forbidden(path.join(root, 'other')));
    assert.equal(evalError(`builtins.readFile ${at('allowed/../other/s.txt')}`, restricted()), forbidden(path.join(root, 'other')));
  });

  it('shows the folders leading to allowed paths, with only the entries leading there', () => {
    assert.equal(evalNix(`builtins.readDir ${at('')}`, restricted()), '{ allowed = "directory"; }');
    assert.equal(evalNix(`builtins.readFileType ${at('')}`, restricted()), '"directory"');
    assert.equal(evalNix(`builtins.pathExists ${at('')}`, restricted()), 'true');
    assert.equal(
      evalNix(`builtins.readDir ${at('allowed')}`, restricted()),
      '{ "a.nix" = "regular"; "f.txt" = "regular"; "imp.nix" = "regular"; lnk = "symlink"; sub = "directory"; tunnel = "symlink"; }',
    );
  });

  it('answers pathExists false for what it may not read', () => {
    assert.equal(evalNix(`builtins.pathExists ${at('other/s.txt')}`, restricted()), 'false');
    assert.equal(evalNix(`builtins.pathExists ${at('other')}`, restricted()), 'false');
    assert.equal(evalNix(`builtins.pathExists ${at('allowed/tunnel/s.txt')}`, restricted()), 'false');
    assert.equal(evalNix('builtins.pathExists builtins.storeDir', restricted()), 'false');
  });

  it('checks readFileType’s path itself', () => {
    assert.equal(evalError('builtins.readFileType /etc/passwd', restricted()), forbidden('/etc/passwd'));
    assert.equal(evalError(`builtins.readFileType ${at('other')}`, restricted()), forbidden(path.join(root, 'other')));
    assert.equal(evalNix(`builtins.readFileType ${at('allowed/tunnel')}`, restricted()), '"symlink"');
    // Below an allowed prefix by name, so the symlink on the way is what fails.
    assert.equal(
      evalError(`builtins.readFileType ${at('allowed/tunnel/s.txt')}`, restricted()),
      `path '${root}/allowed/tunnel' is a symlink`,
    );
  });

  it('copies to the store only what it may read', () => {
    assert.match(evalNix(`"\${${lit('allowed/f.txt')}}"`, restricted()), /-f\.txt"$/);
    // Without a position: the copy happens in the interpolation.
    assert.equal(evalErrorReport(`"\${${lit('other/s.txt')}}"`, restricted()), `error: ${forbidden(path.join(root, 'other'))}`);
    assert.match(evalNix(`builtins.path { path = ${at('allowed/sub')}; }`, restricted()), /-sub"$/);
    assert.equal(evalError(`builtins.path { path = ${at('other')}; }`, restricted()), forbidden(path.join(root, 'other')));
    assert.equal(evalError(`builtins.filterSource (p: t: true) ${at('other')}`, restricted()), forbidden(path.join(root, 'other')));
    assert.equal(evalError(`builtins.path { path = ${at('allowed/tunnel')}; }`, restricted()), forbidden(path.join(root, 'other')));
    // A symlink at the end is copied as a symlink: nothing outside is read.
    assert.match(evalNix(`"\${${lit('allowed/tunnel')}}"`, restricted()), /-tunnel"$/);
    // A folder leading to allowed paths is copied as what may be seen of it.
    assert.equal(
      evalNix(`"\${${lit('')}}"`, restricted()),
      evalNix(
        `"\${builtins.path { path = ${lit('')}; name = baseNameOf ${at('')}; filter = p: t: baseNameOf p == "allowed" || dirOf p != ${at('')}; }}"`,
      ),
    );
  });

  it('hides the environment but keeps the clock and the system', () => {
    process.env['TSNIX_TEST_VAR'] = 'foo';
    assert.equal(evalNix('builtins.getEnv "TSNIX_TEST_VAR"', restricted()), '""');
    assert.equal(evalNix('builtins ? currentTime && builtins ? currentSystem', restricted()), 'true');
    assert.equal(
      evalNix('builtins.nixPath', restricted([['x', 'y']])),
      `[ { path = "${root}/allowed"; prefix = ""; } { path = "y"; prefix = "x"; } ]`,
    );
  });

  it('looks up <...> in what it may read, symlinks resolved', () => {
    const opts = restricted([['x', path.join(root, 'allowed')]]);
    assert.equal(evalNix('<x/lnk>', opts), `${root}/allowed/f.txt`);
    assert.equal(evalError('<x/tunnel/s.txt>', opts), forbidden(path.join(root, 'other')));
    // A search path made in the code is not allowed by being searched.
    assert.equal(
      evalError(`let __nixPath = [ { prefix = "foo"; path = ${at('other')}; } ]; in <foo/s.txt>`, opts),
      forbidden(path.join(root, 'other')),
    );
    assert.equal(
      evalError(`let __nixPath = [ { prefix = "foo"; path = ${at('other')}; } ]; in <foo/nope>`, opts),
      forbidden(path.join(root, 'other')),
    );
  });

  it('fails at the start on a search path entry whose symlinks lead outside, and warns about missing ones', () => {
    assert.throws(() => evalNix('1', restricted([['', path.join(root, 'allowed', 'tunnel')]])), {
      message: forbidden(path.join(root, 'other')),
    });
    const lines: string[] = [];
    assert.equal(evalNix('1', { ...restricted([['', '/nonexistent-tsnix']]), log: (t) => lines.push(t) }), '1');
    assert.deepEqual(lines, ["warning: Nix search path entry '/nonexistent-tsnix' does not exist, ignoring\n"]);
  });

  it('reads the store paths evaluation makes, no other', () => {
    assert.equal(evalError('builtins.readFile /nix/store/foo', restricted()), forbidden('/nix'));
    assert.equal(
      evalError(
        'builtins.readFile (builtins.appendContext "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x" { "/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x" = { path = true; }; })',
        restricted(),
      ),
      "path '/nix/store/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-x' is not valid",
    );
  });

  it('lets fetchers reach only allowed URIs', () => {
    const uri = (u: string): string => `access to URI '${u}' ${RESTRICTED}`;
    assert.equal(evalError('builtins.fetchurl "https://example.com/x"', restricted()), uri('https://example.com/x'));
    assert.equal(
      evalError('builtins.fetchTarball "channel:nixos-24.05"', restricted()),
      uri('https://nixos.org/channels/nixos-24.05/nixexprs.tar.xz'),
    );
    assert.equal(evalError('builtins.fetchMercurial "https://example.com/hg"', restricted()), uri('https://example.com/hg'));
    assert.equal(evalError(`builtins.fetchGit ${at('allowed')}`, restricted()), uri(`git+file://${root}/allowed?exportIgnore=1`));
    assert.equal(
      evalError(
        'builtins.fetchGit { url = "https://example.com/a/b"; ref = "main"; submodules = true; shallow = true; name = "foo"; }',
        restricted(),
      ),
      uri('git+https://example.com/a/b?ref=main&shallow=1&submodules=1'),
    );
    assert.equal(
      evalError('builtins.fetchGit "git@github.com:a/b.git"', restricted()),
      uri('git+ssh://git@github.com/a/b.git?exportIgnore=1'),
    );
    assert.equal(
      evalError('builtins.fetchGit "git://github.com/NixOS/patchelf.git"', restricted()),
      uri('git://github.com/NixOS/patchelf.git?exportIgnore=1'),
    );
    assert.equal(
      evalError(
        'builtins.fetchGit { url = "ssh://git@h/a"; rev = "0000000000000000000000000000000000000000"; ref = "refs/heads/x"; exportIgnore = false; }',
        restricted(),
      ),
      uri('git+ssh://git@h/a?ref=refs/heads/x&rev=0000000000000000000000000000000000000000'),
    );
    // A path, or a file:// URL, is judged as a path to read (the whole path named).
    assert.equal(evalError(`builtins.fetchurl "file://${root}/allowed/../other/s.txt"`, restricted()), forbidden(`${root}/other/s.txt`));
    assert.equal(evalError('builtins.fetchurl "/etc/passwd"', restricted()), forbidden('/etc/passwd'));
    // Allowed, they go on to fetch (which tsnix does not do).
    assert.match(
      evalError('builtins.fetchurl "https://example.com/x"', restricted([], { allowedUris: ['https://example.com'] })),
      /does not support yet$/,
    );
    assert.match(
      evalError('builtins.fetchurl "https://example.com.evil/x"', restricted([], { allowedUris: ['https://example.com'] })),
      /forbidden in restricted mode$/,
    );
  });
});

describe('pure mode', () => {
  const pure: Partial<EvaluatorOptions> = { settings: { pure: true, nixPath: [['', '/tmp']] }, log: () => {} };

  it('reads no store path it did not make, nor the store folder', () => {
    assert.equal(evalError('builtins.readFile /nix/store/foo', pure), forbidden('/nix', PURE));
    assert.equal(evalNix('builtins.pathExists builtins.storeDir', pure), 'false');
    assert.equal(evalError('builtins.readFileType /etc/passwd', pure), forbidden('/etc/passwd', PURE));
    assert.equal(evalError(`builtins.readFile "\${${lit('allowed/f.txt')}}"`, pure), forbidden(top, PURE));
  });

  it('refuses unlocked fetches', () => {
    assert.equal(
      evalError(`builtins.fetchGit ${at('allowed')}`, pure),
      `in pure evaluation mode, 'fetchGit' will not fetch unlocked input 'git+file://${root}/allowed?exportIgnore=1'`,
    );
    assert.equal(
      evalError('builtins.fetchMercurial "https://example.com/hg"', pure),
      "in pure evaluation mode, 'fetchMercurial' requires a Mercurial revision",
    );
    assert.equal(
      evalError('builtins.fetchMercurial { url = "https://example.com/hg"; rev = "abc"; }', pure),
      "in pure evaluation mode, 'fetchMercurial' requires a Mercurial revision",
    );
  });

  it('with restricted mode too: paths in pure mode’s words, URIs checked first', () => {
    const both: Partial<EvaluatorOptions> = { settings: { pure: true, restrict: true } };
    assert.equal(evalError('builtins.readFile /etc/passwd', both), forbidden('/etc', PURE));
    assert.equal(evalError('builtins.fetchurl "https://e.com/"', both), `access to URI 'https://e.com/' ${RESTRICTED}`);
    assert.equal(
      evalError('builtins.fetchMercurial "https://example.com/hg"', both),
      `access to URI 'https://example.com/hg' ${RESTRICTED}`,
    );
    assert.equal(evalNix('builtins.getEnv "HOME"', both), '""');
  });
});
