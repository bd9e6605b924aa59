// Strings: stringLength, substring, replaceStrings, concatStringsSep, split,
// match, baseNameOf, dirOf.
//
// Strings are binary (one char per byte), so lengths and offsets are bytes,
// as in CppNix. Argument checks, their order and their traces follow
// CppNix 2.26's primops.cc (see argcheck.ts for which arguments are strict
// and why).

import { EvalError, type NixError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { mergeContexts } from '../value/coerce.js';
import { baseName, dirName } from '../value/paths.js';
import { makeString, NixPath, NixString, Thunk, ThunkState, type Value } from '../value/types.js';
import { argInt, argList, argString, argStringNoContext, coerceArg } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import { compileRegex, regexMatch, RegexError, regexSplit } from './regex.js';
import type { Runtime } from './runtime.js';
import { Step, type StepDriver, type StepResult, SUSPEND, type Suspend } from './step.js';

export function stringsBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return {
    primops: [
      primop('stringLength', 1, [0], ([s], rt) => {
        const str = coerceArg(rt, s!, 'while evaluating the argument passed to builtins.stringLength');
        return typeof str === 'string' ? str.length : str.value.length;
      }),
      // Every argument strict, in CppNix's order: each checked before the next is evaluated.
      primop('substring', 3, [0, 1, 2], ([start, len, s], rt) => substring(start!, len!, s!, rt), {
        checks: {
          0: { check: ([start], rt) => void substringStart(start!, rt), literal: 'int', forceCtx: SUBSTRING_START },
          1: { check: ([, len], rt) => void substringLength(len!, rt), literal: 'int', forceCtx: SUBSTRING_LENGTH },
        },
      }),
      primop('replaceStrings', 3, [0, 1, 2], ([from, to, s], rt) => replaceStrings(from!, to!, s!, rt), {
        checks: {
          0: { check: ([from], rt) => void replaceFrom(from!, rt), literal: 'list' },
          1: { check: ([from, to], rt) => void replaceStringsLists(from!, to!, rt) },
          2: { forceCtx: REPLACE_STRING },
        },
      }),
      primop('concatStringsSep', 2, [0, 1], ([sep, list], rt) => concatStringsSep(sep!, list!, rt), {
        checks: { 0: { check: ([sep], rt) => void concatSep(sep!, rt), literal: 'string', forceCtx: CONCAT_SEP } },
      }),
      primop(
        'match',
        2,
        [0, 1],
        ([re, s], rt) => {
          const pattern = regexArg(rt, re!, 'match');
          const str = argString(rt, s!, regexCtx('match', 'second'));
          return regexMatch(pattern, typeof str === 'string' ? str : str.value);
        },
        {
          checks: {
            0: { check: ([re], rt) => void regexArg(rt, re!, 'match'), literal: regexCompiles, forceCtx: regexCtx('match', 'first') },
            1: { forceCtx: regexCtx('match', 'second') },
          },
        },
      ),
      primop(
        'split',
        2,
        [0, 1],
        ([re, s], rt) => {
          const pattern = regexArg(rt, re!, 'split');
          const str = argString(rt, s!, regexCtx('split', 'second'));
          const parts = regexSplit(pattern, typeof str === 'string' ? str : str.value);
          // Without a match, CppNix returns the argument itself, context included;
          // otherwise the pieces carry no context.
          if (parts.length === 1) return [str];
          return parts;
        },
        {
          checks: {
            0: { check: ([re], rt) => void regexArg(rt, re!, 'split'), literal: regexCompiles, forceCtx: regexCtx('split', 'first') },
            1: { forceCtx: regexCtx('split', 'second') },
          },
        },
      ),
      primop('baseNameOf', 1, [0], ([p], rt) => {
        const s = coerceArg(rt, p!, 'while evaluating the first argument passed to builtins.baseNameOf', false);
        return typeof s === 'string' ? baseName(s) : makeString(baseName(s.value), s.context);
      }),
      primop('dirOf', 1, [0], ([p], rt) => {
        if (p instanceof NixPath) return new NixPath(dirName(p.path));
        const s = coerceArg(rt, p!, "while evaluating the first argument passed to 'builtins.dirOf'", false);
        return typeof s === 'string' ? dirOfString(s) : makeString(dirOfString(s.value), s.context);
      }),
    ],
  };
}

/** Compiles (and caches) a pattern, failing as CppNix does for a bad one. */
function compile(pattern: string): void {
  try {
    compileRegex(pattern);
  } catch (e) {
    if (e instanceof RegexError) throw new EvalError(e.message);
    throw e;
  }
}

function regexCtx(name: string, which: string): string {
  return `while evaluating the ${which} argument passed to builtins.${name}`;
}

/** The pattern of match or split, compiled: checked before the string is evaluated. */
function regexArg(rt: Runtime, re: Value, name: string): string {
  const pattern = argStringNoContext(rt, re, regexCtx(name, 'first'));
  compile(pattern);
  return pattern;
}

function regexCompiles(pattern: string): boolean {
  try {
    compileRegex(pattern);
    return true;
  } catch (e) {
    if (e instanceof RegexError) return false;
    throw e;
  }
}

/**
 * dirOf on a string: everything before the last slash, `/` when that is
 * the first byte, `.` when there is none (`a///b` is `a//`).
 *
 * This is the behaviour of CppNix before 2.24 and again in the current
 * upstream test suite (eval-okay-builtins-dirOf), which is our ground truth;
 * CppNix 2.24-2.26 used std::filesystem's parent_path instead (`a//` was `a`).
 */
export function dirOfString(s: string): string {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : s.slice(0, slash);
}

const SUBSTRING_START = 'while evaluating the first argument (the start offset) passed to builtins.substring';
const SUBSTRING_LENGTH = 'while evaluating the second argument (the substring length) passed to builtins.substring';
const CONCAT_SEP = 'while evaluating the first argument (the separator string) passed to builtins.concatStringsSep';
const REPLACE_STRING = 'while evaluating the third argument passed to builtins.replaceStrings';

function substringStart(startV: Value, rt: Runtime): number | bigint {
  const start = argInt(rt, startV, SUBSTRING_START);
  if (start < 0) throw new EvalError("negative start position in 'substring'");
  return start;
}

function substringLength(lenV: Value, rt: Runtime): number | bigint {
  return argInt(rt, lenV, SUBSTRING_LENGTH);
}

function substring(startV: Value, lenV: Value, sV: Value, rt: Runtime): Value {
  const start = substringStart(startV, rt);
  const len = substringLength(lenV, rt);
  // An empty substring of a string keeps its context without copying it
  // (a common idiom to capture a string's context).
  if (len === 0 || len === 0n) {
    const v = rt.force(sV);
    if (typeof v === 'string') return '';
    if (v instanceof NixString) return new NixString('', v.context);
  }
  const str = coerceArg(rt, sV, 'while evaluating the third argument (the string) passed to builtins.substring');
  const text = typeof str === 'string' ? str : str.value;
  const size = text.length;
  // CppNix compares `(unsigned int) start` with the size, then calls
  // substr with the full 64-bit start, which throws when they disagree.
  const low32 = typeof start === 'number' ? start % 4294967296 : Number(BigInt.asUintN(32, start));
  if (low32 >= size) return typeof str === 'string' ? '' : new NixString('', str.context);
  if (start >= size) throw new EvalError(`basic_string_view::substr: __pos (which is ${start}) > __size (which is ${size})`);
  const from = Number(start);
  // A negative length is npos: to the end.
  const end = len < 0 || len >= size - from ? size : from + Number(len);
  const out = text.slice(from, end);
  return typeof str === 'string' ? out : new NixString(out, str.context);
}

function concatSep(sepV: Value, rt: Runtime): string | NixString {
  return argString(rt, sepV, CONCAT_SEP);
}

function concatStringsSep(sepV: Value, listV: Value, rt: Runtime): Value | Step {
  const sepS = concatSep(sepV, rt);
  const list = argList(
    rt,
    listV,
    'while evaluating the second argument (the list of strings to concat) passed to builtins.concatStringsSep',
  );
  const join = new ConcatStringsSep(sepS, list, rt);
  const joined = join.run(null);
  return joined === null || joined === SUSPEND ? join : joined;
}

/**
 * concatStringsSep's items, joined: forced on the frame stack when one is
 * not evaluated yet (a step then), so recursion through it takes no JS stack.
 */
class ConcatStringsSep extends Step {
  private readonly parts: string[];
  private context: readonly string[];
  private i = 0;
  /** Whether item i - 1 is being forced: resume gets it. */
  private waiting = false;

  constructor(
    private readonly sep: string | NixString,
    private readonly list: Value[],
    private readonly rt: Runtime,
  ) {
    super();
    this.parts = new Array<string>(list.length);
    this.context = typeof sep === 'string' ? [] : sep.context;
  }

  resume(d: StepDriver, input: Value): StepResult {
    return this.run(d, input);
  }

  /**
   * Joins from item i on: the result, or SUSPEND while an item is forced
   * (null instead, without a driver: the builtin then returns this step).
   */
  run(d: StepDriver | null, input: Value = null): Value | Suspend | null {
    const list = this.list;
    const n = list.length;
    if (this.waiting) {
      this.waiting = false;
      this.add(input);
    }
    while (this.i < n) {
      const x: Value = list[this.i++]!;
      if (!(x instanceof Thunk)) this.add(x);
      else if (x.state === ThunkState.Done) this.add(x.value);
      else if (d === null) {
        this.i--;
        return null;
      } else {
        // Forced here rather than by coerceArg: most items are plain strings.
        const v = d.force(x);
        if (v === SUSPEND) {
          this.waiting = true;
          return SUSPEND;
        }
        this.add(v);
      }
    }
    const sep = typeof this.sep === 'string' ? this.sep : this.sep.value;
    return makeString(n === 1 ? this.parts[0]! : this.parts.join(sep), this.context);
  }

  /** Item i - 1, forced. */
  private add(x: Value): void {
    const at = this.i - 1;
    if (typeof x === 'string') {
      this.parts[at] = x;
      return;
    }
    const s = coerceArg(this.rt, x, 'while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep');
    if (typeof s === 'string') this.parts[at] = s;
    else {
      this.parts[at] = s.value;
      this.context = mergeContexts(this.context, s.context);
    }
  }
}

function replaceFrom(fromV: Value, rt: Runtime): Value[] {
  return argList(rt, fromV, 'while evaluating the first argument passed to builtins.replaceStrings');
}

/** The two lists, their lengths compared and the strings to replace forced: all before the string is evaluated. */
function replaceStringsLists(fromV: Value, toV: Value, rt: Runtime): { from: string[]; toList: Value[] } {
  const fromList = replaceFrom(fromV, rt);
  const toList = argList(rt, toV, 'while evaluating the second argument passed to builtins.replaceStrings');
  if (fromList.length !== toList.length)
    throw new EvalError("'from' and 'to' arguments passed to builtins.replaceStrings have different lengths");
  const n = fromList.length;
  const from: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const f = argString(rt, fromList[i]!, 'while evaluating one of the strings to replace passed to builtins.replaceStrings');
    from[i] = typeof f === 'string' ? f : f.value;
  }
  return { from, toList };
}

function replaceStrings(fromV: Value, toV: Value, sV: Value, rt: Runtime): Value | Step {
  const { from, toList } = replaceStringsLists(fromV, toV, rt);
  const n = from.length;
  const sS = argString(rt, sV, REPLACE_STRING);
  if (n === 0) return sS;
  const s = typeof sS === 'string' ? sS : sS.value;
  // Replacements not evaluated yet are forced on the frame stack, in the
  // order they are first used (CppNix forces each when first used): which
  // are used depends on `s` and `from` alone.
  if (toList.some(isUnevaluated)) {
    const used = new Set<number>();
    replaceAll(s, from, (i) => (used.add(i), ''));
    const pending = [...used].filter((i) => isUnevaluated(toList[i]!));
    if (pending.length > 0)
      return new ForceAllStep(
        pending.map((i) => toList[i]!),
        REPLACEMENT,
        () => replaceWith(s, sS, from, toList, rt),
      );
  }
  return replaceWith(s, sS, from, toList, rt);
}

const REPLACEMENT = 'while evaluating one of the replacement strings passed to builtins.replaceStrings';

const isUnevaluated = (v: Value): boolean => v instanceof Thunk && v.state !== ThunkState.Done;

/** Forces values one after the other on the frame stack (an error gets `ctx`), then gives `then()`. */
class ForceAllStep extends Step {
  private i = 0;
  /** Whether a value is being forced (an error then is its evaluation's). */
  private forcing = false;

  constructor(
    private readonly values: Value[],
    private readonly ctx: string,
    private readonly then: () => Value,
  ) {
    super();
  }

  resume(d: StepDriver): StepResult {
    this.forcing = true;
    while (this.i < this.values.length) {
      if (d.force(this.values[this.i++]!) === SUSPEND) return SUSPEND;
    }
    this.forcing = false;
    return this.then();
  }

  override recover(_d: StepDriver, err: NixError): StepResult {
    if (this.forcing) err.addTrace(this.ctx, null);
    throw err;
  }
}

/** replaceStrings once the replacements it uses are evaluated (or are forced here, at the JS level). */
function replaceWith(s: string, sS: string | NixString, from: string[], toList: Value[], rt: Runtime): Value {
  let context: readonly string[] = typeof sS === 'string' ? [] : sS.context;

  // The replacements are forced only when used, once each.
  const toCache: (string | undefined)[] = new Array<string | undefined>(from.length);
  const to = (i: number): string => {
    let t = toCache[i];
    if (t === undefined) {
      const v = argString(rt, toList[i]!, 'while evaluating one of the replacement strings passed to builtins.replaceStrings');
      if (typeof v === 'string') t = v;
      else {
        t = v.value;
        context = mergeContexts(context, v.context);
      }
      toCache[i] = t;
    }
    return t;
  };

  const out = replaceAll(s, from, to);
  return out === null ? sS : makeString(out, context);
}

/**
 * CppNix's replaceStrings loop: at each position the first `from` (in list
 * order) that occurs there is replaced and skipped over; an empty `from`
 * matches everywhere, also after the last byte, and inserts its
 * replacement before the byte it stops at. Returns null when nothing was
 * replaced (the input is returned as it is).
 */
function replaceAll(s: string, from: readonly string[], to: (i: number) => string): string | null {
  const n = from.length;
  const len = s.length;
  const emptyIdx = from.indexOf('');
  // Patterns after the first empty one can never win.
  const limit = emptyIdx < 0 ? n : emptyIdx;

  if (emptyIdx < 0 && limit === 1) {
    // One pattern: let indexOf find the matches.
    const f = from[0]!;
    let at = s.indexOf(f);
    if (at < 0) return null;
    const parts: string[] = [];
    const t = to(0);
    let prev = 0;
    while (at >= 0) {
      parts.push(s.slice(prev, at), t);
      prev = at + f.length;
      at = s.indexOf(f, prev);
    }
    parts.push(s.slice(prev));
    return parts.join('');
  }

  // The candidate patterns for each first byte, in list order.
  const buckets: (number[] | undefined)[] = new Array<number[] | undefined>(256);
  for (let i = 0; i < limit; i++) {
    const c = from[i]!.charCodeAt(0);
    (buckets[c] ??= []).push(i);
  }
  const parts: string[] = [];
  let prev = 0; // start of the bytes not yet copied
  let replaced = false;
  let p = 0;
  while (p <= len) {
    let hit = -1;
    if (p < len) {
      const bucket = buckets[s.charCodeAt(p)];
      if (bucket !== undefined) {
        for (const i of bucket) {
          if (s.startsWith(from[i]!, p)) {
            hit = i;
            break;
          }
        }
      }
    }
    if (hit >= 0) {
      parts.push(s.slice(prev, p), to(hit));
      p += from[hit]!.length;
      prev = p;
      replaced = true;
    } else if (emptyIdx >= 0) {
      parts.push(s.slice(prev, p), to(emptyIdx));
      if (p < len) parts.push(s[p]!);
      p++;
      prev = p;
      replaced = true;
    } else {
      if (p >= len) break;
      p++;
    }
  }
  if (!replaced) return null;
  if (prev < len) parts.push(s.slice(prev));
  return parts.join('');
}
