// Reading Nix code from files: import, scopedImport, and the search path
// (`<nixpkgs>` is `__findFile __nixPath "nixpkgs"`).

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { expectAttrs, expectList, expectStringNoContext } from '../value/check.js';
import { coerceToString } from '../value/coerce.js';
import { canonicalisePath } from '../value/paths.js';
import { NixPath, type Value, stringValue } from '../value/types.js';
import type { Runtime } from './runtime.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';

/** The path a value names: a path, or a string holding an absolute path. */
export function realisePath(v: Value, rt: Runtime): string {
  const forced = rt.force(v);
  if (forced instanceof NixPath) return forced.path;
  const s = stringValue(coerceToString(forced, rt, { coerceMore: false, copyToStore: false }));
  if (!s.startsWith('/')) throw new EvalError(`string '${s}' doesn't represent an absolute path`);
  return canonicalisePath(s);
}

export function importBuiltins(evaluator: Evaluator): BuiltinFamily {
  const resolveImport = (v: Value, rt: Runtime): string => {
    let path = realisePath(v, rt);
    if (rt.io.fileType(path) === 'directory' || rt.io.fileType(rt.io.realPath(path) ?? path) === 'directory') {
      path += '/default.nix';
    }
    return path;
  };

  const findFile = (searchPath: Value[], lookup: string, rt: Runtime): NixPath => {
    for (const entry of searchPath) {
      const e = expectAttrs(rt.force(entry));
      const prefixValue = e.get('prefix');
      const prefix = prefixValue === undefined ? '' : expectStringNoContext(rt.force(prefixValue));
      const pathValue = e.get('path');
      if (pathValue === undefined) throw new EvalError(`attribute 'path' missing`);
      const root = stringValue(coerceToString(rt.force(pathValue), rt, { coerceMore: false, copyToStore: false }));
      let rest: string;
      if (prefix === '') rest = lookup;
      else if (lookup === prefix) rest = '';
      else if (lookup.startsWith(prefix + '/')) rest = lookup.slice(prefix.length + 1);
      else continue;
      const candidate = canonicalisePath(rest === '' ? root : `${root}/${rest}`);
      const absolute = candidate.startsWith('/') ? candidate : canonicalisePath(`${rt.io.cwd()}/${candidate}`);
      if (rt.io.fileType(absolute) !== null) return new NixPath(absolute);
    }
    throw new EvalError(`file '${lookup}' was not found in the Nix search path (add it using $NIX_PATH or -I)`);
  };

  return {
    primops: [
      primop('import', 1, [0], ([path], rt) => evaluator.importFile(resolveImport(path!, rt))),
      primop('scopedImport', 2, [0, 1], ([scope, path], rt) => evaluator.importFile(resolveImport(path!, rt), expectAttrs(scope!))),
      primop('findFile', 2, [0, 1], ([searchPath, lookup], rt) => findFile(expectList(searchPath!), expectStringNoContext(lookup!), rt)),
    ],
    constants: {
      nixPath: evaluator.settings.nixPath.map(([prefix, path]) => new NixAttrs(['path', 'prefix'], [path, prefix])),
    },
  };
}
