// Values to JSON: builtins.toJSON / `nix-instantiate --json` (CppNix's
// printValueAsJSON serialised by nlohmann::json), with their exact output
// and error messages (fromJSON is json.ts).
//
// toJSON:
//   - ints in decimal; floats in nlohmann's shortest round-trip form
//     (`1.0`, `0.1`, `1e+21`, `1.5e-07`), NaN and infinities as `null`;
//   - strings escaped as nlohmann does (`\"`, `\\`, `\b \f \n \r \t`, other
//     control bytes as `\u00XX`, everything else raw), after checking they
//     are valid UTF-8: `JSON serialization error: [json.exception.type_error.316]
//     invalid UTF-8 byte at index 16: 0xFF` (raised once the whole value has
//     been evaluated, as nlohmann only fails while dumping);
//   - paths copied to the store (their store path, added to the context);
//   - sets: `__toString` first (its result must come out as a string), then
//     `outPath` (converted as whatever it is), else an object with sorted keys;
//   - functions: `cannot convert a function to JSON`.
//   Traces name the attribute / list index being converted. The walk uses an
//   explicit stack and counts depth like CppNix's call depth, failing with
//   `stack overflow; max-call-depth exceeded` rather than overflowing.
//

import type { Runtime } from '../builtins/runtime.js';
import { driveNested, Step, type StepDriver, type StepResult, SUSPEND } from '../builtins/step.js';
import { EvalError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { NixAttrs } from './attrs.js';
import { printForError, showType } from './describe.js';
import { mergeContexts } from './coerce.js';
import type { AttrPosFn } from './equality.js';
import { formatFloatJSON } from './numfmt.js';
import { bytesToBinary } from './binary.js';
import { JSON_ESCAPE, utf8SequenceLength } from './json-text.js';
import { ApplyThunk, Closure, makeString, NixFloat, NixPath, NixString, Thunk, ThunkState, type Value } from './types.js';

export interface ToJSONOptions {
  /** Force thunks (builtins.toJSON, `--strict --json`). Without it an unevaluated thunk is an error. */
  strict?: boolean;
  /** Copy paths to the store (default true), else print the path itself. */
  copyToStore?: boolean;
  /** Copies a path to the store, returning the store path. Needed when a path is met with `copyToStore`. */
  copyPathToStore?: (path: string) => string;
  /** Where attributes were defined, for traces. */
  attrPos?: AttrPosFn;
  /** Where a value came from (a lambda's position), for `cannot convert ... to JSON`. */
  valuePos?: (v: Value) => Pos | null;
  /** Position of the toJSON call. */
  pos?: Pos | null;
  /** CppNix's max-call-depth (default 10000). */
  maxCallDepth?: number;
  /** The call depth the conversion starts at (default 1: the toJSON call itself). */
  callDepth?: number;
}

/** One level of the walk: what is being converted inside what, for traces and output. */
interface Frame {
  /** 0 = list, 1 = set, 2 = `outPath` peeling, 3 = `__toString` result. */
  kind: 0 | 1 | 2 | 3;
  list: Value[] | null;
  attrs: NixAttrs | null;
  /** Next child to convert. */
  index: number;
  /** Position of this level (list element traces point there). */
  pos: Pos | null;
}

function stackOverflow(pos: Pos | null): EvalError {
  return new EvalError('stack overflow; max-call-depth exceeded', pos);
}

/** The first invalid UTF-8 byte of `s`, as nlohmann reports it, or null if `s` is valid. */
export function utf8Error(s: string): string | null {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceLength(s, i, c);
    if (len > 0) {
      i += len;
      continue;
    }
    const bad = i - len - 1;
    if (bad >= n) return `incomplete UTF-8 string; last byte: 0x${hex2(s.charCodeAt(n - 1))}`;
    return `invalid UTF-8 byte at index ${bad}: 0x${hex2(s.charCodeAt(bad))}`;
  }
  return null;
}

function hex2(c: number): string {
  return c.toString(16).toUpperCase().padStart(2, '0');
}

/** A string as nlohmann dumps it (the string must already be valid UTF-8). */
export function jsonQuote(s: string): string {
  if (!JSON_ESCAPE.test(s)) return '"' + s + '"';
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x08:
        out += '\\b';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      default:
        out += '\\u00' + c.toString(16).padStart(2, '0');
    }
  }
  return out + s.slice(start) + '"';
}

/**
 * The JSON text being written, as bytes: strings are copied in, escaped and
 * checked in one pass, so no string is made per value (json bench: most of
 * toJSON's time went to allocating and joining the small pieces).
 */
class JSONWriter {
  private bytes = new Uint8Array(1 << 12);
  private length = 0;
  /** The first invalid UTF-8 met; nlohmann only fails while dumping, so the walk goes on. */
  utf8Failure: string | null = null;

  /** Room for `n` more bytes. */
  private reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(c: number): void {
    this.reserve(1);
    this.bytes[this.length++] = c;
  }

  /** An int in decimal; a number's digits go straight into the buffer. */
  int(n: number | bigint): void {
    if (typeof n === 'bigint') return this.raw(n.toString());
    this.reserve(17); // up to 2^53: 16 digits and a sign
    const bytes = this.bytes;
    let rest = n;
    if (rest < 0) {
      bytes[this.length++] = 0x2d; // -
      rest = -rest;
    }
    let digits = 1;
    for (let m = rest; m >= 10; m = Math.floor(m / 10)) digits++;
    let at = this.length + digits;
    this.length = at;
    do {
      const d = rest % 10;
      bytes[--at] = 0x30 + d;
      rest = (rest - d) / 10;
    } while (rest > 0);
  }

  /** Text known to need no escaping (numbers, literals). */
  raw(s: string): void {
    const n = s.length;
    this.reserve(n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) bytes[at++] = s.charCodeAt(i);
    this.length = at;
  }

  /** A binary string as nlohmann dumps it: quoted, escaped, and valid UTF-8. */
  string(s: string): void {
    const n = s.length;
    this.reserve(n + 2);
    let bytes = this.bytes;
    let at = this.length;
    bytes[at++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
        bytes[at++] = c;
        continue;
      }
      if (c >= 0x80) {
        // Checked here rather than in a second pass over the string.
        const len = utf8SequenceLength(s, i, c);
        if (len < 0) {
          if (this.utf8Failure === null) this.utf8Failure = utf8Error(s);
          bytes[at++] = c;
          continue;
        }
        for (const end = i + len; i < end; i++) bytes[at++] = s.charCodeAt(i);
        i--;
        continue;
      }
      // An escape takes up to 6 bytes: room for it and the rest unescaped.
      this.length = at;
      this.reserve(n - i + 7);
      bytes = this.bytes;
      at = writeEscape(bytes, at, c);
    }
    bytes[at++] = 0x22;
    this.length = at;
  }

  /** The text written, as a binary string. */
  text(): string {
    return bytesToBinary(this.bytes, this.length);
  }
}

const HEX = '0123456789abcdef';

/** Writes the escape of the control byte, quote or backslash `c` at `at`; returns the end. */
function writeEscape(bytes: Uint8Array, at: number, c: number): number {
  bytes[at++] = 0x5c;
  switch (c) {
    case 0x08:
      bytes[at++] = 0x62; // b
      break;
    case 0x09:
      bytes[at++] = 0x74; // t
      break;
    case 0x0a:
      bytes[at++] = 0x6e; // n
      break;
    case 0x0c:
      bytes[at++] = 0x66; // f
      break;
    case 0x0d:
      bytes[at++] = 0x72; // r
      break;
    case 0x22:
    case 0x5c:
      bytes[at++] = c;
      break;
    default:
      bytes[at++] = 0x75; // u00XX
      bytes[at++] = 0x30;
      bytes[at++] = 0x30;
      bytes[at++] = HEX.charCodeAt(c >> 4);
      bytes[at++] = HEX.charCodeAt(c & 15);
  }
  return at;
}

/**
 * `builtins.toJSON v`: the JSON text, with the context of every string in it.
 */
/**
 * builtins.toJSON's text for `v` (with the context of the strings in it),
 * forcing through `rt` as it goes (a JS loop nested per unevaluated value,
 * which returns before the next: the JS stack does not grow with `v`).
 */
export function toJSON(v: Value, rt: Runtime, opts: ToJSONOptions = {}): string | NixString {
  return driveNested(
    new ToJSONStep(v, rt, opts),
    (x) => rt.force(x),
    (fn, args) => rt.call(fn, args),
  ) as string | NixString;
}

/** Where a value being converted sits: for its trace lines and errors. */
interface Place {
  pos: Pos | null;
  owner: NixAttrs | null;
  name: string;
}

/**
 * toJSON as a step (builtins/step.ts): builtins.toJSON forces the values
 * it converts on the VM's frame stack, so Nix recursion through it takes no
 * JS stack. The walk keeps its own stack of open lists and sets (`frames`);
 * `__toString` and `outPath` are followed at once, as rare as they are deep.
 */
export class ToJSONStep extends Step {
  private readonly strict: boolean;
  private readonly copyToStore: boolean;
  private readonly maxDepth: number;
  private readonly out = new JSONWriter();
  private context: readonly string[] = [];
  private readonly frames: Frame[] = [];
  private started = false;
  /** Where the value being forced goes, while the driver forces it. */
  private waiting: Place | null = null;

  constructor(
    private readonly value: Value,
    private readonly rt: Runtime,
    private readonly opts: ToJSONOptions,
  ) {
    super();
    this.strict = opts.strict !== false;
    this.copyToStore = opts.copyToStore !== false;
    this.maxDepth = (opts.maxCallDepth ?? 10000) - (opts.callDepth ?? 1);
  }

  resume(d: StepDriver, input: Value): StepResult {
    const frames = this.frames;
    const out = this.out;
    if (!this.started) {
      this.started = true;
      if (!this.convert(d, this.value, this.opts.pos ?? null, null, '')) return SUSPEND;
    } else if (this.waiting !== null) {
      const at = this.waiting;
      this.waiting = null;
      this.convertForced(input, at.pos, at.owner, at.name);
    }
    while (frames.length > 0) {
      const f = frames[frames.length - 1]!;
      if (f.kind === 0) {
        const list = f.list!;
        if (f.index >= list.length) {
          out.byte(0x5d); // ]
          frames.pop();
          popPeels(frames);
          continue;
        }
        if (f.index > 0) out.byte(0x2c); // ,
        if (!this.convert(d, list[f.index++]!, f.pos, null, '')) return SUSPEND;
      } else {
        // kind 1 (kinds 2 and 3 never stay on top: see convertAttrs)
        const attrs = f.attrs!;
        if (f.index >= attrs.size) {
          out.byte(0x7d); // }
          frames.pop();
          popPeels(frames);
          continue;
        }
        if (f.index > 0) out.byte(0x2c); // ,
        const name = attrs.keys[f.index]!;
        out.string(name);
        out.byte(0x3a); // :
        const value = attrs.values[f.index++]!;
        if (!this.convert(d, value, null, attrs, name)) return SUSPEND;
      }
    }
    if (out.utf8Failure !== null) throw new EvalError(`JSON serialization error: [json.exception.type_error.316] ${out.utf8Failure}`);
    return makeString(out.text(), this.context);
  }

  /** The trace lines of the levels open, innermost first; then the error goes on. */
  override recover(_d: StepDriver, e: NixError): StepResult {
    const frames = this.frames;
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!;
      const child = f.index - 1;
      if (f.kind === 0) e.addTrace(`while evaluating list element at index ${child}`, f.pos);
      else if (f.kind === 1) {
        const name = f.attrs!.keys[child]!;
        e.addTrace(`while evaluating attribute '${name}'`, this.attrPos(f.attrs!, name));
      } else if (f.kind === 2) e.addTrace('while using the `outPath` attribute', f.pos);
      else e.addTrace('while using the result of the `__toString` attribute', f.pos);
    }
    throw e;
  }

  private attrPos(attrs: NixAttrs, name: string): Pos | null {
    return this.opts.attrPos?.(attrs, name) ?? null;
  }

  /** The position of a value: its attribute's in `owner` if it has one, else `pos`. */
  private posOf(pos: Pos | null, owner: NixAttrs | null, name: string): Pos | null {
    return owner === null ? pos : this.attrPos(owner, name);
  }

  /**
   * Converts one value, forcing it through the driver: false when the
   * driver is computing it (resume then converts it). An attribute's value
   * passes its set and name; its position is only looked up when needed.
   */
  private convert(d: StepDriver, cell: Value, pos: Pos | null, owner: NixAttrs | null, name: string): boolean {
    if (this.frames.length + 1 > this.maxDepth) throw stackOverflow(this.posOf(pos, owner, name));
    let x = cell;
    if (x instanceof Thunk) {
      if (x.state === ThunkState.Done) x = x.value;
      else if (!this.strict) throw unevaluated(x, this.posOf(pos, owner, name));
      else {
        const v = d.force(x);
        if (v === SUSPEND) {
          this.waiting = { pos, owner, name };
          return false;
        }
        x = v;
      }
    }
    this.convertForced(x, pos, owner, name);
    return true;
  }

  /** Converts a value in weak head normal form; containers push a frame (their children come later). */
  private convertForced(x: Value, pos: Pos | null, owner: NixAttrs | null, name: string): void {
    const out = this.out;
    switch (typeof x) {
      case 'number':
      case 'bigint':
        out.int(x);
        return;
      case 'boolean':
        out.raw(x ? 'true' : 'false');
        return;
      case 'string':
        out.string(x);
        return;
    }
    if (x === null) {
      out.raw('null');
    } else if (x instanceof NixString) {
      this.context = mergeContexts(this.context, x.context);
      out.string(x.value);
    } else if (x instanceof NixFloat) {
      out.raw(formatFloatJSON(x.value));
    } else if (x instanceof NixPath) {
      if (this.copyToStore) {
        const copy = this.opts.copyPathToStore ?? this.rt.copyPathToStore;
        if (!copy) throw new EvalError(`cannot copy path '${x.path}' to the store: no store is available`);
        const storePath = copy.call(this.rt, x.path);
        this.context = mergeContexts(this.context, [storePath]);
        out.string(storePath);
      } else out.string(x.path);
    } else if (Array.isArray(x)) {
      out.byte(0x5b); // [
      this.frames.push({ kind: 0, list: x, attrs: null, index: 0, pos: this.posOf(pos, owner, name) });
    } else if (x instanceof NixAttrs) {
      this.convertAttrs(x);
    } else {
      throw new EvalError(`cannot convert ${showType(x)} to JSON`, this.opts.valuePos?.(x) ?? this.posOf(pos, owner, name));
    }
  }

  private convertAttrs(attrs: NixAttrs): void {
    const rt = this.rt;
    const fn = attrs.get('__toString');
    if (fn !== undefined) {
      const s = this.peelToString(attrs, fn, this.attrPos(attrs, '__toString'));
      if (typeof s === 'string') this.out.string(s);
      else {
        this.context = mergeContexts(this.context, s.context);
        this.out.string(s.value);
      }
      return;
    }
    const outPath = attrs.get('outPath');
    if (outPath !== undefined) {
      const opos = this.attrPos(attrs, 'outPath');
      let value: Value;
      try {
        value = outPath instanceof Thunk && this.strict ? rt.force(outPath) : outPath;
      } catch (e) {
        if (e instanceof NixError) e.addTrace('while evaluating the `outPath` attribute', opos);
        throw e;
      }
      this.frames.push({ kind: 2, list: null, attrs, index: 1, pos: opos });
      const depth = this.frames.length;
      if (value instanceof Thunk && value.state === ThunkState.Done) value = value.value;
      if (value instanceof Thunk) throw unevaluated(value, opos);
      if (this.frames.length + 1 > this.maxDepth) throw stackOverflow(opos);
      this.convertForced(value, opos, null, '');
      // A scalar is done at once; a container left its own frame above ours.
      if (this.frames.length === depth) this.frames.pop();
      return;
    }
    this.out.byte(0x7b); // {
    // A set's traces name its attributes' positions, not its own.
    this.frames.push({ kind: 1, list: null, attrs, index: 0, pos: null });
  }

  /** The string a `__toString` gives, peeling sets it returns; errors as the suite's CppNix words them. */
  private peelToString(self: NixAttrs, fn: Value, fpos: Pos | null): string | NixString {
    const rt = this.rt;
    let r: Value;
    try {
      r = rt.call(fn, [self]);
    } catch (e) {
      if (e instanceof NixError) {
        if (e.pos === null && fpos !== null) e.pos = fpos;
        e.addTrace('while calling the `__toString` attribute', fpos);
      }
      throw e;
    }
    // Errors from here on are about the result.
    this.frames.push({ kind: 3, list: null, attrs: self, index: 1, pos: fpos });
    for (;;) {
      if (r instanceof Thunk) r = rt.force(r);
      if (typeof r === 'string' || r instanceof NixString) {
        this.frames.pop();
        return r;
      }
      if (r instanceof NixAttrs) {
        const inner = r.get('__toString');
        if (inner !== undefined) {
          r = rt.call(inner, [r]);
          continue;
        }
        const o = r.get('outPath');
        if (o !== undefined) {
          r = o;
          continue;
        }
        throw new EvalError(`\`__toString\` must return a string, but got ${showType(r)}: ${printForError(r)}`, fpos);
      }
      throw new EvalError(`\`__toString\` should return a string, but got ${showType(r)}: ${printForError(r)}`, fpos);
    }
  }
}

/**
 * `--json` without `--strict` meeting an unevaluated value. A lazy
 * application made by a builtin (map, genList, mapAttrs) is a function
 * application to CppNix, placed at the function when it is a lambda applied
 * to one argument; any other thunk is placed at its attribute.
 */
function unevaluated(t: Thunk, at: Pos | null): EvalError {
  const code = t.code as { kind?: string; pos?: Pos | null; name?: string | null } | null;
  // A lambda applied and computed at once keeps the lambda as its code.
  if (code?.kind === 'lambda') return new EvalError('cannot convert a function application to JSON', code.pos ?? at);
  if (t instanceof ApplyThunk) {
    const fn = t.state === ThunkState.Suspended ? (t.data as Value) : null;
    const fpos = fn instanceof Closure ? (fn.blueprint as { pos?: Pos | null }).pos : null;
    return new EvalError('cannot convert a function application to JSON', fpos ?? at);
  }
  // The VM's blueprint applying a function to several arguments is the one thunk with neither name nor position.
  if (code?.kind === 'thunk' && code.pos === null && code.name === null)
    return new EvalError('cannot convert a function application to JSON', null);
  return new EvalError('cannot convert a thunk to JSON', at);
}

/** Pops the `outPath` frames whose value (a container) just finished. */
function popPeels(frames: Frame[]): void {
  while (frames.length > 0 && frames[frames.length - 1]!.kind === 2) frames.pop();
}

/** The JSON text alone (`nix-instantiate --json`), without the context. */
export function printJSON(v: Value, rt: Runtime, opts: ToJSONOptions = {}): string {
  const s = toJSON(v, rt, opts);
  return typeof s === 'string' ? s : s.value;
}
