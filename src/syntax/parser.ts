// The Nix parser: CppNix's bison grammar (src/libexpr/parser.y), run by a
// table-driven LALR(1) parser whose tables lalr.ts builds the way bison
// does. Being table-driven, it parses any nesting depth without recursion,
// and it detects syntax errors in the same state as CppNix, so its
// `syntax error, unexpected X, expecting Y` messages are bison's.
//
// The semantic actions build the AST of ast.ts, desugaring as CppNix's
// actions do (nested attribute paths, merging of attribute sets, legacy
// `let { }`, indentation stripping, path resolution) and raising the same
// static errors (duplicate attributes and formals, dynamic attributes in
// `let` and `inherit`).

import { SymbolTable } from './symbols.js';
import type {
  AttrDef,
  AttrName,
  AttrsExpr,
  BinaryExpr,
  BinaryOp,
  CallExpr,
  Expr,
  Formal,
  Formals,
  InheritFromExpr,
  InterpolationExpr,
  LambdaExpr,
  SelectExpr,
  StringExpr,
  VarExpr,
} from './ast.js';
import { ParseError } from '../errors/error.js';
import type { Pos, Source } from '../errors/source.js';
import { formatPos } from '../errors/render.js';
import { canonicalisePath } from '../value/paths.js';
import {
  ACTION_ERROR,
  Assoc,
  buildTables,
  deserializeTables,
  expectedTokens,
  grammarFingerprint,
  serializeTables,
  type Grammar,
  type Tables,
} from './lalr.js';
import { PREBUILT_FINGERPRINT, PREBUILT_TABLES } from './tables.js';
import * as L from './lexer.js';
import { printExpr, printIdentifier } from './printer.js';

export type LintLevel = 'ignore' | 'warn' | 'fatal';

export interface ParseWarning {
  /** The warning text, as CppNix prints it after `warning: ` (a binary string). */
  message: string;
  /** Where it points, if it has a code frame; `null` when the position is in the message. */
  pos: Pos | null;
}

export interface ParseOptions {
  /** The evaluator's symbol table (CppNix's order of names), shared by every parse. */
  symbols?: Pick<SymbolTable, 'intern'>;
  /** Allow `|>` and `<|` (CppNix's experimental feature `pipe-operators`). */
  pipeOperators?: boolean;
  /** `pure-eval`: `~/...` paths are an error. */
  pureEval?: boolean;
  /** CppNix's `lint-url-literals` (default ignore). */
  lintUrlLiterals?: LintLevel;
  /** CppNix's `lint-absolute-path-literals` (default ignore): `/abs` and `~/home` paths. */
  lintAbsolutePathLiterals?: LintLevel;
  /** CppNix's `lint-short-path-literals` (default ignore): `a/b` instead of `./a/b`. */
  lintShortPathLiterals?: LintLevel;
  /** Receives warnings (lints set to `warn`, the deprecated "cursed or"), in source order. */
  onWarning?: (warning: ParseWarning) => void;
  /** Parse REPL bindings (`a = 1; b = 2;`) instead of an expression; returns an AttrsExpr. */
  replBindings?: boolean;
}

// ---------------------------------------------------------------------------
// The grammar, rule for rule as in parser.y (rule order matters: bison breaks
// ties between reductions by it).

type Action = (p: Parser, b: number) => unknown;
type RuleDef = [lhs: string, rhs: string, action: Action, prec?: string];

const TERMINALS: Record<string, number> = {
  $end: L.T_EOF,
  error: L.T_ERROR,
  ID: L.T_ID,
  STR: L.T_STR,
  IND_STR: L.T_IND_STR,
  INT_LIT: L.T_INT,
  FLOAT_LIT: L.T_FLOAT,
  PATH: L.T_PATH,
  HPATH: L.T_HPATH,
  SPATH: L.T_SPATH,
  PATH_END: L.T_PATH_END,
  URI: L.T_URI,
  IF: L.T_IF,
  THEN: L.T_THEN,
  ELSE: L.T_ELSE,
  ASSERT: L.T_ASSERT,
  WITH: L.T_WITH,
  LET: L.T_LET,
  IN_KW: L.T_IN,
  REC: L.T_REC,
  INHERIT: L.T_INHERIT,
  EQ: L.T_EQ,
  NEQ: L.T_NEQ,
  LEQ: L.T_LEQ,
  GEQ: L.T_GEQ,
  UPDATE: L.T_UPDATE,
  CONCAT: L.T_CONCAT,
  AND: L.T_AND,
  OR: L.T_OR,
  IMPL: L.T_IMPL,
  OR_KW: L.T_OR_KW,
  PIPE_FROM: L.T_PIPE_FROM,
  PIPE_INTO: L.T_PIPE_INTO,
  DOLLAR_CURLY: L.T_DOLLAR_CURLY,
  IND_STRING_OPEN: L.T_IND_STRING_OPEN,
  IND_STRING_CLOSE: L.T_IND_STRING_CLOSE,
  ELLIPSIS: L.T_ELLIPSIS,
  REPL_BINDINGS: L.T_REPL_BINDINGS,
  NOT: L.T_NOT,
  NEGATE: L.T_NEGATE,
  "'<'": L.T_LT,
  "'>'": L.T_GT,
  "'+'": L.T_PLUS,
  "'-'": L.T_MINUS,
  "'*'": L.T_STAR,
  "'/'": L.T_SLASH,
  "'?'": L.T_QUESTION,
  "':'": L.T_COLON,
  "'@'": L.T_AT,
  "';'": L.T_SEMI,
  "'!'": L.T_BANG,
  "'.'": L.T_DOT,
  "'\"'": L.T_QUOTE,
  "'('": L.T_LPAREN,
  "')'": L.T_RPAREN,
  "'{'": L.T_LBRACE,
  "'}'": L.T_RBRACE,
  "'['": L.T_LBRACKET,
  "']'": L.T_RBRACKET,
  "'='": L.T_ASSIGN,
  "','": L.T_COMMA,
};

// %right IMPL / %left OR / %left AND / %nonassoc EQ NEQ / %nonassoc '<' '>' LEQ GEQ
// %right UPDATE / %left NOT / %left '+' '-' / %left '*' '/' / %right CONCAT
// %nonassoc '?' / %nonassoc NEGATE
const PRECEDENCE: [Assoc, string[]][] = [
  [Assoc.Right, ['IMPL']],
  [Assoc.Left, ['OR']],
  [Assoc.Left, ['AND']],
  [Assoc.NonAssoc, ['EQ', 'NEQ']],
  [Assoc.NonAssoc, ["'<'", "'>'", 'LEQ', 'GEQ']],
  [Assoc.Right, ['UPDATE']],
  [Assoc.Left, ['NOT']],
  [Assoc.Left, ["'+'", "'-'"]],
  [Assoc.Left, ["'*'", "'/'"]],
  [Assoc.Right, ['CONCAT']],
  [Assoc.NonAssoc, ["'?'"]],
  [Assoc.NonAssoc, ['NEGATE']],
];

const binop =
  (op: BinaryOp): Action =>
  (p, b) => {
    const e: BinaryExpr = { kind: 'binary', op, pos: p.st[b + 1]!, left: p.v[b] as Expr, right: p.v[b + 2] as Expr };
    if (op === '+') e.partPos = [p.st[b]!, p.st[b + 2]!];
    return e;
  };

const pass: Action = (p, b) => p.v[b];

const RULES: RuleDef[] = [
  ['$accept', 'start $end', pass],

  ['start', 'expr', pass],
  ['start', 'REPL_BINDINGS binds1', (p, b) => p.v[b + 1]],

  ['expr', 'expr_function', pass],

  ['expr_function', "ID ':' expr_function", (p, b) => p.lambda(p.cur, p.v[b] as string, null, p.v[b + 2] as Expr)],
  [
    'expr_function',
    "formal_set ':' expr_function",
    (p, b) => {
      const formals = p.v[b] as Formals;
      p.validateFormals(formals, p.cur, null);
      return p.lambda(p.cur, null, formals, p.v[b + 2] as Expr);
    },
  ],
  [
    'expr_function',
    "formal_set '@' ID ':' expr_function",
    (p, b) => {
      const formals = p.v[b] as Formals;
      const arg = p.v[b + 2] as string;
      p.validateFormals(formals, p.cur, arg);
      return p.lambda(p.cur, arg, formals, p.v[b + 4] as Expr);
    },
  ],
  [
    'expr_function',
    "ID '@' formal_set ':' expr_function",
    (p, b) => {
      const formals = p.v[b + 2] as Formals;
      const arg = p.v[b] as string;
      p.validateFormals(formals, p.cur, arg);
      return p.lambda(p.cur, arg, formals, p.v[b + 4] as Expr);
    },
  ],
  ['expr_function', "ASSERT expr ';' expr_function", (p, b) => ({ kind: 'assert', pos: p.cur, cond: p.v[b + 1], body: p.v[b + 3] })],
  ['expr_function', "WITH expr ';' expr_function", (p, b) => ({ kind: 'with', pos: p.cur, env: p.v[b + 1], body: p.v[b + 3] })],
  [
    'expr_function',
    'LET binds IN_KW expr_function',
    (p, b) => {
      const binds = p.v[b + 1] as AttrsExpr;
      if (binds.dynamic.length > 0) p.error('dynamic attributes not allowed in let', p.cur);
      binds.rec = true;
      return { kind: 'let', pos: p.cur, bindings: binds, body: p.v[b + 3] };
    },
  ],
  ['expr_function', 'expr_if', pass],

  ['expr_if', 'IF expr THEN expr ELSE expr', (p, b) => ({ kind: 'if', pos: p.cur, cond: p.v[b + 1], then: p.v[b + 3], else: p.v[b + 5] })],
  ['expr_if', 'expr_pipe_from', pass],
  ['expr_if', 'expr_pipe_into', pass],
  ['expr_if', 'expr_op', pass],

  ['expr_pipe_from', 'expr_op PIPE_FROM expr_pipe_from', (p, b) => p.makeCall(p.st[b + 1]!, p.v[b] as Expr, p.v[b + 2] as Expr)],
  ['expr_pipe_from', 'expr_op PIPE_FROM expr_op', (p, b) => p.makeCall(p.st[b + 1]!, p.v[b] as Expr, p.v[b + 2] as Expr)],

  ['expr_pipe_into', 'expr_pipe_into PIPE_INTO expr_op', (p, b) => p.makeCall(p.st[b + 1]!, p.v[b + 2] as Expr, p.v[b] as Expr)],
  ['expr_pipe_into', 'expr_op PIPE_INTO expr_op', (p, b) => p.makeCall(p.st[b + 1]!, p.v[b + 2] as Expr, p.v[b] as Expr)],

  ['expr_op', "'!' expr_op", (p, b) => ({ kind: 'not', pos: p.cur, expr: p.v[b + 1] }), 'NOT'],
  ['expr_op', "'-' expr_op", (p, b) => ({ kind: 'negate', pos: p.cur, expr: p.v[b + 1] }), 'NEGATE'],
  ['expr_op', 'expr_op EQ expr_op', binop('==')],
  ['expr_op', 'expr_op NEQ expr_op', binop('!=')],
  ['expr_op', "expr_op '<' expr_op", binop('<')],
  ['expr_op', 'expr_op LEQ expr_op', binop('<=')],
  ['expr_op', "expr_op '>' expr_op", binop('>')],
  ['expr_op', 'expr_op GEQ expr_op', binop('>=')],
  ['expr_op', 'expr_op AND expr_op', binop('&&')],
  ['expr_op', 'expr_op OR expr_op', binop('||')],
  ['expr_op', 'expr_op IMPL expr_op', binop('->')],
  ['expr_op', 'expr_op UPDATE expr_op', binop('//')],
  ['expr_op', "expr_op '?' attrpath", (p, b) => ({ kind: 'hasAttr', pos: p.st[b + 1]!, expr: p.v[b], path: p.v[b + 2] })],
  ['expr_op', "expr_op '+' expr_op", binop('+')],
  ['expr_op', "expr_op '-' expr_op", binop('-')],
  ['expr_op', "expr_op '*' expr_op", binop('*')],
  ['expr_op', "expr_op '/' expr_op", binop('/')],
  ['expr_op', 'expr_op CONCAT expr_op', binop('++')],
  ['expr_op', 'expr_app', pass],

  [
    'expr_app',
    'expr_app expr_select',
    (p, b) => {
      const e = p.makeCall(p.cur, p.v[b] as Expr, p.v[b + 1] as Expr);
      p.warnIfCursedOr(p.v[b + 1] as Expr);
      return e;
    },
  ],
  [
    'expr_app',
    'expr_select',
    (p, b) => {
      p.cursedOr.delete(p.v[b] as Expr);
      return p.v[b];
    },
  ],

  ['expr_select', "expr_simple '.' attrpath", (p, b) => ({ kind: 'select', pos: p.cur, expr: p.v[b], path: p.v[b + 2], default: null })],
  [
    'expr_select',
    "expr_simple '.' attrpath OR_KW expr_select",
    (p, b) => {
      p.warnIfCursedOr(p.v[b + 4] as Expr);
      return { kind: 'select', pos: p.cur, expr: p.v[b], path: p.v[b + 2], default: p.v[b + 4] };
    },
  ],
  [
    // Backwards compatibility: `map or [...]` applies `map` to a variable `or`.
    'expr_select',
    'expr_simple OR_KW',
    (p, b) => {
      const orVar: VarExpr = { kind: 'var', pos: p.cur, name: 'or' };
      const call: CallExpr = { kind: 'call', pos: p.cur, fn: p.v[b] as Expr, args: [orVar] };
      p.cursedOr.set(call, p.en[b + 1]!);
      return call;
    },
  ],
  ['expr_select', 'expr_simple', pass],

  [
    'expr_simple',
    'ID',
    (p, b) => {
      const name = p.v[b] as string;
      if (name === '__curPos') return { kind: 'curPos', pos: p.cur };
      return { kind: 'var', pos: p.cur, name: p.sym(name) };
    },
  ],
  ['expr_simple', 'INT_LIT', (p, b) => ({ kind: 'int', pos: p.cur, value: p.v[b] })],
  ['expr_simple', 'FLOAT_LIT', (p, b) => ({ kind: 'float', pos: p.cur, value: p.v[b] })],
  ['expr_simple', "'\"' string_parts '\"'", (p, b) => p.stringyToExpr(p.v[b + 1] as Stringy, p.cur)],
  ['expr_simple', 'IND_STRING_OPEN ind_string_parts IND_STRING_CLOSE', (p, b) => p.stripIndentation(p.cur, p.v[b + 1] as IndPart[])],
  ['expr_simple', 'path_start PATH_END', pass],
  [
    'expr_simple',
    'path_start string_parts_interpolated PATH_END',
    (p, b) => {
      const parts = p.v[b + 1] as Parts;
      parts.exprs.unshift(p.v[b] as Expr);
      parts.pos.unshift(p.st[b]!);
      return { kind: 'interpolation', pos: p.cur, isPath: true, parts: parts.exprs, partPos: parts.pos };
    },
  ],
  ['expr_simple', 'SPATH', (p, b) => ({ kind: 'searchPath', pos: p.cur, path: (p.v[b] as string).slice(1, -1) })],
  [
    'expr_simple',
    'URI',
    (p, b) => {
      const uri = p.v[b] as string;
      p.diagnose(
        p.options.lintUrlLiterals,
        'lint-url-literals',
        p.cur,
        (fatal) => `URL literals are ${fatal ? 'disallowed' : 'discouraged'}. Consider using a string literal "${uri}" instead`,
      );
      return { kind: 'string', pos: p.cur, value: uri };
    },
  ],
  ['expr_simple', "'(' expr ')'", (p, b) => p.v[b + 1]],
  [
    // Legacy `let { ...; body = e; }` is `(rec { ...; body = e; }).body`.
    'expr_simple',
    "LET '{' binds '}'",
    (p, b) => {
      const attrs = p.v[b + 2] as AttrsExpr;
      attrs.rec = true;
      attrs.pos = p.cur;
      const sel: SelectExpr = {
        kind: 'select',
        pos: p.cur,
        expr: attrs,
        path: [{ kind: 'static', name: 'body', pos: p.cur }],
        default: null,
      };
      return sel;
    },
  ],
  [
    'expr_simple',
    "REC '{' binds '}'",
    (p, b) => {
      const attrs = p.v[b + 2] as AttrsExpr;
      attrs.rec = true;
      attrs.pos = p.cur;
      return attrs;
    },
  ],
  [
    'expr_simple',
    "'{' binds1 '}'",
    (p, b) => {
      const attrs = p.v[b + 1] as AttrsExpr;
      attrs.pos = p.cur;
      return attrs;
    },
  ],
  ['expr_simple', "'{' '}'", (p) => newAttrs(p.cur)],
  ['expr_simple', "'[' list ']'", (p, b) => ({ kind: 'list', pos: p.cur, items: p.v[b + 1] })],

  ['string_parts', 'STR', pass],
  [
    'string_parts',
    'string_parts_interpolated',
    (p, b) => {
      const parts = p.v[b] as Parts;
      const e: InterpolationExpr = { kind: 'interpolation', pos: p.cur, isPath: false, parts: parts.exprs, partPos: parts.pos };
      return e;
    },
  ],
  ['string_parts', '', () => ''],

  [
    'string_parts_interpolated',
    'string_parts_interpolated STR',
    (p, b) => {
      const parts = p.v[b] as Parts;
      parts.exprs.push(p.stringExpr(p.v[b + 1] as string, p.st[b + 1]!));
      parts.pos.push(p.st[b + 1]!);
      return parts;
    },
  ],
  [
    'string_parts_interpolated',
    "string_parts_interpolated DOLLAR_CURLY expr '}'",
    (p, b) => {
      const parts = p.v[b] as Parts;
      parts.exprs.push(p.v[b + 2] as Expr);
      parts.pos.push(p.st[b + 1]!);
      return parts;
    },
  ],
  ['string_parts_interpolated', "DOLLAR_CURLY expr '}'", (p, b) => ({ exprs: [p.v[b + 1]], pos: [p.st[b]!] })],
  [
    'string_parts_interpolated',
    "STR DOLLAR_CURLY expr '}'",
    (p, b) => ({
      exprs: [p.stringExpr(p.v[b] as string, p.st[b]!), p.v[b + 2]],
      pos: [p.st[b]!, p.st[b + 1]!],
    }),
  ],

  ['path_start', 'PATH', (p, b) => p.pathLiteral(p.v[b] as string, p.cur)],
  ['path_start', 'HPATH', (p, b) => p.homePathLiteral(p.v[b] as string, p.cur)],

  [
    'ind_string_parts',
    'ind_string_parts IND_STR',
    (p, b) => {
      const parts = p.v[b] as IndPart[];
      const tok = p.v[b + 1] as IndStrToken;
      parts.push({ pos: p.st[b + 1]!, str: tok.value, hasIndentation: tok.hasIndentation, expr: null });
      return parts;
    },
  ],
  [
    'ind_string_parts',
    "ind_string_parts DOLLAR_CURLY expr '}'",
    (p, b) => {
      const parts = p.v[b] as IndPart[];
      parts.push({ pos: p.st[b + 1]!, str: '', hasIndentation: false, expr: p.v[b + 2] as Expr });
      return parts;
    },
  ],
  ['ind_string_parts', '', () => []],

  ['binds', 'binds1', pass],
  ['binds', '', (p) => newAttrs(p.cur)],

  [
    'binds1',
    "binds1 attrpath '=' expr ';'",
    (p, b) => {
      const attrs = p.v[b] as AttrsExpr;
      p.addAttr(attrs, p.v[b + 1] as AttrName[], p.st[b + 1]!, p.v[b + 3] as Expr);
      return attrs;
    },
  ],
  [
    'binds1',
    "binds INHERIT attrs ';'",
    (p, b) => {
      const attrs = p.v[b] as AttrsExpr;
      for (const { name, pos } of p.v[b + 2] as InheritName[]) {
        const prev = attrs.attrs.get(name);
        if (prev) p.dupAttr(printIdentifier(name), pos, prev.pos);
        const value: VarExpr = { kind: 'var', pos, name };
        attrs.attrs.set(name, { kind: 'inherit', value, pos });
      }
      return attrs;
    },
  ],
  [
    'binds1',
    "binds INHERIT '(' expr ')' attrs ';'",
    (p, b) => {
      const attrs = p.v[b] as AttrsExpr;
      const index = attrs.inheritFrom.length;
      attrs.inheritFrom.push(p.v[b + 3] as Expr);
      const from: InheritFromExpr = { kind: 'inheritFrom', pos: p.st[b + 3]!, index };
      for (const { name, pos } of p.v[b + 5] as InheritName[]) {
        const prev = attrs.attrs.get(name);
        if (prev) p.dupAttr(printIdentifier(name), pos, prev.pos);
        const value: SelectExpr = {
          kind: 'select',
          pos,
          expr: from as unknown as Expr,
          path: [{ kind: 'static', name, pos }],
          default: null,
        };
        attrs.attrs.set(name, { kind: 'inheritFrom', value, pos, fromIndex: index });
      }
      return attrs;
    },
  ],
  [
    'binds1',
    "attrpath '=' expr ';'",
    (p, b) => {
      const attrs = newAttrs(p.cur);
      p.addAttr(attrs, p.v[b] as AttrName[], p.st[b]!, p.v[b + 2] as Expr);
      return attrs;
    },
  ],

  [
    'attrs',
    'attrs attr',
    (p, b) => {
      const list = p.v[b] as InheritName[];
      list.push({ name: p.sym(p.v[b + 1] as string), pos: p.st[b + 1]! });
      return list;
    },
  ],
  [
    'attrs',
    'attrs string_attr',
    (p, b) => {
      const list = p.v[b] as InheritName[];
      const name = staticName(p.v[b + 1] as Stringy);
      if (name === null) return p.error('dynamic attributes not allowed in inherit', p.st[b + 1]!);
      list.push({ name: p.sym(name), pos: p.st[b + 1]! });
      return list;
    },
  ],
  ['attrs', '', () => []],

  [
    'attrpath',
    "attrpath '.' attr",
    (p, b) => {
      const path = p.v[b] as AttrName[];
      path.push({ kind: 'static', name: p.sym(p.v[b + 2] as string), pos: p.st[b + 2]! });
      return path;
    },
  ],
  [
    'attrpath',
    "attrpath '.' string_attr",
    (p, b) => {
      const path = p.v[b] as AttrName[];
      path.push(p.attrName(p.v[b + 2] as Stringy, p.st[b + 2]!));
      return path;
    },
  ],
  ['attrpath', 'attr', (p, b) => [{ kind: 'static', name: p.sym(p.v[b] as string), pos: p.st[b]! }]],
  ['attrpath', 'string_attr', (p, b) => [p.attrName(p.v[b] as Stringy, p.st[b]!)]],

  ['attr', 'ID', pass],
  ['attr', 'OR_KW', () => 'or'],

  ['string_attr', "'\"' string_parts '\"'", (p, b) => p.v[b + 1]],
  ['string_attr', "DOLLAR_CURLY expr '}'", (p, b) => p.v[b + 1]],

  [
    'list',
    'list expr_select',
    (p, b) => {
      const items = p.v[b] as Expr[];
      items.push(p.v[b + 1] as Expr);
      p.warnIfCursedOr(p.v[b + 1] as Expr);
      return items;
    },
  ],
  ['list', '', () => []],

  ['formal_set', "'{' formals ',' ELLIPSIS '}'", (p, b) => ({ entries: p.v[b + 1], ellipsis: true })],
  ['formal_set', "'{' ELLIPSIS '}'", () => ({ entries: [], ellipsis: true })],
  ['formal_set', "'{' formals ',' '}'", (p, b) => ({ entries: p.v[b + 1], ellipsis: false })],
  ['formal_set', "'{' formals '}'", (p, b) => ({ entries: p.v[b + 1], ellipsis: false })],
  ['formal_set', "'{' '}'", () => ({ entries: [], ellipsis: false })],

  [
    'formals',
    "formals ',' formal",
    (p, b) => {
      const list = p.v[b] as Formal[];
      list.push(p.v[b + 2] as Formal);
      return list;
    },
  ],
  ['formals', 'formal', (p, b) => [p.v[b]]],

  ['formal', 'ID', (p, b) => ({ name: p.sym(p.v[b] as string), default: null, pos: p.cur })],
  ['formal', "ID '?' expr", (p, b) => ({ name: p.sym(p.v[b] as string), default: p.v[b + 2], pos: p.cur })],
];

// ---------------------------------------------------------------------------
// Tables: the prebuilt ones of tables.ts, or built from the grammar, on first use.

interface Compiled {
  grammar: Grammar;
  tables: Tables;
  ruleLhs: Int32Array; // nonterminal index (0-based)
  ruleLen: Int32Array;
  /** 1 for a rule `a: b` whose value is b's (most chain rules): reducing it only changes the state. */
  unitPass: Uint8Array;
  actions: Action[];
  nNonterminals: number;
}

let compiled: Compiled | null = null;

function compile(): Compiled {
  if (compiled) return compiled;
  const nonterminals = new Map<string, number>();
  for (const [lhs] of RULES) if (!nonterminals.has(lhs)) nonterminals.set(lhs, L.N_TOKENS + nonterminals.size);
  const tokenPrec: number[] = new Array<number>(L.N_TOKENS).fill(0);
  const tokenAssoc: Assoc[] = new Array<Assoc>(L.N_TOKENS).fill(Assoc.None);
  PRECEDENCE.forEach(([assoc, names], level) => {
    for (const n of names) {
      tokenPrec[TERMINALS[n]!] = level + 1;
      tokenAssoc[TERMINALS[n]!] = assoc;
    }
  });
  const symbol = (name: string): number => {
    const t = TERMINALS[name];
    if (t !== undefined) return t;
    const n = nonterminals.get(name);
    if (n === undefined) throw new Error(`grammar: unknown symbol ${name}`);
    return n;
  };
  const rules = RULES.map(([lhs, rhs, , prec]) => {
    const syms = rhs === '' ? [] : rhs.split(' ').map(symbol);
    let p = 0;
    if (prec !== undefined) p = tokenPrec[TERMINALS[prec]!]!;
    else
      for (let i = syms.length - 1; i >= 0; i--)
        if (syms[i]! < L.N_TOKENS) {
          p = tokenPrec[syms[i]!]!; // bison: the precedence of the rule's last token
          break;
        }
    return { lhs: nonterminals.get(lhs)!, rhs: syms, prec: p };
  });
  const grammar: Grammar = {
    nTerminals: L.N_TOKENS,
    nNonterminals: nonterminals.size,
    rules,
    tokenPrec,
    tokenAssoc,
    eof: L.T_EOF,
    errorToken: L.T_ERROR,
  };
  // Use the prebuilt tables when they belong to this grammar.
  let tables: Tables;
  if (grammarFingerprint(grammar) === PREBUILT_FINGERPRINT) {
    tables = deserializeTables(PREBUILT_TABLES);
  } else {
    tables = buildTables(grammar);
    if (tables.conflicts !== 0) throw new Error(`grammar: ${tables.conflicts} unresolved conflicts`);
  }
  compiled = {
    grammar,
    tables,
    ruleLhs: Int32Array.from(rules, (r) => r.lhs - L.N_TOKENS),
    ruleLen: Int32Array.from(rules, (r) => r.rhs.length),
    unitPass: Uint8Array.from(RULES, (r, i) => (r[2] === pass && rules[i]!.rhs.length === 1 ? 1 : 0)),
    actions: RULES.map((r) => r[2]),
    nNonterminals: nonterminals.size,
  };
  return compiled;
}

// ---------------------------------------------------------------------------
// Semantic values.

/** The value of string_parts / string_attr: static text, or an expression. */
type Stringy = string | Expr;
interface Parts {
  exprs: Expr[];
  pos: number[];
}
interface IndStrToken {
  value: string;
  hasIndentation: boolean;
}
interface IndPart {
  pos: number;
  /** Set for string pieces. */
  str: string;
  hasIndentation: boolean;
  /** Set for `${...}` pieces. */
  expr: Expr | null;
}
interface InheritName {
  name: string;
  pos: number;
}

function newAttrs(pos: number): AttrsExpr {
  return { kind: 'attrs', pos, rec: false, attrs: new Map(), dynamic: [], inheritFrom: [] };
}

/** ToBeStringyExpr::visit: a plain string or a `${"..."}` string literal is a static name. */
function staticName(s: Stringy): string | null {
  if (typeof s === 'string') return s;
  if (s.kind === 'string') return s.value;
  return null;
}

const CALL_LIKE_HEAD: Partial<Record<BinaryOp, string>> = {
  '-': '__sub',
  '*': '__mul',
  '/': '__div',
  '<': '__lessThan',
  '>': '__lessThan',
};

// ---------------------------------------------------------------------------
// The parser.

class Parser {
  /** Value, start and end offset stacks, parallel to the state stack. */
  v: unknown[] = [];
  st: Int32Array = new Int32Array(64);
  en: Int32Array = new Int32Array(64);
  /** CppNix's CUR_POS: the start of the rule being reduced. */
  cur = 0;
  /** "Cursed or" calls (`f or`) not yet known to be harmless, with their end offsets. */
  cursedOr = new Map<Expr, number>();
  /** CppNix's symbol creation order, which decides some iteration orders. */
  private readonly symbols: Pick<SymbolTable, 'intern'>;

  constructor(
    readonly source: Source,
    readonly options: ParseOptions,
  ) {
    this.symbols = options.symbols ?? new SymbolTable();
  }

  sym(name: string): string {
    this.symbols.intern(name);
    return name;
  }

  private symId(name: string): number {
    return this.symbols.intern(name);
  }

  pos(offset: number): Pos {
    return { source: this.source, offset };
  }

  error(message: string, offset: number): never {
    throw new ParseError(message, this.pos(offset));
  }

  run(): Expr {
    const { tables, ruleLhs, ruleLen, unitPass, actions, nNonterminals } = compile();
    const { action, defaultReduction, consistent, gotoTable, finalState } = tables;
    const nT = tables.nTerminals;
    const lexer = new L.Lexer(this.source, {
      pipeOperators: this.options.pipeOperators ?? false,
      replBindings: this.options.replBindings ?? false,
    });
    // The stacks: states, semantic values, start and end offsets. `top` is
    // the index of the top entry; the arrays only ever grow.
    let cap = 64;
    let states: Int32Array = new Int32Array(cap);
    const v = this.v;
    let top = 0;
    states[0] = 0;
    v[0] = null;
    this.st[0] = 0;
    this.en[0] = 0;
    let la = -1; // lookahead token, -1 when none has been read
    for (;;) {
      const s = states[top]!;
      if (s === finalState) return v[1] as Expr;
      let rule: number;
      if (consistent[s]) {
        rule = defaultReduction[s]!;
      } else {
        if (la < 0) la = lexer.next();
        const a = action[s * nT + la]!;
        if (a > 0) {
          // Shift.
          if (++top === cap) {
            cap *= 2;
            states = growInt32(states, cap);
            this.st = growInt32(this.st, cap);
            this.en = growInt32(this.en, cap);
          }
          states[top] = a - 1;
          v[top] = la === L.T_IND_STR ? { value: lexer.value, hasIndentation: lexer.hasIndentation } : lexer.value;
          this.st[top] = lexer.start;
          this.en[top] = lexer.end;
          la = -1;
          continue;
        }
        if (a === 0) {
          rule = defaultReduction[s]!;
          if (rule < 0) this.syntaxError(tables, s, lexer, la);
        } else if (a === ACTION_ERROR) {
          this.syntaxError(tables, s, lexer, la);
        } else {
          rule = -a - 1;
        }
      }
      if (unitPass[rule] === 1) {
        // The value, start and end stay; only the state changes.
        states[top] = gotoTable[states[top - 1]! * nNonterminals + ruleLhs[rule]!]!;
        continue;
      }
      // Reduce: the right-hand side is at b..top; the result replaces it at b.
      const n = ruleLen[rule]!;
      const b = top - n + 1;
      let start: number;
      let end: number;
      if (n > 0) {
        start = this.st[b]!;
        end = this.en[top]!;
      } else {
        start = end = this.en[top]!;
        if (b === cap) {
          cap *= 2;
          states = growInt32(states, cap);
          this.st = growInt32(this.st, cap);
          this.en = growInt32(this.en, cap);
        }
      }
      this.cur = start;
      const value = actions[rule]!(this, b);
      top = b;
      v[top] = value;
      this.st[top] = start;
      this.en[top] = end;
      states[top] = gotoTable[states[top - 1]! * nNonterminals + ruleLhs[rule]!]!;
    }
  }

  private syntaxError(tables: Tables, state: number, lexer: L.Lexer, la: number): never {
    const expected = expectedTokens(tables, state, L.T_ERROR, 4);
    let message = `syntax error, unexpected ${L.TOKEN_NAMES[la]}`;
    if (expected.length > 0) message += `, expecting ${expected.map((t) => L.TOKEN_NAMES[t]).join(' or ')}`;
    // CppNix points at the end of the token for an unexpected end of file.
    this.error(message, la === L.T_EOF ? lexer.end : lexer.start);
  }

  // --- Diagnostics -----------------------------------------------------------

  diagnose(level: LintLevel | undefined, setting: string, offset: number, message: (fatal: boolean) => string): void {
    if (level === undefined || level === 'ignore') return;
    const fatal = level === 'fatal';
    const text = `${message(fatal)} (${setting})`;
    if (fatal) this.error(text, offset);
    this.options.onWarning?.({ message: text, pos: this.pos(offset) });
  }

  warnIfCursedOr(e: Expr): void {
    const end = this.cursedOr.get(e);
    if (end === undefined) return;
    this.cursedOr.delete(e);
    if (!this.options.onWarning) return;
    const snippet = this.source.text.slice(e.pos, end);
    this.options.onWarning({
      message:
        `at ${formatPos(this.pos(e.pos))}: This expression uses \`or\` as an identifier in a way that will change in a future Nix release.\n` +
        'Wrap this entire expression in parentheses to preserve its current meaning:\n' +
        `    (${snippet})\n` +
        'Give feedback at https://github.com/NixOS/nix/pull/11121',
      pos: null,
    });
  }

  // --- Expressions -----------------------------------------------------------

  lambda(pos: number, arg: string | null, formals: Formals | null, body: Expr): LambdaExpr {
    if (arg !== null) this.sym(arg);
    if (formals && formals.entries.length > 65535) this.error('too many formal arguments, implementation supports at most 65535', pos);
    return { kind: 'lambda', pos, arg, formals, body, name: null };
  }

  stringExpr(value: string, pos: number): StringExpr {
    return { kind: 'string', pos, value };
  }

  stringyToExpr(s: Stringy, pos: number): Expr {
    return typeof s === 'string' ? this.stringExpr(s, pos) : s;
  }

  attrName(s: Stringy, pos: number): AttrName {
    const name = staticName(s);
    if (name !== null) return { kind: 'static', name: this.sym(name), pos };
    return { kind: 'dynamic', expr: s as Expr, pos };
  }

  /**
   * CppNix's makeCall: applying a call adds an argument to it. Operators that
   * CppNix desugars into calls (`-`, `*`, `/`, `<`, `>`, unary minus, `<p>`)
   * are spelled out as those calls when they get applied to more arguments.
   */
  makeCall(pos: number, fn: Expr, arg: Expr): Expr {
    if (fn.kind === 'call') {
      fn.args.push(arg);
      return fn;
    }
    const desugared = desugarCallLike(fn);
    if (desugared) {
      desugared.args.push(arg);
      return desugared;
    }
    return { kind: 'call', pos, fn, args: [arg] };
  }

  validateFormals(formals: Formals, pos: number, arg: string | null): void {
    const entries = formals.entries;
    if (entries.length > 1) {
      const sorted = entries.slice().sort((a, b) => this.symId(a.name) - this.symId(b.name) || a.pos - b.pos);
      let dup: Formal | null = null;
      for (let i = 0; i + 1 < sorted.length; i++) {
        if (sorted[i]!.name !== sorted[i + 1]!.name) continue;
        const cand = sorted[i + 1]!;
        if (!dup || this.symId(cand.name) < this.symId(dup.name) || (cand.name === dup.name && cand.pos < dup.pos)) dup = cand;
      }
      if (dup) this.error(`duplicate formal function argument '${printIdentifier(dup.name)}'`, dup.pos);
    }
    if (arg !== null && entries.some((f) => f.name === arg))
      this.error(`duplicate formal function argument '${printIdentifier(arg)}'`, pos);
    // CppNix keeps formals in symbol order: the first missing one is reported.
    entries.sort((a, b) => this.symId(a.name) - this.symId(b.name));
  }

  // --- Paths -----------------------------------------------------------------

  pathLiteral(literal: string, pos: number): Expr {
    let path: string;
    if (literal.charCodeAt(0) === 47 /* / */) {
      this.diagnose(
        this.options.lintAbsolutePathLiterals,
        'lint-absolute-path-literals',
        pos,
        () =>
          `absolute path literals are not portable. Consider replacing path literal '${literal}' by a string, relative path, or parameter`,
      );
      path = canonicalisePath(literal);
    } else {
      if (literal.charCodeAt(0) !== 46 /* . */)
        this.diagnose(
          this.options.lintShortPathLiterals,
          'lint-short-path-literals',
          pos,
          () => `relative path literal '${literal}' should be prefixed with '.' for clarity: './${literal}'`,
        );
      path = canonicalisePath(this.source.baseDir + '/' + literal);
    }
    // A path followed by an interpolation keeps its trailing slash.
    if (literal.length > 1 && literal.endsWith('/')) path += '/';
    return { kind: 'path', pos, value: path, home: false };
  }

  homePathLiteral(literal: string, pos: number): Expr {
    if (this.options.pureEval) throw new ParseError(`the path '${literal}' can not be resolved in pure mode`);
    this.diagnose(
      this.options.lintAbsolutePathLiterals,
      'lint-absolute-path-literals',
      pos,
      () => `home path literals are not portable. Consider replacing path literal '${literal}' by a string, relative path, or parameter`,
    );
    return { kind: 'path', pos, value: literal.slice(1), home: true };
  }

  // --- Indented strings ------------------------------------------------------

  stripIndentation(pos: number, es: IndPart[]): Expr {
    if (es.length === 0) return this.stringExpr('', pos);

    // Minimum indentation; whitespace-only final lines do not count.
    let atStartOfLine = true;
    let minIndent = 1000000;
    let curIndent = 0;
    for (const part of es) {
      if (part.expr || !part.hasIndentation) {
        // Interpolations and escapes end the start-of-line whitespace.
        if (atStartOfLine) {
          atStartOfLine = false;
          if (curIndent < minIndent) minIndent = curIndent;
        }
        continue;
      }
      const s = part.str;
      for (let j = 0; j < s.length; j++) {
        const c = s.charCodeAt(j);
        if (atStartOfLine) {
          if (c === 32) curIndent++;
          else if (c === 10) curIndent = 0;
          else {
            atStartOfLine = false;
            if (curIndent < minIndent) minIndent = curIndent;
          }
        } else if (c === 10) {
          atStartOfLine = true;
          curIndent = 0;
        }
      }
    }

    // Strip it from each line.
    const parts: Expr[] = [];
    const partPos: number[] = [];
    atStartOfLine = true;
    let curDropped = 0;
    for (let i = 0; i < es.length; i++) {
      const part = es[i]!;
      if (part.expr) {
        atStartOfLine = false;
        curDropped = 0;
        parts.push(part.expr);
        partPos.push(part.pos);
        continue;
      }
      const s = part.str;
      let out = '';
      let runStart = 0;
      for (let j = 0; j < s.length; j++) {
        const c = s.charCodeAt(j);
        if (atStartOfLine) {
          if (c === 32) {
            if (curDropped++ < minIndent) {
              out += s.slice(runStart, j);
              runStart = j + 1;
            }
          } else if (c === 10) {
            curDropped = 0;
          } else {
            atStartOfLine = false;
            curDropped = 0;
          }
        } else if (c === 10) {
          atStartOfLine = true;
        }
      }
      out += s.slice(runStart);
      // Remove the last line if it is empty and consists only of spaces.
      if (i === es.length - 1) {
        const p = out.lastIndexOf('\n');
        if (p >= 0 && /^ *$/.test(out.slice(p + 1))) out = out.slice(0, p + 1);
      }
      if (out !== '') {
        parts.push(this.stringExpr(out, part.pos));
        partPos.push(part.pos);
      }
    }
    if (parts.length === 0) return this.stringExpr('', pos);
    if (parts.length === 1 && parts[0]!.kind === 'string') return parts[0]!;
    return { kind: 'interpolation', pos, isPath: false, parts, partPos };
  }

  // --- Attribute sets --------------------------------------------------------

  dupAttr(shownPath: string, offset: number, prevOffset: number): never {
    this.error(`attribute '${shownPath}' already defined at ${formatPos(this.pos(prevOffset))}`, offset);
  }

  /** CppNix's ParserState::addAttr for `path = e;`, with `pos` the start of the path. */
  addAttr(attrs: AttrsExpr, path: AttrName[], pos: number, e: Expr): void {
    const n = path.length;
    for (let i = 0; i + 1 < n; i++) {
      const an = path[i]!;
      let nested: AttrsExpr;
      if (an.kind === 'static') {
        const j = attrs.attrs.get(an.name);
        if (j) {
          if (j.value.kind !== 'attrs') this.dupAttr(showAttrPath(path.slice(0, i + 1)), pos, j.pos);
          nested = j.value;
        } else {
          nested = newAttrs(pos);
          attrs.attrs.set(an.name, { kind: 'plain', value: nested, pos });
        }
      } else {
        nested = newAttrs(pos);
        attrs.dynamic.push({ name: an.expr, value: nested, pos });
      }
      attrs = nested;
    }
    const last = path[n - 1]!;
    if (last.kind === 'static') this.addAttrDef(attrs, path.slice(), last.name, { kind: 'plain', value: e, pos });
    else attrs.dynamic.push({ name: last.expr, value: e, pos });
  }

  /**
   * Adds one definition; an attribute set defined twice is merged into the
   * first, attribute by attribute, and so are the sets those define twice,
   * as deep as they nest: on a work stack, not by recursion.
   */
  private addAttrDef(attrs: AttrsExpr, path: AttrName[], name: string, def: AttrDef): void {
    const first = this.defineAttr(attrs, path, name, def);
    if (first === null) return;
    const merges = [first];
    while (merges.length > 0) {
      const m = merges[merges.length - 1]!;
      if (m.next === m.entries.length) {
        finishMerge(m);
        merges.pop();
        // The name of the attribute whose sets were merged (pushed below).
        if (merges.length > 0) path.pop();
        continue;
      }
      const [k, ad] = m.entries[m.next++]!;
      if (ad.kind === 'inheritFrom') {
        ad.fromIndex = ad.fromIndex! + m.offset;
        const from = (ad.value as SelectExpr).expr as unknown as InheritFromExpr;
        if (!m.moved.has(from)) {
          m.moved.add(from);
          from.index += m.offset;
        }
      }
      path.push({ kind: 'static', name: k, pos: ad.pos });
      const nested = this.defineAttr(m.into, path, k, ad);
      if (nested === null) path.pop();
      else merges.push(nested);
    }
  }

  /** Defines `name` in `attrs`, or, if it is defined there already, the merge of the two sets to do. */
  private defineAttr(attrs: AttrsExpr, path: AttrName[], name: string, def: AttrDef): Merge | null {
    const j = attrs.attrs.get(name);
    if (!j) {
      attrs.attrs.set(name, def);
      setLambdaName(def.value, name);
      return null;
    }
    const ae = def.value;
    const jAttrs = j.value;
    if (ae.kind !== 'attrs' || jAttrs.kind !== 'attrs') {
      this.dupAttr(showAttrPath(path), def.pos, j.pos);
    }
    // Merge `ae` into `jAttrs` (which keeps its own `rec`, as in CppNix).
    const entries = [...ae.attrs].sort((a, b) => this.symId(a[0]) - this.symId(b[0]));
    return { into: jAttrs, from: ae, offset: jAttrs.inheritFrom.length, moved: new Set(), entries, next: 0 };
  }
}

/** A set defined again, being merged into the first definition (see Parser.addAttrDef). */
interface Merge {
  into: AttrsExpr;
  from: AttrsExpr;
  /** Where `from`'s `inherit (e)` sources go in `into`'s. */
  offset: number;
  moved: Set<InheritFromExpr>;
  /** `from`'s attributes, in symbol order, and the next to merge. */
  entries: Array<[string, AttrDef]>;
  next: number;
}

/** Moves what is left of the merged set (dynamic attributes, inherit sources) into the first. */
function finishMerge(m: Merge): void {
  m.from.attrs.clear();
  for (const d of m.from.dynamic) m.into.dynamic.push(d);
  m.from.dynamic = [];
  for (const e of m.from.inheritFrom) m.into.inheritFrom.push(e);
  m.from.inheritFrom = [];
}

function growInt32(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** ExprLambda::setName: names a lambda (and the curried lambdas in its body). */
function setLambdaName(e: Expr, name: string): void {
  while (e.kind === 'lambda') {
    e.name = name;
    e = e.body;
  }
}

/** CppNix's desugaring of an operator it represents as a call, or null. */
function desugarCallLike(e: Expr): CallExpr | null {
  const v = (name: string, pos: number): VarExpr => ({ kind: 'var', pos, name });
  switch (e.kind) {
    case 'negate':
      return { kind: 'call', pos: e.pos, fn: v('__sub', e.pos), args: [{ kind: 'int', pos: e.pos, value: 0n }, e.expr] };
    case 'searchPath':
      return {
        kind: 'call',
        pos: e.pos,
        fn: v('__findFile', e.pos),
        args: [v('__nixPath', e.pos), { kind: 'string', pos: e.pos, value: e.path }],
      };
    case 'binary': {
      const head = CALL_LIKE_HEAD[e.op];
      if (!head) return null;
      const args = e.op === '>' ? [e.right, e.left] : [e.left, e.right];
      return { kind: 'call', pos: e.pos, fn: v(head, e.pos), args };
    }
    default:
      return null;
  }
}

/** showAttrSelectionPath, for error messages. */
function showAttrPath(path: AttrName[]): string {
  return path.map((a) => (a.kind === 'static' ? printIdentifier(a.name) : '"${' + printExpr(a.expr) + '}"')).join('.');
}

/**
 * Parses a Nix expression. Throws a `ParseError` (with a position) for
 * syntax errors and the static errors CppNix reports while parsing.
 */
export function parse(source: Source, options: ParseOptions = {}): Expr {
  return new Parser(source, options).run();
}

/** Loads (or builds) the parser tables now; they are otherwise loaded on the first parse. */
export function prepareParser(): void {
  compile();
}

/**
 * The parser's grammar and freshly built tables (ignoring the prebuilt
 * ones), and the text of tables.ts for them. When the grammar changes,
 * regenerate tables.ts with:
 *
 *     node -e "import('./dist/src/syntax/parser.js').then((m) => process.stdout.write(m.freshTables().module))" > src/syntax/tables.ts
 *
 * (the parser still works with stale prebuilt tables: it builds its own).
 */
export function freshTables(): { fingerprint: string; tables: Tables; module: string } {
  const { grammar } = compile();
  const tables = buildTables(grammar);
  const fingerprint = grammarFingerprint(grammar);
  const module =
    '// Generated from the grammar in parser.ts by `freshTables()`; do not edit.\n' +
    '// The LALR(1) tables, prebuilt so that the parser does not build them at startup.\n\n' +
    `export const PREBUILT_FINGERPRINT = '${fingerprint}';\n\n` +
    `export const PREBUILT_TABLES =\n  '${serializeTables(tables)}';\n`;
  return { fingerprint, tables, module };
}
