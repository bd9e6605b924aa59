// JSON to values: builtins.fromJSON (nlohmann's parser feeding CppNix's
// JSON-to-value builder), with its exact output and error messages
// (toJSON is to-json.ts).
//
// fromJSON: nlohmann 3.11's lexer and parser, error messages included
// (`[json.exception.parse_error.101] parse error at line 1, column 4: syntax
// error while parsing value - unexpected ']'; expected '[', '{', or a
// literal`), ints when they fit in int64 (else floats; an unsigned literal
// above 2^63-1 is `unsigned json number ... outside of Nix integer range`),
// duplicate keys resolved last-wins, strings rejected if they contain NUL.

import { EvalError } from '../errors/error.js';
import { NixAttrs } from './attrs.js';
import { JSON_ESCAPE, utf8SequenceLength } from './json-text.js';
import { makeInt, NixFloat, type Value } from './types.js';

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
