// The global scope: the `builtins` set and the names CppNix also binds at
// the top level (`map`, `toString`, `import`, ...). Every other builtin is
// reachable as `__name`, as in CppNix (which has no `__map`: a builtin bound
// at the top level under its own name has no `__` alias).
//
// Each family of builtins is its own module exporting a list of PrimOps;
// this module only assembles them.

import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { PrimOp, type Value } from '../value/types.js';
import { coreBuiltins } from './core.js';
import { importBuiltins } from './import.js';
import { listsBuiltins } from './lists.js';
import { attrsBuiltins } from './attrs.js';
import { mathBuiltins } from './math.js';
import { stringsBuiltins } from './strings.js';
import { dataBuiltins } from './data.js';
import { hashingBuiltins } from './hashing.js';
import { contextBuiltins } from './context.js';
import { debugBuiltins } from './debug.js';
import { filesBuiltins } from './files.js';
import { storeBuiltins } from './store.js';

/** Builtins CppNix binds at the top level without the `__` prefix. */
const GLOBAL_NAMES = new Set([
  'abort',
  'baseNameOf',
  'break',
  'derivation',
  'derivationStrict',
  'dirOf',
  'fetchGit',
  'fetchMercurial',
  'fetchTarball',
  'fetchTree',
  'fromTOML',
  'import',
  'isNull',
  'map',
  'placeholder',
  'removeAttrs',
  'scopedImport',
  'throw',
  'toString',
]);

/** Every builtin family, as lists of PrimOps and constant values. */
export interface BuiltinFamily {
  primops: PrimOp[];
  constants?: Record<string, Value>;
}

export function createGlobals(evaluator: Evaluator): Map<string, Value> {
  const families: BuiltinFamily[] = [
    coreBuiltins(evaluator),
    importBuiltins(evaluator),
    listsBuiltins(evaluator),
    attrsBuiltins(evaluator),
    mathBuiltins(evaluator),
    stringsBuiltins(evaluator),
    dataBuiltins(evaluator),
    hashingBuiltins(evaluator),
    contextBuiltins(evaluator),
    debugBuiltins(evaluator),
    filesBuiltins(evaluator),
    storeBuiltins(evaluator),
  ];
  const entries = new Map<string, Value>();
  for (const family of families) {
    for (const p of family.primops) entries.set(p.name, p);
    for (const [name, value] of Object.entries(family.constants ?? {})) entries.set(name, value);
  }
  const globals = new Map<string, Value>();
  globals.set('true', true);
  globals.set('false', false);
  globals.set('null', null);
  for (const [name, value] of entries) {
    globals.set(GLOBAL_NAMES.has(name) ? name : '__' + name, value);
  }
  // The constants `true`, `false` and `null` are in `builtins` too (without `__` names).
  for (const name of ['true', 'false', 'null']) entries.set(name, globals.get(name)!);
  // `builtins` contains itself: build the set, then put it in.
  const keys = [...entries.keys(), 'builtins'].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const values: Value[] = keys.map((k) => (k === 'builtins' ? null : entries.get(k)!));
  const builtins = new NixAttrs(keys, values);
  values[keys.indexOf('builtins')] = builtins;
  globals.set('builtins', builtins);
  return globals;
}
