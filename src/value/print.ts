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

/** A list or set being printed, and its next element: one entry of the printer's stack whatever its length. */
class Open {
  i = 0;
  constructor(readonly x: NixAttrs | Value[]) {}
}

/** Text is passed on in pieces of about this many characters. */
const CHUNK = 1 << 16;

/**
 * `nix-instantiate --eval` output for `v` (without the trailing newline).
 * Does not force anything: with `--strict` the caller deep-forces first;
 * without it, unevaluated thunks print as `<CODE>`.
 */
export function printValue(v: Value, opts: PrintValueOptions = {}): string {
  const pieces: string[] = [];
  printValueTo(v, (text) => pieces.push(text), opts);
  return pieces.join('');
}

/**
 * printValue, its text handed to `write` in pieces as it is made: a value
 * whose text is longer than a JS string can hold still prints (the CLI).
 */
export function printValueTo(v: Value, write: (text: string) => void, opts: PrintValueOptions = {}): void {
  const seen = opts.trackRepeated === false ? null : new Set<unknown>();
  let out = '';
  const emit = (text: string): void => {
    out += text;
    if (out.length >= CHUNK) {
      write(out);
      out = '';
    }
  };
  // The lists and sets open around the cell printed now, innermost last.
  const open: Open[] = [];
  // The top-level value is a fresh cell, never the same as a stored one.
  let next: Value | undefined = v;
  let isTop = true;
  for (;;) {
    if (next === undefined) {
      // The next element of the innermost list or set, or its end.
      const o = open[open.length - 1];
      if (o === undefined) break;
      if (Array.isArray(o.x)) {
        if (o.i < o.x.length) {
          if (o.i > 0) emit(' ');
          next = o.x[o.i++]!;
        } else {
          emit(o.x.length > 0 ? ' ]' : ']');
          open.pop();
          continue;
        }
      } else {
        if (o.i > 0) emit('; ');
        if (o.i < o.x.keys.length) {
          emit(printAttrName(o.x.keys[o.i]!) + ' = ');
          next = o.x.values[o.i++]!;
        } else {
          emit('}');
          open.pop();
          continue;
        }
      }
    }
    const cell: Value = next;
    next = undefined;
    const top = isTop;
    isTop = false;
    let x = cell;
    if (x instanceof Thunk) {
      if (x.state === ThunkState.Done) x = x.value;
      else {
        emit(x.state === ThunkState.Blackhole ? guillemets('potential infinite recursion') : CODE);
        continue;
      }
    }
    switch (typeof x) {
      case 'number':
      case 'bigint':
        emit(formatInt(x));
        continue;
      case 'boolean':
        emit(x ? 'true' : 'false');
        continue;
      case 'string':
        emit(printLiteralString(x));
        continue;
    }
    if (x === null) {
      emit('null');
    } else if (x instanceof NixString) {
      emit(printLiteralString(x.value));
    } else if (x instanceof NixFloat) {
      emit(formatFloatG(x.value));
    } else if (x instanceof NixPath) {
      emit(x.path);
    } else if (x instanceof NixAttrs) {
      if (seen !== null && x.size > 0) {
        if (seen.has(x)) {
          emit(guillemets('repeated'));
          continue;
        }
        seen.add(x);
      }
      emit('{ ');
      open.push(new Open(x));
    } else if (Array.isArray(x)) {
      if (seen !== null && x.length > 0) {
        // Small lists live inside their cell in CppNix; bigger ones are shared storage.
        const key = x.length > 2 ? x : top ? null : cell;
        if (key !== null) {
          if (seen.has(key)) {
            emit(guillemets('repeated'));
            continue;
          }
          seen.add(key);
        }
      }
      emit('[ ');
      open.push(new Open(x));
    } else if (x instanceof Closure) {
      emit('<LAMBDA>');
    } else if (x instanceof PrimOp) {
      emit('<PRIMOP>');
    } else if (x instanceof PrimOpApp) {
      emit('<PRIMOP-APP>');
    } else {
      emit(guillemets('unknown'));
    }
  }
  if (out !== '') write(out);
}

export function floatToString(x: number): string {
  return formatFloatF(x);
}

/** How `nix-instantiate --eval` renders a float (`%g`: "1.5", "1e+21", "-nan"). */
export function printFloat(x: number): string {
  return formatFloatG(x);
}
