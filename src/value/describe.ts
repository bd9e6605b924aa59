// Naming and showing values the way CppNix's messages do.
//
//   typeOf(v)          builtins.typeOf's names: "int", "set", "lambda"...
//   showType(v)        the phrase in messages: "an integer", "a set",
//                      "the built-in function 'map'", "a string with context"
//   printForError(v)   CppNix's value printer (print.cc) with its error
//                      options: at most 10 attributes, 10 list items and
//                      10 levels in all, strings cut after 1024 bytes
//   printValueDebug    the same printer with any options (builtins.trace
//                      prints with no limits)
//
// The printer does not force anything unless asked (`force` with a runtime):
// an unevaluated thunk prints as «thunk», one under evaluation as
// «potential infinite recursion». It walks the value with an explicit stack,
// so a deeply nested value cannot overflow the JS stack.

import type { Runtime } from '../builtins/runtime.js';
import { NixAttrs } from './attrs.js';
import { elided, guillemets, printAttrName, printLiteralString } from './literal.js';
import { formatFloatG, formatInt } from './numfmt.js';
import { Closure, NixFloat, NixPath, NixString, PrimOp, PrimOpApp, Thunk, ThunkState, type Value } from './types.js';

/** `builtins.typeOf` of a forced value. */
export function typeOf(v: Value): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'int';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return 'list';
      if (v instanceof NixAttrs) return 'set';
      if (v instanceof NixString) return 'string';
      if (v instanceof NixFloat) return 'float';
      if (v instanceof NixPath) return 'path';
      if (v instanceof Closure || v instanceof PrimOp || v instanceof PrimOpApp) return 'lambda';
      if (v instanceof Thunk) return v.state === ThunkState.Done ? typeOf(v.value) : 'thunk';
  }
  return 'unknown';
}

/**
 * The type of a value as CppNix's messages name it, with its article:
 * "an integer", "a float", "a Boolean", "a string", "a string with context",
 * "a path", "null", "a set", "a list", "a function", "the built-in function
 * 'map'", "the partially applied built-in function 'map'", "a thunk",
 * "a black hole".
 */
export function showType(v: Value): string {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'an integer';
    case 'boolean':
      return 'a Boolean';
    case 'string':
      return 'a string';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return 'a list';
      if (v instanceof NixAttrs) return 'a set';
      if (v instanceof NixString) return v.context.length > 0 ? 'a string with context' : 'a string';
      if (v instanceof NixFloat) return 'a float';
      if (v instanceof NixPath) return 'a path';
      if (v instanceof Closure) return 'a function';
      if (v instanceof PrimOp) return `the built-in function '${v.name}'`;
      if (v instanceof PrimOpApp) return `the partially applied built-in function '${v.primop.name}'`;
      if (v instanceof Thunk) {
        if (v.state === ThunkState.Done) return showType(v.value);
        return v.state === ThunkState.Blackhole ? 'a black hole' : 'a thunk';
      }
  }
  return 'an unknown value';
}

/** Options of CppNix's value printer (print-options.hh). */
export interface PrintOptions {
  /**
   * Spaces per level of a set or list laid out one element a line, as the
   * REPL prints (CppNix's prettyIndent): sets and lists of two or more
   * elements, or of one that is itself a set, list or thunk. 0 (the
   * default): all on one line.
   */
  prettyIndent?: number;
  /** Colour scalars, functions and «...» markers with ANSI escapes, as the REPL does on a terminal. */
  ansiColors?: boolean;
  /**
   * The message of a thunk whose evaluation failed, printed as `«error:
   * message»` (the REPL forces what it prints first, and shows the
   * failures inside the value this way).
   */
  failure?: (t: Thunk) => string | undefined;
  /** Force thunks before printing them (needs `rt`). */
  force?: boolean;
  /** With `force`: print derivations as `«derivation /nix/store/...drv»`. */
  derivationPaths?: boolean;
  /** Print a set or list seen before in this print as «repeated» (default true). */
  trackRepeated?: boolean;
  /** Nesting depth below which sets and lists print as `{ ... }` / `[ ... ]`. */
  maxDepth?: number;
  /** Attributes printed in all (the rest: «N attributes elided»). */
  maxAttrs?: number;
  /** List items printed in all (the rest: «N items elided»). */
  maxListItems?: number;
  /** Bytes printed of each string (the rest: «N bytes elided»). */
  maxStringLength?: number;
}

/** CppNix's `errorPrintOptions`: what values in error messages are printed with. */
export const ERROR_PRINT_OPTIONS: Readonly<PrintOptions> = Object.freeze({
  maxDepth: 10,
  maxAttrs: 10,
  maxListItems: 10,
  maxStringLength: 1024,
});

/** A value as error messages show it: `{ a = 1; b = «thunk»; }`, `[ 1 2 «3 items elided» ]`. */
export function printForError(v: Value): string {
  return printValueDebug(v, ERROR_PRINT_OPTIONS);
}

/** Identity shared by all empty sets (CppNix's empty sets share one Bindings). */
const EMPTY_SET_KEY = {};

function isImportant(name: string): boolean {
  return name === 'type' || name === '_type';
}

type Op = string | (() => void) | PrintTask;

class PrintTask {
  constructor(
    readonly v: Value,
    readonly depth: number,
  ) {}
}

/**
 * CppNix's value printer (print.cc `printValue`) with the given options.
 * `rt` is needed only with `force`.
 */
export function printValueDebug(v: Value, opts: PrintOptions = {}, rt?: Runtime): string {
  const maxDepth = opts.maxDepth ?? Infinity;
  const maxAttrs = opts.maxAttrs ?? Infinity;
  const maxListItems = opts.maxListItems ?? Infinity;
  const maxStringLength = opts.maxStringLength ?? Infinity;
  const force = opts.force === true && rt !== undefined;
  const indentBy = opts.prettyIndent ?? 0;
  const seen = opts.trackRepeated === false ? null : new Set<unknown>();
  const paint =
    opts.ansiColors === true ? (colour: string, text: string) => colour + text + ANSI_NORMAL : (_: string, text: string) => text;
  let totalAttrs = 0;
  let totalItems = 0;
  const out: string[] = [];
  const stack: Op[] = [new PrintTask(v, 0)];

  const printOne = (cell: Value, depth: number): void => {
    let x = cell;
    if (x instanceof Thunk) {
      if (force) x = rt!.force(x);
      else if (x.state === ThunkState.Done) x = x.value;
      else {
        const failed = x.state === ThunkState.Failed && opts.failure !== undefined ? opts.failure(x) : undefined;
        if (failed !== undefined) out.push(paint(ANSI_RED, guillemets(`error: ${failed}`)));
        else out.push(paint(ANSI_MAGENTA, guillemets(x.state === ThunkState.Blackhole ? 'potential infinite recursion' : 'thunk')));
        return;
      }
    }
    switch (typeof x) {
      case 'number':
      case 'bigint':
        out.push(paint(ANSI_CYAN, formatInt(x)));
        return;
      case 'boolean':
        out.push(paint(ANSI_CYAN, x ? 'true' : 'false'));
        return;
      case 'string':
        out.push(paint(ANSI_MAGENTA, printLiteralString(x, maxStringLength)));
        return;
    }
    if (x === null) {
      out.push(paint(ANSI_CYAN, 'null'));
      return;
    }
    if (x instanceof NixString) {
      out.push(paint(ANSI_MAGENTA, printLiteralString(x.value, maxStringLength)));
      return;
    }
    if (x instanceof NixFloat) {
      out.push(paint(ANSI_CYAN, formatFloatG(x.value)));
      return;
    }
    if (x instanceof NixPath) {
      out.push(paint(ANSI_GREEN, x.path));
      return;
    }
    if (x instanceof NixAttrs) {
      printAttrs(x, depth);
      return;
    }
    if (Array.isArray(x)) {
      // Lists are tracked by the cell they were reached through.
      if (seen !== null && x.length > 0) {
        if (seen.has(cell)) {
          out.push(paint(ANSI_MAGENTA, guillemets('repeated')));
          return;
        }
        seen.add(cell);
      }
      printList(x, depth);
      return;
    }
    if (x instanceof Closure || x instanceof PrimOp || x instanceof PrimOpApp) out.push(paint(ANSI_BLUE, printFunction(x)));
    else out.push(guillemets('unknown'));
  };

  /** CppNix's shouldPrettyPrintAttrs / shouldPrettyPrintList: one element a line? */
  const laidOut = (items: readonly Value[]): boolean => {
    if (indentBy === 0 || items.length === 0) return false;
    if (items.length > 1) return true;
    let item: Value = items[0]!;
    if (item instanceof Thunk) {
      if (item.state !== ThunkState.Done) return true;
      item = item.value;
    }
    return item instanceof NixAttrs || Array.isArray(item);
  };
  /** The separator before an element (or the closing bracket) at `depth`: a new line and indent, or a space. */
  const separator = (pretty: boolean, depth: number): string => (pretty ? '\n' + ' '.repeat(indentBy * depth) : ' ');

  const printAttrs = (attrs: NixAttrs, depth: number): void => {
    if (seen !== null) {
      const key = attrs.size === 0 ? EMPTY_SET_KEY : attrs;
      if (seen.has(key)) {
        out.push(paint(ANSI_MAGENTA, guillemets('repeated')));
        return;
      }
      seen.add(key);
    }
    if (opts.derivationPaths && (force || rt === undefined) && isDerivationSet(attrs, force ? rt! : null)) {
      const drv = attrs.get('drvPath');
      let path = '';
      if (drv !== undefined) {
        const d = force ? rt!.force(drv) : drv instanceof Thunk && drv.state === ThunkState.Done ? drv.value : drv;
        if (typeof d === 'string') path = d;
        else if (d instanceof NixString) path = d.value;
      }
      out.push(paint(ANSI_GREEN, guillemets(path ? `derivation ${path}` : 'derivation')));
      return;
    }
    if (depth >= maxDepth) {
      out.push('{ ... }');
      return;
    }
    let order: number[] | null = null;
    if (maxAttrs !== Infinity) {
      // With a limit, `type` and `_type` come first, so they are not elided.
      const keys = attrs.keys;
      const important: number[] = [];
      const rest: number[] = [];
      for (let i = 0; i < keys.length; i++) (isImportant(keys[i]!) ? important : rest).push(i);
      if (important.length > 0) order = important.concat(rest);
    }
    const n = attrs.size;
    const pretty = laidOut(attrs.values);
    const inner = separator(pretty, depth + 1);
    out.push('{');
    let i = 0;
    let current = 0;
    const step = (): void => {
      if (i >= n) {
        out.push(separator(pretty, depth), '}');
        return;
      }
      out.push(inner);
      if (totalAttrs >= maxAttrs) {
        out.push(paint(ANSI_FAINT, elided(n - current, 'attribute', 'attributes')), separator(pretty, depth), '}');
        return;
      }
      const k = order === null ? i : order[i]!;
      out.push(printAttrName(attrs.keys[k]!), ' = ');
      stack.push(step, afterAttr, new PrintTask(attrs.values[k]!, depth + 1));
    };
    const afterAttr = (): void => {
      out.push(';');
      totalAttrs++;
      current++;
      i++;
    };
    step();
  };

  const printList = (list: Value[], depth: number): void => {
    if (depth >= maxDepth) {
      out.push('[ ... ]');
      return;
    }
    const n = list.length;
    const pretty = laidOut(list);
    const inner = separator(pretty, depth + 1);
    out.push('[');
    let i = 0;
    const step = (): void => {
      if (i >= n) {
        out.push(separator(pretty, depth), ']');
        return;
      }
      out.push(inner);
      if (totalItems >= maxListItems) {
        out.push(paint(ANSI_FAINT, elided(n - i, 'item', 'items')), separator(pretty, depth), ']');
        return;
      }
      stack.push(step, afterItem, new PrintTask(list[i]!, depth + 1));
    };
    const afterItem = (): void => {
      totalItems++;
      i++;
    };
    step();
  };

  while (stack.length > 0) {
    const op = stack.pop()!;
    if (typeof op === 'string') out.push(op);
    else if (typeof op === 'function') op();
    else printOne(op.v, op.depth);
  }
  return out.join('');
}

// CppNix's colours (ansicolor.hh).
const ANSI_NORMAL = '\x1b[0m';
const ANSI_FAINT = '\x1b[2m';
const ANSI_RED = '\x1b[31;1m';
const ANSI_GREEN = '\x1b[32;1m';
const ANSI_BLUE = '\x1b[34;1m';
const ANSI_MAGENTA = '\x1b[35;1m';
const ANSI_CYAN = '\x1b[36;1m';

/** Whether a set is a derivation: forcing `type` with a runtime, else only when it is already evaluated. */
function isDerivationSet(attrs: NixAttrs, rt: Runtime | null): boolean {
  if (rt !== null) return isDerivationForced(attrs, rt);
  let t = attrs.get('type');
  if (t instanceof Thunk) t = t.state === ThunkState.Done ? t.value : undefined;
  return t === 'derivation' || (t instanceof NixString && t.value === 'derivation');
}

/** `«lambda f @ file:1:2»`, `«primop map»`, `«partially applied primop map»`. */
export function printFunction(v: Closure | PrimOp | PrimOpApp): string {
  if (v instanceof PrimOp) return guillemets(`primop ${v.name}`);
  if (v instanceof PrimOpApp) return guillemets(`partially applied primop ${v.primop.name}`);
  const bp = v.blueprint;
  let s = 'lambda';
  if (bp.name) s += ' ' + bp.name;
  const pos = bp.describePos();
  if (pos !== null) s += ' @ ' + pos;
  return guillemets(s);
}

/** Whether a set is a derivation (`type = "derivation"`), forcing `type`. */
export function isDerivationForced(attrs: NixAttrs, rt: Runtime): boolean {
  const t = attrs.get('type');
  if (t === undefined) return false;
  const v = rt.force(t);
  return v === 'derivation' || (v instanceof NixString && v.value === 'derivation');
}
