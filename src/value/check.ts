// Type checks on forced values, failing with CppNix's messages:
//
//   expected an integer but found a string: "foo"
//
// Each takes a value that is already forced (never a Thunk) and returns it
// narrowed. The errors carry no position: the caller (VM or builtin) adds
// it, with the `while evaluating the first argument passed to ...` trace.

import { EvalError } from '../errors/error.js';
import { NixAttrs } from './attrs.js';
import { printForError, showType } from './describe.js';
import { Closure, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, type Value } from './types.js';

/** `expected <what> but found <showType>: <value>`. */
export function typeError(what: string, v: Value): EvalError {
  return new EvalError(`expected ${what} but found ${showType(v)}: ${printForError(v)}`);
}

export function expectInt(v: Value): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  throw typeError('an integer', v);
}

/** A float, or an int converted to one (CppNix's forceFloat accepts both). */
export function expectFloat(v: Value): number {
  if (v instanceof NixFloat) return v.value;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw typeError('a float', v);
}

/**
 * An int or a float, unchanged. Anything else fails as CppNix's arithmetic
 * builtins do (they fall back to forceInt): `expected an integer but found ...`.
 */
export function expectNumber(v: Value): number | bigint | NixFloat {
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof NixFloat) return v;
  throw typeError('an integer', v);
}

export function expectBool(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  throw typeError('a Boolean', v);
}

export function expectString(v: Value): string | NixString {
  if (typeof v === 'string' || v instanceof NixString) return v;
  throw typeError('a string', v);
}

/**
 * A string without context (CppNix's forceStringNoCtx):
 * `the string '...' is not allowed to refer to a store path (such as '...')`.
 */
export function expectStringNoContext(v: Value, storeDir = '/nix/store'): string {
  if (typeof v === 'string') return v;
  if (v instanceof NixString) {
    if (v.context.length === 0) return v.value;
    throw new EvalError(
      `the string '${v.value}' is not allowed to refer to a store path (such as '${firstContextElement(v.context, storeDir)}')`,
    );
  }
  throw typeError('a string', v);
}

/**
 * The context element CppNix names first, as it prints it: its set orders
 * plain paths before `=drv` before `!out!drv`, and shows store paths by
 * their base name.
 */
function firstContextElement(context: readonly string[], storeDir: string): string {
  const prefix = storeDir.endsWith('/') ? storeDir : storeDir + '/';
  const strip = (p: string): string => (p.startsWith(prefix) ? p.slice(prefix.length) : p);
  const shown = context.map((c) => {
    if (c.startsWith('=')) return { kind: 1, key: strip(c.slice(1)), text: '=' + strip(c.slice(1)) };
    if (c.startsWith('!')) {
      const at = c.indexOf('!', 1);
      const out = c.slice(1, at);
      const drv = strip(c.slice(at + 1));
      return { kind: 2, key: drv + '!' + out, text: `!${out}!${drv}` };
    }
    return { kind: 0, key: strip(c), text: strip(c) };
  });
  shown.sort((a, b) => a.kind - b.kind || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return shown[0]!.text;
}

export function expectList(v: Value): Value[] {
  if (Array.isArray(v)) return v;
  throw typeError('a list', v);
}

export function expectAttrs(v: Value): NixAttrs {
  if (v instanceof NixAttrs) return v;
  throw typeError('a set', v);
}

/** A function, or a set with `__functor` (CppNix's forceFunction accepts both). */
export function expectFunction(v: Value): Closure | PrimOp | PrimOpApp | NixAttrs {
  if (v instanceof Closure || v instanceof PrimOp || v instanceof PrimOpApp) return v;
  if (v instanceof NixAttrs && v.has('__functor')) return v;
  throw typeError('a function', v);
}

export function expectPath(v: Value): NixPath {
  if (v instanceof NixPath) return v;
  throw typeError('a path', v);
}
