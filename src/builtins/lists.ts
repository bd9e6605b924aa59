// Lists: length, head, tail, elemAt, elem, filter, map, concatLists, concatMap, foldl', genList, all, any, sort, partition, groupBy, listToAttrs, genericClosure.

import type { Evaluator } from '../eval.js';
import type { BuiltinFamily } from './index.js';

export function listsBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return { primops: [] };
}
