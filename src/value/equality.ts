// Nix's `==` and `<`, as CppNix's eqValues and CompareValues do them.
//
// Equality:
//   - ints and floats compare across types (1 == 1.0; the int is converted
//     to a double);
//   - strings by their bytes, ignoring context; paths by their path;
//   - lists element by element, sets attribute by attribute (names first,
//     then values, in key order), forcing as they go and stopping at the
//     first difference;
//   - two derivations (sets with type = "derivation") by their outPath;
//   - functions are never equal...
//   - ...except through CppNix's pointer-equality rule: two elements of
//     lists or sets being compared that are the *same cell* (the same thunk
//     object, or the same value object stored directly) are equal without
//     looking further, after both are forced. In tsnix a cell is the
//     reference stored in the list or set, so `let f = x: x; in [ f ] == [ f ]`
//     is true while `[ s.f ] == [ s.f ]` (two distinct thunks) is false, and
//     `f == f` at the top level is false, exactly as in CppNix. `==` itself
//     must use `valuesEqual` (no identity shortcut at the top: CppNix
//     evaluates both operands into fresh cells); builtins comparing stored
//     values (`elem`, list comparison) use `cellsEqual`.
//
// Both walk lists and sets with an explicit stack, so comparing deeply
// nested structures cannot overflow the JS stack.

import type { Runtime } from '../builtins/runtime.js';
import { AssertionError, EvalError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { NixAttrs } from './attrs.js';
import { printForError, showType } from './describe.js';
import { formatFloatF, formatInt } from './numfmt.js';
import { Closure, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, type Value } from './types.js';

/** Where an attribute of a set was defined, when known (for error traces). */
export type AttrPosFn = (attrs: NixAttrs, name: string) => Pos | null;

function forced(v: Value, rt: Runtime): Value {
  return v instanceof Thunk ? rt.force(v) : v;
}

function isDerivation(attrs: NixAttrs, rt: Runtime): boolean {
  const t = attrs.get('type');
  if (t === undefined) return false;
  const v = forced(t, rt);
  return v === 'derivation' || (v instanceof NixString && v.value === 'derivation');
}

function strValue(v: string | NixString): string {
  return typeof v === 'string' ? v : v.value;
}

/**
 * Compares two forced values without descending: true/false for scalars
 * and functions, or, for two lists or two sets, pushes the pairs of cells
 * still to compare on `stack` and returns true.
 */
function stepEqual(a: Value, b: Value, rt: Runtime, stack: Value[]): boolean {
  switch (typeof a) {
    case 'number':
      if (typeof b === 'number') return a === b;
      if (b instanceof NixFloat) return a === b.value;
      return false;
    case 'bigint':
      if (typeof b === 'bigint') return a === b;
      if (b instanceof NixFloat) return Number(a) === b.value;
      return false;
    case 'string':
      if (typeof b === 'string') return a === b;
      if (b instanceof NixString) return a === b.value;
      return false;
    case 'boolean':
      return a === b;
  }
  if (a === null) return b === null;
  if (a instanceof NixFloat) {
    if (b instanceof NixFloat) return a.value === b.value;
    if (typeof b === 'number') return a.value === b;
    if (typeof b === 'bigint') return a.value === Number(b);
    return false;
  }
  if (a instanceof NixString) {
    if (typeof b === 'string') return a.value === b;
    if (b instanceof NixString) return a.value === b.value;
    return false;
  }
  if (a instanceof NixPath) return b instanceof NixPath && a.path === b.path;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = a.length - 1; i >= 0; i--) stack.push(a[i]!, b[i]!);
    return true;
  }
  if (a instanceof NixAttrs) {
    if (!(b instanceof NixAttrs)) return false;
    if (isDerivation(a, rt) && isDerivation(b, rt)) {
      const i = a.get('outPath');
      const j = b.get('outPath');
      if (i !== undefined && j !== undefined) {
        stack.push(i, j);
        return true;
      }
    }
    const n = a.size;
    if (n !== b.size) return false;
    const ak = a.keys;
    const bk = b.keys;
    if (ak !== bk) for (let k = 0; k < n; k++) if (ak[k] !== bk[k]) return false;
    const av = a.values;
    const bv = b.values;
    // Compared in CppNix's order of the names (which decides the error of two failing values).
    const order = rt.symbols?.order(ak) ?? null;
    if (order === null) for (let k = n - 1; k >= 0; k--) stack.push(av[k]!, bv[k]!);
    else
      for (let k = n - 1; k >= 0; k--) {
        const i = order[k]!;
        stack.push(av[i]!, bv[i]!);
      }
    return true;
  }
  // Functions (and anything else) are incomparable: never equal by value.
  return false;
}

function drain(stack: Value[], rt: Runtime): boolean {
  while (stack.length > 0) {
    const y = stack.pop()!;
    const x = stack.pop()!;
    const fx = forced(x, rt);
    const fy = forced(y, rt);
    // Pointer equality on cells, after forcing both (as CppNix does).
    if (x === y) continue;
    if (!stepEqual(fx, fy, rt, stack)) return false;
  }
  return true;
}

/**
 * `a == b`: forces both (if they are thunks) and compares them. No identity
 * shortcut at the top: `(x: x) == (x: x)` and `f == f` are false.
 */
export function valuesEqual(a: Value, b: Value, rt: Runtime): boolean {
  if (a instanceof Thunk) a = rt.force(a);
  if (b instanceof Thunk) b = rt.force(b);
  // Fast paths: no allocation for scalars.
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if (!Array.isArray(a) && !(a instanceof NixAttrs)) {
    const none: Value[] = EMPTY;
    return stepEqual(a, b, rt, none);
  }
  const stack: Value[] = [];
  if (!stepEqual(a, b, rt, stack)) return false;
  return drain(stack, rt);
}

/** Never pushed to: stepEqual only pushes for lists and sets. */
const EMPTY: Value[] = [];

/**
 * Equality of two stored cells (list elements, attribute values, builtin
 * arguments): like `valuesEqual`, but the same cell is equal to itself
 * (after being forced), whatever its type.
 */
export function cellsEqual(a: Value, b: Value, rt: Runtime): boolean {
  const fa = forced(a, rt);
  const fb = forced(b, rt);
  if (a === b) return true;
  if (typeof fa === 'number' && typeof fb === 'number') return fa === fb;
  if (typeof fa === 'string' && typeof fb === 'string') return fa === fb;
  const stack: Value[] = [];
  if (!stepEqual(fa, fb, rt, stack)) return false;
  return stack.length === 0 || drain(stack, rt);
}

// ---------------------------------------------------------------- ordering

function isNumber(v: Value): v is number | bigint | NixFloat {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof NixFloat;
}

function numValue(v: number | bigint | NixFloat): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v.value;
}

function incomparable(a: Value, b: Value, sameType: boolean): EvalError {
  const values = `${printForError(a)} and ${printForError(b)}`;
  return new EvalError(
    sameType
      ? `cannot compare ${showType(a)} with ${showType(b)}; values of that type are incomparable (values are ${values})`
      : `cannot compare ${showType(a)} with ${showType(b)}; values are ${values}`,
  );
}

function sameKind(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return typeof a === typeof b;
  if (a instanceof NixAttrs || b instanceof NixAttrs) return a instanceof NixAttrs && b instanceof NixAttrs;
  const fa = a instanceof Closure || a instanceof PrimOp || a instanceof PrimOpApp;
  const fb = b instanceof Closure || b instanceof PrimOp || b instanceof PrimOpApp;
  return fa && fb;
}

/**
 * `a < b` (CppNix's CompareValues): numbers (int and float mixed), strings
 * by bytes, paths, and lists lexicographically (elements compared with
 * `cellsEqual` first, then ordered). Anything else fails:
 * `cannot compare a set with a set; values of that type are incomparable (values are { } and { })`.
 */
export function lessThan(a: Value, b: Value, rt: Runtime): boolean {
  let depth = 0;
  try {
    for (;;) {
      if (a instanceof Thunk) a = rt.force(a);
      if (b instanceof Thunk) b = rt.force(b);
      if (typeof a === 'number' && typeof b === 'number') return a < b;
      if (isNumber(a) && isNumber(b)) {
        if (typeof a === 'bigint' || typeof b === 'bigint') {
          if (!(a instanceof NixFloat) && !(b instanceof NixFloat)) return a < b;
        }
        return numValue(a) < numValue(b);
      }
      if ((typeof a === 'string' || a instanceof NixString) && (typeof b === 'string' || b instanceof NixString))
        return strValue(a) < strValue(b);
      if (a instanceof NixPath && b instanceof NixPath) return a.path < b.path;
      if (Array.isArray(a) && Array.isArray(b)) {
        const n = Math.min(a.length, b.length);
        let i = 0;
        while (i < n && cellsEqual(a[i]!, b[i]!, rt)) i++;
        if (i === n) return a.length < b.length;
        // The first differing elements decide (a tail call, so a loop).
        a = a[i]!;
        b = b[i]!;
        depth++;
        continue;
      }
      throw incomparable(a, b, sameKind(a, b));
    }
  } catch (e) {
    if (e instanceof NixError) for (let k = 0; k < depth; k++) e.addTrace('while comparing two list elements', null);
    throw e;
  }
}

// ---------------------------------------------------------------- assert a == b

export interface AssertEqOptions {
  /** Position of the `==` (the trace entries point there). */
  pos?: Pos | null;
  /** Attribute positions, for `where left hand side is` / `where right hand side is`. */
  attrPos?: AttrPosFn;
}

/**
 * Explains why `a == b` is false, as CppNix's assertEqValues does for a
 * failed `assert a == b`: throws an AssertionError such as
 * `an integer with value '1' is not equal to an integer with value '2'`,
 * with `while comparing attribute 'b'` / `while comparing list element 0`
 * traces on the way down. Returns normally if the values are equal.
 * Call it with the two operands (it applies no identity shortcut at the top).
 */
export function assertEqValues(a: Value, b: Value, rt: Runtime, opts: AssertEqOptions = {}): void {
  assertEq(a, b, rt, opts, false);
}

function assertEq(x: Value, y: Value, rt: Runtime, opts: AssertEqOptions, cells: boolean): void {
  const a = forced(x, rt);
  const b = forced(y, rt);
  if (cells && x === y) return;
  const pos = opts.pos ?? null;
  const fail = (msg: string): never => {
    throw new AssertionError(msg);
  };
  if (isNumber(a) && isNumber(b)) {
    if (valuesEqual(a, b, rt)) return;
    fail(`${showType(a)} with value '${printForError(a)}' is not equal to ${showType(b)} with value '${printForError(b)}'`);
  }
  const ka = kindOf(a);
  if (ka !== kindOf(b)) fail(`${showType(a)} of value '${printForError(a)}' is not equal to ${showType(b)} of value '${printForError(b)}'`);
  switch (ka) {
    case 'bool':
      if (a !== b) fail(`boolean '${printForError(a)}' is not equal to boolean '${printForError(b)}'`);
      return;
    case 'string':
      if (strValue(a as string | NixString) !== strValue(b as string | NixString))
        fail(`string '${printForError(a)}' is not equal to string '${printForError(b)}'`);
      return;
    case 'path':
      if ((a as NixPath).path !== (b as NixPath).path) fail(`path '${printForError(a)}' is not equal to path '${printForError(b)}'`);
      return;
    case 'null':
      return;
    case 'list': {
      const la = a as Value[];
      const lb = b as Value[];
      if (la.length !== lb.length)
        fail(
          `list of size '${la.length}' is not equal to list of size '${lb.length}', left hand side is '${printForError(a)}', right hand side is '${printForError(b)}'`,
        );
      for (let i = 0; i < la.length; i++) {
        try {
          assertEq(la[i]!, lb[i]!, rt, opts, true);
        } catch (e) {
          if (e instanceof NixError) e.addTrace(`while comparing list element ${i}`, pos);
          throw e;
        }
      }
      return;
    }
    case 'set': {
      const sa = a as NixAttrs;
      const sb = b as NixAttrs;
      if (isDerivation(sa, rt) && isDerivation(sb, rt)) {
        const i = sa.get('outPath');
        const j = sb.get('outPath');
        if (i !== undefined && j !== undefined) {
          try {
            assertEq(i, j, rt, opts, true);
            return;
          } catch (e) {
            if (e instanceof NixError) e.addTrace(`while comparing a derivation by its 'outPath' attribute`, pos);
            throw e;
          }
        }
      }
      if (sa.size !== sb.size)
        fail(`attribute names of attribute set '${printForError(a)}' differs from attribute set '${printForError(b)}'`);
      for (let k = 0; k < sa.size; k++) {
        const na = sa.keys[k]!;
        const nb = sb.keys[k]!;
        if (na !== nb) {
          if (!sb.has(na)) fail(`attribute name '${na}' is contained in '${printForError(a)}', but not in '${printForError(b)}'`);
          fail(`attribute name '${nb}' is missing in '${printForError(a)}', but is contained in '${printForError(b)}'`);
        }
      }
      // The values in CppNix's order of the names.
      const order = rt.symbols?.order(sa.keys) ?? null;
      for (let j = 0; j < sa.size; j++) {
        const k = order === null ? j : order[j]!;
        const na = sa.keys[k]!;
        try {
          assertEq(sa.values[k]!, sb.values[k]!, rt, opts, true);
        } catch (e) {
          if (e instanceof NixError) {
            const err = e;
            const pb = opts.attrPos?.(sb, na) ?? null;
            const pa = opts.attrPos?.(sa, na) ?? null;
            if (pb !== null) err.addTrace('where right hand side is', pb);
            if (pa !== null) err.addTrace('where left hand side is', pa);
            err.addTrace(`while comparing attribute '${na}'`, pos);
          }
          throw e;
        }
      }
      return;
    }
    case 'function':
      fail('distinct functions and immediate comparisons of identical functions compare as unequal');
      return;
    case 'float':
      if ((a as NixFloat).value !== (b as NixFloat).value)
        fail(`float '${formatFloatF((a as NixFloat).value)}' is not equal to float '${formatFloatF((b as NixFloat).value)}'`);
      return;
    case 'int':
      if (a !== b) fail(`integer '${formatInt(a as number)}' is not equal to integer '${formatInt(b as number)}'`);
      return;
  }
}

function kindOf(v: Value): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof NixAttrs) return 'set';
  if (v instanceof NixString) return 'string';
  if (v instanceof NixFloat) return 'float';
  if (v instanceof NixPath) return 'path';
  return 'function';
}
