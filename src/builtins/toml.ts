/**
 * `builtins.fromTOML`: a TOML 1.0.0 parser that behaves as CppNix's (toml11
 * 4.x in strict 1.0.0 mode, plus Nix's own checks).
 *
 * Why not a library: the well-kept small JS parsers implement TOML 1.1
 * (smol-toml 1.9 accepts `\e`, `\xHH`, times without seconds and
 * multi-line inline tables, all errors for CppNix) and hand dates to JS
 * `Date`, which keeps milliseconds only, while CppNix reports timestamps to
 * the nanosecond. TOML 1.0 is small enough to parse here exactly.
 *
 * Input and strings in the result are binary strings (one char per byte,
 * UTF-8 encoded text). The result is a plain tree:
 * - table: `Map<string, TomlValue>` (keys in document order; a Map so that
 *   keys like `__proto__` are ordinary);
 * - array: `TomlValue[]`;
 * - string: `string`; boolean: `boolean`;
 * - integer: `number` when it is a safe JS integer, otherwise `bigint` (always
 *   within int64: larger literals are errors, as in CppNix);
 * - float: a `TomlFloat` (so `1.0` stays a float);
 * - date/time: a `TomlTimestamp` whose `value` is CppNix's normalised text
 *   (`T` separator, seconds always present, fraction padded to 3, 6 or 9
 *   digits and cut after 9, a zero offset written `Z`). Timestamps are only
 *   produced with `{ timestamps: true }` (CppNix's experimental feature
 *   `parse-toml-timestamps`); otherwise they are the error "Dates and times
 *   are not supported". Nix turns them into `{ _type = "timestamp"; value = …; }`.
 *
 * Errors are `TomlError`, whose message is what CppNix prints after
 * "while parsing TOML: ". Integer overflow and null bytes reproduce CppNix's
 * text exactly; other syntax errors use toml11's layout (title, `--> fromTOML`,
 * the line with a caret) with similar but not always identical wording.
 * Like CppNix, the whole document is parsed before null bytes and timestamps
 * are checked (in document order here; toml11's tables are unordered).
 */

/** A TOML float, kept apart from integers. */
export class TomlFloat {
  /**
   * @param value the number (NaN for `nan`)
   * @param negative the sign, which JS cannot keep on NaN: true for `-nan`
   *   (Nix prints it as `-nan`); for other values it equals `Object.is(value, -0) || value < 0`.
   */
  constructor(
    readonly value: number,
    readonly negative: boolean = value < 0 || Object.is(value, -0),
  ) {}
}

export interface TomlTimestamp {
  readonly kind: 'timestamp';
  /** Normalised text, e.g. "1979-05-27T07:32:00.100Z". */
  readonly value: string;
}

export type TomlTable = Map<string, TomlValue>;
export type TomlValue = string | number | bigint | boolean | TomlFloat | TomlTimestamp | TomlValue[] | TomlTable;

export interface TomlOptions {
  /** Return dates and times as `TomlTimestamp`s instead of failing (`parse-toml-timestamps`). */
  readonly timestamps?: boolean;
}

export class TomlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TomlError';
  }
}

/** Parse a TOML document (a binary string). Throws `TomlError`. */
export function parseToml(text: string, opts?: TomlOptions): TomlTable {
  try {
    const root = new Parser(text).parse();
    return convertTable(root, opts?.timestamps ?? false);
  } catch (e) {
    // Arrays or inline tables nested thousands deep exhaust the JS stack.
    if (e instanceof RangeError) throw new TomlError('[error] toml::parse_value: arrays or tables nested too deeply\n');
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Internal tree

/**
 * How a table came to be, which decides what may still be added to it:
 * - `root`: the document;
 * - `implicit`: a parent named in a `[a.b.c]` header, not yet defined itself;
 * - `header`: defined by `[…]` (or an element of `[[…]]`);
 * - `dotted`: created by a dotted key `a.b = …`;
 * - `inline`: `{ … }`, closed for good once parsed.
 */
type TableDef = 'root' | 'implicit' | 'header' | 'dotted' | 'inline';

interface TTable {
  readonly t: 'table';
  readonly map: Map<string, TNode>;
  def: TableDef;
  /** Where it was defined, for error messages. */
  pos: number;
}
interface TArray {
  readonly t: 'array';
  readonly items: TNode[];
  /** Created by `[[…]]` (so more `[[…]]` may append to it). */
  readonly ofTables: boolean;
}
interface TScalar {
  readonly t: 'scalar';
  readonly v: string | bigint | boolean | TomlFloat;
}
interface TDate {
  readonly t: 'date';
  readonly text: string;
}
type TNode = TTable | TArray | TScalar | TDate;

function newTable(def: TableDef, pos: number): TTable {
  return { t: 'table', map: new Map(), def, pos };
}

// ---------------------------------------------------------------------------
// Conversion to the public tree (Nix's checks happen here)

function noNullByte(s: string): void {
  if (s.includes('\0')) {
    const shown = s.replace(/\0/g, '\xe2\x90\x80'); // U+2400 SYMBOL FOR NULL, UTF-8
    throw new TomlError(`error: input string '${shown}' cannot be represented as Nix string because it contains null bytes`);
  }
}

function convertTable(t: TTable, timestamps: boolean): TomlTable {
  const out: TomlTable = new Map();
  for (const [k, v] of t.map) {
    noNullByte(k);
    out.set(k, convert(v, timestamps));
  }
  return out;
}

function convert(n: TNode, timestamps: boolean): TomlValue {
  switch (n.t) {
    case 'table':
      return convertTable(n, timestamps);
    case 'array':
      return n.items.map((x) => convert(x, timestamps));
    case 'date':
      if (!timestamps) throw new TomlError('Dates and times are not supported');
      return { kind: 'timestamp', value: n.text };
    case 'scalar': {
      const v = n.v;
      if (typeof v === 'string') {
        noNullByte(v);
        return v;
      }
      if (typeof v === 'bigint') {
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      return v;
    }
  }
}

// ---------------------------------------------------------------------------
// The parser

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isBareKeyChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || isDigit(c) || c === 45 || c === 95;
}

class Parser {
  private i = 0;
  private readonly root: TTable = newTable('root', 0);
  private cur: TTable;

  constructor(private readonly s: string) {
    this.cur = this.root;
  }

  // -- errors ---------------------------------------------------------------

  /** toml11's error layout: `[error] title`, the location, a caret and a note. */
  private fail(title: string, note: string, at: number = this.i, width = 1): never {
    throw new TomlError(formatError(this.s, title, note, at, width));
  }

  // -- low level ------------------------------------------------------------

  private peek(off = 0): number {
    const j = this.i + off;
    return j < this.s.length ? this.s.charCodeAt(j) : -1;
  }
  private eof(): boolean {
    return this.i >= this.s.length;
  }
  private skipWs(): void {
    while (this.peek() === 32 || this.peek() === 9) this.i++;
  }
  private atNewline(): boolean {
    return this.peek() === 10 || (this.peek() === 13 && this.peek(1) === 10);
  }
  private skipNewline(): boolean {
    if (this.peek() === 10) {
      this.i++;
      return true;
    }
    if (this.peek() === 13 && this.peek(1) === 10) {
      this.i += 2;
      return true;
    }
    return false;
  }
  /** A comment, if there is one: `#` up to (not including) the end of the line. */
  private skipComment(): void {
    if (this.peek() !== 35) return;
    this.i++;
    while (!this.eof() && !this.atNewline()) {
      const c = this.peek();
      if (c === 9 || (c >= 32 && c < 127)) {
        this.i++;
      } else if (c >= 128) {
        this.i += this.utf8Sequence(this.i, 'toml::parse_comment: invalid UTF-8 in comment');
      } else {
        this.fail('toml::parse_comment: control character in comment', 'control characters are not allowed in comments');
      }
    }
  }
  /** Whitespace, newlines and comments (inside arrays). */
  private skipWsCommentsNewlines(): void {
    for (;;) {
      this.skipWs();
      this.skipComment();
      if (!this.skipNewline()) return;
    }
  }
  /** After an expression: optional whitespace and comment, then a newline or the end. */
  private endOfLine(title = 'toml::parse_table: newline (LF / CRLF) or EOF is expected'): void {
    this.skipWs();
    this.skipComment();
    if (this.eof()) return;
    if (!this.skipNewline()) this.fail(title, 'expected newline, but got this');
  }

  /** Length of the well-formed UTF-8 sequence at `j` (not a surrogate, not overlong, <= U+10FFFF). */
  private utf8Sequence(j: number, title: string): number {
    const s = this.s;
    const b0 = s.charCodeAt(j);
    let len: number;
    let min: number;
    let cp: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      len = 2;
      min = 0x80;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      len = 3;
      min = 0x800;
      cp = b0 & 0x0f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      len = 4;
      min = 0x10000;
      cp = b0 & 0x07;
    } else {
      return this.fail(title, 'invalid UTF-8 byte', j);
    }
    for (let k = 1; k < len; k++) {
      const b = j + k < s.length ? s.charCodeAt(j + k) : -1;
      if (b < 0x80 || b > 0xbf) this.fail(title, 'invalid UTF-8 byte', j + k);
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail(title, 'invalid UTF-8 sequence', j);
    return len;
  }

  // -- document -------------------------------------------------------------

  parse(): TTable {
    while (!this.eof()) {
      this.skipWs();
      if (this.eof()) break;
      const c = this.peek();
      if (c === 35) {
        this.endOfLine();
      } else if (this.skipNewline()) {
        // blank line
      } else if (c === 91) {
        this.tableHeader();
        this.endOfLine('toml::parse_file: newline (or EOF) expected');
      } else {
        this.keyValue(this.cur);
        this.endOfLine();
      }
    }
    return this.root;
  }

  // -- keys -----------------------------------------------------------------

  private simpleKey(): string {
    const c = this.peek();
    if (c === 34) {
      if (this.peek(1) === 34 && this.peek(2) === 34) {
        this.fail('toml::parse_simple_key: invalid key', 'multi-line strings are not allowed as keys');
      }
      return this.basicString();
    }
    if (c === 39) {
      if (this.peek(1) === 39 && this.peek(2) === 39) {
        this.fail('toml::parse_simple_key: invalid key', 'multi-line strings are not allowed as keys');
      }
      return this.literalString();
    }
    const start = this.i;
    while (isBareKeyChar(this.peek())) this.i++;
    if (this.i === start) {
      this.fail(
        `toml::parse_simple_key: invalid key: key must be "quoted", 'quoted-literal', or bare key.`,
        'expected alpha [a-zA-Z], digit [0-9], -, or _',
      );
    }
    return this.s.slice(start, this.i);
  }

  /** A dotted key, with the start offset of each part. */
  private key(): { parts: string[]; at: number[] } {
    const parts: string[] = [];
    const at: number[] = [];
    for (;;) {
      at.push(this.i);
      parts.push(this.simpleKey());
      this.skipWs();
      if (this.peek() !== 46) break;
      this.i++;
      this.skipWs();
    }
    return { parts, at };
  }

  // -- tables ---------------------------------------------------------------

  private tableHeader(): void {
    const start = this.i;
    const isArray = this.peek(1) === 91;
    this.i += isArray ? 2 : 1;
    this.skipWs();
    const badKey = (): never =>
      this.fail(isArray ? 'toml::parse_file: invalid array-table key' : 'toml::parse_file: invalid table key', 'here', start);
    let parts: string[];
    try {
      parts = this.key().parts;
    } catch (e) {
      if (e instanceof TomlError && e.message.includes('parse_simple_key')) badKey();
      throw e;
    }
    if (this.peek() !== 93 || (isArray && this.peek(1) !== 93)) {
      this.fail(isArray ? 'toml::parse_file: invalid array-table key' : 'toml::parse_file: invalid table key', 'here', start);
    }
    this.i += isArray ? 2 : 1;
    const width = this.i - start;

    // Walk to the parent, creating implicit tables.
    let t = this.root;
    for (let k = 0; k < parts.length - 1; k++) {
      const name = parts[k]!;
      const v = t.map.get(name);
      if (v === undefined) {
        const nt = newTable('implicit', start);
        t.map.set(name, nt);
        t = nt;
      } else if (v.t === 'table') {
        if (v.def === 'inline') {
          this.fail('toml::insert_value: failed to insert a value: inline table is immutable', 'inserting this', start, width);
        }
        t = v;
      } else if (v.t === 'array' && v.ofTables) {
        t = v.items[v.items.length - 1] as TTable;
      } else {
        this.fail('toml::insert_value: failed to insert a table, value already exists', 'inserting this', start, width);
      }
    }
    const last = parts[parts.length - 1]!;
    const existing = t.map.get(last);
    if (isArray) {
      const elem = newTable('header', start);
      if (existing === undefined) {
        t.map.set(last, { t: 'array', items: [elem], ofTables: true });
      } else if (existing.t === 'array' && existing.ofTables) {
        existing.items.push(elem);
      } else {
        this.fail('toml::insert_value: failed to insert an array of tables, value already exists', 'inserting this', start, width);
      }
      this.cur = elem;
    } else {
      if (existing === undefined) {
        const nt = newTable('header', start);
        t.map.set(last, nt);
        this.cur = nt;
      } else if (existing.t === 'table' && existing.def === 'implicit') {
        existing.def = 'header';
        existing.pos = start;
        this.cur = existing;
      } else {
        this.fail('toml::insert_value: failed to insert a table, table already defined', 'inserting this', start, width);
      }
    }
  }

  /** `key = value`, inserted into `into` (dotted keys create `dotted` tables). */
  private keyValue(into: TTable): void {
    const keyStart = this.i;
    const { parts } = this.key();
    if (this.peek() !== 61) {
      this.fail('toml::parse_key_value_pair: invalid key value separator `=`', 'expected `=`');
    }
    this.i++;
    this.skipWs();
    const value = this.value();
    let t = into;
    for (let k = 0; k < parts.length - 1; k++) {
      const name = parts[k]!;
      const v = t.map.get(name);
      if (v === undefined) {
        const nt = newTable('dotted', keyStart);
        t.map.set(name, nt);
        t = nt;
      } else if (v.t === 'table' && v.def === 'dotted') {
        t = v;
      } else if (v.t === 'table' && v.def === 'inline') {
        this.fail('toml::insert_value: failed to insert a value: inline table is immutable', 'inserting this', keyStart);
      } else if (v.t === 'table') {
        this.fail('toml::insert_value: reopening a table using dotted keys', 'dotted key cannot reopen a table', keyStart);
      } else if (v.t === 'array' && v.ofTables) {
        this.fail('toml::insert_value:dotted key cannot reopen an array-of-tables', 'inserting this', keyStart);
      } else {
        this.fail('toml::insert_value: failed to insert a value, value already exists', 'inserting this', keyStart);
      }
    }
    const last = parts[parts.length - 1]!;
    if (t.map.has(last)) {
      this.fail('toml::insert_value: failed to insert a value, value already exists', 'inserting this', keyStart);
    }
    t.map.set(last, value);
  }

  // -- values ---------------------------------------------------------------

  private value(): TNode {
    const c = this.peek();
    switch (c) {
      case 34:
        return { t: 'scalar', v: this.peek(1) === 34 && this.peek(2) === 34 ? this.multilineBasicString() : this.basicString() };
      case 39:
        return {
          t: 'scalar',
          v: this.peek(1) === 39 && this.peek(2) === 39 ? this.multilineLiteralString() : this.literalString(),
        };
      case 116:
      case 102:
        return this.boolean();
      case 91:
        return this.array();
      case 123:
        return this.inlineTable();
      case -1:
        return this.fail('bad format: unknown value appeared', 'here');
    }
    if (this.looksLikeDate()) return this.dateTime();
    if (c === 43 || c === 45 || c === 46 || c === 95 || isDigit(c) || c === 105 || c === 110) return this.number();
    for (const word of ['true', 'false', 'inf', 'nan']) {
      if (this.s.slice(this.i, this.i + word.length).toLowerCase() === word) {
        this.fail(`toml::parse_value: \`${word}\` must be in lowercase. A string must be surrounded by quotes.`, 'here');
      }
    }
    return this.fail('bad format: unknown value appeared', 'here');
  }

  private boolean(): TScalar {
    for (const word of ['true', 'false']) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return { t: 'scalar', v: word === 'true' };
      }
    }
    return this.fail('toml::parse_value: `true` must be in lowercase. A string must be surrounded by quotes.', 'here');
  }

  private array(): TArray {
    const start = this.i;
    this.i++; // [
    const items: TNode[] = [];
    for (;;) {
      this.skipWsCommentsNewlines();
      if (this.peek() === 93) {
        this.i++;
        return { t: 'array', items, ofTables: false };
      }
      if (this.eof()) this.fail('toml::parse_array: missing closing bracket `]`', 'expected `]`, reached EOF', start);
      items.push(this.value());
      this.skipWsCommentsNewlines();
      if (this.peek() === 44) {
        this.i++;
      } else if (this.peek() === 93) {
        this.i++;
        return { t: 'array', items, ofTables: false };
      } else if (this.eof()) {
        this.fail('toml::parse_array: missing closing bracket `]`', 'expected `]`, reached EOF');
      } else {
        this.fail('toml::parse_array: expected value-separator `,` or closing `]`', 'here');
      }
    }
  }

  private inlineTable(): TTable {
    const start = this.i;
    this.i++; // {
    const t = newTable('dotted', start); // keys may be added (with dotted keys) until `}`
    this.skipWs();
    if (this.peek() === 125) {
      this.i++;
      t.def = 'inline';
      return t;
    }
    for (;;) {
      this.skipWs();
      this.keyValue(t);
      this.skipWs();
      if (this.peek() === 44) {
        this.i++;
        this.skipWs();
        if (this.peek() === 125) {
          this.fail('toml::parse_inline_table: trailing comma is not allowed in TOML-v1.0.0)', 'here');
        }
        continue;
      }
      if (this.peek() === 125) {
        this.i++;
        break;
      }
      this.fail('toml::parse_inline_table: expected value-separator `,` or closing `}`', 'here');
    }
    freezeInline(t);
    return t;
  }

  // -- strings --------------------------------------------------------------

  private stringChar(multiline: boolean, title: string): string {
    // Returns the bytes of one source character (validated), or '' for a newline handled by the caller.
    const c = this.peek();
    if (c === 9 || (c >= 32 && c < 127)) {
      this.i++;
      return String.fromCharCode(c);
    }
    if (c >= 128) {
      const n = this.utf8Sequence(this.i, title);
      const out = this.s.slice(this.i, this.i + n);
      this.i += n;
      return out;
    }
    if (multiline && this.atNewline()) {
      const nl = this.peek() === 13 ? '\r\n' : '\n';
      this.skipNewline();
      return nl;
    }
    return this.fail(title, c === -1 ? 'reached EOF' : 'control characters are not allowed in strings');
  }

  private escape(title: string): string {
    const start = this.i;
    this.i++; // backslash
    const c = this.peek();
    this.i++;
    switch (c) {
      case 98:
        return '\b';
      case 116:
        return '\t';
      case 110:
        return '\n';
      case 102:
        return '\f';
      case 114:
        return '\r';
      case 34:
        return '"';
      case 92:
        return '\\';
      case 117:
      case 85: {
        const n = c === 117 ? 4 : 8;
        const hex = this.s.slice(this.i, this.i + n);
        if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== n) this.fail(title, `expected ${n} hex digits`, start);
        this.i += n;
        const cp = parseInt(hex, 16);
        if (cp >= 0xd800 && cp <= 0xdfff) {
          this.fail('toml::parse_utf8_codepoint: [0xD800, 0xDFFF] is not a valid UTF-8', 'not a valid UTF-8 codepoint', start);
        }
        if (cp > 0x10ffff) this.fail('toml::parse_utf8_codepoint: input codepoint is too large.', 'should be in [0x00..0x10FFFF]', start);
        return utf8Encode(cp);
      }
    }
    return this.fail(title, 'unknown escape sequence', start);
  }

  private basicString(): string {
    const title = 'toml::parse_basic_string: invalid string format';
    this.i++; // "
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === 34) {
        this.i++;
        return out;
      }
      if (c === 92) out += this.escape(title);
      else out += this.stringChar(false, title);
    }
  }

  private multilineBasicString(): string {
    const title = 'toml::parse_ml_basic_string: invalid string format';
    this.i += 3;
    this.skipNewline(); // a newline right after the opening quotes is trimmed
    let out = '';
    for (;;) {
      const c = this.peek();
      if (c === 34 && this.peek(1) === 34 && this.peek(2) === 34) {
        // Up to two more quotes belong to the content.
        let extra = 0;
        while (extra < 2 && this.peek(3 + extra) === 34) extra++;
        out += '"'.repeat(extra);
        this.i += 3 + extra;
        return out;
      }
      if (c === 92) {
        // Line-ending backslash: trim whitespace and newlines up to the next content.
        let j = this.i + 1;
        while (this.s.charCodeAt(j) === 32 || this.s.charCodeAt(j) === 9) j++;
        const save = this.i;
        this.i = j;
        if (this.atNewline()) {
          while (this.peek() === 32 || this.peek() === 9 || this.atNewline()) {
            if (!this.skipNewline()) this.i++;
          }
          continue;
        }
        this.i = save;
        out += this.escape(title);
        continue;
      }
      out += this.stringChar(true, title);
    }
  }

  private literalString(): string {
    const title = 'toml::parse_literal_string: invalid string format';
    this.i++; // '
    let out = '';
    for (;;) {
      if (this.peek() === 39) {
        this.i++;
        return out;
      }
      out += this.stringChar(false, title);
    }
  }

  private multilineLiteralString(): string {
    const title = 'toml::parse_ml_literal_string: invalid string format';
    this.i += 3;
    this.skipNewline();
    let out = '';
    for (;;) {
      if (this.peek() === 39 && this.peek(1) === 39 && this.peek(2) === 39) {
        let extra = 0;
        while (extra < 2 && this.peek(3 + extra) === 39) extra++;
        out += "'".repeat(extra);
        this.i += 3 + extra;
        return out;
      }
      out += this.stringChar(true, title);
    }
  }

  // -- numbers --------------------------------------------------------------

  private number(): TScalar {
    const start = this.i;
    while (!this.eof()) {
      const c = this.peek();
      const ok = isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 43 || c === 45;
      if (!ok) break;
      this.i++;
    }
    const tok = this.s.slice(start, this.i);
    const end = this.i;

    const special = /^([+-]?)(inf|nan)$/.exec(tok);
    if (special) {
      const neg = special[1] === '-';
      const v = special[2] === 'inf' ? (neg ? -Infinity : Infinity) : NaN;
      return { t: 'scalar', v: new TomlFloat(v, neg) };
    }
    const radix = /^0([xob])/.exec(tok);
    if (radix) {
      const kind = radix[1]!;
      const name = kind === 'x' ? 'hex' : kind === 'o' ? 'oct' : 'bin';
      const digitRe = kind === 'x' ? '[0-9A-Fa-f]' : kind === 'o' ? '[0-7]' : '[01]';
      if (!new RegExp(`^0${kind}${digitRe}(_?${digitRe})*$`).test(tok)) {
        const like = kind === 'x' ? '0xC0FFEE, 0xdead_beef' : kind === 'o' ? '0o775, 0o04_44' : '0b0101, 0b1111_0000';
        this.fail(`toml::parse_${name}_integer: invalid integer: ${name}_int must be like: ${like}`, 'here', start);
      }
      const v = BigInt(`0${kind}${tok.slice(2).replace(/_/g, '')}`);
      if (v > INT64_MAX) {
        this.fail(`toml::parse_${name}_integer: too large integer: current max value = 2^63`, 'must be < 2^63', end);
      }
      return { t: 'scalar', v };
    }
    if (/^[+-]?0[xob]/.test(tok)) {
      this.fail('toml::parse_hex_integer: invalid integer: hex_int must be like: 0xC0FFEE, 0xdead_beef', 'expected 0x', start);
    }
    const intRe = /^[+-]?(0|[1-9](_?[0-9])*)$/;
    if (intRe.test(tok)) {
      const v = BigInt(tok.replace(/_/g, ''));
      if (v > INT64_MAX || v < INT64_MIN) {
        this.fail('toml::parse_dec_integer: too large integer: current max digits = 2^63', 'must be < 2^63', end);
      }
      return { t: 'scalar', v };
    }
    const floatRe = /^[+-]?(0|[1-9](_?[0-9])*)(\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?$/;
    if (floatRe.test(tok) && /[.eE]/.test(tok)) {
      const v = Number(tok.replace(/_/g, ''));
      if (!Number.isFinite(v)) {
        this.fail('toml::parse_floating: failed to read floating point value from stream', 'here', end);
      }
      return { t: 'scalar', v: new TomlFloat(v, tok.startsWith('-')) };
    }
    // Diagnose the way toml11 does for the common mistakes.
    if (/^[+-]?\./.test(tok)) this.fail('bad float: integer part is required before decimal point', 'missing integer part', start);
    if (/^[+-]?0[0-9_]/.test(tok)) this.fail('bad integer: leading zero', 'leading zero is not allowed', start);
    if (/^[+-]?_/.test(tok)) this.fail('bad number: `_` must be surrounded by digits', 'invalid underscore', start);
    if (/_(_|$|[^0-9])|(^|[^0-9])_/.test(tok)) this.fail('bad integer: `_` must be surrounded by digits', 'invalid underscore', start);
    if (/[.eE]/.test(tok)) this.fail('bad float: invalid format', 'here', start);
    return this.fail('bad integer: invalid digit after an integer', 'this digit is not allowed', start);
  }

  // -- dates and times ------------------------------------------------------

  private looksLikeDate(): boolean {
    const s = this.s;
    const i = this.i;
    const d = (k: number): boolean => isDigit(s.charCodeAt(i + k));
    if (d(0) && d(1) && d(2) && d(3) && s.charCodeAt(i + 4) === 45) return true;
    return d(0) && d(1) && s.charCodeAt(i + 2) === 58;
  }

  private digits(n: number, what: string): number {
    const t = this.s.slice(this.i, this.i + n);
    if (t.length !== n || !/^[0-9]+$/.test(t)) this.fail(DATE_ERRORS[what] ?? `bad ${what}: invalid format`, 'here');
    this.i += n;
    return Number(t);
  }

  private expect(c: number, what: string): void {
    if (this.peek() !== c) this.fail(DATE_ERRORS[what] ?? `bad ${what}: invalid format`, `expected \`${String.fromCharCode(c)}\``);
    this.i++;
  }

  /** `HH:MM:SS[.frac]`, normalised as CppNix prints it. */
  private time(): string {
    const start = this.i;
    const h = this.digits(2, 'time');
    this.expect(58, 'time');
    const m = this.digits(2, 'time');
    if (this.peek() !== 58) this.fail('bad time: must be HH:MM:SS.subsec', 'here');
    this.i++;
    const sec = this.digits(2, 'time');
    let frac = '';
    if (this.peek() === 46) {
      this.i++;
      const fs = this.i;
      while (isDigit(this.peek())) this.i++;
      frac = this.s.slice(fs, this.i);
      if (frac === '') this.fail('bad time: invalid format', 'expected digits after `.`');
    }
    if (h > 23 || m > 59 || sec > 60) {
      this.fail('toml::parse_local_time: invalid time.', 'hour must be 00-23, minute must be 00-59, second must be 00-60', start);
    }
    // toml11 keeps milli-, micro- and nanoseconds; Nix prints 0, 3, 6 or 9 digits.
    const digits9 = (frac + '000000000').slice(0, 9);
    const ms = digits9.slice(0, 3);
    const us = digits9.slice(3, 6);
    const ns = digits9.slice(6, 9);
    let shown = '';
    if (ns !== '000') shown = '.' + digits9;
    else if (us !== '000') shown = '.' + ms + us;
    else if (ms !== '000') shown = '.' + ms;
    return `${pad2(h)}:${pad2(m)}:${pad2(sec)}${shown}`;
  }

  private dateTime(): TDate {
    const start = this.i;
    const s = this.s;
    if (s.charCodeAt(this.i + 2) === 58) return { t: 'date', text: this.time() };
    const y = this.digits(4, 'date');
    this.expect(45, 'date');
    const mo = this.digits(2, 'date');
    this.expect(45, 'date');
    const d = this.digits(2, 'date');
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) {
      this.fail(
        'toml::parse_local_date: invalid date.',
        'month must be 01-12, day must be any of 01-28,29,30,31 depending on the month/year.',
        start,
      );
    }
    const date = `${String(y).padStart(4, '0')}-${pad2(mo)}-${pad2(d)}`;
    const sep = this.peek();
    const timeFollows = sep === 84 || sep === 116 || (sep === 32 && isDigit(this.peek(1)) && isDigit(this.peek(2)) && this.peek(3) === 58);
    if (!timeFollows) return { t: 'date', text: date };
    this.i++;
    const time = this.time();
    const z = this.peek();
    if (z === 90 || z === 122) {
      this.i++;
      return { t: 'date', text: `${date}T${time}Z` };
    }
    if (z === 43 || z === 45) {
      this.i++;
      const oh = this.digits(2, 'offset');
      this.expect(58, 'offset');
      const om = this.digits(2, 'offset');
      const total = oh * 60 + om;
      const off = total === 0 ? 'Z' : `${z === 43 ? '+' : '-'}${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`;
      return { t: 'date', text: `${date}T${time}${off}` };
    }
    return { t: 'date', text: `${date}T${time}` };
  }
}

const DATE_ERRORS: Readonly<Record<string, string>> = {
  date: 'bad datetime: invalid format',
  time: 'bad time: must be HH:MM:SS.subsec',
  offset: 'bad offset: must be [+-]HH:MM or Z',
};

function freezeInline(t: TTable): void {
  t.def = 'inline';
  for (const v of t.map.values()) if (v.t === 'table') freezeInline(v);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function utf8Encode(cp: number): string {
  if (cp < 0x80) return String.fromCharCode(cp);
  if (cp < 0x800) return String.fromCharCode(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  if (cp < 0x10000) return String.fromCharCode(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  return String.fromCharCode(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/**
 * toml11's message layout:
 *
 *     [error] <title>
 *      --> fromTOML
 *        |
 *      1 | <the line, or a window of 30 bytes either side of the error>
 *        |     ^-- <note>
 *
 * followed by a newline.
 */
function formatError(s: string, title: string, note: string, at: number, width: number): string {
  const pos = Math.min(at, s.length);
  const lineStart = s.lastIndexOf('\n', pos - 1) + 1;
  let lineEnd = s.indexOf('\n', pos);
  if (lineEnd < 0) lineEnd = s.length;
  if (lineEnd > lineStart && s.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const line = s.slice(lineStart, lineEnd);
  let lineNo = 1;
  for (let k = 0; k < lineStart; k++) if (s.charCodeAt(k) === 10) lineNo++;
  const col = pos - lineStart;
  const from = Math.max(0, col - 30);
  const to = Math.min(line.length, col + 30);
  const shown = (from > 0 ? '... ' : '') + line.slice(from, to) + (to < line.length ? ' ...' : '');
  const caretCol = (from > 0 ? 4 : 0) + (col - from);
  const num = String(lineNo);
  const gutter = ' '.repeat(num.length);
  return (
    `[error] ${title}\n` +
    ` --> fromTOML\n` +
    ` ${gutter} |\n` +
    ` ${num} | ${shown}\n` +
    ` ${gutter} | ${' '.repeat(caretCol)}${'^'.repeat(Math.max(1, width))}-- ${note}\n`
  );
}
