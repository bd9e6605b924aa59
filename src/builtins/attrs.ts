// Attribute sets: attrNames, attrValues, getAttr, hasAttr, removeAttrs, intersectAttrs, catAttrs, mapAttrs, zipAttrsWith, functionArgs, unsafeGetAttrPos.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function attrsBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}
