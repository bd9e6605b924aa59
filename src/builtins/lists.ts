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
import { cellsEqual } from '../value/equality.js';
import { Closure, PrimOp, type PrimOpApp, Thunk, ThunkState, type Value } from '../value/types.js';
import { argInt, argList, argStringNoContext, forceArg } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import type { Runtime } from './runtime.js';
import { GenericClosureStep } from './closure.js';
import { SortStep } from './sort.js';
import { AnyAllStep, checkedList, ConcatMapStep, FilterStep, FoldlStep, functionArg, GroupByStep, PartitionStep } from './list-steps.js';

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

const ELEM_AT_INDEX = "while evaluating the second argument passed to 'builtins.elemAt'";
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

/** `attribute 'x' missing` with CppNix's getAttr trace line. */
function missingAttr(name: string, ctx: string): EvalError {
  return new EvalError(`attribute '${printIdentifier(name)}' missing`).addTrace(ctx, null);
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

    // The index is evaluated before the list (strict, on the VM's stack; the list is forced here).
    primop(
      'elemAt',
      2,
      [1],
      ([xs, n], rt) => {
        const i = argInt(rt, n!, ELEM_AT_INDEX);
        const list = argList(rt, xs!, "while evaluating the first argument passed to 'builtins.elemAt'");
        if (typeof i !== 'number' || i < 0 || i >= list.length)
          throw new EvalError(`'builtins.elemAt' called with index ${i} on a list of size ${list.length}`);
        return list[i]!;
      },
      { checks: { 1: { check: ([, n], rt) => void argInt(rt, n!, ELEM_AT_INDEX), literal: 'int', forceCtx: ELEM_AT_INDEX } } },
    ),

    primop('elem', 2, [1], ([x, xs], rt) => {
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.elem');
      for (let i = 0; i < list.length; i++) if (cellsEqual(x!, list[i]!, rt)) return true;
      return false;
    }),

    primop('filter', 2, [1], ([f, xs]) => {
      const list = checkedList(xs!, 'while evaluating the second argument passed to builtins.filter');
      if (list.length === 0) return list;
      return new FilterStep(f!, list, 'while evaluating the first argument passed to builtins.filter');
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
    primop(
      'concatMap',
      2,
      [0, 1],
      ([f, xs]) =>
        new ConcatMapStep(
          concatForced,
          () => determinePos(f!, null),
          f!,
          checkedList(xs!, 'while evaluating the second argument passed to builtins.concatMap'),
        ),
      { checks: { 0: functionArg(0, 'while evaluating the first argument passed to builtins.concatMap') } },
    ),

    // Strict in the accumulator: each step's result is evaluated before the next step.
    primop(
      "foldl'",
      3,
      [0, 2],
      ([f, init, xs]) => new FoldlStep(f!, checkedList(xs!, 'while evaluating the third argument passed to builtins.foldlStrict'), init!),
      { checks: { 0: functionArg(0, 'while evaluating the first argument passed to builtins.foldlStrict') } },
    ),

    // The length is checked before the function is forced (even for an empty list).
    primop('genList', 2, [], ([f, n], rt) => {
      const len = argInt(rt, n!, 'while evaluating the second argument passed to builtins.genList');
      if (len < 0) throw new EvalError(`cannot create list of size ${len}`);
      const fn = argFunction(rt, f!, 'while evaluating the first argument passed to builtins.genList');
      // CppNix fails to allocate such a list; a JS heap cannot hold one either.
      if (typeof len !== 'number' || len > MAX_LIST_LENGTH) throw new EvalError('out of memory');
      const out: Value[] = new Array<Value>(len);
      for (let i = 0; i < len; i++) {
        out[i] = rt.lazyCall(fn, [i]);
        if ((i & 0xffff) === 0xffff) rt.checkLimits();
      }
      return out;
    }),

    anyOrAll(false),
    anyOrAll(true),

    primop('sort', 2, [1], ([f, xs], rt) => {
      const list = checkedList(xs!, 'while evaluating the second argument passed to builtins.sort');
      if (list.length === 0) return list;
      return new SortStep(f!, list, rt);
    }),

    // The function is forced before the list; each element is evaluated before the call.
    primop(
      'partition',
      2,
      [0, 1],
      ([f, xs]) => new PartitionStep(f!, checkedList(xs!, 'while evaluating the second argument passed to builtins.partition')),
      { checks: { 0: functionArg(0, 'while evaluating the first argument passed to builtins.partition') } },
    ),

    primop(
      'groupBy',
      2,
      [0, 1],
      ([f, xs], rt) => new GroupByStep(rt, f!, checkedList(xs!, 'while evaluating the second argument passed to builtins.groupBy')),
      { checks: { 0: functionArg(0, 'while evaluating the first argument passed to builtins.groupBy') } },
    ),

    primop('listToAttrs', 1, [0], ([xs], rt) =>
      listToAttrs(argList(rt, xs!, 'while evaluating the argument passed to builtins.listToAttrs'), rt),
    ),

    primop('genericClosure', 1, [0], ([arg], rt) => new GenericClosureStep(arg!, rt)),
  ];
  return { primops };
}

/**
 * The longest list genList builds: every element costs tens of bytes, so a
 * longer one cannot fit in a JS heap, and failing at once beats a crash.
 */
const MAX_LIST_LENGTH = 2 ** 28;

function anyOrAll(any: boolean): PrimOp {
  const name = any ? 'any' : 'all';
  return primop(
    name,
    2,
    [0, 1],
    ([f, xs]) => new AnyAllStep(any, f!, checkedList(xs!, `while evaluating the second argument passed to builtins.${name}`)),
    { checks: { 0: functionArg(0, `while evaluating the first argument passed to builtins.${name}`) } },
  );
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
