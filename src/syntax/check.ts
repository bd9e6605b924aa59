// The static check CppNix does right after parsing (in `bindVars`): every
// variable must be bound by an enclosing `let`, `rec`, function argument or
// formal, be a global builtin, or be under a `with` (which may provide it at
// run time). The first unbound variable, in CppNix's traversal order, is an
// `undefined variable 'x'` error.
//
// The walk uses an explicit stack, so arbitrarily deep trees are fine.

import type { AnyExpr, AttrsExpr, Expr } from './ast.js';
import { ParseError } from '../errors/error.js';
import type { Source } from '../errors/source.js';
import { printIdentifier } from './printer.js';

/**
 * The builtins CppNix puts in scope without the `__` prefix. With only these
 * (no evaluator at hand), every `__name` counts as bound; given the real
 * globals (cli/main.ts passes the evaluator's), only those are: CppNix has
 * no `__map`, `__import` or `__nonexistent`.
 */
export const DEFAULT_GLOBALS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'builtins',
  'import',
  'abort',
  'throw',
  'toString',
  'map',
  'removeAttrs',
  'isNull',
  'baseNameOf',
  'dirOf',
  'derivation',
  'derivationStrict',
  'fetchTarball',
  'fetchGit',
  'fetchMercurial',
  'fetchTree',
  'fromTOML',
  'placeholder',
  'scopedImport',
  'break',
  '__curPos',
]);

/** A static scope: the names it binds, or `null` for a `with`. */
interface Scope {
  vars: ReadonlySet<string> | null;
  parent: Scope | null;
}

function isBound(name: string, scope: Scope | null, globals: ReadonlySet<string>): boolean {
  let underWith = false;
  for (let s = scope; s; s = s.parent) {
    if (s.vars === null) underWith = true;
    else if (s.vars.has(name)) return true;
  }
  return globals.has(name) || underWith || (globals === DEFAULT_GLOBALS && name.startsWith('__'));
}

type Task = [AnyExpr, Scope | null];

/**
 * Throws `undefined variable 'x'` (a ParseError at the variable) for the
 * first variable that nothing binds, visiting the tree in CppNix's order.
 */
export function checkScopes(e: Expr, source: Source, globals: ReadonlySet<string> = DEFAULT_GLOBALS): void {
  const stack: Task[] = [[e, null]];
  // Children are collected in visiting order, then pushed in reverse.
  const kids: Task[] = [];
  while (stack.length > 0) {
    const [node, scope] = stack.pop()!;
    kids.length = 0;
    switch (node.kind) {
      case 'var':
        if (!isBound(node.name, scope, globals))
          throw new ParseError(`undefined variable '${printIdentifier(node.name)}'`, { source, offset: node.pos });
        break;
      case 'int':
      case 'float':
      case 'string':
      case 'path':
      case 'searchPath':
      case 'curPos':
      case 'inheritFrom':
        break;
      case 'interpolation':
        for (const p of node.parts) kids.push([p, scope]);
        break;
      case 'select':
        kids.push([node.expr, scope]);
        if (node.default) kids.push([node.default, scope]);
        for (const a of node.path) if (a.kind === 'dynamic') kids.push([a.expr, scope]);
        break;
      case 'hasAttr':
        kids.push([node.expr, scope]);
        for (const a of node.path) if (a.kind === 'dynamic') kids.push([a.expr, scope]);
        break;
      case 'attrs':
        pushAttrs(kids, node, scope);
        break;
      case 'list':
        for (const item of node.items) kids.push([item, scope]);
        break;
      case 'lambda': {
        const vars = new Set<string>();
        if (node.arg !== null) vars.add(node.arg);
        if (node.formals) for (const f of node.formals.entries) vars.add(f.name);
        const inner: Scope = { vars, parent: scope };
        if (node.formals) for (const f of node.formals.entries) if (f.default) kids.push([f.default, inner]);
        kids.push([node.body, inner]);
        break;
      }
      case 'call':
        kids.push([node.fn, scope]);
        for (const a of node.args) kids.push([a, scope]);
        break;
      case 'let': {
        const b = node.bindings;
        const inner: Scope = { vars: new Set(b.attrs.keys()), parent: scope };
        for (const from of b.inheritFrom) kids.push([from, inner]);
        for (const def of b.attrs.values()) {
          if (def.kind === 'plain') kids.push([def.value, inner]);
          else if (def.kind === 'inherit') kids.push([def.value, scope]);
        }
        kids.push([node.body, inner]);
        break;
      }
      case 'with':
        kids.push([node.env, scope]);
        kids.push([node.body, { vars: null, parent: scope }]);
        break;
      case 'if':
        kids.push([node.cond, scope], [node.then, scope], [node.else, scope]);
        break;
      case 'assert':
        kids.push([node.cond, scope], [node.body, scope]);
        break;
      case 'not':
      case 'negate':
        kids.push([node.expr, scope]);
        break;
      case 'binary':
        // `a > b` and `a <= b` are calls with the operands swapped.
        if (node.op === '>' || node.op === '<=' || node.op === '|>') kids.push([node.right, scope], [node.left, scope]);
        else kids.push([node.left, scope], [node.right, scope]);
        break;
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

/** ExprAttrs::bindVars: which scope each part of an attribute set sees. */
function pushAttrs(kids: Task[], node: AttrsExpr, scope: Scope | null): void {
  const inner: Scope | null = node.rec ? { vars: new Set(node.attrs.keys()), parent: scope } : scope;
  for (const from of node.inheritFrom) kids.push([from, inner]);
  for (const def of node.attrs.values()) {
    if (def.kind === 'plain') kids.push([def.value, inner]);
    else if (def.kind === 'inherit') kids.push([def.value, scope]);
  }
  for (const d of node.dynamic) kids.push([d.name, inner], [d.value, inner]);
}
