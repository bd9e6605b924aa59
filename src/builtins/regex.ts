/**
 * POSIX extended regular expressions as CppNix runs them, for
 * `builtins.match` and `builtins.split`.
 *
 * CppNix compiles patterns with `std::regex(re, std::regex::extended)` and
 * runs them with `std::regex_match` (match) and `std::sregex_iterator`
 * (split). On Linux that is libstdc++'s implementation, and its behaviour is
 * what Nix users see, so this module reproduces libstdc++ rather than the
 * POSIX standard (checked against a CppNix 2.26 oracle):
 *
 * Syntax (what is rejected with "invalid regular expression '…'"):
 * - `\` may only escape one of `.[\()*+?{|^$`; `\d`, `\n`, `\/`, `\]`, `\}`
 *   and backreferences `\1` are errors (Nix is built with `-std=c++2a`, where
 *   libstdc++ refuses escapes of ordinary characters; ERE has no
 *   backreferences).
 * - `{` always opens an interval: `a{`, `a{,2}`, `a{ 1}`, `a{2,1}` are
 *   errors; `}` and `]` outside brackets are ordinary characters.
 * - A quantifier needs an atom: `*a`, `a|*b`, `(*a)`, `^*`, `$?` are errors;
 *   quantifiers stack (`a**`, `a+?` is `(a+)?`, never lazy).
 * - Brackets: `]` first is literal, `\` is literal, `-` is literal first or
 *   last; `[a-z-9]`, `[a--]`, `[z-a]`, `[[:alpha:]-z]` are errors; range
 *   ends compare as *signed* chars, so `[a-\xc3]` is an error while
 *   `[\x80-\xff]` is fine; classes `[:alpha:]` etc. (also `d`, `w`, `s`,
 *   names case-insensitive) use the C locale (bytes >= 0x80 are in no class);
 *   collating elements `[.hyphen.]` use POSIX names (`[.-.]` is an error);
 *   `[=a=]` matches `a` and `A`.
 * - More than 100000 NFA states (libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`,
 *   e.g. `a{99994}`) gives "memory limit exceeded by regular expression '…'".
 *
 * Matching: libstdc++ runs a depth-first backtracking search over its NFA. In
 * POSIX mode it explores both sides of every `|` and keeps the *longest*
 * overall match found, but repetitions stop at the first success, and
 * sub-matches come from the first path that reached that length. So:
 * - `match "(a|ab)(c|bcd)(d*)" "abcd"` is `[ "a" "bcd" "" ]` (not POSIX's
 *   leftmost-longest sub-matches `[ "ab" "c" "d" ]`);
 * - `split "a|ab" "xabc"` is `[ "x" [ ] "c" ]` (the longer alternative wins,
 *   unlike ECMAScript);
 * - a group keeps what it captured in an earlier iteration of an enclosing
 *   repetition: `match "((a)|b)+" "ab"` is `[ "b" "a" ]`;
 * - a repetition may run its body on the empty string (up to twice per
 *   position): `match "(a*)*" ""` is `[ "" ]`.
 * - `.` matches any byte but NUL (newlines included); `^` and `$` only match at
 *   the very start and end of the subject (never at a split position).
 *
 * Implementation: the pattern is parsed exactly as libstdc++'s compiler does,
 * building the same NFA (which gives the same state count and the same
 * syntax errors in the same order). A backtracking executor over that NFA,
 * with an explicit stack (no JS recursion per byte), reproduces libstdc++'s
 * results. Where a pattern provably behaves the same under ECMAScript
 * semantics (no `|` whose branches could both match at one position, no
 * repetition of something that can match the empty string, no capture group
 * nested in a repeated group), it is also translated to a byte-oriented JS
 * `RegExp` (no `u` flag; sets written as `\xHH` ranges) and V8 runs it
 * instead, which is much faster. Compiled patterns are cached.
 *
 * Subjects are binary strings (one char per byte). No dependency on the
 * evaluator: the caller turns `RegexError` into a Nix error.
 */

/** An invalid or too large pattern, with the message CppNix prints. */
export class RegexError extends Error {
  readonly pattern: string;
  /** `invalid`: a syntax error; `too-large`: libstdc++'s NFA state limit. */
  readonly kind: 'invalid' | 'too-large';
  constructor(pattern: string, kind: 'invalid' | 'too-large') {
    super(kind === 'invalid' ? `invalid regular expression '${pattern}'` : `memory limit exceeded by regular expression '${pattern}'`);
    this.name = 'RegexError';
    this.pattern = pattern;
    this.kind = kind;
  }
}

/** A sub-match list: one entry per group, null where the group did not take part. */
export type RegexGroups = (string | null)[];

/**
 * `builtins.match`: the groups if `pattern` matches the whole of `str`,
 * otherwise null. Throws `RegexError` for a bad pattern.
 */
export function regexMatch(pattern: string, str: string): RegexGroups | null {
  return matchImpl(compileRegex(pattern), str, true);
}

function matchImpl(re: CompiledRegex, str: string, allowJs: boolean): RegexGroups | null {
  if (allowJs && re.jsMatch !== null) {
    let m: RegExpExecArray | null | undefined;
    try {
      m = re.jsMatch.exec(str);
    } catch {
      m = undefined; // e.g. V8's backtrack stack overflow: use the executor
    }
    if (m !== undefined) {
      if (m === null) return null;
      const groups: RegexGroups = new Array<string | null>(re.groupCount);
      for (let i = 0; i < re.groupCount; i++) groups[i] = m[i + 1] ?? null;
      return groups;
    }
  }
  const r = execute(re, str, 0, true, false);
  return r === null ? null : groupsOf(r, str, re.groupCount);
}

/**
 * `builtins.split`: the parts of `str` between matches of `pattern`,
 * interleaved with the groups of each match, as CppNix builds it with
 * `std::sregex_iterator` (after an empty match, a non-empty match at the same
 * position is tried before moving on by one byte). Throws `RegexError` for a
 * bad pattern.
 */
export function regexSplit(pattern: string, str: string): Array<string | RegexGroups> {
  return splitImpl(compileRegex(pattern), str, true);
}

function splitImpl(re: CompiledRegex, str: string, allowJs: boolean): Array<string | RegexGroups> {
  let m = search(re, str, 0, allowJs);
  if (m === null) return [str];
  const out: Array<string | RegexGroups> = [];
  let prevEnd = 0;
  for (;;) {
    out.push(str.slice(prevEnd, m.start), m.groups);
    prevEnd = m.end;
    let from = m.end;
    if (m.start === m.end) {
      if (m.end === str.length) break;
      const again = execute(re, str, m.end, false, true);
      if (again !== null) {
        m = toMatch(again, str, re.groupCount);
        continue;
      }
      from = m.end + 1;
    }
    const next = search(re, str, from, allowJs);
    if (next === null) break;
    m = next;
  }
  out.push(str.slice(prevEnd));
  return out;
}

/** Compile (or fetch from the cache) a pattern; throws `RegexError`. */
export function compileRegex(pattern: string): CompiledRegex {
  const hit = cache.get(pattern);
  if (hit !== undefined) {
    if (hit instanceof RegexError) throw hit;
    return hit;
  }
  let result: CompiledRegex | RegexError;
  try {
    result = new Compiler(pattern).finish();
  } catch (e) {
    if (e instanceof SyntaxFail) result = new RegexError(pattern, e.tooLarge ? 'too-large' : 'invalid');
    // Groups nested thousands deep exhaust the JS stack (libstdc++'s compiler recurses too).
    else if (e instanceof RangeError) result = new RegexError(pattern, 'too-large');
    else throw e;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, result);
  if (result instanceof RegexError) throw result;
  return result;
}

/**
 * @internal For tests: the same operations with the NFA executor only (never
 * the JS translation), and which paths a pattern may take.
 */
export const regexTesting = {
  matchWithExecutor: (pattern: string, str: string): RegexGroups | null => matchImpl(compileRegex(pattern), str, false),
  splitWithExecutor: (pattern: string, str: string): Array<string | RegexGroups> => splitImpl(compileRegex(pattern), str, false),
  jsPaths: (pattern: string): { match: boolean; search: boolean } => {
    const re = compileRegex(pattern);
    return { match: re.jsMatch !== null, search: re.jsSearch !== null };
  },
  stateCount: (pattern: string): number => compileRegex(pattern).nfa.op.length,
};

/** Drop every cached pattern (for tests and long-running hosts). */
export function clearRegexCache(): void {
  cache.clear();
}

/** A compiled pattern. Opaque outside this module apart from `groupCount`. */
export interface CompiledRegex {
  readonly pattern: string;
  /** Number of capture groups (not counting the whole match). */
  readonly groupCount: number;
  /** `^(?:…)$` when ECMAScript semantics agree with libstdc++'s for whole-string matching. */
  readonly jsMatch: RegExp | null;
  /** A global RegExp when they also agree for searching (split). */
  readonly jsSearch: RegExp | null;
  /** @internal */ readonly nfa: Nfa;
  /** @internal Bytes that can start a match, when the pattern cannot match empty. */
  readonly firstBytes: Uint8Array | null;
  /** @internal The pattern can only match at position 0. */
  readonly anchored: boolean;
}

const CACHE_LIMIT = 10000;
const cache = new Map<string, CompiledRegex | RegexError>();

/** libstdc++'s `_GLIBCXX_REGEX_STATE_LIMIT`. */
const STATE_LIMIT = 100000;

// ---------------------------------------------------------------------------
// Character sets (256 entries, 1 = member)

type ByteSet = Uint8Array;

function singleton(c: number): ByteSet {
  const s = new Uint8Array(256);
  s[c] = 1;
  return s;
}

const ANY_BUT_NUL: ByteSet = (() => {
  const s = new Uint8Array(256).fill(1);
  s[0] = 0;
  return s;
})();

// C-locale ctype classes, as bit masks.
const C_UPPER = 1;
const C_LOWER = 2;
const C_ALPHA = 4;
const C_DIGIT = 8;
const C_XDIGIT = 16;
const C_SPACE = 32;
const C_PRINT = 64;
const C_GRAPH = 128;
const C_CNTRL = 256;
const C_PUNCT = 512;
const C_ALNUM = 1024;
const C_BLANK = 2048;
const C_UNDERSCORE = 4096; // only for [[:w:]]

const CTYPE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let c = 0; c < 128; c++) {
    let m = 0;
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    const digit = c >= 48 && c <= 57;
    if (upper) m |= C_UPPER;
    if (lower) m |= C_LOWER;
    if (upper || lower) m |= C_ALPHA | C_ALNUM;
    if (digit) m |= C_DIGIT | C_ALNUM;
    if (digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)) m |= C_XDIGIT;
    if ((c >= 9 && c <= 13) || c === 32) m |= C_SPACE;
    if (c === 9 || c === 32) m |= C_BLANK;
    if (c < 32 || c === 127) m |= C_CNTRL;
    if (c >= 32 && c <= 126) m |= C_PRINT;
    if (c >= 33 && c <= 126) {
      m |= C_GRAPH;
      if (!upper && !lower && !digit) m |= C_PUNCT;
    }
    t[c] = m;
  }
  return t;
})();

const CLASS_NAMES: ReadonlyMap<string, number> = new Map([
  ['d', C_DIGIT],
  ['w', C_ALNUM | C_UNDERSCORE],
  ['s', C_SPACE],
  ['alnum', C_ALNUM],
  ['alpha', C_ALPHA],
  ['blank', C_BLANK],
  ['cntrl', C_CNTRL],
  ['digit', C_DIGIT],
  ['graph', C_GRAPH],
  ['lower', C_LOWER],
  ['print', C_PRINT],
  ['punct', C_PUNCT],
  ['space', C_SPACE],
  ['upper', C_UPPER],
  ['xdigit', C_XDIGIT],
]);

function isCtype(c: number, mask: number): boolean {
  return (CTYPE[c]! & mask) !== 0 || ((mask & C_UNDERSCORE) !== 0 && c === 95);
}

/** POSIX names of the portable character set, indexed by code (libstdc++'s lookup_collatename). */
const COLLATE_NAMES: readonly string[] = [
  ...'NUL SOH STX ETX EOT ENQ ACK alert backspace tab newline vertical-tab form-feed carriage-return SO SI'.split(' '),
  ...'DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC IS4 IS3 IS2 IS1'.split(' '),
  ...'space exclamation-mark quotation-mark number-sign dollar-sign percent-sign ampersand apostrophe'.split(' '),
  ...'left-parenthesis right-parenthesis asterisk plus-sign comma hyphen period slash'.split(' '),
  ...'zero one two three four five six seven eight nine'.split(' '),
  ...'colon semicolon less-than-sign equals-sign greater-than-sign question-mark commercial-at'.split(' '),
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'left-square-bracket backslash right-square-bracket circumflex underscore grave-accent'.split(' '),
  ...'abcdefghijklmnopqrstuvwxyz',
  ...'left-curly-bracket vertical-line right-curly-bracket tilde DEL'.split(' '),
];

function lookupCollateName(name: string): number {
  return COLLATE_NAMES.indexOf(name); // -1 if unknown
}

function asciiLower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Signed-char value of a byte: libstdc++ compares range ends as `char`. */
function signedChar(c: number): number {
  return c >= 128 ? c - 256 : c;
}

// ---------------------------------------------------------------------------
// The NFA, built as libstdc++'s _Compiler builds its _NFA.

const OP_ALTERNATIVE = 0;
const OP_REPEAT = 1;
const OP_SUBEXPR_BEGIN = 2;
const OP_SUBEXPR_END = 3;
const OP_LINE_BEGIN = 4;
const OP_LINE_END = 5;
const OP_MATCH = 6;
const OP_ACCEPT = 7;
const OP_DUMMY = 8;

const NONE = -1;

/** @internal */
export class Nfa {
  op: number[] = [];
  next: number[] = [];
  alt: number[] = [];
  /** Sub-expression index (begin/end) or matcher index (match). */
  arg: number[] = [];
  matchers: ByteSet[] = [];
  subexprCount = 0;
  /** Executor scratch space, allocated on first use. */
  repPos: Int32Array | null = null;
  repCnt: Int32Array | null = null;
  private parenStack: number[] = [];

  insert(op: number, next: number, alt: number, arg: number): number {
    this.op.push(op);
    this.next.push(next);
    this.alt.push(alt);
    this.arg.push(arg);
    if (this.op.length > STATE_LIMIT) throw new SyntaxFail(true);
    return this.op.length - 1;
  }
  hasAlt(i: number): boolean {
    return this.op[i] === OP_ALTERNATIVE || this.op[i] === OP_REPEAT;
  }
  insertSubexprBegin(): number {
    const id = this.subexprCount++;
    this.parenStack.push(id);
    return this.insert(OP_SUBEXPR_BEGIN, NONE, NONE, id);
  }
  insertSubexprEnd(): number {
    const id = this.parenStack.pop()!;
    return this.insert(OP_SUBEXPR_END, NONE, NONE, id);
  }
  insertMatcher(set: ByteSet): number {
    this.matchers.push(set);
    return this.insert(OP_MATCH, NONE, NONE, this.matchers.length - 1);
  }
  insertDummy(): number {
    return this.insert(OP_DUMMY, NONE, NONE, 0);
  }
  insertRepeat(next: number, alt: number): number {
    return this.insert(OP_REPEAT, next, alt, 0);
  }
  insertAlt(next: number, alt: number): number {
    return this.insert(OP_ALTERNATIVE, next, alt, 0);
  }
  /** `_NFA::_M_eliminate_dummy`: make transitions skip dummy states. */
  eliminateDummy(): void {
    const { op, next, alt } = this;
    for (let i = 0; i < op.length; i++) {
      while (next[i]! >= 0 && op[next[i]!] === OP_DUMMY) next[i] = next[next[i]!]!;
      if (this.hasAlt(i)) {
        while (alt[i]! >= 0 && op[alt[i]!] === OP_DUMMY) alt[i] = next[alt[i]!]!;
      }
    }
  }
}

/** A fragment of the NFA, `_StateSeq`. */
interface Seq {
  start: number;
  end: number;
}

function seqAppendState(nfa: Nfa, s: Seq, id: number): void {
  nfa.next[s.end] = id;
  s.end = id;
}

function seqAppend(nfa: Nfa, s: Seq, t: Seq): void {
  nfa.next[s.end] = t.start;
  s.end = t.end;
}

/** `_StateSeq::_M_clone`, including its traversal order (it fixes the state count). */
function seqClone(nfa: Nfa, s: Seq): Seq {
  const m = new Map<number, number>();
  const stack: number[] = [s.start];
  while (stack.length > 0) {
    const u = stack.pop()!;
    const op = nfa.op[u]!;
    const next = nfa.next[u]!;
    const alt = nfa.alt[u]!;
    const id = nfa.insert(op, next, alt, nfa.arg[u]!);
    m.set(u, id);
    if (nfa.hasAlt(u) && alt !== NONE && !m.has(alt)) stack.push(alt);
    if (u === s.end) continue;
    if (next !== NONE && !m.has(next)) stack.push(next);
  }
  for (const v of m.values()) {
    const n = nfa.next[v]!;
    if (n !== NONE) nfa.next[v] = m.get(n)!;
    if (nfa.hasAlt(v) && nfa.alt[v] !== NONE) nfa.alt[v] = m.get(nfa.alt[v]!)!;
  }
  return { start: m.get(s.start)!, end: m.get(s.end)! };
}

// ---------------------------------------------------------------------------
// The pattern's structure, for the JS translation and its safety analysis.

type Ast =
  | { readonly t: 'set'; readonly set: ByteSet }
  | { readonly t: 'bol' }
  | { readonly t: 'eol' }
  | { readonly t: 'group'; readonly body: Ast }
  | { readonly t: 'alt'; readonly left: Ast; readonly right: Ast }
  | { readonly t: 'seq'; readonly items: readonly Ast[] }
  | { readonly t: 'rep'; readonly body: Ast; readonly min: number; readonly max: number };

// ---------------------------------------------------------------------------
// Scanner and compiler (libstdc++'s _Scanner and _Compiler for `extended`)

class SyntaxFail extends Error {
  readonly tooLarge: boolean;
  constructor(tooLarge = false) {
    super(tooLarge ? 'regex too large' : 'invalid regex');
    this.tooLarge = tooLarge;
  }
}

const T_EOF = 0;
const T_ORD = 1;
const T_ANY = 2;
const T_LINE_BEGIN = 3;
const T_LINE_END = 4;
const T_CLOSURE0 = 5;
const T_CLOSURE1 = 6;
const T_OPT = 7;
const T_OR = 8;
const T_SUBEXPR_BEGIN = 9;
const T_SUBEXPR_END = 10;
const T_BRACKET_BEGIN = 11;
const T_BRACKET_NEG_BEGIN = 12;
const T_BRACKET_END = 13;
const T_BRACKET_DASH = 14;
const T_INTERVAL_BEGIN = 15;
const T_INTERVAL_END = 16;
const T_DUP_COUNT = 17;
const T_COMMA = 18;
const T_COLLSYMBOL = 19;
const T_CLASS_NAME = 20;
const T_EQUIV_NAME = 21;

/** `.[\()*+?{|^$`: the characters special in an ERE (and escapable). */
const SPECIAL = new Set([46, 91, 92, 40, 41, 42, 43, 63, 123, 124, 94, 36]);

const S_NORMAL = 0;
const S_BRACKET = 1;
const S_BRACE = 2;

class Scanner {
  private p = 0;
  private state = S_NORMAL;
  private atBracketStart = false;
  token = T_EOF;
  value = '';

  constructor(private readonly s: string) {
    this.advance();
  }

  advance(): void {
    if (this.p >= this.s.length) {
      this.token = T_EOF;
      return;
    }
    if (this.state === S_NORMAL) this.scanNormal();
    else if (this.state === S_BRACKET) this.scanBracket();
    else this.scanBrace();
  }

  private scanNormal(): void {
    const s = this.s;
    const c = s.charCodeAt(this.p++);
    if (!SPECIAL.has(c) && c !== 0) {
      this.token = T_ORD;
      this.value = s[this.p - 1]!;
      return;
    }
    if (c === 92) {
      if (this.p >= s.length) throw new SyntaxFail();
      const d = s.charCodeAt(this.p);
      // Only special characters may be escaped (strict ANSI libstdc++); no backreferences in ERE.
      if (!SPECIAL.has(d)) throw new SyntaxFail();
      this.token = T_ORD;
      this.value = s[this.p]!;
      this.p++;
      return;
    }
    switch (c) {
      case 40:
        this.token = T_SUBEXPR_BEGIN;
        return;
      case 41:
        this.token = T_SUBEXPR_END;
        return;
      case 91:
        this.state = S_BRACKET;
        this.atBracketStart = true;
        if (this.p < s.length && s.charCodeAt(this.p) === 94) {
          this.token = T_BRACKET_NEG_BEGIN;
          this.p++;
        } else {
          this.token = T_BRACKET_BEGIN;
        }
        return;
      case 123:
        this.state = S_BRACE;
        this.token = T_INTERVAL_BEGIN;
        return;
      case 0:
        throw new SyntaxFail();
      case 94:
        this.token = T_LINE_BEGIN;
        return;
      case 36:
        this.token = T_LINE_END;
        return;
      case 46:
        this.token = T_ANY;
        return;
      case 42:
        this.token = T_CLOSURE0;
        return;
      case 43:
        this.token = T_CLOSURE1;
        return;
      case 63:
        this.token = T_OPT;
        return;
      case 124:
        this.token = T_OR;
        return;
    }
    throw new Error('unreachable: unexpected special character');
  }

  private scanBracket(): void {
    const s = this.s;
    const c = s.charCodeAt(this.p++);
    if (c === 45) {
      this.token = T_BRACKET_DASH;
    } else if (c === 91) {
      if (this.p >= s.length) throw new SyntaxFail();
      const d = s.charCodeAt(this.p);
      if (d === 46 || d === 58 || d === 61) {
        this.p++;
        this.token = d === 46 ? T_COLLSYMBOL : d === 58 ? T_CLASS_NAME : T_EQUIV_NAME;
        this.eatClass(d);
      } else {
        this.token = T_ORD;
        this.value = '[';
      }
    } else if (c === 93 && !this.atBracketStart) {
      this.token = T_BRACKET_END;
      this.state = S_NORMAL;
    } else {
      this.token = T_ORD;
      this.value = s[this.p - 1]!;
    }
    this.atBracketStart = false;
  }

  /** Read `name:]` (or `.]`, `=]`) after `[:`. */
  private eatClass(delim: number): void {
    const s = this.s;
    const start = this.p;
    while (this.p < s.length && s.charCodeAt(this.p) !== delim) this.p++;
    this.value = s.slice(start, this.p);
    if (this.p >= s.length) throw new SyntaxFail();
    this.p++; // delim
    if (this.p >= s.length || s.charCodeAt(this.p) !== 93) throw new SyntaxFail();
    this.p++; // ]
  }

  private scanBrace(): void {
    const s = this.s;
    const c = s.charCodeAt(this.p++);
    if (c >= 48 && c <= 57) {
      const start = this.p - 1;
      while (this.p < s.length && isDigit(s.charCodeAt(this.p))) this.p++;
      this.token = T_DUP_COUNT;
      this.value = s.slice(start, this.p);
    } else if (c === 44) {
      this.token = T_COMMA;
    } else if (c === 125) {
      this.state = S_NORMAL;
      this.token = T_INTERVAL_END;
    } else {
      throw new SyntaxFail();
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface Frag {
  seq: Seq;
  ast: Ast;
}

/** Repetition counts are read as `int` (larger ones are a syntax error). */
const MAX_COUNT = 2147483647;

/** What the last bracket term left behind: nothing, a char (a range may start there), or a class. */
type BracketLast = { kind: 'none' } | { kind: 'char'; c: number } | { kind: 'class' };

interface BracketState {
  last: BracketLast;
}

class BracketBuilder {
  readonly chars: number[] = [];
  readonly ranges: Array<[number, number]> = []; // signed chars
  classMask = 0;
  readonly equiv: number[] = [];

  addChar(c: number): void {
    this.chars.push(c);
  }
  makeRange(l: number, r: number): void {
    const ls = signedChar(l);
    const rs = signedChar(r);
    if (ls > rs) throw new SyntaxFail();
    this.ranges.push([ls, rs]);
  }
  build(negate: boolean): ByteSet {
    const set = new Uint8Array(256);
    for (let b = 0; b < 256; b++) {
      let hit = this.chars.includes(b);
      if (!hit) {
        const sb = signedChar(b);
        for (const [l, r] of this.ranges) {
          if (l <= sb && sb <= r) {
            hit = true;
            break;
          }
        }
        if (!hit && this.classMask !== 0 && isCtype(b, this.classMask)) hit = true;
        if (!hit && this.equiv.includes(asciiLower(b))) hit = true;
      }
      set[b] = hit !== negate ? 1 : 0;
    }
    return set;
  }
}

class Compiler {
  private readonly nfa = new Nfa();
  private readonly sc: Scanner;
  private readonly stack: Frag[] = [];
  private value = '';
  private readonly root: Ast;

  constructor(private readonly pattern: string) {
    this.sc = new Scanner(pattern);
    const nfa = this.nfa;
    const begin = nfa.insertSubexprBegin();
    const r: Seq = { start: begin, end: begin };
    this.disjunction();
    if (!this.matchToken(T_EOF)) throw new SyntaxFail();
    const body = this.pop();
    seqAppend(nfa, r, body.seq);
    seqAppendState(nfa, r, nfa.insertSubexprEnd());
    seqAppendState(nfa, r, nfa.insert(OP_ACCEPT, NONE, NONE, 0));
    nfa.eliminateDummy();
    this.root = body.ast;
  }

  finish(): CompiledRegex {
    const root = this.root;
    const groupCount = this.nfa.subexprCount - 1;
    let jsMatch: RegExp | null = null;
    let jsSearch: RegExp | null = null;
    if (safeForMatch(root)) {
      const src = toJs(root);
      try {
        jsMatch = new RegExp(`^(?:${src})$`);
        if (safeForSearch(root)) jsSearch = new RegExp(src, 'g');
      } catch {
        jsMatch = null;
        jsSearch = null;
      }
    }
    return {
      pattern: this.pattern,
      groupCount,
      jsMatch,
      jsSearch,
      nfa: this.nfa,
      firstBytes: nullable(root) ? null : first(root),
      anchored: anchoredAtStart(root),
    };
  }

  private matchToken(t: number): boolean {
    if (this.sc.token !== t) return false;
    this.value = this.sc.value;
    this.sc.advance();
    return true;
  }

  private pop(): Frag {
    return this.stack.pop()!;
  }

  private disjunction(): void {
    const nfa = this.nfa;
    this.alternative();
    while (this.matchToken(T_OR)) {
      const a1 = this.pop();
      this.alternative();
      const a2 = this.pop();
      const end = nfa.insertDummy();
      seqAppendState(nfa, a1.seq, end);
      seqAppendState(nfa, a2.seq, end);
      const alt = nfa.insertAlt(a2.seq.start, a1.seq.start);
      this.stack.push({ seq: { start: alt, end }, ast: { t: 'alt', left: a1.ast, right: a2.ast } });
    }
  }

  /** `_M_alternative` (recursive there; the same states in the same order here). */
  private alternative(): void {
    const nfa = this.nfa;
    const terms: Frag[] = [];
    while (this.term()) terms.push(this.pop());
    const dummy = nfa.insertDummy();
    const seq: Seq = { start: dummy, end: dummy };
    for (let i = terms.length - 1; i >= 0; i--) {
      const t = terms[i]!.seq;
      nfa.next[t.end] = seq.start;
      seq.start = t.start;
    }
    this.stack.push({ seq, ast: { t: 'seq', items: terms.map((f) => f.ast) } });
  }

  private term(): boolean {
    if (this.assertion()) return true;
    if (this.atom()) {
      while (this.quantifier());
      return true;
    }
    return false;
  }

  private assertion(): boolean {
    if (this.matchToken(T_LINE_BEGIN)) {
      const id = this.nfa.insert(OP_LINE_BEGIN, NONE, NONE, 0);
      this.stack.push({ seq: { start: id, end: id }, ast: { t: 'bol' } });
      return true;
    }
    if (this.matchToken(T_LINE_END)) {
      const id = this.nfa.insert(OP_LINE_END, NONE, NONE, 0);
      this.stack.push({ seq: { start: id, end: id }, ast: { t: 'eol' } });
      return true;
    }
    return false;
  }

  private pushMatcher(set: ByteSet): void {
    const id = this.nfa.insertMatcher(set);
    this.stack.push({ seq: { start: id, end: id }, ast: { t: 'set', set } });
  }

  private atom(): boolean {
    const nfa = this.nfa;
    if (this.matchToken(T_ANY)) {
      this.pushMatcher(ANY_BUT_NUL);
    } else if (this.matchToken(T_ORD)) {
      this.pushMatcher(singleton(this.value.charCodeAt(0)));
    } else if (this.matchToken(T_SUBEXPR_BEGIN)) {
      const begin = nfa.insertSubexprBegin();
      const r: Seq = { start: begin, end: begin };
      this.disjunction();
      if (!this.matchToken(T_SUBEXPR_END)) throw new SyntaxFail();
      const body = this.pop();
      seqAppend(nfa, r, body.seq);
      seqAppendState(nfa, r, nfa.insertSubexprEnd());
      this.stack.push({ seq: r, ast: { t: 'group', body: body.ast } });
    } else if (!this.bracketExpression()) {
      return false;
    }
    return true;
  }

  private curInt(): number {
    const digits = this.value.replace(/^0+(?=.)/, '');
    if (digits.length > 10 || Number(digits) > MAX_COUNT) throw new SyntaxFail();
    return Number(digits);
  }

  private quantifier(): boolean {
    const nfa = this.nfa;
    if (this.matchToken(T_CLOSURE0)) {
      const e = this.pop();
      const r = nfa.insertRepeat(NONE, e.seq.start);
      seqAppendState(nfa, e.seq, r);
      this.stack.push({ seq: { start: r, end: r }, ast: rep(e.ast, 0, Infinity) });
    } else if (this.matchToken(T_CLOSURE1)) {
      const e = this.pop();
      seqAppendState(nfa, e.seq, nfa.insertRepeat(NONE, e.seq.start));
      this.stack.push({ seq: e.seq, ast: rep(e.ast, 1, Infinity) });
    } else if (this.matchToken(T_OPT)) {
      const e = this.pop();
      const end = nfa.insertDummy();
      const r: Seq = { start: nfa.insertRepeat(NONE, e.seq.start), end: 0 };
      r.end = r.start;
      seqAppendState(nfa, e.seq, end);
      seqAppendState(nfa, r, end);
      this.stack.push({ seq: r, ast: rep(e.ast, 0, 1) });
    } else if (this.matchToken(T_INTERVAL_BEGIN)) {
      if (!this.matchToken(T_DUP_COUNT)) throw new SyntaxFail();
      const r = this.pop();
      const d = nfa.insertDummy();
      const e: Seq = { start: d, end: d };
      const minRep = this.curInt();
      let infinite = false;
      let n = 0;
      if (this.matchToken(T_COMMA)) {
        if (this.matchToken(T_DUP_COUNT)) n = this.curInt() - minRep;
        else infinite = true;
      }
      if (!this.matchToken(T_INTERVAL_END)) throw new SyntaxFail();
      for (let i = 0; i < minRep; i++) seqAppend(nfa, e, seqClone(nfa, r.seq));
      if (infinite) {
        const tmp = seqClone(nfa, r.seq);
        const s = nfa.insertRepeat(NONE, tmp.start);
        seqAppendState(nfa, tmp, s);
        seqAppendState(nfa, e, s);
      } else {
        if (n < 0) throw new SyntaxFail();
        const end = nfa.insertDummy();
        const alts: number[] = [];
        for (let i = 0; i < n; i++) {
          const tmp = seqClone(nfa, r.seq);
          const alt = nfa.insertRepeat(tmp.start, end);
          alts.push(alt);
          seqAppend(nfa, e, { start: alt, end: tmp.end });
        }
        seqAppendState(nfa, e, end);
        // "more" becomes the alt branch, "less" the next one.
        for (const a of alts) {
          const t = nfa.next[a]!;
          nfa.next[a] = nfa.alt[a]!;
          nfa.alt[a] = t;
        }
      }
      this.stack.push({ seq: e, ast: rep(r.ast, minRep, infinite ? Infinity : minRep + n) });
    } else {
      return false;
    }
    return true;
  }

  private bracketExpression(): boolean {
    const negate = this.matchToken(T_BRACKET_NEG_BEGIN);
    if (!(negate || this.matchToken(T_BRACKET_BEGIN))) return false;
    const b = new BracketBuilder();
    const state: BracketState = { last: { kind: 'none' } };
    if (this.matchToken(T_ORD)) state.last = { kind: 'char', c: this.value.charCodeAt(0) };
    else if (this.matchToken(T_BRACKET_DASH)) state.last = { kind: 'char', c: 45 };
    while (this.expressionTerm(state, b));
    if (state.last.kind === 'char') b.addChar(state.last.c);
    this.pushMatcher(b.build(negate));
    return true;
  }

  /** One term of a bracket expression (`_M_expression_term`); false at its end. */
  private expressionTerm(state: BracketState, b: BracketBuilder): boolean {
    // A pending char is committed once we know it does not start a range.
    const pushChar = (c: number): void => {
      if (state.last.kind === 'char') b.addChar(state.last.c);
      state.last = { kind: 'char', c };
    };
    const pushClass = (): void => {
      if (state.last.kind === 'char') b.addChar(state.last.c);
      state.last = { kind: 'class' };
    };
    if (this.matchToken(T_BRACKET_END)) return false;
    if (this.matchToken(T_COLLSYMBOL)) {
      const c = lookupCollateName(this.value);
      if (c < 0) throw new SyntaxFail();
      b.addChar(c);
      pushChar(c);
    } else if (this.matchToken(T_EQUIV_NAME)) {
      pushClass();
      const c = lookupCollateName(this.value);
      if (c < 0) throw new SyntaxFail();
      b.equiv.push(asciiLower(c));
    } else if (this.matchToken(T_CLASS_NAME)) {
      pushClass();
      let name = '';
      for (let i = 0; i < this.value.length; i++) {
        name += String.fromCharCode(asciiLower(this.value.charCodeAt(i)));
      }
      const mask = CLASS_NAMES.get(name);
      if (mask === undefined) throw new SyntaxFail();
      b.classMask |= mask;
    } else if (this.matchToken(T_ORD)) {
      pushChar(this.value.charCodeAt(0));
    } else if (this.matchToken(T_BRACKET_DASH)) {
      if (this.matchToken(T_BRACKET_END)) {
        pushChar(45); // "-]": the dash is literal
        return false;
      }
      const last = state.last;
      if (last.kind === 'class') throw new SyntaxFail(); // "[:alpha:]-z"
      if (last.kind === 'none') throw new SyntaxFail(); // POSIX: a stray dash, as in "a-z-9"
      if (this.matchToken(T_ORD)) b.makeRange(last.c, this.value.charCodeAt(0));
      else if (this.matchToken(T_BRACKET_DASH)) b.makeRange(last.c, 45);
      else throw new SyntaxFail();
      state.last = { kind: 'none' };
    } else {
      throw new SyntaxFail();
    }
    return true;
  }
}

function rep(body: Ast, min: number, max: number): Ast {
  return { t: 'rep', body, min, max };
}

// ---------------------------------------------------------------------------
// When may V8 run it? (see the module comment)

function nullable(a: Ast): boolean {
  switch (a.t) {
    case 'set':
      return false;
    case 'bol':
    case 'eol':
      return true;
    case 'group':
      return nullable(a.body);
    case 'alt':
      return nullable(a.left) || nullable(a.right);
    case 'seq':
      return a.items.every(nullable);
    case 'rep':
      return a.min === 0 || nullable(a.body);
  }
}

function first(a: Ast): ByteSet {
  const out = new Uint8Array(256);
  const go = (x: Ast): void => {
    switch (x.t) {
      case 'set':
        for (let i = 0; i < 256; i++) out[i]! |= x.set[i]!;
        return;
      case 'bol':
      case 'eol':
        return;
      case 'group':
        go(x.body);
        return;
      case 'alt':
        go(x.left);
        go(x.right);
        return;
      case 'seq':
        for (const item of x.items) {
          go(item);
          if (!nullable(item)) return;
        }
        return;
      case 'rep':
        if (x.max > 0) go(x.body);
        return;
    }
  };
  go(a);
  return out;
}

function hasGroup(a: Ast): boolean {
  switch (a.t) {
    case 'set':
    case 'bol':
    case 'eol':
      return false;
    case 'group':
      return true;
    case 'alt':
      return hasGroup(a.left) || hasGroup(a.right);
    case 'seq':
      return a.items.some(hasGroup);
    case 'rep':
      return hasGroup(a.body);
  }
}

function every(a: Ast, ok: (x: Ast) => boolean): boolean {
  if (!ok(a)) return false;
  switch (a.t) {
    case 'group':
    case 'rep':
      return every(a.body, ok);
    case 'alt':
      return every(a.left, ok) && every(a.right, ok);
    case 'seq':
      return a.items.every((x) => every(x, ok));
    default:
      return true;
  }
}

/**
 * Whole-string matching agrees with ECMAScript unless a repetition may run its
 * body on the empty string (libstdc++ allows it, ECMAScript rejects such an
 * iteration), or a group sits inside a repeated group (ECMAScript clears it at
 * each iteration, libstdc++ keeps the old value).
 */
function safeForMatch(root: Ast): boolean {
  return every(root, (x) => {
    if (x.t !== 'rep' || x.max === 0) return true;
    if (nullable(x.body)) return false;
    if (x.max >= 2) {
      const inner = x.body.t === 'group' ? x.body.body : x.body;
      if (hasGroup(inner)) return false;
    }
    return true;
  });
}

/**
 * Searching also agrees when every `|` is decided by its first byte: then
 * libstdc++'s exploration of the other branch (looking for a longer match)
 * dies at once, and the first match found is the one ECMAScript finds.
 */
function safeForSearch(root: Ast): boolean {
  return every(root, (x) => {
    if (x.t !== 'alt') return true;
    if (nullable(x.left) || nullable(x.right)) return false;
    const l = first(x.left);
    const r = first(x.right);
    for (let i = 0; i < 256; i++) if (l[i]! & r[i]!) return false;
    return true;
  });
}

function anchoredAtStart(a: Ast): boolean {
  switch (a.t) {
    case 'bol':
      return true;
    case 'group':
      return anchoredAtStart(a.body);
    case 'alt':
      return anchoredAtStart(a.left) && anchoredAtStart(a.right);
    case 'seq':
      return a.items.length > 0 && anchoredAtStart(a.items[0]!);
    default:
      return false;
  }
}

function hex(c: number): string {
  return '\\x' + c.toString(16).padStart(2, '0');
}

function setToJs(set: ByteSet): string {
  let count = 0;
  let only = -1;
  for (let i = 0; i < 256; i++) {
    if (set[i]) {
      count++;
      only = i;
    }
  }
  if (count === 1) return hex(only);
  let out = '[';
  for (let i = 0; i < 256; i++) {
    if (!set[i]) continue;
    let j = i;
    while (j + 1 < 256 && set[j + 1]) j++;
    out += i === j ? hex(i) : j === i + 1 ? hex(i) + hex(j) : `${hex(i)}-${hex(j)}`;
    i = j;
  }
  return out + ']';
}

function toJs(a: Ast): string {
  switch (a.t) {
    case 'set':
      return setToJs(a.set);
    case 'bol':
      return '^';
    case 'eol':
      return '$';
    case 'group':
      return `(${toJs(a.body)})`;
    case 'alt':
      return `${toJs(a.left)}|${toJs(a.right)}`;
    case 'seq':
      return a.items.map((x) => (x.t === 'alt' ? `(?:${toJs(x)})` : toJs(x))).join('');
    case 'rep': {
      const body = a.body.t === 'set' || a.body.t === 'group' ? toJs(a.body) : `(?:${toJs(a.body)})`;
      let q: string;
      if (a.min === 0 && a.max === Infinity) q = '*';
      else if (a.min === 1 && a.max === Infinity) q = '+';
      else if (a.min === 0 && a.max === 1) q = '?';
      else if (a.max === Infinity) q = `{${a.min},}`;
      else if (a.min === a.max) q = `{${a.min}}`;
      else q = `{${a.min},${a.max}}`;
      return body + q;
    }
  }
}

// ---------------------------------------------------------------------------
// The executor: libstdc++'s DFS _Executor in POSIX mode, with an explicit stack.

// Stack frames: what to do when the search backtracks to them. Each frame
// is four ints: kind, then up to three arguments.
const F_REP_NEXT = 1; // after a repeat's "once more" branch: try "next" unless solved
const F_REP_RESTORE = 2; // restore a repeat's (position, count)
const F_REP_DEC = 3; // undo a second visit of a repeat at the same position
const F_SUB_FIRST = 4; // restore a group's start
const F_SUB_END = 5; // restore a group's end and "matched"
const F_CUR_DEC = 6; // give back a consumed byte
const F_ALT_RIGHT = 7; // after the left branch of `|`: try the right one
const F_ALT_MERGE = 8; // after the right branch: combine "solved" flags

/** The executor's stack, reused between runs (the executor is not re-entrant). */
let execStack = new Int32Array(1024);
/** Keep grown stacks up to this many entries for the next run. */
const EXEC_STACK_KEEP = 1 << 20;

/**
 * Run the NFA from `begin`. `exact`: the match must end at the end of `s`
 * (regex_match); otherwise the longest match starting at `begin` is wanted
 * (one step of regex_search). `notNull`: an empty match does not count.
 * Returns [start0, end0, start1, end1, …] with -1 for groups that did not
 * take part, or null.
 *
 * This is libstdc++'s recursive `_M_dfs` with the recursion turned into a
 * loop: `i` is the state being visited (-1: backtrack to the top frame), and
 * each frame records what `_M_dfs` would do after its recursive call returns.
 */
function execute(re: CompiledRegex, s: string, begin: number, exact: boolean, notNull: boolean): Int32Array | null {
  const nfa = re.nfa;
  const { op, next, alt, arg, matchers } = nfa;
  const len = s.length;
  const nSub = nfa.subexprCount;
  const firstPos = new Int32Array(nSub).fill(-1);
  const secondPos = new Int32Array(nSub).fill(-1);
  const matched = new Uint8Array(nSub);
  let results: Int32Array | null = null;
  let solPos = -1;
  let hasSol = false;
  let cur = begin;
  // Per-state repeat bookkeeping (`_M_rep_count`), kept on the NFA between
  // runs and always restored to (-1, 0) before returning.
  if (nfa.repPos === null || nfa.repCnt === null) {
    nfa.repPos = new Int32Array(op.length).fill(-1);
    nfa.repCnt = new Int32Array(op.length);
  }
  const repPos = nfa.repPos;
  const repCnt = nfa.repCnt;

  let stack = execStack;
  let sp = 0;
  const grow = (): void => {
    const bigger = new Int32Array(stack.length * 2);
    bigger.set(stack);
    stack = bigger;
    if (bigger.length <= EXEC_STACK_KEEP) execStack = bigger;
  };

  let i = 0; // the start state, subexpr_begin(0)
  for (;;) {
    if (i < 0) {
      // Backtrack.
      if (sp === 0) break;
      sp -= 4;
      const j = stack[sp + 1]!;
      switch (stack[sp]) {
        case F_REP_NEXT:
          if (!hasSol) i = next[j]!;
          break;
        case F_REP_RESTORE:
          repPos[j] = stack[sp + 2]!;
          repCnt[j] = stack[sp + 3]!;
          break;
        case F_REP_DEC:
          repCnt[j] = repCnt[j]! - 1;
          break;
        case F_SUB_FIRST:
          firstPos[j] = stack[sp + 2]!;
          break;
        case F_SUB_END:
          secondPos[j] = stack[sp + 2]!;
          matched[j] = stack[sp + 3]!;
          break;
        case F_CUR_DEC:
          cur--;
          break;
        case F_ALT_RIGHT:
          // sp still points at this frame: reuse it for the merge.
          stack[sp] = F_ALT_MERGE;
          stack[sp + 1] = hasSol ? 1 : 0;
          sp += 4;
          hasSol = false;
          i = next[j]!;
          break;
        case F_ALT_MERGE:
          if (j) hasSol = true;
          break;
      }
      continue;
    }
    if (sp + 8 > stack.length) grow();
    switch (op[i]) {
      case OP_REPEAT: {
        stack[sp] = F_REP_NEXT;
        stack[sp + 1] = i;
        sp += 4;
        const cnt = repCnt[i]!;
        const pos = repPos[i]!;
        if (cnt === 0 || pos !== cur) {
          stack[sp] = F_REP_RESTORE;
          stack[sp + 1] = i;
          stack[sp + 2] = pos;
          stack[sp + 3] = cnt;
          sp += 4;
          repPos[i] = cur;
          repCnt[i] = 1;
          i = alt[i]!;
        } else if (cnt < 2) {
          repCnt[i] = cnt + 1;
          stack[sp] = F_REP_DEC;
          stack[sp + 1] = i;
          sp += 4;
          i = alt[i]!;
        } else {
          i = -1;
        }
        break;
      }
      case OP_SUBEXPR_BEGIN: {
        const k = arg[i]!;
        stack[sp] = F_SUB_FIRST;
        stack[sp + 1] = k;
        stack[sp + 2] = firstPos[k]!;
        sp += 4;
        firstPos[k] = cur;
        i = next[i]!;
        break;
      }
      case OP_SUBEXPR_END: {
        const k = arg[i]!;
        stack[sp] = F_SUB_END;
        stack[sp + 1] = k;
        stack[sp + 2] = secondPos[k]!;
        stack[sp + 3] = matched[k]!;
        sp += 4;
        secondPos[k] = cur;
        matched[k] = 1;
        i = next[i]!;
        break;
      }
      case OP_LINE_BEGIN:
        i = cur === 0 ? next[i]! : -1;
        break;
      case OP_LINE_END:
        i = cur === len ? next[i]! : -1;
        break;
      case OP_MATCH: {
        const c = cur < len ? s.charCodeAt(cur) : 256;
        if (c < 256 && matchers[arg[i]!]![c]) {
          cur++;
          stack[sp] = F_CUR_DEC;
          sp += 4;
          i = next[i]!;
        } else {
          i = -1;
        }
        break;
      }
      case OP_ACCEPT: {
        let sol = exact ? cur === len : true;
        if (notNull && cur === begin) sol = false;
        hasSol = sol;
        i = -1;
        if (sol && (solPos === -1 || solPos < cur)) {
          solPos = cur;
          results = new Int32Array(nSub * 2);
          for (let k = 0; k < nSub; k++) {
            if (matched[k]) {
              results[2 * k] = firstPos[k]!;
              results[2 * k + 1] = secondPos[k]!;
            } else {
              results[2 * k] = -1;
              results[2 * k + 1] = -1;
            }
          }
          // Nothing found later can be longer: stop (undoing the repeat
          // bookkeeping still on the stack).
          if (exact || cur === len) {
            while (sp > 0) {
              sp -= 4;
              const k = stack[sp]!;
              const j = stack[sp + 1]!;
              if (k === F_REP_RESTORE) {
                repPos[j] = stack[sp + 2]!;
                repCnt[j] = stack[sp + 3]!;
              } else if (k === F_REP_DEC) {
                repCnt[j] = repCnt[j]! - 1;
              }
            }
            return results;
          }
        }
        break;
      }
      case OP_ALTERNATIVE:
        stack[sp] = F_ALT_RIGHT;
        stack[sp + 1] = i;
        sp += 4;
        i = alt[i]!;
        break;
      default:
        throw new Error(`regex executor: unexpected NFA state ${op[i]}`);
    }
  }
  return results;
}

interface Match {
  start: number;
  end: number;
  groups: RegexGroups;
}

function toMatch(r: Int32Array, s: string, groupCount: number): Match {
  return { start: r[0]!, end: r[1]!, groups: groupsOf(r, s, groupCount) };
}

/** regex_search from `from`: the first position with a match, and libstdc++'s match there. */
function search(re: CompiledRegex, s: string, from: number, allowJs: boolean): Match | null {
  if (allowJs && re.jsSearch !== null) {
    const js = re.jsSearch;
    js.lastIndex = from;
    let m: RegExpExecArray | null | undefined;
    try {
      m = js.exec(s);
    } catch {
      m = undefined; // e.g. V8's backtrack stack overflow: use the executor
    }
    if (m !== undefined) {
      if (m === null) return null;
      const groups: RegexGroups = new Array<string | null>(re.groupCount);
      for (let k = 0; k < re.groupCount; k++) groups[k] = m[k + 1] ?? null;
      return { start: m.index, end: m.index + m[0].length, groups };
    }
  }
  const first = re.firstBytes;
  const len = s.length;
  for (let p = from; p <= len; p++) {
    if (re.anchored && p > 0) return null;
    if (first !== null) {
      if (p === len) return null;
      const c = s.charCodeAt(p);
      if (c > 255 || !first[c]) continue;
    }
    const r = execute(re, s, p, false, false);
    if (r !== null) return toMatch(r, s, re.groupCount);
  }
  return null;
}

function groupsOf(r: Int32Array, s: string, groupCount: number): RegexGroups {
  const out: RegexGroups = new Array<string | null>(groupCount);
  for (let k = 1; k <= groupCount; k++) {
    const a = r[2 * k]!;
    out[k - 1] = a < 0 ? null : s.slice(a, r[2 * k + 1]!);
  }
  return out;
}
