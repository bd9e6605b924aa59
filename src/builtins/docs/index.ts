// The documentation of every builtin, as `:doc` in the REPL, the playground
// and a language server show it: a synopsis (name and argument names), a
// description in Markdown and examples that test/builtins/docs.test.ts
// evaluates. The texts live in one module per family of builtins; see
// format.ts for the layout of the examples.

import { attrDocs } from './attrs.js';
import { constantDocs } from './constants.js';
import { contextDocs } from './context.js';
import { controlDocs } from './control.js';
import { dataDocs } from './data.js';
import { debugDocs } from './debug.js';
import { derivationDocs } from './derivations.js';
import { fetcherDocs } from './fetchers.js';
import { fileDocs } from './files.js';
import type { BuiltinDoc } from './format.js';
import { hashingDocs } from './hashing.js';
import { listDocs } from './lists.js';
import { mathDocs } from './math.js';
import { storeDocs } from './store.js';
import { stringDocs } from './strings.js';
import { typeDocs } from './types.js';

export { type BuiltinDoc, type Example, EXAMPLE_CWD, EXAMPLE_FILES } from './format.js';

function collect(): ReadonlyMap<string, BuiltinDoc> {
  const docs = new Map<string, BuiltinDoc>();
  const families = [
    constantDocs,
    typeDocs,
    mathDocs,
    listDocs,
    attrDocs,
    stringDocs,
    dataDocs,
    hashingDocs,
    contextDocs,
    controlDocs,
    debugDocs,
    fileDocs,
    storeDocs,
    derivationDocs,
    fetcherDocs,
  ];
  for (const family of families) {
    for (const entry of family) {
      if (docs.has(entry.name)) throw new Error(`builtin ${entry.name} documented twice`);
      docs.set(entry.name, entry);
    }
  }
  return docs;
}

/** Every builtin's documentation, by name (without `builtins.`), `derivation` included. */
export const builtinDocs: ReadonlyMap<string, BuiltinDoc> = collect();

/** The documentation of a builtin by name; `__name` (the global spelling) is accepted too. */
export function builtinDoc(name: string): BuiltinDoc | undefined {
  return builtinDocs.get(name.startsWith('__') ? name.slice(2) : name);
}
