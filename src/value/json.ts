// JSON: builtins.toJSON / `nix-instantiate --json` (CppNix's printValueAsJSON
// serialised by nlohmann::json) and builtins.fromJSON (nlohmann's parser
// feeding CppNix's JSON-to-value builder), with their exact output and
// error messages.
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
// fromJSON: nlohmann 3.11's lexer and parser, error messages included
// (`[json.exception.parse_error.101] parse error at line 1, column 4: syntax
// error while parsing value - unexpected ']'; expected '[', '{', or a
// literal`), ints when they fit in int64 (else floats; an unsigned literal
// above 2^63-1 is `unsigned json number ... outside of Nix integer range`),
// duplicate keys resolved last-wins, strings rejected if they contain NUL.

import type { Runtime } from '../builtins/runtime.js';
import { EvalError, NixError } from '../errors/error.js';
import type { Pos } from '../errors/source.js';
import { NixAttrs } from './attrs.js';
import { printForError, showType } from './describe.js';
import { mergeContexts } from './coerce.js';
import type { AttrPosFn } from './equality.js';
import { formatFloatJSON } from './numfmt.js';
import { ApplyThunk, Closure, makeInt, makeString, NixFloat, NixPath, NixString, Thunk, ThunkState, type Value } from './types.js';

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

// eslint-disable-next-line no-control-regex -- control bytes are exactly what must be escaped
const JSON_ESCAPE = /[\x00-\x1f"\\]/;

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

/** The first `length` bytes as a binary string (Node's latin1 decoder where there is one). */
function bytesToBinary(bytes: Uint8Array, length: number): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
  let s = '';
  for (let i = 0; i < length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, Math.min(length, i + 0x8000)));
  return s;
}

/**
 * `builtins.toJSON v`: the JSON text, with the context of every string in it.
 */
export function toJSON(v: Value, rt: Runtime, opts: ToJSONOptions = {}): string | NixString {
  const strict = opts.strict !== false;
  const copyToStore = opts.copyToStore !== false;
  const maxDepth = (opts.maxCallDepth ?? 10000) - (opts.callDepth ?? 1);
  const out = new JSONWriter();
  let context: readonly string[] = [];
  const frames: Frame[] = [];
  const emitString = (s: string): void => out.string(s);

  const attrPos = (attrs: NixAttrs, name: string): Pos | null => opts.attrPos?.(attrs, name) ?? null;

  /** The position of a value: its attribute's in `owner` if it has one, else `pos`. */
  const posOf = (pos: Pos | null, owner: NixAttrs | null, name: string): Pos | null => (owner === null ? pos : attrPos(owner, name));

  /**
   * Converts one value; containers push a frame (their children come later).
   * An attribute's value passes its set and name, and its position is only
   * looked up when needed (a list's traces, an error).
   */
  const convert = (cell: Value, pos: Pos | null, owner: NixAttrs | null = null, name = ''): void => {
    if (frames.length + 1 > maxDepth) throw stackOverflow(posOf(pos, owner, name));
    let x = cell;
    if (x instanceof Thunk) {
      if (strict) x = rt.force(x);
      else if (x.state === ThunkState.Done) x = x.value;
      else throw unevaluated(x, posOf(pos, owner, name));
    }
    switch (typeof x) {
      case 'number':
      case 'bigint':
        out.int(x);
        return;
      case 'boolean':
        out.raw(x ? 'true' : 'false');
        return;
      case 'string':
        emitString(x);
        return;
    }
    if (x === null) {
      out.raw('null');
    } else if (x instanceof NixString) {
      context = mergeContexts(context, x.context);
      emitString(x.value);
    } else if (x instanceof NixFloat) {
      out.raw(formatFloatJSON(x.value));
    } else if (x instanceof NixPath) {
      if (copyToStore) {
        const copy = opts.copyPathToStore ?? rt.copyPathToStore;
        if (!copy) throw new EvalError(`cannot copy path '${x.path}' to the store: no store is available`);
        const storePath = copy.call(rt, x.path);
        context = mergeContexts(context, [storePath]);
        emitString(storePath);
      } else emitString(x.path);
    } else if (Array.isArray(x)) {
      out.byte(0x5b); // [
      frames.push({ kind: 0, list: x, attrs: null, index: 0, pos: posOf(pos, owner, name) });
    } else if (x instanceof NixAttrs) {
      convertAttrs(x);
    } else {
      throw new EvalError(`cannot convert ${showType(x)} to JSON`, opts.valuePos?.(x) ?? posOf(pos, owner, name));
    }
  };

  const convertAttrs = (attrs: NixAttrs): void => {
    const fn = attrs.get('__toString');
    if (fn !== undefined) {
      const fpos = attrPos(attrs, '__toString');
      const s = peelToString(attrs, fn, fpos);
      if (typeof s === 'string') emitString(s);
      else {
        context = mergeContexts(context, s.context);
        emitString(s.value);
      }
      return;
    }
    const outPath = attrs.get('outPath');
    if (outPath !== undefined) {
      const opos = attrPos(attrs, 'outPath');
      let value: Value;
      try {
        value = outPath instanceof Thunk && strict ? rt.force(outPath) : outPath;
      } catch (e) {
        if (e instanceof NixError) e.addTrace('while evaluating the `outPath` attribute', opos);
        throw e;
      }
      frames.push({ kind: 2, list: null, attrs, index: 1, pos: opos });
      const depth = frames.length;
      convert(value, opos);
      // A scalar is done at once; a container left its own frame above ours.
      if (frames.length === depth) frames.pop();
      return;
    }
    out.byte(0x7b); // {
    // A set's traces name its attributes' positions, not its own.
    frames.push({ kind: 1, list: null, attrs, index: 0, pos: null });
  };

  /** The string a `__toString` gives, peeling sets it returns; errors as the suite's CppNix words them. */
  const peelToString = (self: NixAttrs, fn: Value, fpos: Pos | null): string | NixString => {
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
    frames.push({ kind: 3, list: null, attrs: self, index: 1, pos: fpos });
    for (;;) {
      if (r instanceof Thunk) r = rt.force(r);
      if (typeof r === 'string' || r instanceof NixString) {
        frames.pop();
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
  };

  try {
    convert(v, opts.pos ?? null);
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
        convert(list[f.index++]!, f.pos);
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
        emitString(name);
        out.byte(0x3a); // :
        const value = attrs.values[f.index++]!;
        convert(value, null, attrs, name);
      }
    }
  } catch (e) {
    if (e instanceof NixError) {
      for (let i = frames.length - 1; i >= 0; i--) {
        const f = frames[i]!;
        const child = f.index - 1;
        if (f.kind === 0) e.addTrace(`while evaluating list element at index ${child}`, f.pos);
        else if (f.kind === 1) {
          const name = f.attrs!.keys[child]!;
          e.addTrace(`while evaluating attribute '${name}'`, attrPos(f.attrs!, name));
        } else if (f.kind === 2) e.addTrace('while using the `outPath` attribute', f.pos);
        else e.addTrace('while using the result of the `__toString` attribute', f.pos);
      }
    }
    throw e;
  }
  if (out.utf8Failure !== null) throw new EvalError(`JSON serialization error: [json.exception.type_error.316] ${out.utf8Failure}`);
  return makeString(out.text(), context);
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

// ---------------------------------------------------------------- fromJSON

const enum Tok {
  Uninitialized,
  True,
  False,
  Null,
  String,
  Unsigned,
  Integer,
  Float,
  BeginArray,
  BeginObject,
  EndArray,
  EndObject,
  NameSeparator,
  ValueSeparator,
  ParseError,
  EndOfInput,
  LiteralOrValue,
}

function tokenName(t: Tok): string {
  switch (t) {
    case Tok.Uninitialized:
      return '<uninitialized>';
    case Tok.True:
      return 'true literal';
    case Tok.False:
      return 'false literal';
    case Tok.Null:
      return 'null literal';
    case Tok.String:
      return 'string literal';
    case Tok.Unsigned:
    case Tok.Integer:
    case Tok.Float:
      return 'number literal';
    case Tok.BeginArray:
      return "'['";
    case Tok.BeginObject:
      return "'{'";
    case Tok.EndArray:
      return "']'";
    case Tok.EndObject:
      return "'}'";
    case Tok.NameSeparator:
      return "':'";
    case Tok.ValueSeparator:
      return "','";
    case Tok.ParseError:
      return '<parse error>';
    case Tok.EndOfInput:
      return 'end of input';
    case Tok.LiteralOrValue:
      return "'[', '{', or a literal";
  }
}

const CONTROL_NAMES = [
  'NUL',
  'SOH',
  'STX',
  'ETX',
  'EOT',
  'ENQ',
  'ACK',
  'BEL',
  'BS',
  'HT',
  'LF',
  'VT',
  'FF',
  'CR',
  'SO',
  'SI',
  'DLE',
  'DC1',
  'DC2',
  'DC3',
  'DC4',
  'NAK',
  'SYN',
  'ETB',
  'CAN',
  'EM',
  'SUB',
  'ESC',
  'FS',
  'GS',
  'RS',
  'US',
];
const CONTROL_SHORT: Record<number, string> = { 8: 'b', 9: 't', 10: 'n', 12: 'f', 13: 'r' };

function controlMessage(c: number): string {
  const hex = c.toString(16).toUpperCase().padStart(4, '0');
  const short = CONTROL_SHORT[c];
  return `invalid string: control character U+${hex} (${CONTROL_NAMES[c]}) must be escaped to \\u${hex}${short ? ` or \\${short}` : ''}`;
}

const EOF = -1;

/** nlohmann's lexer over a binary string (one char per byte). */
class Lexer {
  private i = 0;
  current = EOF;
  private nextUnget = false;
  charsRead = 0;
  private charsReadLine = 0;
  private linesRead = 0;
  /**
   * Where the current token starts in the text: its raw bytes, for
   * `last read: '...'`, are the slice up to what has been read (kept as a
   * position rather than collected byte by byte).
   */
  private tokenStart = 0;
  /** The decoded value of a string token / the text of a number token. */
  buffer = '';
  /** Whether the string token has a NUL (only `\u0000` makes one: a raw NUL is an error). */
  hasNul = false;
  errorMessage = '';
  /** An integer token's value, as a Nix int (a bigint beyond 2^53). */
  numberInt: number | bigint = 0;
  numberFloat = 0;

  constructor(private readonly text: string) {}

  private get(): number {
    this.charsRead++;
    this.charsReadLine++;
    if (this.nextUnget) this.nextUnget = false;
    else this.current = this.i < this.text.length ? this.text.charCodeAt(this.i++) : EOF;
    if (this.current === 10) {
      this.linesRead++;
      this.charsReadLine = 0;
    }
    return this.current;
  }

  private unget(): void {
    this.nextUnget = true;
    this.charsRead--;
    if (this.charsReadLine === 0) {
      if (this.linesRead > 0) this.linesRead--;
    } else this.charsReadLine--;
  }

  /** Where reading has got to: a byte taken back by unget counts as unread. */
  private readEnd(): number {
    return this.nextUnget && this.current !== EOF ? this.i - 1 : this.i;
  }

  private reset(): void {
    this.buffer = '';
    this.hasNul = false;
    const end = this.readEnd();
    this.tokenStart = this.current === EOF ? end : end - 1;
  }

  position(): string {
    return `line ${this.linesRead + 1}, column ${this.charsReadLine}`;
  }

  tokenText(): string {
    let s = '';
    const raw = this.text.slice(this.tokenStart, this.readEnd());
    for (let k = 0; k < raw.length; k++) {
      const c = raw.charCodeAt(k);
      s += c <= 0x1f ? `<U+${c.toString(16).toUpperCase().padStart(4, '0')}>` : String.fromCharCode(c);
    }
    return s;
  }

  private skipBom(): boolean {
    if (this.get() === 0xef) return this.get() === 0xbb && this.get() === 0xbf;
    this.unget();
    return true;
  }

  /**
   * The next token. A string that is exactly `expectedKey` (a key known to
   * need no decoding) is matched in the text and gives that very string.
   */
  scan(expectedKey?: string): Tok {
    if (this.charsRead === 0 && !this.skipBom()) {
      this.errorMessage = 'invalid BOM; must be 0xEF 0xBB 0xBF if given';
      return Tok.ParseError;
    }
    do this.get();
    while (this.current === 32 || this.current === 9 || this.current === 10 || this.current === 13);
    switch (this.current) {
      case 0x5b:
        return Tok.BeginArray;
      case 0x5d:
        return Tok.EndArray;
      case 0x7b:
        return Tok.BeginObject;
      case 0x7d:
        return Tok.EndObject;
      case 0x3a:
        return Tok.NameSeparator;
      case 0x2c:
        return Tok.ValueSeparator;
      case 0x74:
        return this.scanLiteral('true', Tok.True);
      case 0x66:
        return this.scanLiteral('false', Tok.False);
      case 0x6e:
        return this.scanLiteral('null', Tok.Null);
      case 0x22:
        return expectedKey !== undefined && this.matchPlain(expectedKey) ? Tok.String : this.scanString();
      case 0x2d:
      case 0x30:
      case 0x31:
      case 0x32:
      case 0x33:
      case 0x34:
      case 0x35:
      case 0x36:
      case 0x37:
      case 0x38:
      case 0x39:
        return this.scanNumber();
      case 0:
      case EOF:
        return Tok.EndOfInput;
      default:
        this.errorMessage = 'invalid literal';
        return Tok.ParseError;
    }
  }

  private scanLiteral(text: string, tok: Tok): Tok {
    for (let k = 1; k < text.length; k++) {
      if (this.get() !== text.charCodeAt(k)) {
        this.errorMessage = 'invalid literal';
        return Tok.ParseError;
      }
    }
    return tok;
  }

  private codepoint(): number {
    let cp = 0;
    for (const factor of [12, 8, 4, 0]) {
      const c = this.get();
      if (c >= 0x30 && c <= 0x39) cp += (c - 0x30) << factor;
      else if (c >= 0x41 && c <= 0x46) cp += (c - 0x37) << factor;
      else if (c >= 0x61 && c <= 0x66) cp += (c - 0x57) << factor;
      else return -1;
    }
    return cp;
  }

  private nextInRange(ranges: number[]): boolean {
    this.buffer += String.fromCharCode(this.current);
    for (let k = 0; k < ranges.length; k += 2) {
      const c = this.get();
      if (c >= ranges[k]! && c <= ranges[k + 1]!) this.buffer += String.fromCharCode(c);
      else {
        this.errorMessage = 'invalid string: ill-formed UTF-8 byte';
        return false;
      }
    }
    return true;
  }

  /** Reads the rest of a string token if it is `s` as is (`s` must need no escapes). */
  private matchPlain(s: string): boolean {
    const end = this.i + s.length;
    if (this.text.charCodeAt(end) !== 0x22 || !this.text.startsWith(s, this.i)) return false;
    this.reset();
    this.charsRead += s.length + 1;
    this.charsReadLine += s.length + 1;
    this.i = end + 1;
    this.buffer = s;
    return true;
  }

  private scanString(): Tok {
    this.reset();
    const parts: string[] = [];
    const text = this.text;
    for (;;) {
      // A run of bytes that stand for themselves is copied at once; a string
      // that is only that (no escapes) is a slice of the text.
      if (!this.nextUnget) {
        const from = this.i;
        const j = plainRunEnd(text, from);
        if (j > from) {
          const run = text.slice(from, j);
          this.charsRead += j - from;
          this.charsReadLine += j - from;
          this.current = text.charCodeAt(j - 1);
          this.i = j;
          if (text.charCodeAt(j) === 0x22 && parts.length === 0 && this.buffer === '') {
            this.get();
            this.buffer = run;
            return Tok.String;
          }
          parts.push(this.buffer, run);
          this.buffer = '';
        }
      }
      const c = this.get();
      if (c === EOF) {
        this.errorMessage = 'invalid string: missing closing quote';
        return Tok.ParseError;
      }
      if (c === 0x22) {
        this.buffer = parts.join('') + this.buffer;
        return Tok.String;
      }
      if (c === 0x5c) {
        const e = this.get();
        switch (e) {
          case 0x22:
            this.buffer += '"';
            break;
          case 0x5c:
            this.buffer += '\\';
            break;
          case 0x2f:
            this.buffer += '/';
            break;
          case 0x62:
            this.buffer += '\b';
            break;
          case 0x66:
            this.buffer += '\f';
            break;
          case 0x6e:
            this.buffer += '\n';
            break;
          case 0x72:
            this.buffer += '\r';
            break;
          case 0x74:
            this.buffer += '\t';
            break;
          case 0x75: {
            const cp1 = this.codepoint();
            let cp = cp1;
            if (cp1 === -1) {
              this.errorMessage = "invalid string: '\\u' must be followed by 4 hex digits";
              return Tok.ParseError;
            }
            if (cp1 >= 0xd800 && cp1 <= 0xdbff) {
              if (this.get() === 0x5c && this.get() === 0x75) {
                const cp2 = this.codepoint();
                if (cp2 === -1) {
                  this.errorMessage = "invalid string: '\\u' must be followed by 4 hex digits";
                  return Tok.ParseError;
                }
                if (cp2 >= 0xdc00 && cp2 <= 0xdfff) {
                  cp = (cp1 << 10) + cp2 - 0x35fdc00;
                } else {
                  this.errorMessage = 'invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF';
                  return Tok.ParseError;
                }
              } else {
                this.errorMessage = 'invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF';
                return Tok.ParseError;
              }
            } else if (cp1 >= 0xdc00 && cp1 <= 0xdfff) {
              this.errorMessage = 'invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF';
              return Tok.ParseError;
            }
            if (cp === 0) this.hasNul = true;
            this.buffer += utf8Encode(cp);
            break;
          }
          default:
            this.errorMessage = 'invalid string: forbidden character after backslash';
            return Tok.ParseError;
        }
        continue;
      }
      if (c <= 0x1f) {
        this.errorMessage = controlMessage(c);
        return Tok.ParseError;
      }
      if (c < 0x80) {
        this.buffer += String.fromCharCode(c);
      } else if (c >= 0xc2 && c <= 0xdf) {
        if (!this.nextInRange([0x80, 0xbf])) return Tok.ParseError;
      } else if (c === 0xe0) {
        if (!this.nextInRange([0xa0, 0xbf, 0x80, 0xbf])) return Tok.ParseError;
      } else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) {
        if (!this.nextInRange([0x80, 0xbf, 0x80, 0xbf])) return Tok.ParseError;
      } else if (c === 0xed) {
        if (!this.nextInRange([0x80, 0x9f, 0x80, 0xbf])) return Tok.ParseError;
      } else if (c === 0xf0) {
        if (!this.nextInRange([0x90, 0xbf, 0x80, 0xbf, 0x80, 0xbf])) return Tok.ParseError;
      } else if (c >= 0xf1 && c <= 0xf3) {
        if (!this.nextInRange([0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf])) return Tok.ParseError;
      } else if (c === 0xf4) {
        if (!this.nextInRange([0x80, 0x8f, 0x80, 0xbf, 0x80, 0xbf])) return Tok.ParseError;
      } else {
        this.errorMessage = 'invalid string: ill-formed UTF-8 byte';
        return Tok.ParseError;
      }
      // Flush long buffers now and then to keep concatenation cheap.
      if (this.buffer.length > 4096) {
        parts.push(this.buffer);
        this.buffer = '';
      }
    }
  }

  /**
   * An integer of 1 to 15 digits not starting with 0 (so exact as a double),
   * read straight from the text; null for any other number, left to the
   * full scan. The byte after it is read and put back, as the scan does.
   */
  private scanSmallInt(): Tok | null {
    const text = this.text;
    const negative = this.current === 0x2d;
    let j = this.i;
    const first = negative ? text.charCodeAt(j++) : this.current;
    if (!(first >= 0x31 && first <= 0x39)) return null;
    let n = first - 0x30;
    for (; ; j++) {
      const c = text.charCodeAt(j);
      if (c >= 0x30 && c <= 0x39) n = n * 10 + (c - 0x30);
      else if (c === 0x2e || c === 0x65 || c === 0x45) return null;
      else break;
    }
    if (j - this.i > (negative ? 15 : 14)) return null;
    this.charsRead += j - this.i;
    this.charsReadLine += j - this.i;
    this.current = text.charCodeAt(j - 1);
    this.i = j;
    this.get();
    this.unget();
    this.numberInt = negative ? -n : n;
    return negative ? Tok.Integer : Tok.Unsigned;
  }

  private scanNumber(): Tok {
    this.reset();
    const small = this.scanSmallInt();
    if (small !== null) return small;
    let text = String.fromCharCode(this.current);
    let type: Tok = Tok.Unsigned;
    const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
    let state: 'minus' | 'zero' | 'any1' | 'decimal1' | 'decimal2' | 'exponent' | 'sign' | 'any2' | 'done' =
      this.current === 0x2d ? 'minus' : this.current === 0x30 ? 'zero' : 'any1';
    while (state !== 'done') {
      switch (state) {
        case 'minus': {
          type = Tok.Integer;
          const c = this.get();
          if (c === 0x30) state = 'zero';
          else if (isDigit(c)) state = 'any1';
          else {
            this.errorMessage = "invalid number; expected digit after '-'";
            return Tok.ParseError;
          }
          text += String.fromCharCode(c);
          break;
        }
        case 'zero': {
          const c = this.get();
          if (c === 0x2e) state = 'decimal1';
          else if (c === 0x65 || c === 0x45) state = 'exponent';
          else {
            state = 'done';
            break;
          }
          text += String.fromCharCode(c);
          break;
        }
        case 'any1': {
          const c = this.get();
          if (isDigit(c)) state = 'any1';
          else if (c === 0x2e) state = 'decimal1';
          else if (c === 0x65 || c === 0x45) state = 'exponent';
          else {
            state = 'done';
            break;
          }
          text += String.fromCharCode(c);
          break;
        }
        case 'decimal1': {
          type = Tok.Float;
          const c = this.get();
          if (!isDigit(c)) {
            this.errorMessage = "invalid number; expected digit after '.'";
            return Tok.ParseError;
          }
          text += String.fromCharCode(c);
          state = 'decimal2';
          break;
        }
        case 'decimal2': {
          const c = this.get();
          if (isDigit(c)) state = 'decimal2';
          else if (c === 0x65 || c === 0x45) state = 'exponent';
          else {
            state = 'done';
            break;
          }
          text += String.fromCharCode(c);
          break;
        }
        case 'exponent': {
          type = Tok.Float;
          const c = this.get();
          if (c === 0x2b || c === 0x2d) state = 'sign';
          else if (isDigit(c)) state = 'any2';
          else {
            this.errorMessage = "invalid number; expected '+', '-', or digit after exponent";
            return Tok.ParseError;
          }
          text += String.fromCharCode(c);
          break;
        }
        case 'sign': {
          const c = this.get();
          if (!isDigit(c)) {
            this.errorMessage = 'invalid number; expected digit after exponent sign';
            return Tok.ParseError;
          }
          text += String.fromCharCode(c);
          state = 'any2';
          break;
        }
        case 'any2': {
          const c = this.get();
          if (isDigit(c)) text += String.fromCharCode(c);
          else state = 'done';
          break;
        }
      }
    }
    this.unget();
    this.buffer = text;
    if (type === Tok.Unsigned) {
      const n = BigInt(text);
      if (n <= 0xffffffffffffffffn) {
        this.numberInt = makeInt(n);
        return Tok.Unsigned;
      }
    } else if (type === Tok.Integer) {
      const n = BigInt(text);
      if (n >= -0x8000000000000000n && n <= 0x7fffffffffffffffn) {
        this.numberInt = makeInt(n);
        return Tok.Integer;
      }
    }
    this.numberFloat = Number(text);
    return Tok.Float;
  }
}

/**
 * Where the run of string bytes from `from` that need no decoding ends:
 * printable ASCII but `"` and `\\`, and well-formed UTF-8 sequences (the
 * lexer's byte ranges). Anything else is left to the byte-by-byte scan.
 */
function plainRunEnd(text: string, from: number): number {
  const n = text.length;
  let j = from;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d < 0x80) {
      if (d < 0x20 || d === 0x22 || d === 0x5c) break;
      j++;
    } else {
      const len = utf8SequenceLength(text, j, d);
      if (len < 0) break;
      j += len;
    }
  }
  return j;
}

/**
 * The length of the well-formed UTF-8 sequence at `j` (whose first byte is
 * `c`); when it is not one, -1 - the offset from `j` of the first byte that
 * is wrong (which may lie past the end of the text).
 */
function utf8SequenceLength(text: string, j: number, c: number): number {
  let lo = 0x80;
  let hi = 0xbf;
  let need: number;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c === 0xe0) {
    need = 2;
    lo = 0xa0;
  } else if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) need = 2;
  else if (c === 0xed) {
    need = 2;
    hi = 0x9f;
  } else if (c === 0xf0) {
    need = 3;
    lo = 0x90;
  } else if (c >= 0xf1 && c <= 0xf3) need = 3;
  else if (c === 0xf4) {
    need = 3;
    hi = 0x8f;
  } else return -1;
  for (let k = 1; k <= need; k++) {
    const d = text.charCodeAt(j + k); // NaN past the end fails the test
    if (!(d >= lo && d <= hi)) return -1 - k;
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

function utf8Encode(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/** A JSON syntax error (nlohmann's parse_error / out_of_range). */
export class JSONParseError extends EvalError {}

/** The string token just read, unless it has a NUL. */
function stringToken(lx: Lexer): string {
  return lx.hasNul ? checkNoNul(lx.buffer) : lx.buffer;
}

function checkNoNul(s: string): string {
  if (s.indexOf('\0') >= 0)
    throw new EvalError(
      `input string '${s.replace(/\0/g, '\xe2\x90\x80')}' cannot be represented as Nix string because it contains null bytes`,
    );
  return s;
}

/** Whether `keys` are in byte order without duplicates. */
function strictlySorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

/**
 * The keys of the last object parsed at some depth. Objects in a list are
 * often alike: their keys are then matched in the text rather than decoded,
 * and a sorted shape is shared by all their sets.
 */
interface Shape {
  keys: readonly string[];
  sorted: boolean;
}

/**
 * The list or object being parsed at one depth. One per depth serves every
 * container met there: items gather in its arrays and are copied out, at
 * their exact size, when the container ends (no growth, no spare capacity).
 */
class Level {
  isList = false;
  items: Value[] = [];
  count = 0;
  /** An object's keys, parallel to `items`, once they leave its shape. */
  keys: string[] = [];
  ownKeys = false;
  /** The key of the value being parsed. */
  key = '';
  /** The keys expected: those of the last object finished at this depth. */
  shape: Shape | null = null;
  lastShape: Shape | null = null;

  open(isList: boolean): void {
    this.isList = isList;
    this.count = 0;
    this.ownKeys = false;
    this.shape = isList ? null : this.lastShape;
  }

  /** The key the shape expects next, if the keys have kept to it. */
  expectedKey(): string | undefined {
    return this.ownKeys || this.shape === null ? undefined : this.shape.keys[this.count];
  }

  /** Records the key of the next value, keeping own keys once they leave the shape. */
  setKey(key: string): void {
    this.key = key;
    if (this.ownKeys) return;
    const shape = this.shape;
    if (shape !== null && shape.keys[this.count] === key) return;
    this.ownKeys = true;
    for (let i = 0; i < this.count; i++) this.keys[i] = shape!.keys[i]!;
  }

  add(v: Value): void {
    if (this.ownKeys) this.keys[this.count] = this.key;
    this.items[this.count++] = v;
  }

  list(): Value[] {
    return this.items.slice(0, this.count);
  }

  attrs(): NixAttrs {
    const n = this.count;
    const values = this.items.slice(0, n);
    let shape = this.shape;
    if (this.ownKeys || shape === null || shape.keys.length !== n) {
      const keys = this.ownKeys ? this.keys.slice(0, n) : shape!.keys.slice(0, n);
      shape = { keys, sorted: strictlySorted(keys) };
      if (plainKeys(keys)) this.lastShape = shape;
    }
    // Objects printed by toJSON come sorted: their arrays are the set's own.
    if (shape.sorted) return new NixAttrs(shape.keys, values);
    // Last one wins for duplicate keys.
    const entries = new Map<string, Value>();
    for (let i = 0; i < n; i++) entries.set(shape.keys[i]!, values[i]!);
    return NixAttrs.fromEntries(entries);
  }
}

/** Whether every key can be matched in JSON text as is (no escapes needed). */
function plainKeys(keys: readonly string[]): boolean {
  for (const key of keys) if (JSON_ESCAPE.test(key)) return false;
  return true;
}

/**
 * `builtins.fromJSON text` (a binary string). Syntax errors carry the
 * `while decoding a JSON string` trace, as in CppNix.
 */
export function fromJSON(text: string): Value {
  try {
    return parseJSON(text);
  } catch (e) {
    if (e instanceof JSONParseError) e.addTrace('while decoding a JSON string', null);
    throw e;
  }
}

function parseJSON(text: string): Value {
  const lx = new Lexer(text);
  let last = Tok.Uninitialized as Tok;
  const next = (): Tok => (last = lx.scan());
  const syntax = (expected: Tok, context: string): JSONParseError => {
    let msg = 'syntax error ';
    if (context) msg += `while parsing ${context} `;
    msg += '- ';
    if (last === Tok.ParseError) msg += `${lx.errorMessage}; last read: '${lx.tokenText()}'`;
    else msg += `unexpected ${tokenName(last)}`;
    if (expected !== Tok.Uninitialized) msg += `; expected ${tokenName(expected)}`;
    return new JSONParseError(`[json.exception.parse_error.101] parse error at ${lx.position()}: ${msg}`);
  };
  /** levels[0 .. depth) are the containers open. */
  const levels: Level[] = [];
  let depth = 0;
  /** The level for a container starting at the current depth. */
  const levelHere = (): Level => (levels[depth] ??= new Level());
  let result: Value = null;
  const emit = (v: Value): void => {
    if (depth === 0) result = v;
    else levels[depth - 1]!.add(v);
  };

  next();
  let skipToState = false;
  for (;;) {
    if (!skipToState) {
      switch (last) {
        case Tok.BeginObject: {
          const level = levelHere();
          level.open(false);
          if ((last = lx.scan(level.expectedKey())) === Tok.EndObject) {
            emit(NixAttrs.empty);
            break;
          }
          if ((last as Tok) !== Tok.String) throw syntax(Tok.String, 'object key');
          level.setKey(stringToken(lx));
          if (next() !== Tok.NameSeparator) throw syntax(Tok.NameSeparator, 'object separator');
          depth++;
          next();
          continue;
        }
        case Tok.BeginArray: {
          if (next() === Tok.EndArray) {
            emit([]);
            break;
          }
          levelHere().open(true);
          depth++;
          continue;
        }
        case Tok.Float: {
          const f = lx.numberFloat;
          if (!Number.isFinite(f))
            throw new JSONParseError(`[json.exception.out_of_range.406] number overflow parsing '${lx.tokenText()}'`);
          emit(new NixFloat(f));
          break;
        }
        case Tok.False:
          emit(false);
          break;
        case Tok.True:
          emit(true);
          break;
        case Tok.Null:
          emit(null);
          break;
        case Tok.Integer:
          emit(lx.numberInt);
          break;
        case Tok.Unsigned:
          if (lx.numberInt > 0x7fffffffffffffffn) throw new EvalError(`unsigned json number ${lx.numberInt} outside of Nix integer range`);
          emit(lx.numberInt);
          break;
        case Tok.String:
          emit(stringToken(lx));
          break;
        case Tok.ParseError:
          throw syntax(Tok.Uninitialized, 'value');
        case Tok.EndOfInput:
          if (lx.charsRead === 1)
            throw new JSONParseError(
              `[json.exception.parse_error.101] parse error at ${lx.position()}: attempting to parse an empty input; check that your input string or stream contains the expected JSON`,
            );
          throw syntax(Tok.LiteralOrValue, 'value');
        default:
          throw syntax(Tok.LiteralOrValue, 'value');
      }
    } else skipToState = false;

    if (depth === 0) break;
    const top = levels[depth - 1]!;
    if (top.isList) {
      if (next() === Tok.ValueSeparator) {
        next();
        continue;
      }
      if ((last as Tok) === Tok.EndArray) {
        depth--;
        emit(top.list());
        skipToState = true;
        continue;
      }
      throw syntax(Tok.EndArray, 'array');
    }
    if (next() === Tok.ValueSeparator) {
      if ((last = lx.scan(top.expectedKey())) !== Tok.String) throw syntax(Tok.String, 'object key');
      top.setKey(stringToken(lx));
      if (next() !== Tok.NameSeparator) throw syntax(Tok.NameSeparator, 'object separator');
      next();
      continue;
    }
    if ((last as Tok) === Tok.EndObject) {
      depth--;
      emit(top.attrs());
      skipToState = true;
      continue;
    }
    throw syntax(Tok.EndObject, 'object');
  }
  if (next() !== Tok.EndOfInput) throw syntax(Tok.EndOfInput, 'value');
  return result;
}

/** The JSON text alone (`nix-instantiate --json`), without the context. */
export function printJSON(v: Value, rt: Runtime, opts: ToJSONOptions = {}): string {
  const s = toJSON(v, rt, opts);
  return typeof s === 'string' ? s : s.value;
}
