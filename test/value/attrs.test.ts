import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Source } from '../../src/errors/source.js';
import { NixAttrs } from '../../src/value/attrs.js';
import type { Value } from '../../src/value/types.js';

const src = new Source('«test»', 'x', '/');
const at = (offset: number) => ({ source: src, offset });

function set(n: number, prefix = 'k', withPos = false): NixAttrs {
  const keys = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
  return new NixAttrs(
    keys,
    keys.map((_, i) => i),
    withPos ? keys.map((_, i) => at(i)) : null,
  );
}

function asObject(s: NixAttrs): Record<string, Value> {
  return Object.fromEntries(s.entries());
}

describe('NixAttrs', () => {
  it('keeps the first of duplicate names from entries, sorted by bytes', () => {
    const s = NixAttrs.fromEntries([
      ['b', 1],
      ['a', 2],
      ['b', 3],
      ['\xc3\xa9', 4],
      ['Z', 5],
    ]);
    assert.deepEqual(s.keys, ['Z', 'a', 'b', '\xc3\xa9']);
    assert.equal(s.get('b'), 1);
  });

  it('finds names in small, large and indexed sets', () => {
    for (const n of [0, 3, 8, 9, 100, 5000]) {
      const s = set(n);
      for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 7))) assert.equal(s.get(`k${String(i).padStart(5, '0')}`), i);
      assert.equal(s.get('missing'), undefined);
    }
    // Past the lookup threshold a large set answers from its hash index.
    const big = set(1000);
    for (let i = 0; i < 200; i++) assert.equal(big.get(`k${String(i).padStart(5, '0')}`), i);
    assert.equal(big.indexOf('nope'), -1);
  });

  it('merges with //, the right side winning, by both strategies', () => {
    for (const [n, m] of [
      [3, 3],
      [100, 2],
      [2, 100],
      [100, 100],
    ] as const) {
      const left = set(n, 'k');
      const right = new NixAttrs(['k00001', 'k00002', 'new'], ['R1', 'R2', 'R3']);
      const r1 = left.update(right);
      const expected = { ...asObject(left), ...asObject(right) };
      assert.deepEqual(asObject(r1), expected, `left ${n}`);
      assert.deepEqual([...r1.keys], [...r1.keys].sort());
      const big = set(m, 'k');
      const small = new NixAttrs(['a', 'k00000', 'zz'], ['A', 'L0', 'Z']);
      const r2 = small.update(big);
      assert.deepEqual(asObject(r2), { ...asObject(small), ...asObject(big) }, `right ${m}`);
      assert.deepEqual([...r2.keys], [...r2.keys].sort());
    }
  });

  it('carries positions through // when either side has them', () => {
    const left = set(100, 'k', true);
    const right = new NixAttrs(['k00001', 'new'], [1, 2], [at(500), at(501)]);
    const r = left.update(right);
    assert.equal(r.posOf('k00001')?.offset, 500);
    assert.equal(r.posOf('new')?.offset, 501);
    assert.equal(r.posOf('k00050')?.offset, 50);
    const noPos = set(100, 'k', false).update(right);
    assert.equal(noPos.posOf('new')?.offset, 501);
    assert.equal(noPos.posOf('k00050'), null);
  });

  it('removes names and keeps the rest', () => {
    const s = set(10, 'k', true).remove(['k00003', 'nope']);
    assert.equal(s.size, 9);
    assert.equal(s.get('k00003'), undefined);
    assert.equal(s.posOf('k00004')?.offset, 4);
  });

  it('answers like a plain map through long chains of small and large //', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 16) % n;
    };
    const randomSet = (n: number, tag: number, names = 300): [NixAttrs, Map<string, [Value, number | null]>] => {
      const model = new Map<string, [Value, number | null]>();
      for (let i = 0; i < n; i++) model.set(`n${rand(names)}`, [`${tag}:${i}`, rand(2) === 0 ? null : tag * 1000 + i]);
      const keys = [...model.keys()].sort();
      const withPos = keys.some((k) => model.get(k)![1] !== null);
      const attrs = new NixAttrs(
        keys,
        keys.map((k) => model.get(k)![0]),
        withPos ? keys.map((k) => (model.get(k)![1] === null ? null : at(model.get(k)![1]!))) : null,
      );
      return [attrs, model];
    };
    for (let round = 0; round < 40; round++) {
      const [first, model] = randomSet(40 + rand(100), 0);
      let acc = first;
      for (let step = 1; step < 60; step++) {
        const [other, otherModel] = rand(4) === 0 ? randomSet(50 + rand(50), step) : randomSet(1 + rand(6), step, rand(2) === 0 ? 300 : 30);
        if (rand(3) === 0) {
          acc = other.update(acc);
          for (const [k, v] of otherModel) if (!model.has(k)) model.set(k, v);
        } else {
          acc = acc.update(other);
          for (const [k, v] of otherModel) model.set(k, v);
        }
        assert.equal(acc.size, model.size, `round ${round} step ${step}`);
        for (let probe = 0; probe < 20; probe++) {
          const key = `n${rand(300)}`;
          const want = model.get(key);
          assert.equal(acc.get(key), want?.[0]);
          assert.equal(acc.has(key), want !== undefined);
          assert.equal(acc.posOf(key)?.offset ?? null, want?.[1] ?? null);
        }
      }
      const keys = [...model.keys()].sort();
      assert.deepEqual([...acc.keys], keys);
      assert.deepEqual(
        acc.values,
        keys.map((k) => model.get(k)![0]),
      );
    }
  });
});
