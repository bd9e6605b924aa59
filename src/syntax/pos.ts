// Which position CppNix reports for an expression.
//
// Every AST node has a real source offset in `pos`, but CppNix's
// `Expr::getPos()` has none for some kinds of expressions (literals, `let`,
// empty lists), or borrows one from a subexpression (`!e` and `e ? a` report
// `e`'s). Errors that CppNix raises "at" such an expression then print no
// position, or the borrowed one. `cppnixPos` gives that position, so the
// evaluator can report exactly what CppNix reports.

import type { Expr } from './ast.js';

/** CppNix's `getPos()` of an expression: an offset, or `null` for CppNix's `noPos`. */
export function cppnixPos(e: Expr): number | null {
  for (;;) {
    switch (e.kind) {
      case 'int':
      case 'float':
      case 'string':
      case 'path':
      case 'let':
        return null;
      case 'not':
      case 'hasAttr':
        e = e.expr;
        continue;
      case 'list':
        if (e.items.length === 0) return null;
        e = e.items[0]!;
        continue;
      default:
        return e.pos;
    }
  }
}
