// Whether an expression may refer to a name: the names of its variables
// (and the hidden names of its `inherit (e)` selections), bound inside it
// or not. The compiler asks it before it compiles a thunk body to run in
// the environment of the code around it (see compileThunkBody): a body
// that names none of that code's locals most likely needs none of them.
// A guess, not a proof: the compiler checks every resolution and compiles
// the body again with its own environment where the guess was wrong.
//
// The walk uses an explicit stack, so arbitrarily deep trees are fine,
// and looks at `budget` nodes at most: a thunk body is often inside
// another's, and walking every one whole would take time quadratic in the
// depth of the tree. Past the budget the answer is yes, the safe guess.

import type { AnyExpr, AttrName } from '../syntax/ast.js';
import { INHERIT_FROM } from './emitter.js';

/** Whether `e` has a variable (or an `inherit (e)` source) whose name `named` accepts, or is too large to tell. */
export function mentions(e: AnyExpr, named: (name: string) => boolean, budget = 200): boolean {
  const todo: AnyExpr[] = [e];
  // Element by element: spreading a list of 100,000 items would overflow the JS stack.
  const pushAll = (xs: readonly AnyExpr[]): void => {
    for (const y of xs) todo.push(y);
  };
  const pushPath = (path: AttrName[]): void => {
    for (const p of path) if (p.kind === 'dynamic') todo.push(p.expr);
  };
  for (let x = todo.pop(); x !== undefined; x = todo.pop()) {
    if (--budget < 0) return true;
    switch (x.kind) {
      case 'var':
        if (named(x.name)) return true;
        break;
      case 'inheritFrom':
        if (named(INHERIT_FROM + x.index)) return true;
        break;
      case 'int':
      case 'float':
      case 'string':
      case 'path':
      case 'searchPath':
      case 'curPos':
        break;
      case 'interpolation':
        pushAll(x.parts);
        break;
      case 'select':
      case 'hasAttr':
        todo.push(x.expr);
        pushPath(x.path);
        if (x.kind === 'select' && x.default !== null) todo.push(x.default);
        break;
      case 'attrs':
        pushAll(x.inheritFrom);
        for (const def of x.attrs.values()) todo.push(def.value);
        for (const d of x.dynamic) todo.push(d.name, d.value);
        break;
      case 'list':
        pushAll(x.items);
        break;
      case 'lambda':
        todo.push(x.body);
        if (x.formals !== null) for (const f of x.formals.entries) if (f.default !== null) todo.push(f.default);
        break;
      case 'call':
        todo.push(x.fn);
        pushAll(x.args);
        break;
      case 'let':
        todo.push(x.bindings, x.body);
        break;
      case 'with':
        todo.push(x.env, x.body);
        break;
      case 'if':
        todo.push(x.cond, x.then, x.else);
        break;
      case 'assert':
        todo.push(x.cond, x.body);
        break;
      case 'not':
      case 'negate':
        todo.push(x.expr);
        break;
      case 'binary':
        todo.push(x.left, x.right);
        break;
    }
  }
  return false;
}
