// Lists: length, head, tail, elemAt, elem, filter, map, concatLists,
// concatMap, foldl', genList, all, any, sort, partition, groupBy,
// listToAttrs, genericClosure.
//
// Each follows CppNix 2.26's primop: which arguments it forces, in which
// order, and which trace line an error gets. Arguments CppNix forces first,
// with forceList/forceAttrs (which annotate only a type error), are strict
// in the primop, so the VM evaluates them on its own stack; the others are
// forced here (argcheck.ts), in CppNix's order.
//
// Lists keep their *cells*: filter, sort, partition, groupBy and
// genericClosure put the original elements (thunks included) into their
// results, as CppNix copies Value pointers, so `==`'s same-cell rule sees
// what it sees in CppNix.
//
// Elements a builtin returns (head, elemAt) are returned unevaluated: the VM
// evaluates them on its own stack, so a recursion through `elemAt memo i`
// never grows the JS stack.

import { printIdentifier } from '../syntax/printer.js';
import { EvalError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { expectFunction, typeError } from '../value/check.js';
import { printForError } from '../value/describe.js';
import { cellsEqual, lessThan } from '../value/equality.js';
import { Closure, PrimOp, type PrimOpApp, Thunk, ThunkState, type Value } from '../value/types.js';
import { argInt, argList, argStringNoContext, forceArg } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import type { Runtime } from './runtime.js';

// ---------------------------------------------------------------- helpers

/** A forced value: a cell's value without a call into the VM when it is already evaluated. */
function forced(rt: Runtime, v: Value): Value {
  if (!(v instanceof Thunk)) return v;
  if (v.state === ThunkState.Done) return v.value;
  return rt.force(v);
}

/**
 * CppNix's forceFunction: a function or a functor set. `ctx` goes on the
 * trace of a type error *and* of any error evaluating the argument.
 */
export function argFunction(rt: Runtime, v: Value, ctx: string): Closure | PrimOp | PrimOpApp | NixAttrs {
  const f = forceArg(rt, v, ctx);
  try {
    return expectFunction(f);
  } catch (e) {
    if (e instanceof NixError) e.addTrace(ctx, null);
    throw e;
  }
}

/** CppNix's Value::determinePos: a lambda's own position, else `fallback`. */
export function determinePos(v: Value, fallback: Pos | null): Pos | null {
  if (v instanceof Closure) return v.blueprint.pos ?? fallback;
  return fallback;
}

/** A forced list element that must be a list (forceList: only the type error is annotated). */
function elementList(rt: Runtime, v: Value, ctx: string, pos: Pos | null = null): Value[] {
  const x = forced(rt, v);
  if (Array.isArray(x)) return x;
  throw typeError('a list', x).addTrace(ctx, pos);
}

/** A forced value that must be a set (forceAttrs: only the type error is annotated). */
function elementAttrs(rt: Runtime, v: Value, ctx: string): NixAttrs {
  const x = forced(rt, v);
  if (x instanceof NixAttrs) return x;
  throw typeError('a set', x).addTrace(ctx, null);
}

/** The result of a predicate, which must be a Boolean (forceBool on an evaluated value). */
function boolResult(r: Value, ctx: string): boolean {
  if (typeof r === 'boolean') return r;
  throw typeError('a Boolean', r).addTrace(ctx, null);
}

/** `attribute 'x' missing` with CppNix's getAttr trace line. */
function missingAttr(name: string, ctx: string): EvalError {
  return new EvalError(`attribute '${printIdentifier(name)}' missing`).addTrace(ctx, null);
}

// ---------------------------------------------------------------- sort

type Less = (a: Value, b: Value) => boolean;

/**
 * libstdc++'s std::stable_sort, step for step (GCC 12+, with its temporary
 * buffer of half the range): insertion sort on chunks of 7, then buffered
 * merge passes, then one adaptive merge of the two halves. With a
 * consistent comparator any stable sort gives the same result; with an
 * inconsistent one, or one that traces or throws, CppNix's result depends on
 * exactly which pairs are compared in which order, so this mirrors it.
 */
export function stableSort(a: Value[], less: Less): void {
  const len = a.length;
  if (len < 2) return;
  const half = (len + 1) >> 1;
  const buf: Value[] = new Array<Value>(half);
  mergeSortWithBuffer(a, 0, half, buf, less);
  mergeSortWithBuffer(a, half, len, buf, less);
  // __merge_adaptive with a buffer big enough for either half.
  const len1 = half;
  const len2 = len - half;
  if (len1 <= len2) {
    for (let i = 0; i < len1; i++) buf[i] = a[i]!;
    moveMergeAdaptive(buf, 0, len1, a, half, len, a, 0, less);
  } else {
    for (let i = 0; i < len2; i++) buf[i] = a[half + i]!;
    moveMergeAdaptiveBackward(a, 0, half, buf, 0, len2, a, len, less);
  }
}

const CHUNK = 7;

function insertionSort(a: Value[], first: number, last: number, less: Less): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    const val = a[i]!;
    if (less(val, a[first]!)) {
      for (let k = i; k > first; k--) a[k] = a[k - 1]!;
      a[first] = val;
    } else {
      // __unguarded_linear_insert: `less(val, a[first])` was false, and a Nix
      // comparator is pure, so the walk stops at `first` at the latest.
      let j = i;
      while (j > first && less(val, a[j - 1]!)) {
        a[j] = a[j - 1]!;
        j--;
      }
      a[j] = val;
    }
  }
}

function mergeSortWithBuffer(a: Value[], first: number, last: number, buf: Value[], less: Less): void {
  const len = last - first;
  // __chunk_insertion_sort
  let f = first;
  while (last - f >= CHUNK) {
    insertionSort(a, f, f + CHUNK, less);
    f += CHUNK;
  }
  insertionSort(a, f, last, less);
  let step = CHUNK;
  while (step < len) {
    mergeSortLoop(a, first, last, buf, 0, step, less);
    step *= 2;
    mergeSortLoop(buf, 0, len, a, first, step, less);
    step *= 2;
  }
}

function mergeSortLoop(src: Value[], first: number, last: number, dst: Value[], out: number, step: number, less: Less): void {
  const twoStep = 2 * step;
  while (last - first >= twoStep) {
    out = moveMerge(src, first, first + step, first + step, first + twoStep, dst, out, less);
    first += twoStep;
  }
  const s = Math.min(last - first, step);
  moveMerge(src, first, first + s, first + s, last, dst, out, less);
}

/** __move_merge: merges src[f1, l1) and src[f2, l2) into dst from `out`; returns the end. */
function moveMerge(src: Value[], f1: number, l1: number, f2: number, l2: number, dst: Value[], out: number, less: Less): number {
  while (f1 !== l1 && f2 !== l2) {
    if (less(src[f2]!, src[f1]!)) dst[out++] = src[f2++]!;
    else dst[out++] = src[f1++]!;
  }
  while (f1 !== l1) dst[out++] = src[f1++]!;
  while (f2 !== l2) dst[out++] = src[f2++]!;
  return out;
}

/** __move_merge_adaptive: merges b1[f1, l1) with b2[f2, l2) into dst from `out`. */
function moveMergeAdaptive(
  b1: Value[],
  f1: number,
  l1: number,
  b2: Value[],
  f2: number,
  l2: number,
  dst: Value[],
  out: number,
  less: Less,
): void {
  while (f1 !== l1 && f2 !== l2) {
    if (less(b2[f2]!, b1[f1]!)) dst[out++] = b2[f2++]!;
    else dst[out++] = b1[f1++]!;
  }
  while (f1 !== l1) dst[out++] = b1[f1++]!;
}

/** __move_merge_adaptive_backward: merges b1[f1, l1) with b2[f2, l2) into dst, ending at `end`. */
function moveMergeAdaptiveBackward(
  b1: Value[],
  f1: number,
  l1: number,
  b2: Value[],
  f2: number,
  l2: number,
  dst: Value[],
  end: number,
  less: Less,
): void {
  if (f1 === l1) {
    while (l2 !== f2) dst[--end] = b2[--l2]!;
    return;
  }
  if (f2 === l2) return;
  l1--;
  l2--;
  for (;;) {
    if (less(b2[l2]!, b1[l1]!)) {
      dst[--end] = b1[l1]!;
      if (f1 === l1) {
        l2++;
        while (l2 !== f2) dst[--end] = b2[--l2]!;
        return;
      }
      l1--;
    } else {
      dst[--end] = b2[l2]!;
      if (f2 === l2) return;
      l2--;
    }
  }
}

// ---------------------------------------------------------------- genericClosure

/** A node of the red-black tree std::map keeps genericClosure's keys in. */
class KeyNode {
  left: KeyNode | null = null;
  right: KeyNode | null = null;
  red = true;
  constructor(
    readonly key: Value,
    readonly elem: Value,
    public parent: KeyNode | null,
  ) {}
}

/**
 * The keys genericClosure has seen, ordered by CppNix's `<` in a red-black
 * tree shaped exactly as libstdc++'s std::map would shape it: which keys a
 * new key is compared with, and so which comparison fails first for keys of
 * different types, depend on the shape.
 */
class KeySet {
  private root: KeyNode | null = null;

  constructor(private readonly less: (a: Value, b: Value) => boolean) {}

  /** Adds `key` unless an equivalent key is present; true when added. */
  insert(key: Value, elem: Value): boolean {
    const less = this.less;
    // _M_get_insert_unique_pos: descend; the candidate equal key is the
    // last node where the descent went right.
    let x = this.root;
    let y: KeyNode | null = null;
    let goLeft = true;
    let lastRight: KeyNode | null = null;
    while (x !== null) {
      y = x;
      goLeft = less(key, x.key);
      if (goLeft) x = x.left;
      else {
        lastRight = x;
        x = x.right;
      }
    }
    if (lastRight !== null && !less(lastRight.key, key)) return false;
    const z = new KeyNode(key, elem, y);
    if (y === null) this.root = z;
    else if (goLeft) y.left = z;
    else y.right = z;
    this.rebalance(z);
    return true;
  }

  /** The elements in key order. */
  *inOrder(): IterableIterator<KeyNode> {
    const stack: KeyNode[] = [];
    let n = this.root;
    while (n !== null || stack.length > 0) {
      while (n !== null) {
        stack.push(n);
        n = n.left;
      }
      const top = stack.pop()!;
      yield top;
      n = top.right;
    }
  }

  private rotateLeft(x: KeyNode): void {
    const y = x.right!;
    x.right = y.left;
    if (y.left !== null) y.left.parent = x;
    y.parent = x.parent;
    if (x.parent === null) this.root = y;
    else if (x === x.parent.left) x.parent.left = y;
    else x.parent.right = y;
    y.left = x;
    x.parent = y;
  }

  private rotateRight(x: KeyNode): void {
    const y = x.left!;
    x.left = y.right;
    if (y.right !== null) y.right.parent = x;
    y.parent = x.parent;
    if (x.parent === null) this.root = y;
    else if (x === x.parent.right) x.parent.right = y;
    else x.parent.left = y;
    y.right = x;
    x.parent = y;
  }

  /** _Rb_tree_insert_and_rebalance. */
  private rebalance(x: KeyNode): void {
    while (x !== this.root && x.parent!.red) {
      const p = x.parent!;
      const g = p.parent!;
      if (p === g.left) {
        const u = g.right;
        if (u !== null && u.red) {
          p.red = false;
          u.red = false;
          g.red = true;
          x = g;
        } else {
          if (x === p.right) {
            x = p;
            this.rotateLeft(x);
          }
          x.parent!.red = false;
          g.red = true;
          this.rotateRight(g);
        }
      } else {
        const u = g.left;
        if (u !== null && u.red) {
          p.red = false;
          u.red = false;
          g.red = true;
          x = g;
        } else {
          if (x === p.left) {
            x = p;
            this.rotateRight(x);
          }
          x.parent!.red = false;
          g.red = true;
          this.rotateLeft(g);
        }
      }
    }
    this.root!.red = false;
  }
}

function genericClosure(arg: Value, rt: Runtime): Value {
  const set = elementAttrs(rt, arg, 'while evaluating the first argument passed to builtins.genericClosure');
  const startSetV = set.get('startSet');
  if (startSetV === undefined) throw missingAttr('startSet', 'in the attrset passed as argument to builtins.genericClosure');
  const startSet = elementList(rt, startSetV, "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure");
  if (startSet.length === 0) return startSet;
  const opV = set.get('operator');
  if (opV === undefined) throw missingAttr('operator', 'in the attrset passed as argument to builtins.genericClosure');
  const op = argFunction(rt, opV, "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure");

  const less = (a: Value, b: Value): boolean => {
    if (typeof a === 'number' && typeof b === 'number') return a < b;
    if (typeof a === 'string' && typeof b === 'string') return a < b;
    return lessThan(a, b, rt);
  };
  const done = new KeySet(less);
  const res: Value[] = [];
  // The work list is a queue: `head` is its front.
  const work: Value[] = startSet.slice();
  let head = 0;
  const args: Value[] = [null];
  while (head < work.length) {
    const e = work[head]!;
    work[head++] = null;
    let key: Value;
    try {
      const attrs = forced(rt, e);
      if (!(attrs instanceof NixAttrs)) throw typeError('a set', attrs);
      const k = attrs.get('key');
      if (k === undefined) throw new EvalError("attribute 'key' missing");
      key = k;
    } catch (err) {
      if (err instanceof NixError) err.addTrace(`in genericClosure element ${printForError(e)}`, null);
      throw err;
    }
    key = forced(rt, key);
    try {
      if (!done.insert(key, e)) continue;
    } catch (err) {
      if (err instanceof NixError) explainKeyClash(err, key, e, done, less);
      throw err;
    }
    res.push(e);
    try {
      args[0] = e;
      const next = rt.call(op, args);
      if (!Array.isArray(next))
        throw typeError('a list', next).addTrace(
          'while evaluating the return value of the `operator` passed to builtins.genericClosure',
          null,
        );
      for (let i = 0; i < next.length; i++) {
        const x = next[i]!;
        forced(rt, x);
        work.push(x);
      }
    } catch (err) {
      if (err instanceof NixError) err.addTrace(`while calling operator on genericClosure element ${printForError(e)}`, null);
      throw err;
    }
    // Drop the consumed front of the queue now and then.
    if (head > 4096 && head * 2 > work.length) {
      work.splice(0, head);
      head = 0;
    }
  }
  return res;
}

/**
 * Names the two elements whose keys could not be compared, as CppNix does:
 * the first seen key, in key order, whose comparison with the new key fails.
 */
function explainKeyClash(err: NixError, key: Value, e: Value, done: KeySet, less: (a: Value, b: Value) => boolean): void {
  for (const node of done.inOrder()) {
    try {
      less(key, node.key);
    } catch {
      err.addTrace(`with element ${printForError(node.elem)}`, null);
      err.addTrace(`while comparing element ${printForError(e)}`, null);
      return;
    }
  }
  err.addTrace(`while checking key of element ${printForError(e)}`, null);
}

// ---------------------------------------------------------------- listToAttrs

function listToAttrs(list: Value[], rt: Runtime): NixAttrs {
  const n = list.length;
  if (n === 0) return NixAttrs.empty;
  const names: string[] = [];
  const values: Value[] = [];
  const positions: (Pos | null)[] = [];
  let anyPos = false;
  let ascending = true;
  // Names seen so far, kept only once an element without `value` turns up:
  // only the first occurrence of a name needs one.
  let seen: Set<string> | null = null;
  for (let i = 0; i < n; i++) {
    const item = elementAttrs(rt, list[i]!, 'while evaluating an element of the list passed to builtins.listToAttrs');
    const ni = item.indexOf('name');
    if (ni < 0) throw missingAttr('name', 'in a {name=...; value=...;} pair');
    const nameV = item.values[ni]!;
    const name =
      typeof nameV === 'string'
        ? nameV
        : argStringNoContext(
            rt,
            nameV,
            'while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs',
            item.positions === null ? null : item.positions[ni]!,
          );
    const vi = item.indexOf('value');
    if (vi < 0) {
      if (seen === null) seen = new Set(names);
      if (!seen.has(name)) throw missingAttr('value', 'in a {name=...; value=...;} pair');
      continue;
    }
    if (seen !== null) seen.add(name);
    if (ascending && names.length > 0 && !(names[names.length - 1]! < name)) ascending = false;
    names.push(name);
    values.push(item.values[vi]!);
    const p = item.positions === null ? null : item.positions[vi]!;
    if (p !== null) anyPos = true;
    positions.push(p);
  }
  if (ascending) return new NixAttrs(names, values, anyPos ? positions : null);
  // Sort by name, then by position in the list, so the first occurrence of a name comes first and wins.
  const m = names.length;
  const order: number[] = new Array<number>(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((x, y) => {
    const a = names[x]!;
    const b = names[y]!;
    return a < b ? -1 : a > b ? 1 : x - y;
  });
  const keys: string[] = [];
  const outValues: Value[] = [];
  const outPositions: (Pos | null)[] | null = anyPos ? [] : null;
  let last: string | null = null;
  for (let k = 0; k < m; k++) {
    const j = order[k]!;
    const name = names[j]!;
    if (name === last) continue;
    last = name;
    keys.push(name);
    outValues.push(values[j]!);
    if (outPositions !== null) outPositions.push(positions[j]!);
  }
  return new NixAttrs(keys, outValues, outPositions);
}

/** A Nix sorting function as a `less` for stableSort. */
function comparatorLess(fn: Value, rt: Runtime): Less {
  const args: Value[] = [null, null];
  return (a, b) => {
    args[0] = a;
    args[1] = b;
    return boolResult(rt.call(fn, args), 'while evaluating the return value of the sorting function passed to builtins.sort');
  };
}

// ---------------------------------------------------------------- the family

export function listsBuiltins(_evaluator: Evaluator): BuiltinFamily {
  const primops: PrimOp[] = [
    primop('length', 1, [0], ([xs], rt) => argList(rt, xs!, 'while evaluating the first argument passed to builtins.length').length),

    primop('head', 1, [0], ([xs], rt) => {
      const list = argList(rt, xs!, "while evaluating the first argument passed to 'builtins.head'");
      if (list.length === 0) throw new EvalError("'builtins.head' called on an empty list");
      return list[0]!;
    }),

    primop('tail', 1, [0], ([xs], rt) => {
      const list = argList(rt, xs!, "while evaluating the first argument passed to 'builtins.tail'");
      if (list.length === 0) throw new EvalError("'builtins.tail' called on an empty list");
      return list.slice(1);
    }),

    // The index is forced before the list.
    primop('elemAt', 2, [], ([xs, n], rt) => {
      const i = argInt(rt, n!, "while evaluating the second argument passed to 'builtins.elemAt'");
      const list = argList(rt, xs!, "while evaluating the first argument passed to 'builtins.elemAt'");
      if (typeof i !== 'number' || i < 0 || i >= list.length)
        throw new EvalError(`'builtins.elemAt' called with index ${i} on a list of size ${list.length}`);
      return list[i]!;
    }),

    primop('elem', 2, [1], ([x, xs], rt) => {
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.elem');
      for (let i = 0; i < list.length; i++) if (cellsEqual(x!, list[i]!, rt)) return true;
      return false;
    }),

    primop('filter', 2, [1], ([f, xs], rt) => {
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.filter');
      if (list.length === 0) return list;
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.filter');
      const out: Value[] = [];
      const args: Value[] = [null];
      for (let i = 0; i < list.length; i++) {
        args[0] = list[i]!;
        const r = rt.call(fn, args);
        if (boolResult(r, 'while evaluating the return value of the filtering function passed to builtins.filter')) out.push(list[i]!);
      }
      return out.length === list.length ? list : out;
    }),

    primop('map', 2, [1], ([f, xs], rt) => {
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.map');
      if (list.length === 0) return list;
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.map');
      const out: Value[] = new Array<Value>(list.length);
      for (let i = 0; i < list.length; i++) out[i] = rt.lazyCall(fn, [list[i]!]);
      return out;
    }),

    primop('concatLists', 1, [0], ([xss], rt) => {
      const lists = argList(rt, xss!, 'while evaluating the first argument passed to builtins.concatLists');
      return concat(lists, rt);
    }),

    // The function is forced before the list, and applied to every element at once.
    primop('concatMap', 2, [], ([f, xs], rt) => {
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.concatMap');
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.concatMap');
      const parts: Value[][] = new Array<Value[]>(list.length);
      const args: Value[] = [null];
      for (let i = 0; i < list.length; i++) {
        args[0] = list[i]!;
        const r = rt.call(fn, args);
        if (!Array.isArray(r))
          throw typeError('a list', r).addTrace(
            'while evaluating the return value of the function passed to builtins.concatMap',
            determinePos(fn, null),
          );
        parts[i] = r;
      }
      return concatForced(parts);
    }),

    // Strict in the accumulator: each step's result is evaluated before the next step.
    primop("foldl'", 3, [], ([f, init, xs], rt) => {
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.foldlStrict');
      const list = argList(rt, xs!, 'while evaluating the third argument passed to builtins.foldlStrict');
      if (list.length === 0) return forced(rt, init!);
      let acc: Value = init!;
      const args: Value[] = [null, null];
      for (let i = 0; i < list.length; i++) {
        args[0] = acc;
        args[1] = list[i]!;
        acc = rt.call(fn, args);
      }
      return acc;
    }),

    // The length is checked before the function is forced (even for an empty list).
    primop('genList', 2, [], ([f, n], rt) => {
      const len = argInt(rt, n!, 'while evaluating the second argument passed to builtins.genList');
      if (len < 0) throw new EvalError(`cannot create list of size ${len}`);
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.genList');
      // CppNix fails to allocate such a list; a JS heap cannot hold one either.
      if (typeof len !== 'number' || len > MAX_LIST_LENGTH) throw new EvalError('out of memory');
      const out: Value[] = new Array<Value>(len);
      for (let i = 0; i < len; i++) out[i] = rt.lazyCall(fn, [i]);
      return out;
    }),

    primop('all', 2, [], ([f, xs], rt) => anyOrAll(false, f!, xs!, rt)),
    primop('any', 2, [], ([f, xs], rt) => anyOrAll(true, f!, xs!, rt)),

    primop('sort', 2, [1], ([f, xs], rt) => {
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.sort');
      if (list.length === 0) return list;
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.sort');
      // Every element is evaluated first, in order.
      const values: Value[] = new Array<Value>(list.length);
      let allValues = true;
      for (let i = 0; i < list.length; i++) {
        values[i] = forced(rt, list[i]!);
        if (values[i] !== list[i]) allValues = false;
      }
      // CppNix compares directly when the comparator is builtins.lessThan.
      const isLessThan = fn instanceof PrimOp && fn.name === 'lessThan';
      if (!isLessThan && !allValues) {
        // The comparator gets the elements' values, not their evaluated
        // thunks: it cannot tell them apart, and a value needs no forcing.
        // The result keeps the cells, so the list is sorted by position.
        const order: Value[] = new Array<Value>(list.length);
        for (let i = 0; i < list.length; i++) order[i] = i;
        const byValue = comparatorLess(fn, rt);
        stableSort(order, (i, j) => byValue(values[i as number]!, values[j as number]!));
        return order.map((i) => list[i as number]!);
      }
      const out = list.slice();
      let less: Less;
      if (isLessThan) {
        if (sortScalars(out, rt)) return out;
        less = (a, b) => {
          try {
            return lessThan(a, b, rt);
          } catch (e) {
            if (e instanceof NixError) e.addTrace('while evaluating the ordering function passed to builtins.sort', null);
            throw e;
          }
        };
      } else less = comparatorLess(fn, rt);
      stableSort(out, less);
      return out;
    }),

    // The function is forced before the list; each element is evaluated before the call.
    primop('partition', 2, [], ([f, xs], rt) => {
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.partition');
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.partition');
      const right: Value[] = [];
      const wrong: Value[] = [];
      const args: Value[] = [null];
      for (let i = 0; i < list.length; i++) {
        const x = list[i]!;
        forced(rt, x);
        args[0] = x;
        const r = rt.call(fn, args);
        if (boolResult(r, 'while evaluating the return value of the partition function passed to builtins.partition')) right.push(x);
        else wrong.push(x);
      }
      return new NixAttrs(PARTITION_KEYS, [right, wrong]);
    }),

    primop('groupBy', 2, [], ([f, xs], rt) => {
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.groupBy');
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.groupBy');
      const groups = new Map<string, Value[]>();
      const args: Value[] = [null];
      for (let i = 0; i < list.length; i++) {
        const x = list[i]!;
        args[0] = x;
        const r = rt.call(fn, args);
        const name =
          typeof r === 'string'
            ? r
            : argStringNoContext(rt, r, 'while evaluating the return value of the grouping function passed to builtins.groupBy');
        const group = groups.get(name);
        if (group === undefined) groups.set(name, [x]);
        else group.push(x);
      }
      const keys = Array.from(groups.keys()).sort();
      return new NixAttrs(
        keys,
        keys.map((k) => groups.get(k)!),
      );
    }),

    primop('listToAttrs', 1, [0], ([xs], rt) =>
      listToAttrs(argList(rt, xs!, 'while evaluating the argument passed to builtins.listToAttrs'), rt),
    ),

    primop('genericClosure', 1, [0], ([arg], rt) => genericClosure(arg!, rt)),
  ];
  return { primops };
}

/**
 * `sort lessThan` on a list of only ints or only strings: a total order, so
 * any stable sort gives std::stable_sort's result, and the native one is
 * much faster. Sorts `cells` in place and returns true, or returns false
 * (leaving `cells` alone) for any other list.
 */
function sortScalars(cells: Value[], rt: Runtime): boolean {
  const n = cells.length;
  const values: (number | string)[] = new Array<number | string>(n);
  const first = forced(rt, cells[0]!);
  const kind = typeof first;
  if (kind !== 'number' && kind !== 'string') return false;
  for (let i = 0; i < n; i++) {
    const v = forced(rt, cells[i]!);
    if (typeof v !== kind) return false;
    values[i] = v as number | string;
  }
  const order: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (kind === 'number') order.sort((x, y) => (values[x] as number) - (values[y] as number));
  else
    order.sort((x, y) => {
      const a = values[x]!;
      const b = values[y]!;
      return a < b ? -1 : a > b ? 1 : 0;
    });
  const copy = cells.slice();
  for (let i = 0; i < n; i++) cells[i] = copy[order[i]!]!;
  return true;
}

/**
 * The longest list genList builds: every element costs tens of bytes, so a
 * longer one cannot fit in a JS heap, and failing at once beats a crash.
 */
const MAX_LIST_LENGTH = 2 ** 28;

const PARTITION_KEYS: readonly string[] = ['right', 'wrong'];

function anyOrAll(any: boolean, f: Value, xs: Value, rt: Runtime): boolean {
  const name = any ? 'any' : 'all';
  const fn = argFunction(rt, f, `while evaluating the first argument passed to builtins.${name}`);
  const list = argList(rt, xs, `while evaluating the second argument passed to builtins.${name}`);
  const ctx = `while evaluating the return value of the function passed to builtins.${name}`;
  const args: Value[] = [null];
  for (let i = 0; i < list.length; i++) {
    args[0] = list[i]!;
    if (boolResult(rt.call(fn, args), ctx) === any) return any;
  }
  return !any;
}

/** concatLists: every element evaluated and checked in order, then joined. */
function concat(lists: Value[], rt: Runtime): Value[] {
  const parts: Value[][] = new Array<Value[]>(lists.length);
  for (let i = 0; i < lists.length; i++)
    parts[i] = elementList(rt, lists[i]!, 'while evaluating a value of the list passed to builtins.concatLists');
  return concatForced(parts);
}

/** Joins lists; when only one is non-empty it is the result itself, as in CppNix. */
function concatForced(parts: Value[][]): Value[] {
  let len = 0;
  let nonEmpty: Value[] | null = null;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    len += p.length;
    if (p.length > 0) nonEmpty = p;
  }
  if (nonEmpty !== null && nonEmpty.length === len) return nonEmpty;
  const out: Value[] = new Array<Value>(len);
  let k = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    for (let j = 0; j < p.length; j++) out[k++] = p[j]!;
  }
  return out;
}
