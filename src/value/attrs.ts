// Attribute sets: two parallel arrays, keys sorted by byte order.
//
// Sorted arrays make the operations real Nix code leans on cheap: iteration
// in Nix's order is free, `//` is a linear merge (a Map copy is ~9x slower),
// and a static `{ a = ...; b = ...; }` can share one key array, sorted at
// compile time, between all the sets it builds. Lookup is a binary search;
// a set that is looked up often gets a hash index on the side.
//
// Keys are binary strings, so JS's UTF-16 code unit order is byte order.

import type { Pos } from '../errors/source.js';
import type { Value } from './types.js';

/** Sets this small are searched linearly; their keys are compared by identity first. */
const LINEAR_MAX = 8;
/** A `//` operand this small is inserted into the other's copy rather than merged with it. */
const SMALL_UPDATE = 8;
/** Lookups after which a large set builds its hash index. */
const INDEX_AFTER = 64;

export class NixAttrs {
  private index: Map<string, number> | null = null;
  private lookups = 0;

  /** Use the static constructors; `keys` must be sorted and unique. */
  constructor(
    readonly keys: readonly string[],
    readonly values: Value[],
    /**
     * Where each attribute was defined (for unsafeGetAttrPos and error
     * traces), parallel to `keys`; null when none is known. A set written
     * in the source shares this array with every set its expression builds.
     */
    readonly positions: readonly (Pos | null)[] | null = null,
  ) {}

  /** Where attribute `key` was defined, if known. */
  posOf(key: string): Pos | null {
    if (this.positions === null) return null;
    const i = this.indexOf(key);
    return i < 0 ? null : this.positions[i]!;
  }

  static readonly empty = new NixAttrs([], []);

  get size(): number {
    return this.keys.length;
  }

  /** Position of `key` in `keys`, or -1. */
  indexOf(key: string): number {
    const keys = this.keys;
    const n = keys.length;
    if (n <= LINEAR_MAX) {
      for (let i = 0; i < n; i++) if (keys[i] === key) return i;
      return -1;
    }
    if (this.index !== null) return this.index.get(key) ?? -1;
    if (++this.lookups > INDEX_AFTER && n > 32) {
      const index = new Map<string, number>();
      for (let i = 0; i < n; i++) index.set(keys[i]!, i);
      this.index = index;
      return index.get(key) ?? -1;
    }
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(key: string): Value | undefined {
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.values[i];
  }

  has(key: string): boolean {
    return this.indexOf(key) >= 0;
  }

  /** Builds a set from unsorted entries; for a duplicate key the first one wins. */
  static fromEntries(entries: Iterable<readonly [string, Value]>): NixAttrs {
    const list = Array.from(entries);
    if (list.length === 0) return NixAttrs.empty;
    // A stable sort keeps the first of equal keys first.
    list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const keys: string[] = [];
    const values: Value[] = [];
    for (const [k, v] of list) {
      if (keys.length > 0 && keys[keys.length - 1] === k) continue;
      keys.push(k);
      values.push(v);
    }
    return new NixAttrs(keys, values);
  }

  /** Builds a set from a JS object (keys are binary strings). */
  static fromObject(obj: Record<string, Value>): NixAttrs {
    return NixAttrs.fromEntries(Object.entries(obj));
  }

  /** `this // other`: a linear merge, `other` winning on shared keys. */
  update(other: NixAttrs): NixAttrs {
    if (other.keys.length === 0) return this;
    if (this.keys.length === 0) return other;
    // A few names added to a big set (the common `acc // { x = ...; }`):
    // copying the arrays and inserting is much cheaper than merging.
    if (other.keys.length <= SMALL_UPDATE && this.keys.length > 4 * SMALL_UPDATE) return this.insertAll(other, true);
    if (this.keys.length <= SMALL_UPDATE && other.keys.length > 4 * SMALL_UPDATE) return other.insertAll(this, false);
    const ak = this.keys;
    const av = this.values;
    const bk = other.keys;
    const bv = other.values;
    const n = ak.length;
    const m = bk.length;
    const keys: string[] = new Array(n + m);
    const values: Value[] = new Array(n + m);
    // Positions are merged only when a side has them; the merge records where each entry came from.
    const ap = this.positions;
    const bp = other.positions;
    const positions: (Pos | null)[] | null = ap !== null || bp !== null ? new Array(n + m) : null;
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < n && j < m) {
      const x = ak[i]!;
      const y = bk[j]!;
      if (x === y) {
        if (positions !== null) positions[k] = bp === null ? null : bp[j]!;
        keys[k] = y;
        values[k++] = bv[j++]!;
        i++;
      } else if (x < y) {
        if (positions !== null) positions[k] = ap === null ? null : ap[i]!;
        keys[k] = x;
        values[k++] = av[i++]!;
      } else {
        if (positions !== null) positions[k] = bp === null ? null : bp[j]!;
        keys[k] = y;
        values[k++] = bv[j++]!;
      }
    }
    while (i < n) {
      if (positions !== null) positions[k] = ap === null ? null : ap[i]!;
      keys[k] = ak[i]!;
      values[k++] = av[i++]!;
    }
    while (j < m) {
      if (positions !== null) positions[k] = bp === null ? null : bp[j]!;
      keys[k] = bk[j]!;
      values[k++] = bv[j++]!;
    }
    keys.length = k;
    values.length = k;
    if (positions !== null) positions.length = k;
    return new NixAttrs(keys, values, positions);
  }

  /**
   * A copy of this set with the attributes of `small` added; on a shared
   * name, `small` wins when `smallWins`, else this set's attribute stays.
   */
  private insertAll(small: NixAttrs, smallWins: boolean): NixAttrs {
    const keys = this.keys.slice();
    const values = this.values.slice();
    let positions: (Pos | null)[] | null = null;
    if (this.positions !== null) positions = this.positions.slice();
    else if (small.positions !== null) positions = new Array<Pos | null>(keys.length).fill(null);
    for (let j = 0; j < small.keys.length; j++) {
      const key = small.keys[j]!;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! < key) lo = mid + 1;
        else hi = mid;
      }
      const pos = small.positions === null ? null : small.positions[j]!;
      if (lo < keys.length && keys[lo] === key) {
        if (!smallWins) continue;
        values[lo] = small.values[j]!;
        if (positions !== null) positions[lo] = pos;
      } else {
        keys.splice(lo, 0, key);
        values.splice(lo, 0, small.values[j]!);
        if (positions !== null) positions.splice(lo, 0, pos);
      }
    }
    return new NixAttrs(keys, values, positions);
  }

  /** A copy without the given keys. */
  remove(names: Iterable<string>): NixAttrs {
    const drop = new Set<string>();
    for (const name of names) if (this.has(name)) drop.add(name);
    if (drop.size === 0) return this;
    const keys: string[] = [];
    const values: Value[] = [];
    const positions: (Pos | null)[] | null = this.positions === null ? null : [];
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i]!;
      if (drop.has(key)) continue;
      keys.push(key);
      values.push(this.values[i]!);
      if (positions !== null) positions.push(this.positions![i]!);
    }
    return new NixAttrs(keys, values, positions);
  }

  /** A set with the same keys and each value mapped. */
  mapValues(fn: (value: Value, key: string) => Value): NixAttrs {
    const values = this.values.map((v, i) => fn(v, this.keys[i]!));
    return new NixAttrs(this.keys, values, this.positions);
  }

  *entries(): IterableIterator<[string, Value]> {
    for (let i = 0; i < this.keys.length; i++) yield [this.keys[i]!, this.values[i]!];
  }
}
