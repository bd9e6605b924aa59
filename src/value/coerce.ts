// Coercion to strings (CppNix's coerceToString) and string-context helpers.
//
// Two strengths:
//   - weak (string interpolation, `+` on strings, most builtins taking
//     "a string"): strings, paths, and sets with `__toString` or `outPath`;
//   - `coerceMore` (builtins.toString): also ints, floats (`%f`: "1.500000"),
//     true → "1", false/null → "", and lists, their items joined by spaces
//     (except after an empty list, a CppNix quirk: toString [ 1 [ ] 2 ] is
//     "1 2"... and toString [ [ ] 1 ] is "1").
// Anything else fails: `cannot coerce a function to a string: «lambda @ ...»`.
//
// Sets are peeled: `__toString` is called with the set itself and its result
// coerced in turn (errors gain `while calling the `__toString` attribute` /
// `while using the result of the `__toString` attribute`); else `outPath` is
// coerced (`while evaluating the `outPath` attribute` / `while using the
// `outPath` attribute`).
//
// The result keeps the context of every string it was built from: a plain
// string when there is none, a NixString otherwise.

import type { Runtime } from '../builtins/runtime.js';
import { EvalError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { NixAttrs } from './attrs.js';
import { printForError, showType } from './describe.js';
import type { AttrPosFn } from './equality.js';
import { formatFloatF, formatInt } from './numfmt.js';
import { makeString, NixFloat, NixPath, NixString, Thunk, type Value } from './types.js';

export interface CoerceOptions {
  /** builtins.toString strength: ints, floats, bools, null and lists too. */
  coerceMore?: boolean;
  /** Copy paths to the store and return the store path (string interpolation). */
  copyToStore?: boolean;
  /**
   * Copies a path to the store and returns the store path (added to the
   * result's context). Needed when `copyToStore` meets a path.
   */
  copyPathToStore?: (path: string) => string;
  /** Position of the coercion, for the `errorCtx` trace entry. */
  pos?: Pos | null;
  /** Trace entry added to coercion failures, e.g. `while evaluating a path segment`. */
  errorCtx?: string;
  /** Attribute positions (of `__toString`, `outPath`), for traces. */
  attrPos?: AttrPosFn;
}

function fail(v: Value, opts: CoerceOptions): never {
  const err = new EvalError(`cannot coerce ${showType(v)} to a string: ${printForError(v)}`);
  if (opts.errorCtx) err.addTrace(opts.errorCtx, opts.pos ?? null);
  throw err;
}

/**
 * `v` as a string, following every rule of CppNix's coerceToString.
 * Forces `v` (and what coercion needs inside it) through `rt`.
 */
export function coerceToString(v: Value, rt: Runtime, opts: CoerceOptions = {}): string | NixString {
  if (v instanceof Thunk) v = rt.force(v);
  if (typeof v === 'string' || v instanceof NixString) return v;
  if (v instanceof NixPath) {
    if (opts.copyToStore) {
      const storePath = opts.copyPathToStore ? opts.copyPathToStore(v.path) : rt.copyPathToStore?.(v.path);
      if (storePath === undefined) throw new EvalError(`cannot copy path '${v.path}' to the store: no store is available`);
      return new NixString(storePath, [storePath]);
    }
    return v.path;
  }
  if (v instanceof NixAttrs) return coerceAttrs(v, rt, opts);
  if (opts.coerceMore) {
    switch (typeof v) {
      case 'boolean':
        return v ? '1' : '';
      case 'number':
      case 'bigint':
        return formatInt(v);
    }
    if (v === null) return '';
    if (v instanceof NixFloat) return formatFloatF(v.value);
    if (Array.isArray(v)) return coerceList(v, rt, opts);
  }
  return fail(v, opts);
}

function coerceAttrs(attrs: NixAttrs, rt: Runtime, opts: CoerceOptions): string | NixString {
  const fn = attrs.get('__toString');
  if (fn !== undefined) {
    const pos = opts.attrPos?.(attrs, '__toString') ?? null;
    let result: Value;
    try {
      result = rt.call(fn, [attrs]);
    } catch (e) {
      if (e instanceof NixError) {
        if (e.pos === null && pos !== null) e.pos = pos;
        e.addTrace('while calling the `__toString` attribute', pos);
      }
      throw e;
    }
    try {
      return coerceToString(result, rt, opts);
    } catch (e) {
      if (e instanceof NixError) e.addTrace('while using the result of the `__toString` attribute', pos);
      throw e;
    }
  }
  const out = attrs.get('outPath');
  if (out !== undefined) {
    const pos = opts.attrPos?.(attrs, 'outPath') ?? null;
    let value: Value;
    try {
      value = out instanceof Thunk ? rt.force(out) : out;
    } catch (e) {
      if (e instanceof NixError) e.addTrace('while evaluating the `outPath` attribute', pos);
      throw e;
    }
    try {
      return coerceToString(value, rt, opts);
    } catch (e) {
      if (e instanceof NixError) e.addTrace('while using the `outPath` attribute', pos);
      throw e;
    }
  }
  return fail(attrs, opts);
}

function coerceList(list: Value[], rt: Runtime, opts: CoerceOptions): string | NixString {
  const inner: CoerceOptions = { ...opts, errorCtx: 'while evaluating one element of the list' };
  let result = '';
  let context: readonly string[] = [];
  const n = list.length;
  for (let i = 0; i < n; i++) {
    const cell = list[i]!;
    let part: string | NixString;
    try {
      part = coerceToString(cell, rt, inner);
    } catch (e) {
      if (e instanceof NixError && opts.errorCtx) e.addTrace(opts.errorCtx, opts.pos ?? null);
      throw e;
    }
    if (typeof part === 'string') result += part;
    else {
      result += part.value;
      context = mergeContexts(context, part.context);
    }
    // A space after each item but the last, except after an empty list.
    if (i < n - 1) {
      const item = cell instanceof Thunk ? cell.value : cell;
      if (!(Array.isArray(item) && item.length === 0)) result += ' ';
    }
  }
  return makeString(result, context);
}

// ---------------------------------------------------------------- context

/** The union of two sorted, duplicate-free contexts, itself sorted and duplicate-free. */
export function mergeContexts(a: readonly string[], b: readonly string[]): readonly string[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** A context from any list of elements: sorted, duplicates removed. */
export function normalizeContext(elements: Iterable<string>): readonly string[] {
  const list = Array.from(new Set(elements));
  list.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return list;
}

/** Concatenates strings, keeping the union of their contexts. */
export function concatStrings(parts: readonly (string | NixString)[], separator = ''): string | NixString {
  let text = '';
  let context: readonly string[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) text += separator;
    const p = parts[i]!;
    if (typeof p === 'string') text += p;
    else {
      text += p.value;
      context = mergeContexts(context, p.context);
    }
  }
  return makeString(text, context);
}
