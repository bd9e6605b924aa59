// CppNix's symbol table, for the orders it decides. CppNix numbers each
// name when first created (at start-up, while parsing, when a string
// becomes an attribute name) and keeps a set's attributes and a function's
// formals sorted by that number. So `--strict`, deepSeq and `==` visit
// `{ b = throw "b"; a = throw "a"; }` b first, and
// `({ b, a }: a) { }` misses b, unless `a` was used earlier. tsnix's sets
// are sorted by name; this table gives the CppNix order where it shows.

/** The names CppNix creates when it starts, in its order (EvalState's constructor). */
const STARTUP = [
  'outPath',
  'drvPath',
  'type',
  'meta',
  'name',
  'value',
  'system',
  '__overrides',
  'outputs',
  'outputName',
  '__ignoreNulls',
  'file',
  'line',
  'column',
  '__functor',
  '__toString',
  'right',
  'wrong',
  '__structuredAttrs',
  '__json',
  'allowedReferences',
  'allowedRequisites',
  'disallowedReferences',
  'disallowedRequisites',
  'maxSize',
  'maxClosureSize',
  'builder',
  'args',
  '__contentAddressed',
  '__impure',
  'outputHash',
  'outputHashAlgo',
  'outputHashMode',
  'recurseForDerivations',
  'description',
  'self',
  '',
  'startSet',
  'operator',
  'key',
  'path',
  'prefix',
  'outputSpecified',
];

export class SymbolTable {
  private readonly ids = new Map<string, number>();

  /** A table holding CppNix's start-up names, then `more` (the builtins' names). */
  constructor(more: Iterable<string> = []) {
    for (const name of STARTUP) this.intern(name);
    for (const name of more) this.intern(name);
  }

  /** The name's number, creating it now if it is new. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(name, id);
    }
    return id;
  }

  /**
   * The order CppNix keeps these (sorted) names in, as indexes into
   * `names`, or null when it is their own order. Names never created
   * before are created now, in name order (CppNix would have created them
   * when the program made them).
   */
  order(names: readonly string[]): number[] | null {
    const n = names.length;
    let last = -1;
    let sorted = true;
    const ids = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const id = this.intern(names[i]!);
      ids[i] = id;
      if (id < last) sorted = false;
      last = id;
    }
    if (sorted) return null;
    return ids.map((_, i) => i).sort((a, b) => ids[a]! - ids[b]!);
  }
}
