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

/**
 * The walk's work list: parallel stacks of nodes and the scopes they are
 * checked in (no pair per node), and a buffer collecting one node's
 * children in visiting order before they go on the stacks in reverse.
 */
class Walk {
  readonly nodes: AnyExpr[] = [];
  readonly scopes: (Scope | null)[] = [];
  private readonly kidNodes: AnyExpr[] = [];
  private readonly kidScopes: (Scope | null)[] = [];

  kid(node: AnyExpr, scope: Scope | null): void {
    this.kidNodes.push(node);
    this.kidScopes.push(scope);
  }

  /** Moves the collected children onto the stacks, the first on top. */
  flush(): void {
    // Popping them off the buffer reverses them and leaves it empty (assigning `length` is slower).
    const kn = this.kidNodes;
    const ks = this.kidScopes;
    while (kn.length > 0) {
      this.nodes.push(kn.pop()!);
      this.scopes.push(ks.pop()!);
    }
  }
}

/**
 * Throws `undefined variable 'x'` (a ParseError at the variable) for the
 * first variable that nothing binds, visiting the tree in CppNix's order.
 */
export function checkScopes(e: Expr, source: Source, globals: ReadonlySet<string> = DEFAULT_GLOBALS): void {
  const w = new Walk();
  w.nodes.push(e);
  w.scopes.push(null);
  while (w.nodes.length > 0) {
    const node = w.nodes.pop()!;
    const scope = w.scopes.pop()!;
    switch (node.kind) {
      case 'var':
        if (!isBound(node.name, scope, globals))
          throw new ParseError(`undefined variable '${printIdentifier(node.name)}'`, { source, offset: node.pos });
        continue;
      case 'int':
      case 'float':
      case 'string':
      case 'path':
      case 'searchPath':
      case 'curPos':
      case 'inheritFrom':
        continue;
      case 'interpolation':
        for (const p of node.parts) w.kid(p, scope);
        break;
      case 'select':
        w.kid(node.expr, scope);
        if (node.default) w.kid(node.default, scope);
        for (const a of node.path) if (a.kind === 'dynamic') w.kid(a.expr, scope);
        break;
      case 'hasAttr':
        w.kid(node.expr, scope);
        for (const a of node.path) if (a.kind === 'dynamic') w.kid(a.expr, scope);
        break;
      case 'attrs':
        pushAttrs(w, node, scope);
        break;
      case 'list':
        for (const item of node.items) w.kid(item, scope);
        break;
      case 'lambda': {
        const vars = new Set<string>();
        if (node.arg !== null) vars.add(node.arg);
        if (node.formals) for (const f of node.formals.entries) vars.add(f.name);
        const inner: Scope = { vars, parent: scope };
        if (node.formals) for (const f of node.formals.entries) if (f.default) w.kid(f.default, inner);
        w.kid(node.body, inner);
        break;
      }
      case 'call':
        w.kid(node.fn, scope);
        for (const a of node.args) w.kid(a, scope);
        break;
      case 'let': {
        const b = node.bindings;
        const inner: Scope = { vars: new Set(b.attrs.keys()), parent: scope };
        for (const from of b.inheritFrom) w.kid(from, inner);
        for (const def of b.attrs.values()) {
          if (def.kind === 'plain') w.kid(def.value, inner);
          else if (def.kind === 'inherit') w.kid(def.value, scope);
        }
        w.kid(node.body, inner);
        break;
      }
      case 'with':
        w.kid(node.env, scope);
        w.kid(node.body, { vars: null, parent: scope });
        break;
      case 'if':
        w.kid(node.cond, scope);
        w.kid(node.then, scope);
        w.kid(node.else, scope);
        break;
      case 'assert':
        w.kid(node.cond, scope);
        w.kid(node.body, scope);
        break;
      case 'not':
      case 'negate':
        w.kid(node.expr, scope);
        break;
      case 'binary':
        // `a > b` and `a <= b` are calls with the operands swapped.
        if (node.op === '>' || node.op === '<=' || node.op === '|>') {
          w.kid(node.right, scope);
          w.kid(node.left, scope);
        } else {
          w.kid(node.left, scope);
          w.kid(node.right, scope);
        }
        break;
    }
    w.flush();
  }
}

/** ExprAttrs::bindVars: which scope each part of an attribute set sees. */
function pushAttrs(w: Walk, node: AttrsExpr, scope: Scope | null): void {
  // A set with no attributes binds nothing: a `rec` one needs no scope.
  const inner: Scope | null = node.rec && node.attrs.size > 0 ? { vars: new Set(node.attrs.keys()), parent: scope } : scope;
  for (const from of node.inheritFrom) w.kid(from, inner);
  for (const def of node.attrs.values()) {
    if (def.kind === 'plain') w.kid(def.value, inner);
    else if (def.kind === 'inherit') w.kid(def.value, scope);
  }
  for (const d of node.dynamic) {
    w.kid(d.name, inner);
    w.kid(d.value, inner);
  }
}
