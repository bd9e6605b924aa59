// Data formats: toJSON, fromJSON, fromTOML, toXML.
//
// The conversions themselves live in src/value/json.ts and xml.ts (the CLI's
// --json and --xml use them too) and src/builtins/toml.ts; this module binds
// them as builtins with CppNix's argument handling.

import type { Evaluator } from '../eval.js';
import type { NixAttrs } from '../value/attrs.js';
import { fromJSON, toJSON } from '../value/json.js';
import { Closure, type Value } from '../value/types.js';
import { toXML } from '../value/xml.js';
import { argStringNoContext, storeCopier } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';

const attrPos = (attrs: NixAttrs, name: string) => attrs.posOf(name);
const valuePos = (v: Value) => (v instanceof Closure ? (v.blueprint.pos ?? null) : null);

export function dataBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return {
    primops: [
      primop('toJSON', 1, [0], ([v], rt) =>
        toJSON(v!, rt, { strict: true, copyToStore: true, copyPathToStore: storeCopier(rt), attrPos, valuePos }),
      ),
      primop('fromJSON', 1, [], ([s], rt) =>
        fromJSON(argStringNoContext(rt, s!, 'while evaluating the first argument passed to builtins.fromJSON')),
      ),
      primop('toXML', 1, [0], ([v], rt) => toXML(v!, rt, { strict: true, location: false, attrPos })),
    ],
  };
}
