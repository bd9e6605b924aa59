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
import { removeTree } from './store-helpers.js';

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

function tsnix(args: string[], storeDir: string): { status: number | null; stdout: string; stderr: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NIX_|XDG_)/.test(k)) env[k] = v;
  const r = spawnSync(process.execPath, [bin, 'instantiate', ...args], {
    cwd: dir,
    env: {
      ...env,
      HOME: dir,
      NIX_CONF_DIR: path.join(dir, 'etc'),
      NIX_USER_CONF_FILES: '',
      NIX_STORE_DIR: storeDir,
      NIX_STATE_DIR: path.join(dir, 'var'),
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
