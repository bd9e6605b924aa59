// The Nix lexer: a hand-written equivalent of CppNix's flex scanner
// (src/libexpr/lexer.l), including its longest-match rule choice, its start
// conditions (strings, indented strings, paths with interpolation) and the
// brace-counting state stack that lets `}` end an interpolation.
//
// The source is a binary string (one JS char per byte). Token kinds are the
// bison symbol numbers of CppNix's grammar, so the parser can index its tables
// with them directly; their display names (`TOKEN_NAMES`) are bison's, as they
// appear in `syntax error, unexpected X, expecting Y` messages.
//
// The lexer is pulled by the parser one token at a time, exactly when bison
// would read its lookahead, so errors raised while lexing (pipe operators
// without the experimental feature, trailing slashes, invalid numbers) win
// or lose against syntax errors just as in CppNix.

import { ParseError } from '../errors/error.js';
import type { Source } from '../errors/source.js';

// ---------------------------------------------------------------------------
// Token kinds: bison's symbol numbers for CppNix's parser.y. Bison numbers
// tokens in the order their class is declared: the %token list, then the
// characters and symbols of the precedence declarations, then character
// literals in order of first use in the rules.

export const T_EOF = 0;
export const T_ERROR = 1;
export const T_UNDEF = 2;
export const T_ID = 3;
export const T_STR = 4;
export const T_IND_STR = 5;
export const T_INT = 6;
export const T_FLOAT = 7;
export const T_PATH = 8;
export const T_HPATH = 9;
export const T_SPATH = 10;
export const T_PATH_END = 11;
export const T_URI = 12;
export const T_IF = 13;
export const T_THEN = 14;
export const T_ELSE = 15;
export const T_ASSERT = 16;
export const T_WITH = 17;
export const T_LET = 18;
export const T_IN = 19;
export const T_REC = 20;
export const T_INHERIT = 21;
export const T_EQ = 22;
export const T_NEQ = 23;
export const T_LEQ = 24;
export const T_GEQ = 25;
export const T_UPDATE = 26;
export const T_CONCAT = 27;
export const T_AND = 28;
export const T_OR = 29;
export const T_IMPL = 30;
export const T_OR_KW = 31;
export const T_PIPE_FROM = 32;
export const T_PIPE_INTO = 33;
export const T_DOLLAR_CURLY = 34;
export const T_IND_STRING_OPEN = 35;
export const T_IND_STRING_CLOSE = 36;
export const T_ELLIPSIS = 37;
export const T_REPL_BINDINGS = 38;
export const T_LT = 39; // '<'
export const T_GT = 40; // '>'
export const T_NOT = 41; // precedence-only token
export const T_PLUS = 42; // '+'
export const T_MINUS = 43; // '-'
export const T_STAR = 44; // '*'
export const T_SLASH = 45; // '/'
export const T_QUESTION = 46; // '?'
export const T_NEGATE = 47; // precedence-only token
export const T_COLON = 48; // ':'
export const T_AT = 49; // '@'
export const T_SEMI = 50; // ';'
export const T_BANG = 51; // '!'
export const T_DOT = 52; // '.'
export const T_QUOTE = 53; // '"'
export const T_LPAREN = 54; // '('
export const T_RPAREN = 55; // ')'
export const T_LBRACE = 56; // '{'
export const T_RBRACE = 57; // '}'
export const T_LBRACKET = 58; // '['
export const T_RBRACKET = 59; // ']'
export const T_ASSIGN = 60; // '='
export const T_COMMA = 61; // ','
export const N_TOKENS = 62;

/** `…` (U+2026) as UTF-8 bytes in a binary string. */
const ELLIPSIS_CHAR = '\xe2\x80\xa6';

/** Bison's display names for the tokens (binary strings), indexed by kind. */
export const TOKEN_NAMES: readonly string[] = [
  'end of file',
  'error',
  'invalid token',
  'identifier',
  'string',
  'indented string',
  'integer',
  'floating-point literal',
  'path',
  `'~/${ELLIPSIS_CHAR}' path`,
  `'<${ELLIPSIS_CHAR}>' path`,
  'end of path',
  'URI',
  "'if'",
  "'then'",
  "'else'",
  "'assert'",
  "'with'",
  "'let'",
  "'in'",
  "'rec'",
  "'inherit'",
  "'=='",
  "'!='",
  "'<='",
  "'>='",
  "'//'",
  "'++'",
  "'&&'",
  "'||'",
  "'->'",
  "'or'",
  "'<|'",
  "'|>'",
  "'${'",
  'start of an indented string',
  'end of an indented string',
  "'...'",
  'start of REPL bindings',
  "'<'",
  "'>'",
  'NOT',
  "'+'",
  "'-'",
  "'*'",
  "'/'",
  "'?'",
  'NEGATE',
  "':'",
  "'@'",
  "';'",
  "'!'",
  "'.'",
  "'\"'",
  "'('",
  "')'",
  "'{'",
  "'}'",
  "'['",
  "']'",
  "'='",
  "','",
];

// ---------------------------------------------------------------------------
// Character classes.

const C_ID_START = 1; // [a-zA-Z_]
const C_ID = 2; // [a-zA-Z0-9_'-]
const C_PATH = 4; // [a-zA-Z0-9._+-]
const C_DIGIT = 8; // [0-9]
const C_URI_SCHEME = 16; // [a-zA-Z0-9+.-]
const C_URI = 32; // [a-zA-Z0-9%/?:@&=+$,_.!~*'-]
const C_LETTER = 64; // [a-zA-Z]

const CLASS = new Uint8Array(256);
(() => {
  const set = (chars: string, flag: number) => {
    for (let i = 0; i < chars.length; i++) CLASS[chars.charCodeAt(i)]! |= flag;
  };
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const upper = lower.toUpperCase();
  const digits = '0123456789';
  const alnum = lower + upper + digits;
  set(lower + upper, C_LETTER | C_ID_START);
  set('_', C_ID_START);
  set(alnum + "_'-", C_ID);
  set(alnum + '._-+', C_PATH);
  set(digits, C_DIGIT);
  set(alnum + '+-.', C_URI_SCHEME);
  set(alnum + "%/?:@&=+$,-_.!~*'", C_URI);
})();

/** Maps a character returned as a token of its own to its bison symbol (yytranslate). */
const CHAR_TOKEN = new Uint8Array(256).fill(T_UNDEF);
(() => {
  const pairs: [string, number][] = [
    ['<', T_LT],
    ['>', T_GT],
    ['+', T_PLUS],
    ['-', T_MINUS],
    ['*', T_STAR],
    ['/', T_SLASH],
    ['?', T_QUESTION],
    [':', T_COLON],
    ['@', T_AT],
    [';', T_SEMI],
    ['!', T_BANG],
    ['.', T_DOT],
    ['"', T_QUOTE],
    ['(', T_LPAREN],
    [')', T_RPAREN],
    ['{', T_LBRACE],
    ['}', T_RBRACE],
    ['[', T_LBRACKET],
    [']', T_RBRACKET],
    ['=', T_ASSIGN],
    [',', T_COMMA],
  ];
  for (const [c, t] of pairs) CHAR_TOKEN[c.charCodeAt(0)] = t;
  CHAR_TOKEN[0] = T_EOF; // flex returns 0 for a NUL byte: bison reads end of file
})();

const KEYWORDS = new Map<string, number>([
  ['if', T_IF],
  ['then', T_THEN],
  ['else', T_ELSE],
  ['assert', T_ASSERT],
  ['with', T_WITH],
  ['let', T_LET],
  ['in', T_IN],
  ['rec', T_REC],
  ['inherit', T_INHERIT],
  ['or', T_OR_KW],
]);

// Lexer start conditions.
const S_INITIAL = 0; // bottom of the stack; lexes like S_DEFAULT
const S_DEFAULT = 1;
const S_STRING = 2;
const S_IND_STRING = 3;
const S_INPATH = 4;
const S_INPATH_SLASH = 5;

const CH_TAB = 9;
const CH_LF = 10;
const CH_CR = 13;
const CH_SPACE = 32;
const CH_BANG = 33;
const CH_DQUOTE = 34;
const CH_HASH = 35;
const CH_DOLLAR = 36;
const CH_AMP = 38;
const CH_QUOTE = 39;
const CH_STAR = 42;
const CH_PLUS = 43;
const CH_MINUS = 45;
const CH_DOT = 46;
const CH_SLASH = 47;
const CH_0 = 48;
const CH_9 = 57;
const CH_COLON = 58;
const CH_LT = 60;
const CH_EQ = 61;
const CH_GT = 62;
const CH_BACKSLASH = 92;
const CH_E_UPPER = 69;
const CH_E_LOWER = 101;
const CH_LBRACE = 123;
const CH_PIPE = 124;
const CH_RBRACE = 125;
const CH_TILDE = 126;

const INT64_MAX = (1n << 63n) - 1n;
const MIN_NORMAL = 2.2250738585072014e-308;

export interface LexerOptions {
  /** Accept `|>` and `<|` (CppNix's experimental feature `pipe-operators`). */
  pipeOperators?: boolean;
  /** Start with the REPL_BINDINGS token (parse `a = 1; b = 2;` as bindings). */
  replBindings?: boolean;
}

export class Lexer {
  private readonly text: string;
  private readonly len: number;
  private pos = 0;
  private stack: number[] = [S_INITIAL];
  private state = S_INITIAL;
  private readonly pipeOperators: boolean;
  private replPending: boolean;
  /**
   * Where flex's location stands at the end of the input when it is not the
   * end of the text: a path ending at the end of the input rewinds it to the
   * start of the path's last piece (yyless(0) + unstash at <<EOF>>).
   */
  private eofOffset = -1;

  /** Kind of the current token. */
  kind = T_EOF;
  /** Offsets of the current token: [start, end). */
  start = 0;
  end = 0;
  /** Start of the token before the current one. */
  private prevStart = 0;
  /**
   * The token's value: the identifier, the (unescaped) string contents, the
   * path/URI text, a bigint for integers, a number for floats.
   */
  value: string | bigint | number = '';
  /** For IND_STR tokens: whether indentation stripping looks into it. */
  hasIndentation = false;

  constructor(
    readonly source: Source,
    options: LexerOptions = {},
  ) {
    this.text = source.text;
    this.len = this.text.length;
    this.pipeOperators = options.pipeOperators ?? false;
    this.replPending = options.replBindings ?? false;
  }

  private push(state: number): void {
    this.stack.push(state);
    this.state = state;
  }

  private pop(): void {
    this.stack.pop();
    this.state = this.stack[this.stack.length - 1]!;
  }

  private error(message: string, offset: number): never {
    throw new ParseError(message, { source: this.source, offset });
  }

  /** Reads the next token; returns its kind (also in `this.kind`). */
  next(): number {
    if (this.replPending) {
      this.replPending = false;
      this.start = this.end = this.pos;
      return (this.kind = T_REPL_BINDINGS);
    }
    switch (this.state) {
      case S_STRING:
        return (this.kind = this.lexString());
      case S_IND_STRING:
        return (this.kind = this.lexIndString());
      case S_INPATH:
      case S_INPATH_SLASH:
        return (this.kind = this.lexInPath());
      default:
        return (this.kind = this.lexDefault());
    }
  }

  // -------------------------------------------------------------------------
  // Scanning helpers (return end offsets).

  private scanClass(i: number, flag: number): number {
    const s = this.text;
    const n = this.len;
    while (i < n && (CLASS[s.charCodeAt(i)]! & flag) !== 0) i++;
    return i;
  }

  private isClass(i: number, flag: number): boolean {
    return i < this.len && (CLASS[this.text.charCodeAt(i)]! & flag) !== 0;
  }

  private charAt(i: number): number {
    return i < this.len ? this.text.charCodeAt(i) : -1;
  }

  /**
   * Longest match at `i` of CppNix's PATH `{PATH_CHAR}*(\/{PATH_CHAR}+)+\/?`,
   * or -1. `p` is the end of the leading PATH_CHAR run.
   */
  private matchPath(p: number): number {
    let q = p;
    let groups = 0;
    while (this.charAt(q) === CH_SLASH && this.isClass(q + 1, C_PATH)) {
      q = this.scanClass(q + 1, C_PATH);
      groups++;
    }
    if (groups === 0) return -1;
    if (this.charAt(q) === CH_SLASH) q++;
    return q;
  }

  /** `{PATH_SEG}\$\{` at the end `p` of a PATH_CHAR run: returns the end of the segment (after '/') or -1. */
  private matchSegDollar(p: number): number {
    const s = this.text;
    if (p + 2 < this.len && s.charCodeAt(p) === CH_SLASH && s.charCodeAt(p + 1) === CH_DOLLAR && s.charCodeAt(p + 2) === CH_LBRACE)
      return p + 1;
    return -1;
  }

  /** URI `[a-zA-Z][a-zA-Z0-9+.-]*:[URI chars]+` starting at a letter `i`, or -1. */
  private matchUri(i: number): number {
    const p = this.scanClass(i + 1, C_URI_SCHEME);
    if (this.charAt(p) !== CH_COLON || !this.isClass(p + 1, C_URI)) return -1;
    return this.scanClass(p + 1, C_URI);
  }

  /** FLOAT at `i`, or -1: `(([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?`. */
  private matchFloat(i: number): number {
    const c = this.charAt(i);
    let p: number;
    if (c >= CH_0 + 1 && c <= CH_9) {
      p = this.scanClass(i, C_DIGIT);
      if (this.charAt(p) !== CH_DOT) return -1;
      p = this.scanClass(p + 1, C_DIGIT);
    } else {
      p = i;
      if (c === CH_0) p++;
      if (this.charAt(p) !== CH_DOT || !this.isClass(p + 1, C_DIGIT)) return -1;
      p = this.scanClass(p + 1, C_DIGIT);
    }
    const e = this.charAt(p);
    if (e === CH_E_LOWER || e === CH_E_UPPER) {
      let q = p + 1;
      const sign = this.charAt(q);
      if (sign === CH_PLUS || sign === CH_MINUS) q++;
      if (this.isClass(q, C_DIGIT)) p = this.scanClass(q, C_DIGIT);
    }
    return p;
  }

  // -------------------------------------------------------------------------
  // Token constructors.

  private tok(kind: number, start: number, end: number): number {
    this.prevStart = this.start;
    this.start = start;
    this.end = end;
    this.pos = end;
    return kind;
  }

  private pathToken(kind: number, start: number, end: number): number {
    this.value = this.text.slice(start, end);
    this.push(this.text.charCodeAt(end - 1) === CH_SLASH ? S_INPATH_SLASH : S_INPATH);
    return this.tok(kind, start, end);
  }

  // -------------------------------------------------------------------------
  // The default start condition.

  /** Skips whitespace and comments; returns the offset of the next token. */
  private skipTrivia(i: number): number {
    const s = this.text;
    const n = this.len;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === CH_SPACE || c === CH_LF || c === CH_TAB || c === CH_CR) {
        i++;
      } else if (c === CH_HASH) {
        i++;
        while (i < n) {
          const d = s.charCodeAt(i);
          if (d === CH_LF || d === CH_CR) break;
          i++;
        }
      } else if (c === CH_SLASH && i + 1 < n && s.charCodeAt(i + 1) === CH_STAR) {
        const close = s.indexOf('*/', i + 2);
        if (close < 0) return i; // unterminated: not a comment
        i = close + 2;
      } else {
        break;
      }
    }
    return i;
  }

  private lexDefault(): number {
    const s = this.text;
    const n = this.len;
    const i = this.skipTrivia(this.pos);
    this.pos = i;
    if (i >= n) {
      const at = this.eofOffset >= 0 ? this.eofOffset : n;
      return this.tok(T_EOF, at, at);
    }
    const c = s.charCodeAt(i);
    const cls = CLASS[c]!;

    // Identifiers, keywords, and what may extend them: paths and URIs.
    if (cls & C_ID_START) {
      const idEnd = this.scanClass(i + 1, C_ID);
      // A path or URI can only extend an identifier through one of these.
      const after = idEnd < n ? s.charCodeAt(idEnd) : -1;
      if (after !== CH_SLASH && after !== CH_DOT && after !== CH_PLUS && after !== CH_COLON) {
        const id = s.slice(i, idEnd);
        const kw = idEnd - i <= 7 ? KEYWORDS.get(id) : undefined;
        if (kw !== undefined) return this.tok(kw, i, idEnd);
        this.value = id;
        return this.tok(T_ID, i, idEnd);
      }
      let best = idEnd;
      let kind = -1; // -1: identifier/keyword
      const pcEnd = this.scanClass(i, C_PATH);
      if (pcEnd < n) {
        const d = s.charCodeAt(pcEnd);
        if (d === CH_SLASH) {
          const seg = this.matchSegDollar(pcEnd);
          if (seg >= 0) {
            // {PATH_SEG}\$\{ matched (it is longer than anything else here).
            this.value = s.slice(i, seg);
            this.push(S_INPATH_SLASH);
            return this.tok(T_PATH, i, seg);
          }
          const p = this.matchPath(pcEnd);
          if (p > best) {
            best = p;
            kind = T_PATH;
          }
        }
      }
      if (cls & C_LETTER) {
        const u = this.matchUri(i);
        if (u > best) {
          best = u;
          kind = T_URI;
        }
      }
      if (kind === T_PATH) return this.pathToken(T_PATH, i, best);
      if (kind === T_URI) {
        this.value = s.slice(i, best);
        return this.tok(T_URI, i, best);
      }
      const id = s.slice(i, idEnd);
      const kw = idEnd - i <= 7 ? KEYWORDS.get(id) : undefined;
      if (kw !== undefined) return this.tok(kw, i, idEnd);
      this.value = id;
      return this.tok(T_ID, i, idEnd);
    }

    // Numbers, and paths starting with digits.
    if (cls & C_DIGIT) {
      const intEnd = this.scanClass(i, C_DIGIT);
      const floatEnd = this.matchFloat(i);
      const pcEnd = this.scanClass(i, C_PATH);
      if (this.charAt(pcEnd) === CH_SLASH) {
        const seg = this.matchSegDollar(pcEnd);
        if (seg >= 0) {
          this.value = s.slice(i, seg);
          this.push(S_INPATH_SLASH);
          return this.tok(T_PATH, i, seg);
        }
        const p = this.matchPath(pcEnd);
        if (p > intEnd && p > floatEnd) return this.pathToken(T_PATH, i, p);
      }
      if (floatEnd > intEnd) return this.floatToken(i, floatEnd);
      return this.intToken(i, intEnd);
    }

    switch (c) {
      case CH_LBRACE:
        this.push(S_DEFAULT);
        return this.tok(T_LBRACE, i, i + 1);
      case CH_RBRACE:
        if (this.state !== S_INITIAL) this.pop();
        return this.tok(T_RBRACE, i, i + 1);
      case CH_DQUOTE:
        this.push(S_STRING);
        return this.tok(T_QUOTE, i, i + 1);
      case CH_QUOTE:
        if (this.charAt(i + 1) === CH_QUOTE) {
          // ''(\ *\n)?
          let p = i + 2;
          while (this.charAt(p) === CH_SPACE) p++;
          const end = this.charAt(p) === CH_LF ? p + 1 : i + 2;
          this.push(S_IND_STRING);
          return this.tok(T_IND_STRING_OPEN, i, end);
        }
        break;
      case CH_DOLLAR:
        if (this.charAt(i + 1) === CH_LBRACE) {
          this.push(S_DEFAULT);
          return this.tok(T_DOLLAR_CURLY, i, i + 2);
        }
        break;
      case CH_EQ:
        if (this.charAt(i + 1) === CH_EQ) return this.tok(T_EQ, i, i + 2);
        break;
      case CH_BANG:
        if (this.charAt(i + 1) === CH_EQ) return this.tok(T_NEQ, i, i + 2);
        break;
      case CH_AMP:
        if (this.charAt(i + 1) === CH_AMP) return this.tok(T_AND, i, i + 2);
        break;
      case CH_PIPE: {
        const d = this.charAt(i + 1);
        if (d === CH_PIPE) return this.tok(T_OR, i, i + 2);
        if (d === CH_GT) return this.pipeToken(T_PIPE_INTO, i);
        break;
      }
      case CH_GT:
        if (this.charAt(i + 1) === CH_EQ) return this.tok(T_GEQ, i, i + 2);
        break;
      case CH_LT: {
        const d = this.charAt(i + 1);
        if (d === CH_EQ) return this.tok(T_LEQ, i, i + 2);
        if (d === CH_PIPE) return this.pipeToken(T_PIPE_FROM, i);
        // SPATH: \<{PATH_CHAR}+(\/{PATH_CHAR}+)*\>
        if (this.isClass(i + 1, C_PATH)) {
          let p = this.scanClass(i + 1, C_PATH);
          while (this.charAt(p) === CH_SLASH && this.isClass(p + 1, C_PATH)) p = this.scanClass(p + 1, C_PATH);
          if (this.charAt(p) === CH_GT) {
            this.value = s.slice(i, p + 1);
            return this.tok(T_SPATH, i, p + 1);
          }
        }
        break;
      }
      case CH_TILDE: {
        // HPATH \~(\/{PATH_CHAR}+)+\/?  or  HPATH_START\$\{
        const seg = this.matchSegDollar(i + 1);
        if (seg >= 0) {
          this.value = '~/';
          this.push(S_INPATH_SLASH);
          return this.tok(T_HPATH, i, i + 2);
        }
        const p = this.matchPath(i + 1);
        if (p >= 0) return this.pathToken(T_HPATH, i, p);
        break;
      }
      case CH_DOT:
      case CH_MINUS:
      case CH_PLUS:
      case CH_SLASH: {
        // Operators of these characters compete with paths (and floats).
        let best = i + 1;
        let kind = CHAR_TOKEN[c]!;
        const d = this.charAt(i + 1);
        if (c === CH_DOT) {
          if (d === CH_DOT && this.charAt(i + 2) === CH_DOT) {
            best = i + 3;
            kind = T_ELLIPSIS;
          }
          const f = this.matchFloat(i);
          if (f > best) {
            best = f;
            kind = T_FLOAT;
          }
        } else if (c === CH_MINUS && d === CH_GT) {
          best = i + 2;
          kind = T_IMPL;
        } else if (c === CH_PLUS && d === CH_PLUS) {
          best = i + 2;
          kind = T_CONCAT;
        } else if (c === CH_SLASH && d === CH_SLASH) {
          best = i + 2;
          kind = T_UPDATE;
        }
        const pcEnd = c === CH_SLASH ? i : this.scanClass(i, C_PATH);
        if (this.charAt(pcEnd) === CH_SLASH) {
          const seg = this.matchSegDollar(pcEnd);
          if (seg >= 0) {
            this.value = s.slice(i, seg);
            this.push(S_INPATH_SLASH);
            return this.tok(T_PATH, i, seg);
          }
          const p = this.matchPath(pcEnd);
          if (p > best) return this.pathToken(T_PATH, i, p);
        }
        if (kind === T_FLOAT) return this.floatToken(i, best);
        return this.tok(kind, i, best);
      }
    }
    // Any other single character.
    return this.tok(CHAR_TOKEN[c]!, i, i + 1);
  }

  private pipeToken(kind: number, i: number): number {
    if (!this.pipeOperators)
      this.error(
        "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it",
        i,
      );
    return this.tok(kind, i, i + 2);
  }

  private intToken(i: number, end: number): number {
    const text = this.text.slice(i, end);
    const v = end - i < 16 ? BigInt(Number(text)) : BigInt(text);
    if (v > INT64_MAX) this.error(`invalid integer '${text}'`, i);
    this.value = v;
    return this.tok(T_INT, i, end);
  }

  private floatToken(i: number, end: number): number {
    const text = this.text.slice(i, end);
    const v = Number(text);
    // strtod sets ERANGE on overflow and on (gradual) underflow.
    if (!Number.isFinite(v) || (v === 0 ? /[1-9]/.test(mantissa(text)) : Math.abs(v) < MIN_NORMAL))
      this.error(`invalid float '${text}'`, i);
    this.value = v;
    return this.tok(T_FLOAT, i, end);
  }

  // -------------------------------------------------------------------------
  // "..." strings.

  private lexString(): number {
    const s = this.text;
    const n = this.len;
    const i = this.pos;
    let j = i;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c === CH_DQUOTE) break;
      if (c === CH_BACKSLASH) {
        if (j + 1 >= n) break;
        j += 2;
      } else if (c === CH_DOLLAR) {
        if (j + 1 >= n) break;
        const d = s.charCodeAt(j + 1);
        if (d === CH_LBRACE || d === CH_DQUOTE) break;
        if (d === CH_BACKSLASH) {
          if (j + 2 >= n) break;
          j += 3;
        } else {
          j += 2;
        }
      } else {
        j++;
      }
    }
    // A '$' right before the closing quote belongs to the string.
    if (j + 1 < n && s.charCodeAt(j) === CH_DOLLAR && s.charCodeAt(j + 1) === CH_DQUOTE) j++;
    if (j > i) {
      this.value = this.unescape(i, j);
      this.hasIndentation = false;
      return this.tok(T_STR, i, j);
    }
    if (i >= n) return this.tok(T_EOF, n, n);
    const c = s.charCodeAt(i);
    if (c === CH_DQUOTE) {
      this.pop();
      return this.tok(T_QUOTE, i, i + 1);
    }
    if (c === CH_DOLLAR && this.charAt(i + 1) === CH_LBRACE) {
      this.push(S_DEFAULT);
      return this.tok(T_DOLLAR_CURLY, i, i + 2);
    }
    // `$`, `\` or `$\` at the end of the input: flex returns end of file.
    return this.tok(T_EOF, i, n);
  }

  /** CppNix's unescapeStr on text[start, end), with its null byte check. */
  private unescape(start: number, end: number): string {
    const s = this.text;
    const raw = s.slice(start, end);
    if (raw.indexOf('\\') < 0 && raw.indexOf('\r') < 0) {
      if (raw.indexOf('\0') >= 0) this.nullByteError(raw, start);
      return raw;
    }
    let out = '';
    let runStart = start;
    let nul = false;
    for (let i = start; i < end;) {
      const c = s.charCodeAt(i);
      if (c === 0) nul = true;
      if (c === CH_BACKSLASH) {
        out += s.slice(runStart, i);
        const d = s.charCodeAt(i + 1);
        out += d === 110 ? '\n' : d === 114 ? '\r' : d === 116 ? '\t' : s[i + 1];
        i += 2;
        runStart = i;
      } else if (c === CH_CR) {
        out += s.slice(runStart, i) + '\n';
        i++;
        if (i < end && s.charCodeAt(i) === CH_LF) i++;
        runStart = i;
      } else {
        i++;
      }
    }
    out += s.slice(runStart, end);
    if (nul) this.nullByteError(out, start);
    return out;
  }

  private nullByteError(str: string, offset: number): never {
    // U+2400 SYMBOL FOR NULL, as UTF-8 bytes.
    const shown = str.replace(/\0/g, '\xe2\x90\x80');
    this.error(`input string '${shown}' cannot be represented as Nix string because it contains null bytes`, offset);
  }

  // -------------------------------------------------------------------------
  // ''indented strings''.

  private lexIndString(): number {
    const s = this.text;
    const n = this.len;
    const i = this.pos;
    if (i >= n) return this.tok(T_EOF, n, n);
    const c = s.charCodeAt(i);
    this.hasIndentation = false;
    if (c === CH_QUOTE) {
      const d = this.charAt(i + 1);
      if (d === CH_QUOTE) {
        const e = this.charAt(i + 2);
        if (e === CH_DOLLAR) {
          this.value = '$';
          return this.tok(T_IND_STR, i, i + 3);
        }
        if (e === CH_QUOTE) {
          this.value = "''";
          return this.tok(T_IND_STR, i, i + 3);
        }
        if (e === CH_BACKSLASH && i + 3 < n) {
          this.value = this.unescape(i + 2, i + 4);
          return this.tok(T_IND_STR, i, i + 4);
        }
        this.pop();
        return this.tok(T_IND_STRING_CLOSE, i, i + 2);
      }
      if (d < 0 || d === CH_DOLLAR) {
        this.value = "'";
        return this.tok(T_IND_STR, i, i + 1);
      }
    } else if (c === CH_DOLLAR) {
      const d = this.charAt(i + 1);
      if (d === CH_LBRACE) {
        this.push(S_DEFAULT);
        return this.tok(T_DOLLAR_CURLY, i, i + 2);
      }
      if (d < 0 || d === CH_QUOTE) {
        this.value = '$';
        return this.tok(T_IND_STR, i, i + 1);
      }
    }
    // ([^\$\']|\$[^\{\']|\'[^\'\$])+
    let j = i;
    while (j < n) {
      const e = s.charCodeAt(j);
      if (e === CH_DOLLAR) {
        if (j + 1 >= n) break;
        const f = s.charCodeAt(j + 1);
        if (f === CH_LBRACE || f === CH_QUOTE) break;
        j += 2;
      } else if (e === CH_QUOTE) {
        if (j + 1 >= n) break;
        const f = s.charCodeAt(j + 1);
        if (f === CH_QUOTE || f === CH_DOLLAR) break;
        j += 2;
      } else {
        j++;
      }
    }
    const raw = s.slice(i, j);
    if (raw.indexOf('\0') >= 0) this.nullByteError(raw, i);
    this.value = raw;
    this.hasIndentation = true;
    return this.tok(T_IND_STR, i, j);
  }

  // -------------------------------------------------------------------------
  // Inside a path with interpolation: after `./a/${x}` or `./a${x}`.

  private lexInPath(): number {
    const s = this.text;
    const i = this.pos;
    const c = this.charAt(i);
    if (c === CH_DOLLAR && this.charAt(i + 1) === CH_LBRACE) {
      this.pop();
      this.push(S_INPATH);
      this.push(S_DEFAULT);
      return this.tok(T_DOLLAR_CURLY, i, i + 2);
    }
    if (c === CH_SLASH || (c >= 0 && (CLASS[c]! & C_PATH) !== 0)) {
      // {PATH}|{PATH_SEG}|{PATH_CHAR}+
      const pcEnd = this.scanClass(i, C_PATH);
      let end = pcEnd;
      if (this.charAt(pcEnd) === CH_SLASH) {
        const p = this.matchPath(pcEnd);
        end = p >= 0 ? p : pcEnd + 1;
      }
      this.pop();
      this.push(s.charCodeAt(end - 1) === CH_SLASH ? S_INPATH_SLASH : S_INPATH);
      this.value = s.slice(i, end);
      this.hasIndentation = false;
      return this.tok(T_STR, i, end);
    }
    if (this.state === S_INPATH_SLASH) {
      // At the end of the input, flex still points at the previous token.
      this.error('path has a trailing slash', c < 0 ? this.start : i);
    }
    // The path ends here; the character is lexed again in the default state.
    // Its location is flex's after yyless(0) and unstash: the last token's,
    // or at the end of the input, the one before it (ending where it starts).
    this.pop();
    if (c < 0) {
      this.eofOffset = this.start;
      this.end = this.start;
      this.start = this.prevStart;
    }
    return T_PATH_END;
  }
}

/** The mantissa digits of a float literal (before any exponent). */
function mantissa(text: string): string {
  const e = text.search(/[eE]/);
  return e < 0 ? text : text.slice(0, e);
}
