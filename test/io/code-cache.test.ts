// The bytecode cache on Node, through the evaluator: files compiled once
// and read back by later evaluators, entries keyed by the file's contents,
// damaged entries ignored, an unwritable folder no error.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Source } from '../../src/errors/source.js';
import { renderError } from '../../src/errors/render.js';
import { NixError } from '../../src/errors/error.js';
import { NodeCodeCache, defaultCacheDir } from '../../src/io/node-code-cache.js';
import { printValue } from '../../src/value/print.js';
import { makeEvaluator } from '../helpers.js';

let dir = '';
let cacheDir = '';

before(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsnix-code-cache-')));
  cacheDir = path.join(dir, 'cache');
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Evaluates the file `main` strictly with a fresh evaluator and cache: its printed value and the cache. */
function run(main: string, build = 'test'): { value: string; cache: NodeCodeCache } {
  const cache = new NodeCodeCache(cacheDir, build);
  const ev = makeEvaluator({ codeCache: cache });
  const file = path.join(dir, main);
  const value = printValue(ev.vm.forceDeep(ev.evalSource(Source.fromFile(file, fs.readFileSync(file, 'latin1')))));
  return { value, cache };
}

const entries = (): string[] => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);

function write(name: string, text: string): void {
  fs.writeFileSync(path.join(dir, name), text);
}

describe('the bytecode cache', () => {
  it('compiles a file once: a later evaluator reads it back and gets the same value', () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    write('lib.nix', '{ double = x: x * 2; names = [ "a" "b" ]; }\n');
    write('main.nix', 'let lib = import ./lib.nix; in { v = lib.double 21; inherit (lib) names; }\n');
    const first = run('main.nix');
    assert.deepEqual([first.cache.hits, first.cache.misses, first.cache.writes], [0, 2, 2]);
    assert.equal(entries().length, 2);
    const second = run('main.nix');
    assert.deepEqual([second.cache.hits, second.cache.misses, second.cache.writes], [2, 0, 0]);
    assert.equal(second.value, first.value);
    assert.equal(second.value, '{ names = [ "a" "b" ]; v = 42; }');
  });

  it('is keyed by the contents: a changed file is compiled again, the others still read', () => {
    write('lib.nix', '{ double = x: x * 3; names = [ "c" ]; }\n');
    const r = run('main.nix');
    assert.deepEqual([r.cache.hits, r.cache.misses, r.cache.writes], [1, 1, 1]);
    assert.equal(r.value, '{ names = [ "c" ]; v = 63; }');
  });

  it('keeps builds apart: another tsnix never reads these entries', () => {
    const r = run('main.nix', 'another build');
    assert.deepEqual([r.cache.hits, r.cache.misses], [0, 2]);
  });

  it('ignores a truncated, damaged or foreign entry, and writes it again', () => {
    for (const damage of [
      (b: Buffer): Buffer => b.subarray(0, b.length - 7),
      (b: Buffer): Buffer => b.subarray(0, 20),
      (b: Buffer): Buffer => {
        const c = Buffer.from(b);
        c[c.length >> 1] ^= 0x40;
        return c;
      },
      (): Buffer => Buffer.from('not an entry at all'),
      (): Buffer => Buffer.alloc(0),
    ]) {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      run('main.nix');
      for (const e of entries()) {
        const file = path.join(cacheDir, e);
        fs.writeFileSync(file, damage(fs.readFileSync(file)));
      }
      const r = run('main.nix');
      assert.deepEqual([r.cache.hits, r.cache.misses, r.cache.writes], [0, 2, 2]);
      assert.equal(r.value, '{ names = [ "c" ]; v = 63; }');
      assert.equal(run('main.nix').cache.hits, 2, 'written again whole');
    }
  });

  it('is no error when its folder cannot be made or written: evaluation goes on uncached', () => {
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, 'a file where the folder would go');
    const cache = new NodeCodeCache(path.join(blocked, 'tsnix'), 'test');
    const ev = makeEvaluator({ codeCache: cache });
    const file = path.join(dir, 'main.nix');
    const value = printValue(ev.vm.forceDeep(ev.evalSource(Source.fromFile(file, fs.readFileSync(file, 'latin1')))));
    assert.equal(value, '{ names = [ "c" ]; v = 63; }');
    assert.equal(cache.writes, 0);
  });

  it('reports an error inside a cached file exactly as an uncached run', () => {
    write('bad.nix', '{ f = x: x.missing + 1; g = y: assert y > 2; y; }\n');
    write('use-bad.nix', 'let b = import ./bad.nix; in (b.g 1) + (b.f { present = 1; })\n');
    const report = (cache: NodeCodeCache | undefined): string => {
      const ev = makeEvaluator(cache ? { codeCache: cache } : {});
      const file = path.join(dir, 'use-bad.nix');
      try {
        ev.vm.forceDeep(ev.evalSource(Source.fromFile(file, fs.readFileSync(file, 'latin1'))));
      } catch (e) {
        if (e instanceof NixError) return renderError(e);
        throw e;
      }
      throw new Error('expected an error');
    };
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const uncached = report(undefined);
    const first = report(new NodeCodeCache(cacheDir, 'test'));
    const warm = new NodeCodeCache(cacheDir, 'test');
    const cached = report(warm);
    assert.equal(warm.hits, 2);
    assert.match(uncached, /error: assertion '.*' failed/);
    assert.match(uncached, /bad\.nix:1:/);
    assert.equal(first, uncached);
    assert.equal(cached, uncached);
  });

  it('does not cache a file whose parse warns (a cached one would not warn again)', () => {
    write('warns.nix', 'let or = 1; in [ (x: x) or ]\n');
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const warnings: string[] = [];
    const ev = makeEvaluator({ codeCache: new NodeCodeCache(cacheDir, 'test'), log: (t) => warnings.push(t) });
    const file = path.join(dir, 'warns.nix');
    ev.evalSource(Source.fromFile(file, fs.readFileSync(file, 'latin1')));
    assert.equal(warnings.length, 1);
    assert.equal(entries().length, 0);
  });
});

describe('the cache folder', () => {
  it("follows CppNix's convention: $XDG_CACHE_HOME/tsnix, else ~/.cache/tsnix", () => {
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }), '/x/cache/tsnix/bytecode');
    assert.equal(defaultCacheDir({ HOME: '/home/u' }), '/home/u/.cache/tsnix/bytecode');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative', HOME: '/home/u' }), '/home/u/.cache/tsnix/bytecode');
    assert.equal(defaultCacheDir({}), null);
  });
});
