// The REPL's store commands against CppNix 2.26 itself: `tsnix repl`
// writes the derivation into a fresh private store as it evaluates it, and
// `:b` / `:bl` build it with the system's nix-store (here CppNix's, from
// ../shared/tools/reference-nix.sh, put on PATH). Skipped where CppNix is
// not installed (CI does not install it); the commands' messages when
// nix-store is missing are checked everywhere.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { removeTree } from '../store/store-helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const tsnixBin = path.resolve(here, '../../../bin/tsnix');
const referenceNix = path.resolve(here, '../../../../shared/tools/reference-nix.sh');
const haveCppNix = fs.existsSync('/opt/nix-ref/usr/bin/nix-instantiate') && fs.existsSync(referenceNix);

// Below /tmp: the folders CppNix's chroot sees at the same paths.
let work = '';

function env(withNixStore: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_)/.test(k)) e[k] = v;
  return {
    ...e,
    HOME: path.join(work, 'home'),
    PATH: withNixStore ? `${path.join(work, 'bin')}:${e.PATH ?? ''}` : '/usr/bin:/bin',
    NO_COLOR: '1',
    NIX_STORE_DIR: path.join(work, 'nix', 'store'),
    NIX_STATE_DIR: path.join(work, 'nix', 'var'),
    NIX_LOG_DIR: path.join(work, 'nix', 'log'),
    NIX_CONF_DIR: path.join(work, 'etc'),
    NIX_USER_CONF_FILES: '',
  };
}

function repl(input: string, withNixStore: boolean): { stdout: string; stderr: string } {
  const r = spawnSync(tsnixBin, ['repl', 'drv.nix'], { cwd: work, input, env: env(withNixStore), encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  fs.mkdirSync('/tmp', { recursive: true });
  work = fs.realpathSync(fs.mkdtempSync('/tmp/tsnix-repl-build-'));
  fs.mkdirSync(path.join(work, 'bin'));
  fs.mkdirSync(path.join(work, 'etc'));
  fs.mkdirSync(path.join(work, 'home'));
  // Root without build users, no sandbox, offline: as reference-nix.sh's own configuration says.
  fs.writeFileSync(path.join(work, 'etc', 'nix.conf'), 'build-users-group =\nsandbox = false\nsubstituters =\n');
  // The chroot sees /tmp too: the wrapper must not find itself on PATH in there.
  fs.writeFileSync(
    path.join(work, 'bin', 'nix-store'),
    `#!/bin/sh\nPATH=/usr/sbin:/usr/bin:/sbin:/bin exec ${referenceNix} /usr/bin/nix-store "$@"\n`,
    { mode: 0o755 },
  );
  fs.writeFileSync(
    path.join(work, 'drv.nix'),
    '{ hello = derivation { name = "hello"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo hi > $out" ]; }; }\n',
  );
});

after(() => {
  if (work !== '') removeTree(work);
});

describe('the REPL builds through the system nix-store', () => {
  it('says clearly when nix-store is missing', () => {
    const { stdout, stderr } = repl(':b hello\n:b 1\n', false);
    assert.match(stdout, /^Added 1 variables\.\n/);
    assert.match(stderr, /error: cannot run 'nix-store': it is not on PATH/);
    assert.match(stderr, /error: expression does not evaluate to a derivation, so I can't build it/);
  });

  it(
    ':b and :bl build with CppNix, :bl leaves a root',
    { skip: !haveCppNix && 'CppNix is not installed (../shared/tools/reference-nix.sh install)' },
    () => {
      const { stdout } = repl(':b hello\n:bl hello\n', true);
      const built = /This derivation produced the following outputs:\n {2}out -> (\S+-hello)\n/.exec(stdout);
      assert.ok(built !== null, stdout);
      assert.equal(fs.readFileSync(built[1]!, 'utf8'), 'hi\n');
      assert.equal(fs.readlinkSync(path.join(work, 'repl-result-out')), built[1]);
    },
  );
});
