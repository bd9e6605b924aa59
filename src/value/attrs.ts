// Attribute sets: two parallel arrays, keys sorted by byte order.
//
// Sorted arrays make the operations real Nix code leans on cheap: iteration
// in Nix's order is free, `//` is a linear merge (a Map copy is ~9x slower),
// and a static `{ a = ...; b = ...; }` can share one key array, sorted at
// compile time, between all the sets it builds. Lookup is a binary search;
// a set that is looked up often gets a hash index on the side. A few names
// added to a big set are laid over it rather than merged in (see NixAttrs).
//
// Keys are binary strings, so JS's UTF-16 code unit order is byte order.

import type { Pos } from '../errors/source.js';
import type { Value } from './types.js';

/** Sets this small are searched linearly; their keys are compared by identity first. */
const LINEAR_MAX = 8;
/** A `//` operand this small is laid over the other set instead of merged with it. */
const SMALL_UPDATE = 8;
/** An overlay grows to at most this many names before its set is flattened. */
const OVERLAY_MAX = 32;
/** Lookups after which a large set builds its hash index. */
const INDEX_AFTER = 64;

type Positions = readonly (Pos | null)[] | null;

/**
 * A set is either flat (sorted `keys`, `values`, `positions`) or layered: a
 * small sorted overlay over a flat base, the overlay winning. `big // small`
 * (the `acc // { x = ...; }` of every fold and overlay) makes a layered set
 * in O(|small|) instead of copying the big one; lookups try the overlay and
 * then the base, whose hash index survives from one layer to the next. The
 * first use of `keys`, `values` or `positions` flattens a layered set for
 * good, so iterating code only ever sees flat arrays; so do many lookups
 * (a `with` scope), after which the set gets its own index.
 */
export class NixAttrs {
  private k: readonly string[];
  private v: Value[];
  private p: Positions;
  /** The flat set under the overlay in `k`/`v`/`p`; null when flat. */
  private base: NixAttrs | null = null;
  /** The number of names, overlay and base together. */
  private count: number;
  private index: Map<string, number> | null = null;
  private lookups = 0;

  /** Use the static constructors; `keys` must be sorted and unique. */
  constructor(
    keys: readonly string[],
    values: Value[],
    /**
     * Where each attribute was defined (for unsafeGetAttrPos and error
     * traces), parallel to `keys`; null when none is known. A set written
     * in the source shares this array with every set its expression builds.
     */
    positions: Positions = null,
  ) {
    this.k = keys;
    this.v = values;
    this.p = positions;
    this.count = keys.length;
  }

  /** `overlay` laid over the flat `base`; `count` is the size of the union. */
  private static layered(base: NixAttrs, keys: readonly string[], values: Value[], positions: Positions, count: number): NixAttrs {
    const set = new NixAttrs(keys, values, positions);
    set.base = base;
    set.count = count;
    return set;
  }

  /** The names, sorted by bytes. */
  get keys(): readonly string[] {
    if (this.base !== null) this.flatten();
    return this.k;
  }

  /** The values, parallel to `keys`. */
  get values(): Value[] {
    if (this.base !== null) this.flatten();
    return this.v;
  }

  /** Where each attribute was defined, parallel to `keys`, or null. */
  get positions(): Positions {
    if (this.base !== null) this.flatten();
    return this.p;
  }

  get size(): number {
    return this.count;
  }

  static readonly empty = new NixAttrs([], []);

  /** Where attribute `key` was defined, if known. */
  posOf(key: string): Pos | null {
    if (this.base !== null) {
      const i = searchSmall(this.k, key);
      if (i >= 0) return this.p === null ? null : this.p[i]!;
      return this.base.posOf(key);
    }
    if (this.p === null) return null;
    const i = this.indexOf(key);
    return i < 0 ? null : this.p[i]!;
  }

  /** Position of `key` in `keys`, or -1. */
  indexOf(key: string): number {
    if (this.base !== null) this.flatten();
    const keys = this.k;
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
    return binarySearch(keys, key);
  }

  get(key: string): Value | undefined {
    if (this.base !== null) {
      // A layered set that is looked up often (a `with` scope) is worth flattening.
      if (++this.lookups > INDEX_AFTER) this.flatten();
      else {
        const i = searchSmall(this.k, key);
        return i >= 0 ? this.v[i] : this.base.get(key);
      }
    }
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.v[i];
  }

  has(key: string): boolean {
    if (this.base !== null) return searchSmall(this.k, key) >= 0 || this.base.has(key);
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

  /** `this // other`, `other` winning on shared keys. */
  update(other: NixAttrs): NixAttrs {
    if (other.count === 0) return this;
    if (this.count === 0) return other;
    if (other.count <= SMALL_UPDATE && this.count > 4 * SMALL_UPDATE) return this.overlaid(other.keys, other.values, other.positions);
    if (this.count <= SMALL_UPDATE && other.count > 4 * SMALL_UPDATE) return other.underlaid(this);
    const m = merge(this.keys, this.values, this.positions, other.keys, other.values, other.positions);
    return new NixAttrs(m.keys, m.values, m.positions);
  }

  /** This set with the small sorted `keys` laid over it, winning on shared names. */
  private overlaid(keys: readonly string[], values: Value[], positions: Positions): NixAttrs {
    if (this.base === null) {
      let count = this.count;
      for (let i = 0; i < keys.length; i++) if (!this.has(keys[i]!)) count++;
      return NixAttrs.layered(this, keys, values, positions, count);
    }
    const base = this.base;
    const m = merge(this.k, this.v, this.p, keys, values, positions);
    if (m.keys.length > OVERLAY_MAX) {
      const flat = merge(base.k, base.v, base.p, m.keys, m.values, m.positions);
      return new NixAttrs(flat.keys, flat.values, flat.positions);
    }
    let count = this.count;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (searchSmall(this.k, key) < 0 && !base.has(key)) count++;
    }
    return NixAttrs.layered(base, m.keys, m.values, m.positions, count);
  }

  /** `small // this`: the names of `small` that this set lacks, laid under this set's own. */
  private underlaid(small: NixAttrs): NixAttrs {
    const sk = small.keys;
    const sv = small.values;
    const sp = small.positions;
    const keys: string[] = [];
    const values: Value[] = [];
    const positions: (Pos | null)[] | null = sp === null ? null : [];
    for (let i = 0; i < sk.length; i++) {
      if (this.has(sk[i]!)) continue;
      keys.push(sk[i]!);
      values.push(sv[i]!);
      if (positions !== null) positions.push(sp![i]!);
    }
    if (keys.length === 0) return this;
    // No name is shared, so which side wins no longer matters.
    return this.overlaid(keys, values, positions);
  }

  /** Turns a layered set into a flat one, in place. */
  private flatten(): void {
    const base = this.base!;
    const m = merge(base.k, base.v, base.p, this.k, this.v, this.p);
    this.k = m.keys;
    this.v = m.values;
    this.p = m.positions;
    this.base = null;
    this.lookups = 0;
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

/** Index of `key` in a small sorted array (an overlay), or -1. */
function searchSmall(keys: readonly string[], key: string): number {
  const n = keys.length;
  if (n > LINEAR_MAX) return binarySearch(keys, key);
  for (let i = 0; i < n; i++) if (keys[i] === key) return i;
  return -1;
}

function binarySearch(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The linear merge of two sorted sets, `b` winning on shared keys. Positions
 * are merged only when a side has them.
 */
function merge(
  ak: readonly string[],
  av: Value[],
  ap: Positions,
  bk: readonly string[],
  bv: Value[],
  bp: Positions,
): { keys: string[]; values: Value[]; positions: (Pos | null)[] | null } {
  const n = ak.length;
  const m = bk.length;
  const keys: string[] = new Array(n + m);
  const values: Value[] = new Array(n + m);
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
  return { keys, values, positions };
}
