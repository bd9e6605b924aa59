// Data formats: toJSON, fromJSON, fromTOML, toXML.
//
// The conversions themselves live in src/value/json.ts and xml.ts (the CLI's
// --json and --xml use them too) and src/builtins/toml.ts; this module binds
// them as builtins with CppNix's argument handling.

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { fromJSON } from '../value/json.js';
import { ToJSONStep } from '../value/to-json.js';
import { Closure, NixFloat, type Value } from '../value/types.js';
import { toXML } from '../value/xml.js';
import { argStringNoContext, storeCopier } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import type { Runtime } from './runtime.js';
import { parseToml, TomlError, TomlFloat, type TomlValue } from './toml.js';

const attrPos = (attrs: NixAttrs, name: string) => attrs.posOf(name);
const valuePos = (v: Value) => (v instanceof Closure ? (v.blueprint.pos ?? null) : null);

export function dataBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return {
    primops: [
      // A step: the values it converts are forced on the frame stack.
      primop(
        'toJSON',
        1,
        [0],
        ([v], rt) => new ToJSONStep(v!, rt, { strict: true, copyToStore: true, copyPathToStore: storeCopier(rt), attrPos, valuePos }),
      ),
      primop('fromJSON', 1, [0], ([s], rt) =>
        fromJSON(argStringNoContext(rt, s!, 'while evaluating the first argument passed to builtins.fromJSON')),
      ),
      primop('toXML', 1, [0], ([v], rt) => toXML(v!, rt, { strict: true, location: false, attrPos })),
      primop('fromTOML', 1, [0], ([s], rt) =>
        fromTOML(argStringNoContext(rt, s!, 'while evaluating the argument passed to builtins.fromTOML'), rt),
      ),
    ],
  };
}

/**
 * `builtins.fromTOML`: tables become sets, timestamps (with the
 * experimental feature `parse-toml-timestamps`) `{ _type = "timestamp";
 * value = "1979-05-27T07:32:00Z"; }`.
 */
function fromTOML(text: string, rt: Runtime): Value {
  let doc: Map<string, TomlValue>;
  try {
    doc = parseToml(text, { timestamps: rt.settings.experimentalFeatures.has('parse-toml-timestamps') });
  } catch (e) {
    if (e instanceof TomlError) throw new EvalError(`while parsing TOML: ${e.message}`);
    throw e;
  }
  return tomlToNix(doc);
}

function tomlToNix(v: TomlValue): Value {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return v;
  }
  if (Array.isArray(v)) return v.map(tomlToNix);
  if (v instanceof Map) return NixAttrs.fromEntries(Array.from(v, ([k, x]): [string, Value] => [k, tomlToNix(x)]));
  if (v instanceof TomlFloat) {
    // `-nan` keeps its sign bit through negation (and prints as CppNix prints it).
    return new NixFloat(Number.isNaN(v.value) && v.negative ? -NaN : v.value);
  }
  return new NixAttrs(['_type', 'value'], ['timestamp', v.value]);
}
