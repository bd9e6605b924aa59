// The library's `sandbox` option: untrusted code sees the files it is
// given and nothing of the host (files, environment, clock, programs,
// stderr), and evaluates as it would on those files.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evaluate, NixError, printValue, type EvaluateOptions, type SandboxOptions } from '../../src/index.js';
import { MemoryIO } from '../../src/io/memory-io.js';
import { captureDiagnostics } from '../helpers.js';

const files: SandboxOptions['files'] = {
  '/lib/default.nix': '{ x = 1; data = import ./data.nix; }',
  '/lib/data.nix': 'builtins.readFile ./data.txt',
  '/lib/data.txt': 'héllo\n',
  '/lib/link': { symlink: 'data.txt' },
  '/lib/bin/run': { contents: '#!/bin/sh\n', executable: true },
};

const run = (expr: string, sandbox: SandboxOptions | true = { files }, more: EvaluateOptions = {}): string =>
  printValue(evaluate(expr, { sandbox, strict: true, ...more }));

function fails(expr: string, sandbox: SandboxOptions | true = { files }, more: EvaluateOptions = {}): string {
  try {
    evaluate(expr, { sandbox, strict: true, ...more });
  } catch (e) {
    if (e instanceof NixError) return e.message;
    throw e;
  }
  throw new Error(`expected an error from ${expr}`);
}

let hostDir = '';
before(() => {
  hostDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-sandbox-')));
  fs.writeFileSync(path.join(hostDir, 'secret.txt'), 'secret\n');
});
after(() => fs.rmSync(hostDir, { recursive: true, force: true }));

describe('the sandbox option', () => {
  it('evaluates code over the files it is given', () => {
    assert.equal(run('import /lib'), '{ data = "h\xc3\xa9llo\\n"; x = 1; }');
    assert.equal(run('builtins.readFile /lib/link'), '"h\xc3\xa9llo\\n"');
    assert.equal(
      run('builtins.readDir /lib'),
      '{ bin = "directory"; "data.nix" = "regular"; "data.txt" = "regular"; "default.nix" = "regular"; link = "symlink"; }',
    );
    assert.equal(run('builtins.stringLength (builtins.readFile /lib/data.txt)'), '7');
    assert.equal(run('import ./default.nix', { files, cwd: '/lib' }), '{ data = "h\xc3\xa9llo\\n"; x = 1; }');
    assert.equal(run('import <l>', { files }, { settings: { nixPath: [['l', '/lib']] } }), '{ data = "h\xc3\xa9llo\\n"; x = 1; }');
    // Store paths as CppNix computes them (nix-instantiate --eval), nothing written.
    assert.equal(run('builtins.toFile "a" "b"'), '"/nix/store/g76zcpqc540lrc8i6g7xy6ip0npn2hnp-a"');
  });

  it('sees no host file, whatever the path', () => {
    const secret = path.join(hostDir, 'secret.txt');
    assert.equal(run(`builtins.pathExists ${JSON.stringify(secret)}`), 'false');
    assert.match(fails(`builtins.readFile ${JSON.stringify(secret)}`), /No such file or directory/);
    assert.equal(run('builtins.pathExists /etc/passwd'), 'false');
    assert.equal(run('builtins.attrNames (builtins.readDir "/")'), '[ "lib" ]');
    assert.equal(run('builtins.pathExists /etc', true), 'false');
  });

  it('has no environment: getEnv, NIX_PATH, NIX_STORE_DIR and $HOME are not read', () => {
    process.env['TSNIX_SANDBOX_VAR'] = 'visible';
    const saved = { NIX_PATH: process.env['NIX_PATH'], NIX_STORE_DIR: process.env['NIX_STORE_DIR'] };
    process.env['NIX_PATH'] = `x=${hostDir}`;
    process.env['NIX_STORE_DIR'] = '/elsewhere';
    try {
      assert.equal(run('builtins.getEnv "TSNIX_SANDBOX_VAR"'), '""');
      assert.equal(run('builtins.nixPath'), '[ ]');
      assert.equal(run('builtins.storeDir'), '"/nix/store"');
      assert.equal(fails('~/x'), "cannot resolve '~/x': $HOME is not set");
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('fixes the clock and the system', () => {
    assert.equal(run('[ builtins.currentTime builtins.currentSystem ]'), '[ 0 "x86_64-linux" ]');
    assert.equal(
      run('[ builtins.currentTime builtins.currentSystem ]', { currentTime: 1700000000, currentSystem: 'aarch64-darwin' }),
      '[ 1700000000 "aarch64-darwin" ]',
    );
  });

  it('runs no program, writes nothing, and prints nothing on the host', () => {
    assert.match(fails('builtins.fetchGit /lib'), /does not support yet$/);
    const { err, result } = captureDiagnostics(() => run('builtins.trace "t" (builtins.warn "w" "${/lib}")'));
    assert.equal(err, '');
    assert.match(result, /^"\/nix\/store\/[a-z0-9]{32}-lib"$/);
    assert.equal(fs.existsSync(result.slice(1, -1)), false);
    const lines: string[] = [];
    run('builtins.trace "t" 1', { files }, { log: (t) => lines.push(t) });
    assert.deepEqual(lines, ['trace: t\n']);
  });

  it('takes pure and restricted mode on top', () => {
    const restricted = { settings: { restrict: true, nixPath: [['l', '/lib/bin']] as Array<[string, string]> } };
    assert.equal(
      fails('builtins.readFile /lib/data.txt', { files }, restricted),
      "access to absolute path '/lib/data.txt' is forbidden in restricted mode",
    );
    assert.equal(run('builtins.attrNames (builtins.readDir /lib)', { files }, restricted), '[ "bin" ]');
    assert.equal(run('builtins ? currentTime', { files }, { settings: { pure: true } }), 'false');
  });

  it('refuses an io beside it', () => {
    assert.throws(() => evaluate('1', { sandbox: true, io: new MemoryIO() }), TypeError);
  });
});

describe('MemoryIO', () => {
  const io = new MemoryIO({
    files: {
      '/a/f': 'x',
      '/a/l': { symlink: '../b' },
      '/b/g': 'y',
      '/abs': { symlink: '/a' },
      '/loop': { symlink: 'loop' },
      '/a/e': { contents: '', executable: true },
    },
  });

  it('follows symlinks on the way always, at the end when reading', () => {
    assert.equal(io.readFile('/a/l/g'), 'y');
    assert.equal(io.readFile('/abs/f'), 'x');
    assert.equal(io.fileType('/a/l'), 'symlink');
    assert.equal(io.fileType('/a/l/g'), 'regular');
    assert.equal(io.fileType('/a/l/..'), 'directory');
    assert.deepEqual(io.readDir('/abs'), [
      ['f', 'regular'],
      ['l', 'symlink'],
      ['e', 'regular'],
    ]);
    assert.equal(io.readLink('/a/l'), '../b');
    assert.equal(io.realPath('/abs/l/g'), '/b/g');
    assert.equal(io.realPath('/loop'), null);
    assert.equal(io.isExecutable('/a/e'), true);
    assert.equal(io.isExecutable('/a/f'), false);
  });

  it('fails as the Node IO fails', () => {
    assert.throws(() => io.readFile('/a'), { message: "opening file '/a': Is a directory" });
    assert.throws(() => io.readFile('/nope'), { message: "opening file '/nope': No such file or directory" });
    assert.throws(() => io.readDir('/a/f'), { message: "opening directory '/a/f': Not a directory" });
    assert.equal(io.fileType('/a/f/x'), null);
    assert.equal(io.getEnv('HOME'), undefined);
  });
});
