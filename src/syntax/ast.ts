// The abstract syntax tree the parser produces and the compiler consumes.
//
// The tree is already desugared the way CppNix's parser desugars it, because
// `nix-instantiate --parse` prints the desugared form and static errors
// (duplicate attributes) are found while desugaring:
//   - nested attribute paths `a.b.c = 1;` become nested `AttrsExpr`s, merged
//     with their siblings;
//   - legacy `let { ...; body = e; }` becomes `(rec { ... }).body`;
//   - a URI literal becomes a plain string;
//   - `<p>` becomes `__findFile __nixPath "p"` (kept as its own node so the
//     compiler can see it; it prints as CppNix prints it).
// Operators CppNix desugars into calls (`-`, `*`, `/`, `<`, `>`, `<=`, `>=`,
// unary minus) stay operators here, so the compiler can emit one opcode for
// them; the printer prints them in CppNix's desugared form.
//
// `pos` on every node is the source offset CppNix attaches to that
// expression (the position its error messages point at), an offset into the
// `Source` the tree was parsed from.

import type { Source } from '../errors/source.js';

export type Expr =
  | IntExpr
  | FloatExpr
  | StringExpr
  | InterpolationExpr
  | PathExpr
  | SearchPathExpr
  | VarExpr
  | SelectExpr
  | HasAttrExpr
  | AttrsExpr
  | ListExpr
  | LambdaExpr
  | CallExpr
  | LetExpr
  | WithExpr
  | IfExpr
  | AssertExpr
  | NotExpr
  | NegateExpr
  | BinaryExpr
  | CurPosExpr;

interface NodeBase {
  /** Source offset CppNix reports for this expression. */
  pos: number;
}

/** An integer literal. Literals up to 2^63-1 are valid; `bigint` keeps them exact. */
export interface IntExpr extends NodeBase {
  kind: 'int';
  value: bigint;
}

export interface FloatExpr extends NodeBase {
  kind: 'float';
  value: number;
}

/**
 * A string with no interpolation (also what a URI literal becomes). `value`
 * is a binary string: one JS char per byte of the UTF-8 source.
 */
export interface StringExpr extends NodeBase {
  kind: 'string';
  value: string;
}

/**
 * A string or path with interpolated parts: CppNix's ExprConcatStrings
 * with forceString = true. `isPath` is set when it started as a path
 * literal, so the result is a path.
 */
export interface InterpolationExpr extends NodeBase {
  kind: 'interpolation';
  isPath: boolean;
  parts: Expr[];
  /**
   * CppNix's position of each part (same length as `parts`): the start of a
   * literal piece, the `${` of an interpolation, the start of the path. Errors
   * while coercing a part (`… while evaluating a path segment`) point here.
   */
  partPos: number[];
}

/**
 * A path literal without interpolation, already made absolute (relative
 * paths against the base directory of the source, `~/` against $HOME when
 * `home` is true: CppNix resolves `~` at evaluation time).
 */
export interface PathExpr extends NodeBase {
  kind: 'path';
  value: string;
  /** For `~/...`: `value` is the part after `~`, resolved when evaluated. */
  home: boolean;
}

/** `<nixpkgs/lib>`: looked up in the search path at evaluation time. */
export interface SearchPathExpr extends NodeBase {
  kind: 'searchPath';
  path: string;
}

export interface VarExpr extends NodeBase {
  kind: 'var';
  name: string;
}

/** One element of an attribute path: a static name or an expression (`${e}` or `"a${b}"`). */
export type AttrName = { kind: 'static'; name: string; pos: number } | { kind: 'dynamic'; expr: Expr; pos: number };

export interface SelectExpr extends NodeBase {
  kind: 'select';
  /** An `InheritFromExpr` only in what `inherit (e) a;` desugars to. */
  expr: Expr | InheritFromExpr;
  path: AttrName[];
  /** The `or` default. */
  default: Expr | null;
}

/** `e ? a.b.c` */
export interface HasAttrExpr extends NodeBase {
  kind: 'hasAttr';
  expr: Expr;
  path: AttrName[];
}

/**
 * How an attribute was defined. `inheritFrom` attributes have as value a
 * `SelectExpr` whose `expr` is an `InheritFromExpr` marker pointing into
 * `AttrsExpr.inheritFrom`.
 */
export type AttrDefKind = 'plain' | 'inherit' | 'inheritFrom';

export interface AttrDef {
  kind: AttrDefKind;
  value: Expr;
  /** Offset of the attribute name in the source. */
  pos: number;
  /** For `inheritFrom`: index into `AttrsExpr.inheritFrom`. */
  fromIndex?: number;
}

export interface DynamicAttrDef {
  name: Expr;
  value: Expr;
  pos: number;
}

export interface AttrsExpr extends NodeBase {
  kind: 'attrs';
  rec: boolean;
  /** Static attributes, by name, in source order of first definition. */
  attrs: Map<string, AttrDef>;
  /** `"${e}" = v;` attributes, in source order. */
  dynamic: DynamicAttrDef[];
  /** The `e` of each `inherit (e) ...;`, in source order. */
  inheritFrom: Expr[];
}

/**
 * Refers to `inheritFrom[index]` of the nearest enclosing `AttrsExpr` or
 * `LetExpr` bindings (CppNix's ExprInheritFrom). Only ever appears as the
 * `expr` of the `SelectExpr` an `inherit (e) a;` desugars to.
 */
export interface InheritFromExpr extends NodeBase {
  kind: 'inheritFrom';
  index: number;
}

export interface ListExpr extends NodeBase {
  kind: 'list';
  items: Expr[];
}

export interface Formal {
  name: string;
  default: Expr | null;
  pos: number;
}

export interface Formals {
  /** In source order; duplicates are a parse error. */
  entries: Formal[];
  ellipsis: boolean;
}

export interface LambdaExpr extends NodeBase {
  kind: 'lambda';
  /** The simple argument name, or the `@` name of a formals lambda. */
  arg: string | null;
  formals: Formals | null;
  body: Expr;
  /** Filled in from the enclosing binding (`f = x: ...` names it `f`), for traces. */
  name: string | null;
}

/** `f a b`: one call node with all arguments, as CppNix's ExprCall. */
export interface CallExpr extends NodeBase {
  kind: 'call';
  fn: Expr;
  args: Expr[];
}

/** `let ... in body`: `bindings.rec` is always true. */
export interface LetExpr extends NodeBase {
  kind: 'let';
  bindings: AttrsExpr;
  body: Expr;
}

export interface WithExpr extends NodeBase {
  kind: 'with';
  env: Expr;
  body: Expr;
}

export interface IfExpr extends NodeBase {
  kind: 'if';
  cond: Expr;
  then: Expr;
  else: Expr;
}

export interface AssertExpr extends NodeBase {
  kind: 'assert';
  cond: Expr;
  body: Expr;
}

export interface NotExpr extends NodeBase {
  kind: 'not';
  expr: Expr;
}

/** Unary minus: CppNix's `__sub 0 e`. */
export interface NegateExpr extends NodeBase {
  kind: 'negate';
  expr: Expr;
}

export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | '->' | '//' | '++' | '+' | '-' | '*' | '/' | '|>' | '<|';

/**
 * `pos` is the operator's position, as in CppNix. `|>` and `<|` never appear:
 * CppNix (and the parser) turn them into calls (`a |> f` is `f a`).
 */
export interface BinaryExpr extends NodeBase {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  /**
   * For `+` only (CppNix's ExprConcatStrings): the start offsets of the two
   * operands, where CppNix points errors about them (`cannot add a string to
   * an integer`).
   */
  partPos?: [number, number];
}

export interface CurPosExpr extends NodeBase {
  kind: 'curPos';
}

/** The `InheritFromExpr` marker is an expression too, but only in that one place. */
export type AnyExpr = Expr | InheritFromExpr;

/** A parsed source: the tree and where it came from. */
export interface ParsedSource {
  source: Source;
  expr: Expr;
}
