// Attribute sets: attrNames, attrValues, getAttr, hasAttr, removeAttrs,
// intersectAttrs, catAttrs, mapAttrs, zipAttrsWith, functionArgs,
// unsafeGetAttrPos.
//
// As in lists.ts: arguments CppNix forces first with forceAttrs/forceList
// are strict in the primop; names (forceStringNoCtx, which annotates any
// error) and functions are forced here, in CppNix's order. Results that
// CppNix builds from existing attributes keep their positions
// (unsafeGetAttrPos sees them); sets of new applications (mapAttrs,
// zipAttrsWith) have none, as in CppNix.

import { printIdentifier } from '../syntax/printer.js';
import { EvalError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { typeError } from '../value/check.js';
import { type ArgCheck, Closure, PrimOp, PrimOpApp, Thunk, ThunkState, type Value } from '../value/types.js';
import { argAttrs, argList, argStringNoContext } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import { argFunction } from './lists.js';
import type { Runtime } from './runtime.js';

const POS_KEYS: readonly string[] = ['column', 'file', 'line'];

/**
 * A position as CppNix's mkPos shows it: `{ column; file; line; }` for a
 * position in a file, null for anything else (no position, `-E` text,
 * stdin). Also what `__curPos` evaluates to.
 */
export function posToAttrs(pos: Pos | null): Value {
  if (pos === null || pos.source.path === null) return null;
  const { line, col } = pos.source.lineCol(pos.offset);
  return new NixAttrs(POS_KEYS, [col, pos.source.path, line]);
}

function removeAttrsSet(s: Value, rt: Runtime): NixAttrs {
  return argAttrs(rt, s, 'while evaluating the first argument passed to builtins.removeAttrs');
}

function intersectFirst(a: Value, rt: Runtime): NixAttrs {
  return argAttrs(rt, a, 'while evaluating the first argument passed to builtins.intersectAttrs');
}

function forced(rt: Runtime, v: Value): Value {
  if (!(v instanceof Thunk)) return v;
  if (v.state === ThunkState.Done) return v.value;
  return rt.force(v);
}

/** A name argument: a string without context, annotated with `ctx` on any error. */
const GET_ATTR_NAME = 'while evaluating the first argument passed to builtins.getAttr';
const GET_ATTR_SET = 'while evaluating the second argument passed to builtins.getAttr';
const HAS_ATTR_NAME = 'while evaluating the first argument passed to builtins.hasAttr';
const HAS_ATTR_SET = 'while evaluating the second argument passed to builtins.hasAttr';

/** The checks of a (name, set) builtin: forceStringNoCtx traces any error of its argument, forceAttrs only a type error. */
function nameThenSet(nameCtx: string, setCtx: string): Record<number, ArgCheck> {
  return {
    0: { check: ([name], rt) => void nameArg(rt, name!, nameCtx), literal: 'string', forceCtx: nameCtx },
    1: { check: ([, s], rt) => void argAttrs(rt, s!, setCtx), literal: 'attrs' },
  };
}

function nameArg(rt: Runtime, v: Value, ctx: string): string {
  return typeof v === 'string' ? v : argStringNoContext(rt, v, ctx);
}

/** intersectAttrs: the attributes of `b` (values and positions) whose names `a` has. */
function intersect(a: NixAttrs, b: NixAttrs): NixAttrs {
  const keys: string[] = [];
  const values: Value[] = [];
  const bp = b.positions;
  const positions: (Pos | null)[] | null = bp === null ? null : [];
  if (a.size <= b.size) {
    // Walk the smaller set and look each name up in the larger one.
    const ak = a.keys;
    for (let i = 0; i < ak.length; i++) {
      const j = b.indexOf(ak[i]!);
      if (j < 0) continue;
      keys.push(ak[i]!);
      values.push(b.values[j]!);
      if (positions !== null) positions.push(bp![j]!);
    }
  } else {
    const bk = b.keys;
    for (let j = 0; j < bk.length; j++) {
      if (a.indexOf(bk[j]!) < 0) continue;
      keys.push(bk[j]!);
      values.push(b.values[j]!);
      if (positions !== null) positions.push(bp![j]!);
    }
  }
  if (keys.length === b.size) return b;
  return new NixAttrs(keys, values, positions);
}

function functionArgs(f: Value): NixAttrs {
  if (f instanceof PrimOp || f instanceof PrimOpApp) return NixAttrs.empty;
  if (!(f instanceof Closure)) throw new EvalError("'functionArgs' requires a function");
  const formals = f.blueprint.formals;
  if (formals === null || formals.size === 0) return NixAttrs.empty;
  const keys = Array.from(formals.keys()).sort();
  const positions = f.blueprint.formalPositions;
  return new NixAttrs(
    keys,
    keys.map((k) => formals.get(k)!),
    positions ? keys.map((k) => positions.get(k) ?? null) : null,
  );
}

function zipAttrsWith(f: Value, xs: Value, rt: Runtime): NixAttrs {
  const fn = argFunction(rt, f, 'while evaluating the first argument passed to builtins.zipAttrsWith');
  const list = argList(rt, xs, 'while evaluating the second argument passed to builtins.zipAttrsWith');
  const groups = new Map<string, Value[]>();
  for (let i = 0; i < list.length; i++) {
    const set = forced(rt, list[i]!);
    if (!(set instanceof NixAttrs))
      throw typeError('a set', set).addTrace(
        'while evaluating a value of the list passed as second argument to builtins.zipAttrsWith',
        null,
      );
    const keys = set.keys;
    const values = set.values;
    for (let k = 0; k < keys.length; k++) {
      const group = groups.get(keys[k]!);
      if (group === undefined) groups.set(keys[k]!, [values[k]!]);
      else group.push(values[k]!);
    }
  }
  const keys = Array.from(groups.keys()).sort();
  const values: Value[] = new Array<Value>(keys.length);
  for (let k = 0; k < keys.length; k++) values[k] = rt.lazyCall(fn, [keys[k]!, groups.get(keys[k]!)!]);
  return new NixAttrs(keys, values);
}

export function attrsBuiltins(_evaluator: Evaluator): BuiltinFamily {
  const primops: PrimOp[] = [
    primop('attrNames', 1, [0], ([s], rt) => argAttrs(rt, s!, 'while evaluating the argument passed to builtins.attrNames').keys.slice()),

    primop('attrValues', 1, [0], ([s], rt) =>
      argAttrs(rt, s!, 'while evaluating the argument passed to builtins.attrValues').values.slice(),
    ),

    // Both strict, on the VM's stack: the name checked before the set is evaluated.
    primop(
      'getAttr',
      2,
      [0, 1],
      ([name, s], rt) => {
        const key = nameArg(rt, name!, GET_ATTR_NAME);
        const set = argAttrs(rt, s!, GET_ATTR_SET);
        const v = set.get(key);
        if (v === undefined)
          throw new EvalError(`attribute '${printIdentifier(key)}' missing`).addTrace('in the attribute set under consideration', null);
        return v;
      },
      { checks: nameThenSet(GET_ATTR_NAME, GET_ATTR_SET) },
    ),

    primop('hasAttr', 2, [0, 1], ([name, s], rt) => argAttrs(rt, s!, HAS_ATTR_SET).has(nameArg(rt, name!, HAS_ATTR_NAME)), {
      checks: nameThenSet(HAS_ATTR_NAME, HAS_ATTR_SET),
    }),

    // The set is checked before the second argument is evaluated.
    primop(
      'removeAttrs',
      2,
      [0, 1],
      ([s, names], rt) => {
        const set = removeAttrsSet(s!, rt);
        const list = argList(rt, names!, 'while evaluating the second argument passed to builtins.removeAttrs');
        const drop: string[] = new Array<string>(list.length);
        for (let i = 0; i < list.length; i++)
          drop[i] = nameArg(rt, list[i]!, 'while evaluating the values of the second argument passed to builtins.removeAttrs');
        return set.remove(drop);
      },
      { checks: { 0: { check: ([s], rt) => void removeAttrsSet(s!, rt), literal: 'attrs' } } },
    ),

    primop(
      'intersectAttrs',
      2,
      [0, 1],
      ([a, b], rt) =>
        intersect(intersectFirst(a!, rt), argAttrs(rt, b!, 'while evaluating the second argument passed to builtins.intersectAttrs')),
      { checks: { 0: { check: ([a], rt) => void intersectFirst(a!, rt), literal: 'attrs' } } },
    ),

    primop('catAttrs', 2, [], ([name, xs], rt) => {
      const key = nameArg(rt, name!, 'while evaluating the first argument passed to builtins.catAttrs');
      const list = argList(rt, xs!, 'while evaluating the second argument passed to builtins.catAttrs');
      const out: Value[] = [];
      for (let i = 0; i < list.length; i++) {
        const set = forced(rt, list[i]!);
        if (!(set instanceof NixAttrs))
          throw typeError('a set', set).addTrace(
            'while evaluating an element in the list passed as second argument to builtins.catAttrs',
            null,
          );
        const v = set.get(key);
        if (v !== undefined) out.push(v);
      }
      return out;
    }),

    // Lazy in everything but the set: the function is not even forced.
    primop('mapAttrs', 2, [1], ([f, s], rt) => {
      const set = argAttrs(rt, s!, 'while evaluating the second argument passed to builtins.mapAttrs');
      const n = set.size;
      if (n === 0) return set;
      const keys = set.keys;
      const old = set.values;
      const values: Value[] = new Array<Value>(n);
      for (let i = 0; i < n; i++) values[i] = rt.lazyCall(f!, [keys[i]!, old[i]!]);
      return new NixAttrs(keys, values);
    }),

    primop('zipAttrsWith', 2, [], ([f, xs], rt) => zipAttrsWith(f!, xs!, rt)),

    primop('functionArgs', 1, [0], ([f]) => functionArgs(f!)),

    primop('unsafeGetAttrPos', 2, [], ([name, s], rt) => {
      const key = nameArg(rt, name!, 'while evaluating the first argument passed to builtins.unsafeGetAttrPos');
      const set = argAttrs(rt, s!, 'while evaluating the second argument passed to builtins.unsafeGetAttrPos');
      return set.has(key) ? posToAttrs(set.posOf(key)) : null;
    }),
  ];
  return { primops };
}
