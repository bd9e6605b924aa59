// builtins.fetchGit of a local working tree, against CppNix 2.26's results
// for the same repository (commits with fixed dates and authors, so their
// hashes are fixed too).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EvaluatorOptions } from '../../src/eval.js';
import { NodeIO } from '../../src/io/node-io.js';
import { captureDiagnostics, evalNix } from '../helpers.js';
import { localStore, removeTree } from './store-helpers.js';

const hasGit = spawnSync('git', ['--version']).status === 0;
let repo = '';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_DATE: '2020-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2020-01-01T00:00:00Z',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: os.tmpdir(),
};
const git = (...args: string[]): void => {
  const r = spawnSync('git', ['-C', repo, ...args], { env: GIT_ENV, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
};

before(() => {
  if (!hasGit) return;
  repo = path.join(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-git-'))), 'r');
  fs.mkdirSync(path.join(repo, 'd'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'a'), 'a\n');
  fs.writeFileSync(path.join(repo, 'd', 'x'), '#!/bin/sh\n', { mode: 0o755 });
  fs.symlinkSync('a', path.join(repo, 'l'));
  fs.writeFileSync(path.join(repo, 'ignored'), 'u\n');
  fs.writeFileSync(path.join(repo, '.gitignore'), 'ignored\n');
  git('init', '-q', '.');
  git('add', 'a', 'd', 'l', '.gitignore');
  git('commit', '-q', '-m', 'one');
});

after(() => {
  if (repo !== '') removeTree(path.dirname(repo));
});

/** Paths under /nix/store, computed: an IO that cannot write gives a fetch store that only computes. */
const readOnlyIO = Object.assign(new NodeIO(), { writeFile: undefined });
const o: Partial<EvaluatorOptions> = { io: readOnlyIO, settings: { readOnly: true, storeDir: '/nix/store' } };

describe('fetchGit of a local working tree', { skip: !hasGit && 'git is not installed' }, () => {
  it('copies the files Git tracks, and describes HEAD', () => {
    const { err, result } = captureDiagnostics(() => evalNix(`fetchGit ${repo}`, o));
    assert.equal(err, '');
    assert.equal(
      result,
      '{ lastModified = 1577836800; lastModifiedDate = "20200101000000"; narHash = "sha256-sWXx+cFeM5p2DRIEa2qj+7KKXTDuYATPwBhrHT4O/Ys="; ' +
        'outPath = "/nix/store/ihzfsx4i4dbcgkxwnbm2nr3a471rlaya-source"; rev = "580500c7e1e5cc1f6ac2b7d6760de97819e8d734"; ' +
        'revCount = 1; shortRev = "580500c"; submodules = false; }',
    );
  });

  it('writes the copy even in read-only mode, as CppNix does', () => {
    const fetchStore = localStore(path.join(path.dirname(repo), 'local'));
    try {
      const settings = { readOnly: true, storeDir: fetchStore.storeDir };
      const p = JSON.parse(evalNix(`(fetchGit ${repo}).outPath`, { fetchStore, settings })) as string;
      assert.deepEqual(fs.readdirSync(p).sort(), ['.gitignore', 'a', 'd', 'l']);
      assert.equal(fs.readFileSync(path.join(p, 'a'), 'latin1'), 'a\n');
      assert.ok(fetchStore.isValidPath(p));
    } finally {
      fetchStore.close();
    }
  });

  it('a dirty tree: a warning, the working tree’s tracked files, no rev', () => {
    fs.writeFileSync(path.join(repo, 'a'), 'b\n');
    try {
      const { err, result } = captureDiagnostics(() => evalNix(`fetchGit { url = ${repo}; shallow = true; }`, o));
      assert.equal(err, `warning: Git tree '${repo}' is dirty\n`);
      assert.equal(
        result,
        '{ dirtyRev = "580500c7e1e5cc1f6ac2b7d6760de97819e8d734-dirty"; dirtyShortRev = "580500c-dirty"; lastModified = 1577836800; ' +
          'lastModifiedDate = "20200101000000"; narHash = "sha256-+29Ugn+r1ZBqFgQYr9QhmGGq3DBHLfeW+wesX/bEIoQ="; ' +
          'outPath = "/nix/store/b5pzb128d90h4avqcva6ns11asbpi4dv-source"; rev = "0000000000000000000000000000000000000000"; ' +
          'revCount = 0; shortRev = "0000000"; submodules = false; }',
      );
      // A file added to the index counts, even one Git ignores.
      git('add', '-f', 'ignored');
      const narHash = captureDiagnostics(() => evalNix(`(fetchGit ${repo}).narHash`, o)).result;
      assert.equal(narHash, '"sha256-Zt7CCiVy9ni4oUw1/1CbI6MDzO4Uy+FJP7GZE15WCbk="');
    } finally {
      git('rm', '-q', '--cached', 'ignored');
      git('checkout', '-q', 'a');
    }
  });
});
