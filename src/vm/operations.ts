// The slow paths of the VM's instructions: everything past the inline
// fast cases in vm.ts, and the error messages, in CppNix's words.

import { printIdentifier } from '../syntax/printer.js';
import type { Blueprint } from '../bytecode/blueprint.js';
import type { Runtime } from '../builtins/runtime.js';
import { EvalError } from '../errors/error.js';
import { formatPos } from '../errors/render.js';
import type { Pos } from '../errors/source.js';
import * as arith from '../value/arith.js';
import { NixAttrs } from '../value/attrs.js';
import { coerceToString as coerce } from '../value/coerce.js';
import { printForError, showType } from '../value/describe.js';
import { printAttrName } from '../value/literal.js';
import { expectStringNoContext } from '../value/check.js';
import { lessThan as lessThanValues, valuesEqual } from '../value/equality.js';
import { canonicalisePath } from '../value/paths.js';
import { NixFloat, NixPath, NixString, type Value, makeString, stringContext, stringValue } from '../value/types.js';

/** `a set: { }`: a value's type and a short print of it, for messages. */
export function describe(v: Value): string {
  return `${showType(v)}: ${printForError(v)}`;
}

function isNumber(v: Value): v is number | bigint | NixFloat {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof NixFloat;
}

/**
 * An operand of CppNix's __add, __sub, __mul, __div: a float if either is
 * (forceFloat, which takes ints too), else an int (forceInt). The failure
 * has no position of its own, only the trace line naming the operand.
 */
function operand(v: Value, floaty: boolean, context: string): arith.NixNumber {
  if (floaty ? isNumber(v) : typeof v === 'number' || typeof v === 'bigint') return v as arith.NixNumber;
  throw new EvalError(`expected ${floaty ? 'a float' : 'an integer'} but found ${describe(v)}`).withoutPosition().addTrace(context, null);
}

/** Integer overflow and division by zero are reported without a position, as CppNix's builtins do. */
function positionless<T>(compute: () => T): T {
  try {
    return compute();
  } catch (e) {
    if (e instanceof EvalError) e.withoutPosition();
    throw e;
  }
}

function arithmetic(a: Value, b: Value, what: string, fn: (x: arith.NixNumber, y: arith.NixNumber) => arith.NixNumber): Value {
  const floaty = a instanceof NixFloat || b instanceof NixFloat;
  const x = operand(a, floaty, `while evaluating the first argument of the ${what}`);
  const y = operand(b, floaty, `while evaluating the second argument of the ${what}`);
  return positionless(() => fn(x, y));
}

/**
 * A part of a string built by `+` or interpolation, coerced as CppNix does:
 * a failure is traced as a path segment at `at` and has no position itself.
 */
function coercePart(v: Value, rt: Runtime, at: Pos | null, coerceMore: boolean, copyToStore: boolean): string | NixString {
  return positionless(() =>
    coerce(v, rt, {
      coerceMore,
      copyToStore,
      attrPos: (set, name) => set.posOf(name),
      errorCtx: 'while evaluating a path segment',
      pos: at,
    }),
  );
}

/** `builtins.add` on numbers. */
export function addNumbers(a: Value, b: Value): Value {
  return arithmetic(a, b, 'addition', arith.add);
}

/** `a + b`: numbers, string concatenation, path extension. */
export function add(a: Value, b: Value, rt: Runtime, at: Pos | null = null): Value {
  if (isNumber(a) && isNumber(b)) return arith.add(a, b);
  if (a instanceof NixPath) {
    // path + string: the string must not refer to the store.
    if (b instanceof NixPath) return new NixPath(canonicalisePath(a.path + b.path));
    const s = coerce(b, rt, { coerceMore: false, copyToStore: false });
    if (stringContext(s).length > 0) throw new EvalError(`a string that refers to a store path cannot be appended to a path`);
    return new NixPath(canonicalisePath(a.path + stringValue(s)));
  }
  if (typeof a === 'string' || a instanceof NixString) {
    const s = coercePart(b, rt, at, false, true);
    return makeString(stringValue(a) + stringValue(s), mergeContexts(stringContext(a), stringContext(s)));
  }
  if (isNumber(a)) throw new EvalError(`cannot add ${showType(b)} to ${showType(a)}`);
  // Anything else on the left (a set with `outPath` or `__toString`) makes a
  // string concatenation in which, as in CppNix, no part copies a path to
  // the store: only a string on the left does.
  const left = coercePart(a, rt, at, false, false);
  const right = coercePart(b, rt, at, false, false);
  return makeString(stringValue(left) + stringValue(right), mergeContexts(stringContext(left), stringContext(right)));
}

export function sub(a: Value, b: Value): Value {
  return arithmetic(a, b, 'subtraction', arith.sub);
}

export function mul(a: Value, b: Value): Value {
  return arithmetic(a, b, 'multiplication', arith.mul);
}

/** CppNix's __div: the divisor is checked first, then the operands. */
export function div(a: Value, b: Value): Value {
  const divisor = operand(b, true, 'while evaluating the second operand of the division');
  if (arith.toFloat(divisor) === 0) throw new EvalError('division by zero').withoutPosition();
  const floaty = a instanceof NixFloat || b instanceof NixFloat;
  const x = operand(a, floaty, 'while evaluating the first operand of the division');
  const y = operand(b, floaty, 'while evaluating the second operand of the division');
  return positionless(() => arith.div(x, y));
}

export function equal(a: Value, b: Value, rt: Runtime): boolean {
  return valuesEqual(a, b, rt);
}

export function lessThan(a: Value, b: Value, rt: Runtime): boolean {
  return lessThanValues(a, b, rt);
}

export function mergeContexts(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return [...new Set([...a, ...b])].sort();
}

/**
 * The name of a dynamic attribute: a string without context (CppNix's
 * forceStringNoCtx), so `{ "${./x}" = 1; }` fails.
 */
export function attrName(v: Value, at: Pos | null, storeDir: string): string {
  if (typeof v === 'string') return v;
  if (v instanceof NixString) {
    if (v.context.length === 0) return v.value;
    try {
      expectStringNoContext(v, storeDir);
    } catch (e) {
      // CppNix gives this one no position of its own, only the trace's.
      if (e instanceof EvalError) throw e.withoutPosition();
      throw e;
    }
  }
  throw new EvalError(`expected a string but found ${describe(v)}`, at);
}

/** `{ ${n} = v; }`: adds the dynamic attributes to a set; a null name adds nothing. */
export function addDynamicAttrs(set: NixAttrs, pairs: Value[], positions: Pos[], storeDir: string): NixAttrs {
  // Checked one by one (a duplicate names where the name was first defined), merged once.
  const added = new Map<string, number>();
  for (let i = 0; i < positions.length; i++) {
    const n = pairs[2 * i]!;
    if (n === null) continue;
    const at = positions[i]!;
    let name: string;
    try {
      name = attrName(n, at, storeDir);
    } catch (e) {
      if (e instanceof EvalError) e.addTrace('while evaluating the name of a dynamic attribute', at);
      throw e;
    }
    const earlier = added.get(name);
    if (earlier !== undefined || set.has(name)) {
      const first = earlier !== undefined ? positions[earlier]! : (set.posOf(name) ?? at);
      throw new EvalError(`dynamic attribute '${name}' already defined at ${formatPos(first)}`, at);
    }
    added.set(name, i);
  }
  if (added.size === 0) return set;
  const names = [...added.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const dynamic = new NixAttrs(
    names,
    names.map((name) => pairs[2 * added.get(name)! + 1]!),
    names.map((name) => positions[added.get(name)!]!),
  );
  return set.update(dynamic);
}

/** Levenshtein distance, for `Did you mean ...?` hints. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 0; i < a.length; i++) {
    const cur = [i + 1];
    for (let j = 0; j < b.length; j++) {
      cur[j + 1] = Math.min(prev[j + 1]! + 1, cur[j]! + 1, prev[j]! + (a[i] === b[j] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** CppNix's suggestions: the nearest five names at distance two or less. */
export function suggest(query: string, candidates: Iterable<string>): string | null {
  const scored = [...candidates]
    .map((c) => ({ c, d: distance(query, c) }))
    .filter((x) => x.d <= 2)
    .sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0))
    .slice(0, 5)
    .map((x) => x.c);
  if (scored.length === 0) return null;
  if (scored.length === 1) return `Did you mean ${scored[0]}?`;
  return `Did you mean one of ${scored.slice(0, -1).join(', ')} or ${scored[scored.length - 1]}?`;
}

/**
 * `attribute 'x' missing` (`attribute '"a b"' missing`: the name as an
 * identifier, as CppNix prints it): without a position; the selection's
 * trace line says where.
 */
export function missingAttribute(name: string, set: NixAttrs): EvalError {
  const err = new EvalError(`attribute '${printIdentifier(name)}' missing`).withoutPosition();
  const hint = suggest(name, set.keys);
  if (hint) err.hints.push(hint);
  return err;
}

/** Checks a formals lambda without `...` was given no other names. */
export function validateClosedFormals(arg: NixAttrs, blueprint: Blueprint, at: Pos | null): void {
  const formals = blueprint.formals!;
  if (arg.size <= formals.size) {
    let all = true;
    for (const k of arg.keys) if (!formals.has(k)) all = false;
    if (all) return;
  }
  for (const k of arg.keys) {
    if (formals.has(k)) continue;
    const err = new EvalError(
      `function '${blueprint.name ?? 'anonymous lambda'}' called with unexpected argument '${printAttrName(k)}'`,
      blueprint.pos ?? at,
    );
    const hint = suggest(k, blueprint.formalNames);
    if (hint) err.hints.push(hint);
    throw err;
  }
}

/** `~/foo`: $HOME + the rest. */
export function homePath(rest: string, rt: Runtime, at: Pos | null): NixPath {
  if (rt.settings.pure) throw new EvalError(`the path '~${rest}' can not be resolved in pure mode`, at);
  const home = rt.io.getEnv('HOME');
  if (home === undefined) throw new EvalError(`cannot resolve '~${rest}': $HOME is not set`, at);
  // `~/${x}` starts with `~/`: kept as it is, for the interpolation to extend.
  const path = rest.startsWith('/') ? home + rest : `${home}/${rest}`;
  return new NixPath(path.endsWith('/') ? path : canonicalisePath(path));
}

/** A part at least this long makes interpolate build a rope rather than copy it. */
const ROPE_PART = 1024;

function concatRope(parts: string[]): string {
  let s = '';
  for (let i = 0; i < parts.length; i++) s += parts[i];
  return s;
}

/** `"a${b}c"` and `./a/${b}`: parts already coerced to strings, but for a leading path. */
export function interpolate(parts: Value[], isPath: boolean): Value {
  if (isPath) {
    let path = '';
    for (const p of parts) {
      if (p instanceof NixPath) path += p.path;
      else {
        if (stringContext(p as string | NixString).length > 0) {
          throw new EvalError(`a string that refers to a store path cannot be appended to a path`);
        }
        path += stringValue(p as string | NixString);
      }
    }
    return new NixPath(canonicalisePath(path));
  }
  // The common case, plain strings.
  let plain = true;
  let long = false;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (typeof p !== 'string') plain = false;
    else if (p.length >= ROPE_PART) long = true;
  }
  // Short pieces are joined into one flat string: a rope (what += makes)
  // costs more to keep and to read. A long one is not copied but referred
  // to: `"x" + f (n - 1)` stays linear, a big text is flattened at most once.
  if (plain) return long ? concatRope(parts as string[]) : (parts as string[]).join('');
  let s = '';
  let context: readonly string[] = [];
  for (const p of parts) {
    if (typeof p === 'string') s += p;
    else {
      const str = p as NixString;
      s += str.value;
      context = mergeContexts(context, str.context);
    }
  }
  return makeString(s, context);
}

/** The CoerceToString instruction: flag bit 0 coerce more (toString), bit 1 copy paths to the store. */
export function coerceToString(v: Value, flags: number, rt: Runtime, at: Pos | null): Value {
  return coercePart(v, rt, at, (flags & 1) !== 0, (flags & 2) !== 0);
}
