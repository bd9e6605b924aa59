// Reading Nix code from files: import, scopedImport, and the search path
// (`<nixpkgs>` is `__findFile __nixPath "nixpkgs"`); and the path handling
// every builtin that touches files shares:
//
//   coerceToPath   a value as an absolute, canonical path (CppNix's
//                  coerceToPath: paths, strings, `__toString` and `outPath`)
//   realisePath    that, its string context realised (realise.ts) and
//                  its symlinks resolved as the builtin needs (CppNix's
//                  realisePath)
//   resolveSymlinks / resolveExprPath   CppNix's symlink walks
//
// In pure and restricted mode what may be read is checked by the IO
// evaluation reads through (io/allow-list.ts), at every lstat of a walk, so
// the first forbidden component is the one named, as in CppNix; the
// built-in files (`<nix/fetchurl.nix>`) may always be read.

import { EvalError, NixError, ThrownError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { corepkgsPath, isCorepkgsPath } from '../io/corepkgs.js';
import { IOError } from '../io/io.js';
import { NixAttrs } from '../value/attrs.js';
import { coerceToString } from '../value/coerce.js';
import { canonicalisePath } from '../value/paths.js';
import { storePathOf } from '../store/paths.js';
import { RestrictedPathError } from '../io/allow-list.js';
import { NixPath, stringContext, stringValue, type Value } from '../value/types.js';
import { argAttrs, argList, argStringNoContext, withTrace } from './argcheck.js';
import type { Runtime } from './runtime.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';

/**
 * How much of a path's symlinks to resolve (CppNix's SymlinkResolution):
 * none, every component but the last, or all of them.
 */
export type SymlinkResolution = 'none' | 'ancestors' | 'full';

/** The trace entry CppNix's realisePath adds to errors coercing its argument. */
const REALISE_CTX = 'while realising the context of a path';

/**
 * A value as an absolute, canonical path, with the string context it had
 * (CppNix's coerceToPath): a path; a set's `__toString` result or
 * `outPath`, recursively; or a string (or anything coercible to one) that
 * starts with `/`. `ctx` is added to the trace of errors evaluating the
 * value and of coercion failures.
 */
export function coerceToPath(v: Value, rt: Runtime, ctx: string): { path: string; context: readonly string[] } {
  let x: Value;
  try {
    x = rt.force(v);
  } catch (e) {
    throw withTrace(e, ctx);
  }
  if (x instanceof NixPath) return { path: x.path, context: [] };
  if (x instanceof NixAttrs) {
    const toString = x.get('__toString');
    if (toString !== undefined) {
      const pos = x.posOf('__toString');
      let result: Value;
      try {
        result = rt.call(toString, [x]);
      } catch (e) {
        if (e instanceof NixError && e.pos === null) e.pos = pos;
        throw withTrace(e, 'while calling the `__toString` attribute', pos);
      }
      try {
        return coerceToPath(result, rt, ctx);
      } catch (e) {
        throw withTrace(e, 'while using the result of the `__toString` attribute', pos);
      }
    }
    const outPath = x.get('outPath');
    if (outPath !== undefined) {
      const pos = x.posOf('outPath');
      let out: Value;
      try {
        out = rt.force(outPath);
      } catch (e) {
        throw withTrace(e, 'while evaluating the `outPath` attribute', pos);
      }
      try {
        return coerceToPath(out, rt, ctx);
      } catch (e) {
        throw withTrace(e, 'while using the `outPath` attribute', pos);
      }
    }
  }
  const s = coerceToString(x, rt, { errorCtx: ctx, copyToStore: false });
  const str = stringValue(s);
  if (!str.startsWith('/')) throw new EvalError(`string '${str}' doesn't represent an absolute path`).addTrace(ctx, null);
  return { path: canonicalisePath(str), context: stringContext(s) };
}

/**
 * The path with its symlinks resolved (CppNix's SourcePath::resolveSymlinks):
 * component by component, a symlink is replaced by its target (relative to
 * the folder holding it); `ancestors` leaves the last component alone.
 * Components that do not exist are kept as they are.
 */
export function resolveSymlinks(rt: Runtime, path: string, mode: SymlinkResolution): string {
  if (mode === 'none' || isCorepkgsPath(path)) return path;
  const io = rt.io;
  const done: string[] = [];
  const todo = path.split('/').filter((c) => c !== '' && c !== '.');
  let links = 1024;
  while (todo.length > 0) {
    const c = todo.shift()!;
    if (c === '..') {
      done.pop();
      continue;
    }
    done.push(c);
    if (mode === 'full' || todo.length > 0) {
      const here = '/' + done.join('/');
      if (io.fileType(here) !== 'symlink') continue;
      if (links-- === 0) throw new EvalError(`infinite symlink recursion in path '${path}'`);
      const target = io.readLink(here) ?? '';
      done.pop();
      if (target.startsWith('/')) done.length = 0;
      todo.unshift(...target.split('/').filter((t) => t !== '' && t !== '.'));
    }
  }
  return '/' + done.join('/');
}

/**
 * The path a value names, for a builtin that reads it (CppNix's
 * realisePath): coerced with `while realising the context of a path` in the
 * trace, its context realised, and with symlinks resolved per `mode`.
 */
export function realisePath(v: Value, rt: Runtime, mode: SymlinkResolution = 'full'): string {
  const { path, context } = coerceToPath(v, rt, REALISE_CTX);
  try {
    if (context.length > 0) rt.realiseContext?.(context);
    return resolveSymlinks(rt, path, mode);
  } catch (e) {
    throw withTrace(e, `while realising the context of path '${path}'`);
  }
}

/**
 * The file `import` reads for `path` (CppNix's resolveExprPath): a symlink
 * at the end is followed, its target taken relative to the folder that
 * holds the link (so relative paths in the file resolve against where it
 * was reached from, not where it really is), and a folder means its
 * `default.nix`. A path that does not exist fails.
 */
export function resolveExprPath(rt: Runtime, path: string): string {
  if (isCorepkgsPath(path)) return path;
  const io = rt.io;
  let p = path;
  for (let follow = 0; p !== '/'; follow++) {
    if (follow >= 1024) throw new EvalError(`too many symbolic links encountered while traversing the path '${path}'`);
    const slash = p.lastIndexOf('/');
    const parent = slash === 0 ? '/' : p.slice(0, slash);
    const resolvedParent = resolveSymlinks(rt, parent, 'full');
    const here = (resolvedParent === '/' ? '' : resolvedParent) + p.slice(slash);
    const type = io.fileType(here);
    if (type === null) throw new EvalError(`path '${here}' does not exist`);
    if (type !== 'symlink') break;
    const target = io.readLink(here) ?? '';
    p = canonicalisePath(target.startsWith('/') ? target : `${parent}/${target}`);
  }
  if (io.fileType(resolveSymlinks(rt, p, 'full')) === 'directory') p = p === '/' ? '/default.nix' : p + '/default.nix';
  return p;
}

/** A search path entry, as `builtins.findFile` takes them. */
interface LookupEntry {
  prefix: string;
  path: string;
}

export function importBuiltins(evaluator: Evaluator): BuiltinFamily {
  const resolveImport = (v: Value, rt: Runtime): string => resolveExprPath(rt, realisePath(v, rt, 'none'));

  const importPath = (path: string, scope?: NixAttrs): Value => {
    try {
      return evaluator.importFile(path, scope);
    } catch (e) {
      if (e instanceof IOError) throw new EvalError(e.message);
      throw e;
    }
  };

  /** Whether `path` exists and may be read (CppNix's pathExists on its root file system: no error for a forbidden one). */
  const readableExists = (rt: Runtime, path: string): boolean => {
    try {
      return rt.io.fileType(path) !== null;
    } catch (e) {
      if (e instanceof RestrictedPathError) return false;
      throw e;
    }
  };

  // Where each search path entry leads, once looked up (CppNix warns once
  // per entry). It exists when its symlinks lead to something, looked at as
  // evaluation reads: in restricted mode, an entry whose symlinks lead
  // outside what may be read is an error.
  const resolved = new Map<string, string | null>();
  const resolveEntry = (entry: string, initAccessControl = false): string | null => {
    let r = resolved.get(entry);
    if (r !== undefined) return r;
    if (/^(https?|file|channel|flake|git|s3|ftp):/.test(entry)) {
      // Fetching search path entries needs the network and a store.
      evaluator.warning(`Nix search path entry '${entry}' cannot be downloaded, ignoring`);
      r = null;
    } else {
      const abs = entry.startsWith('/') ? canonicalisePath(entry) : canonicalisePath(`${evaluator.hostIO.cwd()}/${entry}`);
      // Restricted mode may read the entry as given (its symlinks not
      // resolved) and, when it is in the store, the store path it is in.
      if (initAccessControl) {
        evaluator.allowPath(abs);
        const storePath = storePathOf(canonicalisePath(evaluator.settings.storeDir), abs);
        if (storePath !== null && evaluator.hostIO.fileType(storePath) !== null) evaluator.allowPath(storePath);
      }
      if (readableExists(evaluator.vm, resolveSymlinks(evaluator.vm, abs, 'full'))) r = abs;
      else {
        evaluator.warning(`Nix search path entry '${entry}' does not exist, ignoring`);
        r = null;
      }
    }
    resolved.set(entry, r);
    return r;
  };

  // CppNix's EvalState::findFile: the first entry whose prefix matches and
  // under which the rest exists, its symlinks resolved; then the built-in
  // files for `nix/...`.
  const findFile = (entries: LookupEntry[], lookup: string, rt: Runtime): NixPath => {
    for (const { prefix, path } of entries) {
      let rest: string;
      if (prefix === '') rest = lookup;
      else if (lookup === prefix) rest = '';
      else if (lookup.startsWith(prefix + '/')) rest = lookup.slice(prefix.length + 1);
      else continue;
      const root = resolveEntry(path);
      if (root === null) continue;
      const candidate = resolveSymlinks(rt, canonicalisePath(rest === '' ? root : `${root}/${rest}`), 'full');
      if (readableExists(rt, candidate)) return new NixPath(candidate);
    }
    if (lookup.startsWith('nix/')) return new NixPath(corepkgsPath(lookup.slice(4)));
    throw new ThrownError(
      rt.settings.pure
        ? `cannot look up '<${lookup}>' in pure evaluation mode (use '--impure' to override)`
        : `file '${lookup}' was not found in the Nix search path (add it using $NIX_PATH or -I)`,
    );
  };

  const lookupEntries = (list: Value, rt: Runtime): LookupEntry[] =>
    argList(rt, list, 'while evaluating the first argument passed to builtins.findFile').map((item) => {
      const e = argAttrs(rt, item, 'while evaluating an element of the list passed to builtins.findFile');
      const prefixValue = e.get('prefix');
      const prefix =
        prefixValue === undefined
          ? ''
          : argStringNoContext(
              rt,
              prefixValue,
              'while evaluating the `prefix` attribute of an element of the list passed to builtins.findFile',
            );
      const pathValue = e.get('path');
      if (pathValue === undefined) throw new EvalError(`attribute 'path' missing`).addTrace('in an element of the __nixPath', null);
      const path = stringValue(
        coerceToString(pathValue, rt, {
          copyToStore: false,
          errorCtx: 'while evaluating the `path` attribute of an element of the list passed to builtins.findFile',
        }),
      );
      return { prefix, path };
    });

  // Pure mode ignores NIX_PATH and -I, as CppNix does.
  const nixPath = evaluator.settings.pure ? [] : evaluator.settings.nixPath;
  // Restricted mode may read the search path: each entry is looked up (and warned about) at the start.
  if (evaluator.allowList !== null) for (const [, path] of nixPath) resolveEntry(path, true);

  return {
    primops: [
      primop('import', 1, [], ([path], rt) => importPath(resolveImport(path!, rt))),
      primop('scopedImport', 2, [0], ([scope, path], rt) => {
        const attrs = argAttrs(rt, scope!, 'while evaluating the first argument passed to builtins.scopedImport');
        return importPath(resolveImport(path!, rt), attrs);
      }),
      primop('findFile', 2, [], ([searchPath, lookup], rt) => {
        const entries = lookupEntries(searchPath!, rt);
        const name = argStringNoContext(rt, lookup!, 'while evaluating the second argument passed to builtins.findFile');
        return findFile(entries, name, rt);
      }),
    ],
    constants: {
      nixPath: nixPath.map(([prefix, path]) => new NixAttrs(['path', 'prefix'], [path, prefix])),
    },
  };
}
