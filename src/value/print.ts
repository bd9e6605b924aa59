// The text `nix-instantiate --eval` prints for a value (CppNix 2.26's
// printAmbiguous), byte for byte:
//
//   1  -3  1.5  1e+21  -nan  true  null  /some/path  "a\"b\n\${x}"
//   [ 1 2 ]  [ ]  { a = 1; "b c" = 2; "if" = 3; }  { }
//   <LAMBDA>  <PRIMOP>  <PRIMOP-APP>  <CODE> (an unevaluated thunk)
//   «repeated»  «potential infinite recursion»
//
// Floats print as `%g` (6 significant digits). Attribute names are bare
// when they are identifiers and not keywords, else quoted. Derivations print
// as the sets they are.
//
// «repeated» replaces a set or list already printed anywhere earlier in the
// same output (not only on the current path, so `let s = {a=1;}; in [s s]`
// prints `[ { a = 1; } «repeated» ]`). Identity follows CppNix's memory
// layout: a non-empty set is identified by its attribute storage (a
// NixAttrs object); a list of three or more items by its storage (the
// array); a list of one or two items by the *cell* holding it, because
// CppNix stores such lists inline in the Value (so `let x = [ x ]; in x`
// prints `[ [ «repeated» ] ]`: the top-level result is a copy). Empty sets
// and lists are never «repeated».
//
// The printer walks the value with an explicit stack: deep values cannot
// overflow the JS stack.

import { NixAttrs } from './attrs.js';
import { guillemets, printAttrName, printLiteralString } from './literal.js';
import { formatFloatF, formatFloatG, formatInt } from './numfmt.js';
import { Closure, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, ThunkState, type Value } from './types.js';

export interface PrintValueOptions {
  /**
   * Track repeated sets and lists (default true, as nix-instantiate does).
   */
  trackRepeated?: boolean;
}

/** Printed for a cell that is not (yet) a value. */
const CODE = '<CODE>';

/** What the explicit stack holds: text to emit, or a cell to print. */
class Cell {
  constructor(readonly v: Value) {}
}

/**
 * `nix-instantiate --eval` output for `v` (without the trailing newline).
 * Does not force anything: with `--strict` the caller deep-forces first;
 * without it, unevaluated thunks print as `<CODE>`.
 */
export function printValue(v: Value, opts: PrintValueOptions = {}): string {
  const seen = opts.trackRepeated === false ? null : new Set<unknown>();
  const out: string[] = [];
  // The top-level value is a fresh cell, never the same as a stored one.
  const stack: Array<string | Cell> = [new Cell(v)];
  let top = true;
  while (stack.length > 0) {
    const op = stack.pop()!;
    if (typeof op === 'string') {
      out.push(op);
      continue;
    }
    const cell = op.v;
    const isTop = top;
    top = false;
    let x = cell;
    if (x instanceof Thunk) {
      if (x.state === ThunkState.Done) x = x.value;
      else {
        out.push(x.state === ThunkState.Blackhole ? guillemets('potential infinite recursion') : CODE);
        continue;
      }
    }
    switch (typeof x) {
      case 'number':
      case 'bigint':
        out.push(formatInt(x));
        continue;
      case 'boolean':
        out.push(x ? 'true' : 'false');
        continue;
      case 'string':
        out.push(printLiteralString(x));
        continue;
    }
    if (x === null) {
      out.push('null');
    } else if (x instanceof NixString) {
      out.push(printLiteralString(x.value));
    } else if (x instanceof NixFloat) {
      out.push(formatFloatG(x.value));
    } else if (x instanceof NixPath) {
      out.push(x.path);
    } else if (x instanceof NixAttrs) {
      if (seen !== null && x.size > 0) {
        if (seen.has(x)) {
          out.push(guillemets('repeated'));
          continue;
        }
        seen.add(x);
      }
      out.push('{ ');
      stack.push('}');
      const keys = x.keys;
      const values = x.values;
      for (let i = keys.length - 1; i >= 0; i--) {
        stack.push('; ', new Cell(values[i]!), printAttrName(keys[i]!) + ' = ');
      }
    } else if (Array.isArray(x)) {
      if (seen !== null && x.length > 0) {
        // Small lists live inside their cell in CppNix; bigger ones are shared storage.
        const key = x.length > 2 ? x : isTop ? null : cell;
        if (key !== null) {
          if (seen.has(key)) {
            out.push(guillemets('repeated'));
            continue;
          }
          seen.add(key);
        }
      }
      out.push('[ ');
      stack.push(']');
      for (let i = x.length - 1; i >= 0; i--) stack.push(' ', new Cell(x[i]!));
    } else if (x instanceof Closure) {
      out.push('<LAMBDA>');
    } else if (x instanceof PrimOp) {
      out.push('<PRIMOP>');
    } else if (x instanceof PrimOpApp) {
      out.push('<PRIMOP-APP>');
    } else {
      out.push(guillemets('unknown'));
    }
  }
  return out.join('');
}

/** `std::to_string(double)`: how `toString` and string coercion render a float ("1.500000"). */
export function floatToString(x: number): string {
  return formatFloatF(x);
}

/** How `nix-instantiate --eval` renders a float (`%g`: "1.5", "1e+21", "-nan"). */
export function printFloat(x: number): string {
  return formatFloatG(x);
}
