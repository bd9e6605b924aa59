// The CLI's bytecode cache, as a user meets it: entries under
// $XDG_CACHE_HOME/tsnix, read back by the next run, byte-identical errors,
// TSNIX_BYTECODE_CACHE=0 to turn it off, and no complaint when the folder
// cannot be written.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../../bin/tsnix');

let dir = '';

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-cli-cache-')));
  fs.writeFileSync(
    path.join(dir, 'lib.nix'),
    '{\n  check = n:\n    if n > 3 then throw "too big: ${toString n}"\n    else { value = n * 2; };\n  get = s: s.missing;\n}\n',
  );
  fs.writeFileSync(path.join(dir, 'ok.nix'), 'let lib = import ./lib.nix; in (lib.check 2).value\n');
  fs.writeFileSync(path.join(dir, 'throws.nix'), 'let lib = import ./lib.nix; in (lib.check 5).value\n');
  fs.writeFileSync(path.join(dir, 'missing.nix'), 'let lib = import ./lib.nix; in lib.get { present = 1; }\n');
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function tsnix(args: string[], env: Record<string, string>): Run {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_|TSNIX_)/.test(k)) base[k] = v;
  const r = spawnSync(process.execPath, [bin, 'instantiate', ...args], {
    cwd: dir,
    env: { ...base, HOME: path.join(dir, 'home'), NIX_CONF_DIR: path.join(dir, 'etc'), NIX_USER_CONF_FILES: '', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each entry's name with its inode and mtime: a run that reads the cache leaves these as they were. */
function snapshot(cache: string): string[] {
  const folder = path.join(cache, 'tsnix', 'bytecode');
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .sort()
    .map((e) => {
      const st = fs.statSync(path.join(folder, e));
      return `${e} ${st.ino} ${st.mtimeMs}`;
    });
}

describe('the CLI bytecode cache', () => {
  it('writes entries on the first run and reads them on the next', () => {
    const cache = path.join(dir, 'xdg1');
    const first = tsnix(['--eval', 'ok.nix'], { XDG_CACHE_HOME: cache });
    assert.equal(first.stdout, '4\n');
    const written = snapshot(cache);
    assert.equal(written.length, 2, 'ok.nix and lib.nix');
    const second = tsnix(['--eval', 'ok.nix'], { XDG_CACHE_HOME: cache });
    assert.equal(second.stdout, '4\n');
    assert.deepEqual(snapshot(cache), written, 'read, not compiled and written again');
  });

  for (const file of ['throws.nix', 'missing.nix']) {
    it(`prints an error inside a cached file byte for byte as an uncached run (${file})`, () => {
      const cache = path.join(dir, `xdg-${file}`);
      const uncached = tsnix(['--eval', file], { TSNIX_BYTECODE_CACHE: '0', XDG_CACHE_HOME: cache });
      assert.equal(snapshot(cache).length, 0, 'TSNIX_BYTECODE_CACHE=0 writes nothing');
      assert.equal(uncached.status, 1);
      assert.match(uncached.stderr, /lib\.nix:\d+:\d+:/);
      const cold = tsnix(['--eval', file], { XDG_CACHE_HOME: cache });
      const written = snapshot(cache);
      assert.equal(written.length, 2);
      const warm = tsnix(['--eval', file], { XDG_CACHE_HOME: cache });
      assert.deepEqual(snapshot(cache), written, 'the warm run read the cache');
      for (const r of [cold, warm]) {
        assert.equal(r.status, uncached.status);
        assert.equal(r.stdout, uncached.stdout);
        assert.equal(r.stderr, uncached.stderr);
      }
      const traced = (env: Record<string, string>): Run => tsnix(['--eval', '--show-trace', file], { XDG_CACHE_HOME: cache, ...env });
      assert.equal(traced({}).stderr, traced({ TSNIX_BYTECODE_CACHE: '0' }).stderr);
    });
  }

  it('goes on uncached, silently, when the cache folder cannot be written', () => {
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    const r = tsnix(['--eval', 'ok.nix'], { XDG_CACHE_HOME: blocked });
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '4\n');
    assert.equal(r.stderr, '');
  });
});
