// Prints an AST the way CppNix's `Expr::show` does: the output of
// `nix-instantiate --parse`. Operators CppNix desugars print desugared
// (`a - b` is `(__sub a b)`), attributes and formals print sorted by name.
//
// The printer walks the tree with an explicit stack, so arbitrarily deep
// trees print without growing the JS call stack.

import { needsEscape, printLiteralString } from '../value/literal.js';
import type { AnyExpr, AttrName, AttrsExpr, Expr } from './ast.js';

export interface PrintOptions {
  /** `$HOME`, for `~/...` paths (CppNix resolves them while parsing). Default: the environment's. */
  home?: string;
}

const KEYWORDS = new Set(['if', 'then', 'else', 'assert', 'with', 'let', 'in', 'rec', 'inherit']);

/** CppNix's printLiteralString: a quoted string with minimal escaping (binary in, binary out). */
/** A string literal as CppNix prints it (the value printer's escaping, shared). */
export { printLiteralString };

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 39 || c === 45;
}

/** CppNix's printIdentifier: the name as is if it lexes as an identifier, else quoted. */
export function printIdentifier(s: string): string {
  if (s === '') return '""';
  if (KEYWORDS.has(s)) return `"${s}"`;
  const c = s.charCodeAt(0);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return printLiteralString(s);
  for (let i = 1; i < s.length; i++) if (!isIdentChar(s.charCodeAt(i))) return printLiteralString(s);
  return s;
}

/** A float as C++'s `ostream << double` prints it (`%g`: 6 significant digits). */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const sign = v < 0 ? '-' : '';
  // The exact decimal expansion (101 significant digits cover every tie).
  const full = Math.abs(v).toExponential(99);
  const e = full.indexOf('e');
  let exp = parseInt(full.slice(e + 1), 10);
  const digits = full[0]! + full.slice(2, e);
  let head = digits.slice(0, 6);
  const next = digits.charCodeAt(6) - 48;
  const restNonZero = /[1-9]/.test(digits.slice(7));
  const odd = (head.charCodeAt(5) - 48) % 2 === 1;
  if (next > 5 || (next === 5 && (restNonZero || odd))) {
    const n = parseInt(head, 10) + 1;
    if (n === 1000000) {
      head = '100000';
      exp++;
    } else {
      head = String(n);
    }
  }
  let out: string;
  if (exp < -4 || exp >= 6) {
    const frac = head.slice(1).replace(/0+$/, '');
    const a = Math.abs(exp);
    out = head[0]! + (frac ? '.' + frac : '') + 'e' + (exp < 0 ? '-' : '+') + (a < 10 ? '0' : '') + a;
  } else if (exp >= 0) {
    const frac = head.slice(exp + 1).replace(/0+$/, '');
    out = head.slice(0, exp + 1) + (frac ? '.' + frac : '');
  } else {
    const frac = ('0'.repeat(-exp - 1) + head).replace(/0+$/, '');
    out = '0.' + frac;
  }
  return sign + out;
}

function defaultHome(): string {
  return typeof process !== 'undefined' ? (process.env['HOME'] ?? '') : '';
}

type Piece = string | AnyExpr;

function pushAttrPath(out: Piece[], path: AttrName[]): void {
  for (let i = 0; i < path.length; i++) {
    if (i > 0) out.push('.');
    const a = path[i]!;
    if (a.kind === 'static') out.push(printIdentifier(a.name));
    else out.push('"${', a.expr, '}"');
  }
}

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ExprAttrs::showBindings. */
function pushBindings(out: Piece[], attrs: AttrsExpr): void {
  const names = [...attrs.attrs.keys()].sort(compareBytes);
  const inherits: string[] = [];
  const inheritsFrom = new Map<number, string[]>();
  for (const name of names) {
    const def = attrs.attrs.get(name)!;
    if (def.kind === 'inherit') inherits.push(name);
    else if (def.kind === 'inheritFrom') {
      const i = def.fromIndex!;
      let list = inheritsFrom.get(i);
      if (!list) inheritsFrom.set(i, (list = []));
      list.push(name);
    }
  }
  if (inherits.length > 0) out.push('inherit ' + inherits.map(printIdentifier).join(' ') + '; ');
  for (const i of [...inheritsFrom.keys()].sort((a, b) => a - b)) {
    out.push(
      'inherit (',
      attrs.inheritFrom[i]!,
      ')' +
        inheritsFrom
          .get(i)!
          .map((n) => ' ' + printIdentifier(n))
          .join('') +
        '; ',
    );
  }
  for (const name of names) {
    const def = attrs.attrs.get(name)!;
    if (def.kind === 'plain') out.push(printIdentifier(name), ' = ', def.value, '; ');
  }
  for (const d of attrs.dynamic) out.push('"${', d.name, '}" = ', d.value, '; ');
}

const OP_HEAD: Record<string, string> = { '-': '__sub', '*': '__mul', '/': '__div' };

/** Appends the pieces one node prints as to `out`, children left as nodes. */
function expand(e: AnyExpr, home: string, out: Piece[]): void {
  switch (e.kind) {
    case 'int':
      out.push(e.value.toString());
      return;
    case 'float':
      out.push(formatFloat(e.value));
      return;
    case 'string':
      // In three pieces when nothing is escaped: flat strings join faster than concatenated ones.
      if (needsEscape(e.value)) out.push(printLiteralString(e.value));
      else out.push('"', e.value, '"');
      return;
    case 'interpolation': {
      out.push('(');
      e.parts.forEach((p, i) => {
        if (i > 0) out.push(' + ');
        out.push(p);
      });
      out.push(')');
      return;
    }
    case 'path':
      out.push(e.home ? home + e.value : e.value);
      return;
    case 'searchPath':
      out.push('(__findFile __nixPath ' + printLiteralString(e.path) + ')');
      return;
    case 'var':
      out.push(printIdentifier(e.name));
      return;
    case 'select': {
      out.push('(', e.expr, ').');
      pushAttrPath(out, e.path);
      if (e.default) out.push(' or (', e.default, ')');
      return;
    }
    case 'hasAttr': {
      out.push('((', e.expr, ') ? ');
      pushAttrPath(out, e.path);
      out.push(')');
      return;
    }
    case 'attrs': {
      out.push(e.rec ? 'rec { ' : '{ ');
      pushBindings(out, e);
      out.push('}');
      return;
    }
    case 'list': {
      out.push('[ ');
      for (const item of e.items) out.push('(', item, ') ');
      out.push(']');
      return;
    }
    case 'lambda': {
      out.push('(');
      if (e.formals) {
        out.push('{ ');
        const sorted = e.formals.entries.slice().sort((a, b) => compareBytes(a.name, b.name));
        sorted.forEach((f, i) => {
          if (i > 0) out.push(', ');
          out.push(printIdentifier(f.name));
          if (f.default) out.push(' ? ', f.default);
        });
        if (e.formals.ellipsis) out.push(sorted.length > 0 ? ', ...' : '...');
        out.push(' }');
        if (e.arg !== null) out.push(' @ ');
      }
      if (e.arg !== null) out.push(printIdentifier(e.arg));
      out.push(': ', e.body, ')');
      return;
    }
    case 'call': {
      out.push('(', e.fn);
      for (const a of e.args) out.push(' ', a);
      out.push(')');
      return;
    }
    case 'let': {
      out.push('(let ');
      pushBindings(out, e.bindings);
      out.push('in ', e.body, ')');
      return;
    }
    case 'with':
      out.push('(with ', e.env, '; ', e.body, ')');
      return;
    case 'if':
      out.push('(if ', e.cond, ' then ', e.then, ' else ', e.else, ')');
      return;
    case 'assert':
      out.push('assert ', e.cond, '; ', e.body);
      return;
    case 'not':
      out.push('(! ', e.expr, ')');
      return;
    case 'negate':
      out.push('(__sub 0 ', e.expr, ')');
      return;
    case 'binary':
      switch (e.op) {
        case '-':
        case '*':
        case '/':
          out.push('(', OP_HEAD[e.op]!, ' ', e.left, ' ', e.right, ')');
          return;
        case '<':
          out.push('(__lessThan ', e.left, ' ', e.right, ')');
          return;
        case '>':
          out.push('(__lessThan ', e.right, ' ', e.left, ')');
          return;
        case '<=':
          out.push('(! (__lessThan ', e.right, ' ', e.left, '))');
          return;
        case '>=':
          out.push('(! (__lessThan ', e.left, ' ', e.right, '))');
          return;
        case '|>':
          out.push('(', e.right, ' ', e.left, ')');
          return;
        case '<|':
          out.push('(', e.left, ' ', e.right, ')');
          return;
        default:
          out.push('(', e.left, ' ', e.op, ' ', e.right, ')');
          return;
      }
    case 'curPos':
      out.push('__curPos');
      return;
    case 'inheritFrom':
      out.push(`<inherit from ${e.index}>`);
      return;
  }
}

/** The `nix-instantiate --parse` text of an expression (a binary string, no trailing newline). */
export function printExpr(e: Expr, options: PrintOptions = {}): string {
  const home = options.home ?? defaultHome();
  // The text, joined a few thousand pieces at a time: one array of every
  // piece of a large file would be millions long, and slow to collect.
  const chunks: string[] = [];
  const out: string[] = [];
  const stack: Piece[] = [e];
  // One node's pieces, before they go on the stack in reverse (one buffer for all nodes).
  const pieces: Piece[] = [];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      if (out.length === CHUNK_PIECES) {
        chunks.push(out.join(''));
        out.length = 0;
      }
      continue;
    }
    expand(item, home, pieces);
    // Popped into the stack, the first piece lands on top; the buffer is left empty.
    while (pieces.length > 0) stack.push(pieces.pop()!);
  }
  chunks.push(out.join(''));
  return chunks.length === 1 ? chunks[0]! : chunks.join('');
}

/** How many pieces printExpr joins into one string at a time. */
const CHUNK_PIECES = 4096;
