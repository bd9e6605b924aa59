// The file system and the environment: readFile, readDir, readFileType,
// pathExists, getEnv, toPath, and the constants describing the evaluator
// (currentTime, currentSystem, nixVersion, langVersion, storeDir).
//
// Everything goes through the IO interface (rt.io), so an in-memory tree
// serves the browser. Paths are realised as CppNix's builtins realise them
// (see import.ts): readFile and readDir follow symlinks all the way,
// readFileType reports a symlink as one, pathExists follows the folders
// leading to the path but not the path itself (unless the string ends in
// `/` or `/.`, which asks for a folder).
//
// Pure mode (`--pure-eval`) works as in CppNix: getEnv returns "",
// currentTime and currentSystem do not exist, and only what io/allow-list.ts
// allows may be read (pathExists says false of the rest). Restricted mode
// (`--restrict-eval`) is the same but for currentTime and currentSystem,
// which it keeps.
//
// tsnix has no store, so the store folder is seen as an existing, empty
// folder when it does not exist on disk (as an empty store would show it).

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import type { FileType } from '../io/io.js';
import { IOError } from '../io/io.js';
import { NixAttrs } from '../value/attrs.js';
import { canonicalisePath, dirName } from '../value/paths.js';
import { isString, makeString, stringValue, type Value } from '../value/types.js';
import { argStringNoContext } from './argcheck.js';
import { RestrictedPathError } from '../io/allow-list.js';
import { coerceToPath, realisePath } from './import.js';
import type { Runtime } from './runtime.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';

/** The type of the file at `path` without following a final symlink, or null; the store folder always exists. */
function fileType(rt: Runtime, path: string): FileType | null {
  const type = rt.io.fileType(path);
  if (type === null && path === canonicalisePath(rt.settings.storeDir)) return 'directory';
  return type;
}

/** Runs an IO operation, turning its failure into a Nix error (so the trace shows where it happened). */
function io<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IOError) throw new EvalError(e.message);
    throw e;
  }
}

function readFile(v: Value, rt: Runtime): Value {
  const path = realisePath(v, rt);
  if (fileType(rt, path) === 'directory') throw new EvalError(`reading from file '${path}': Is a directory`);
  const text = io(() => rt.io.readFile(path));
  if (text.includes('\0')) throw new EvalError(`the contents of the file '${path}' cannot be represented as a Nix string`);
  return text;
}

function readDir(v: Value, rt: Runtime): Value {
  const path = realisePath(v, rt);
  const type = fileType(rt, path);
  if (type === null) throw new EvalError(`path '${path}' does not exist`);
  if (type !== 'directory') throw new EvalError(`'${path}' is not a directory`);
  if (rt.io.fileType(path) === null) return NixAttrs.empty;
  return NixAttrs.fromEntries(io(() => rt.io.readDir(path)));
}

function readFileType(v: Value, rt: Runtime): Value {
  const path = realisePath(v, rt, 'none');
  // CppNix 2.26 lstats the path itself (checked in pure and restricted mode
  // first), with no folder on the way to it a symlink: the nearest one is
  // an error (other builtins follow them).
  const type = fileType(rt, path);
  for (let dir = dirName(path); dir !== '/' && dir !== ''; dir = dirName(dir)) {
    if (rt.io.fileType(dir) === 'symlink') throw new EvalError(`path '${dir}' is a symlink`);
  }
  if (type === null) throw new EvalError(`path '${path}' does not exist`);
  return type;
}

function pathExists(v: Value, rt: Runtime): Value {
  const arg = rt.force(v);
  // A string ending in `/` or `/.` asks for a folder: the canonical path has lost that.
  const s = isString(arg) ? stringValue(arg) : null;
  const mustBeDir = s !== null && (s.endsWith('/') || s.endsWith('/.'));
  try {
    const path = realisePath(arg, rt, mustBeDir ? 'full' : 'ancestors');
    const type = fileType(rt, path);
    return type !== null && (!mustBeDir || type === 'directory');
  } catch (e) {
    // Pure and restricted mode do not tell whether a forbidden path exists.
    if (e instanceof RestrictedPathError) return false;
    throw e;
  }
}

export function filesBuiltins(evaluator: Evaluator): BuiltinFamily {
  const settings = evaluator.settings;
  const constants: Record<string, Value> = {
    langVersion: 6,
    nixVersion: settings.nixVersion,
    storeDir: settings.storeDir,
  };
  // Impure facts do not exist at all in pure mode.
  if (!settings.pure) {
    constants['currentTime'] = evaluator.io.currentTime();
    constants['currentSystem'] = settings.currentSystem;
  }
  return {
    primops: [
      primop('readFile', 1, [], ([path], rt) => readFile(path!, rt)),
      primop('readDir', 1, [], ([path], rt) => readDir(path!, rt)),
      primop('readFileType', 1, [], ([path], rt) => readFileType(path!, rt)),
      primop('pathExists', 1, [], ([path], rt) => pathExists(path!, rt)),
      primop('getEnv', 1, [], ([name], rt) => {
        const key = argStringNoContext(rt, name!, 'while evaluating the first argument passed to builtins.getEnv');
        return rt.settings.pure || rt.settings.restrict ? '' : (rt.io.getEnv(key) ?? '');
      }),
      primop('toPath', 1, [], ([path], rt) => {
        const { path: p, context } = coerceToPath(path!, rt, 'while evaluating the first argument passed to builtins.toPath');
        return makeString(p, context);
      }),
    ],
    constants,
  };
}
