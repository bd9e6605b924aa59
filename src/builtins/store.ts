// The builtins that need a Nix store or the network, and those about store
// paths that are pure computations.
//
// Paths go into the evaluator's store (store/store.ts): a dummy one only
// computes them (nix-instantiate --eval), a local one also writes them.
//   path, filterSource, `"${./x}"`   a (filtered) copy of a file tree
//   toFile          a text file
// Pure computations, exactly as CppNix computes them:
//   placeholder     `/` + nix32(sha256("nix-output:" + name))
//   storePath       the path, with itself as string context
//   parseFlakeRef, flakeRefToString (experimental feature `flakes`)
//   derivation      CppNix's Nix-level wrapper around derivationStrict, from
//                   the built-in file <nix/derivation-internal.nix> (the
//                   .drv written in read-write mode)
//   fetchGit        of a local working tree only (fetchgit.ts)
//
// Not supported yet (each fails with an error that says so, after checking
// its arguments as CppNix does where that is cheap): fetchurl,
// fetchTarball, fetchGit of anything else, fetchMercurial, fetchTree,
// fetchClosure, getFlake, outputOf. Those behind experimental features
// (fetchTree, fetchClosure, getFlake, outputOf) exist only when the
// feature is on, as in CppNix.

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { COREPKGS_PREFIX, corepkgsPath, isCorepkgsPath } from '../io/corepkgs.js';
import { NixAttrs } from '../value/attrs.js';
import { typeError } from '../value/check.js';
import { printForError } from '../value/describe.js';
import { canonicalisePath, baseName } from '../value/paths.js';
import { isFunction, makeString, PrimOp, stringContext, stringValue, type Value } from '../value/types.js';
import { hashPlaceholder, invalidNameReason, makeFixedOutputPath, makeTextPath, storePathOf } from '../store/paths.js';
import { type StoreContent, StoreError } from '../store/store.js';
import { DerivationStore } from '../store/derivation.js';
import { dumpPath, NarError } from '../store/nar.js';
import { IOError } from '../io/io.js';
import { HashError, parseHash, type HashAlgo } from './hash.js';
import { derivationStrict } from './derivations.js';
import { fetchGitLocal } from './fetchgit.js';
import { argAttrs, argBool, argString, argStringNoContext, coerceArg, forceArg, withTrace } from './argcheck.js';
import { coerceToPath, resolveSymlinks } from './import.js';
import { RestrictedPathError } from '../io/allow-list.js';
import { makeRealiseContext } from './realise.js';
import { flakeRefToString, type InputAttr, type InputAttrs, parseFlakeRef } from './flakeref.js';
import type { Runtime } from './runtime.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';

/** Runs a store operation, its file failures as Nix errors. */
function storeOrError<T>(op: () => T): T {
  try {
    return op();
  } catch (e) {
    // CppNix reports these without a position, even for string interpolation.
    if (e instanceof NarError || e instanceof IOError || e instanceof StoreError) throw new EvalError(e.message).withoutPosition();
    if (e instanceof RestrictedPathError) throw e.withoutPosition();
    throw e;
  }
}

/** A hash in any of Nix's notations, its failures as Nix errors. */
function hashOrError(text: string, algo: HashAlgo): Uint8Array {
  try {
    return parseHash(text, algo).bytes;
  } catch (e) {
    if (e instanceof HashError) throw new EvalError(e.message);
    throw e;
  }
}

/** The error of a builtin tsnix cannot run yet. */
function unsupported(name: string, what: string): EvalError {
  return new EvalError(`builtins.${name}: ${what}, which tsnix does not support yet`);
}

const NEEDS_FETCH = 'fetching needs the network and a Nix store';

/** The attributes of a set as fetcher input attributes (strings, integers, Booleans). */
function inputAttrs(attrs: NixAttrs, rt: Runtime, negative: (name: string, n: number | bigint) => string): InputAttrs {
  const out: InputAttrs = new Map();
  for (const [name, v] of attrs.entries()) {
    const x = rt.force(v);
    let attr: InputAttr;
    if (typeof x === 'number' || typeof x === 'bigint') {
      if (x < 0) throw new EvalError(negative(name, x));
      attr = Number(x);
    } else if (typeof x === 'boolean') attr = x;
    else if (typeof x === 'string' || (typeof x === 'object' && x !== null && 'context' in x)) {
      attr = stringValue(argString(rt, x, `while evaluating the attribute '${name}'`));
    } else {
      throw new EvalError(
        `flake reference attribute sets may only contain integers, Booleans, and strings, but attribute '${name}' is ${printForError(x)}`,
      );
    }
    out.set(name, attr);
  }
  return out;
}

function inputsToNix(attrs: InputAttrs): NixAttrs {
  return NixAttrs.fromEntries([...attrs].map(([k, v]): [string, Value] => [k, v]));
}

/** A `channel:NAME` URL as the tarball it stands for (CppNix's resolvePseudoUrl); others as they are. */
function resolvePseudoUrl(url: string): string {
  return url.startsWith('channel:') ? `https://nixos.org/channels/${url.slice('channel:'.length)}/nixexprs.tar.xz` : url;
}

/**
 * fetchMercurial's arguments, checked as CppNix does before it fetches: a
 * URL (a path is one), or a set of `url`, `rev` (a revision, or a branch
 * or tag name) and `name`. Restricted mode checks the URL, pure mode needs
 * a revision.
 */
function checkMercurialArgs(arg: Value, rt: Runtime, checkURI: (uri: string) => void): void {
  const x = rt.force(arg);
  let url = '';
  let rev = false;
  if (x instanceof NixAttrs) {
    for (const [key, v] of x.entries()) {
      const pos = x.posOf(key);
      if (key === 'url')
        url = stringValue(coerceArg(rt, v, 'while evaluating the `url` attribute passed to builtins.fetchMercurial', false));
      else if (key === 'rev') {
        const value = argStringNoContext(rt, v, 'while evaluating the `rev` attribute passed to builtins.fetchMercurial', pos);
        if (/^[0-9a-fA-F]{40}$/.test(value)) rev = true;
      } else if (key === 'name') argStringNoContext(rt, v, 'while evaluating the `name` attribute passed to builtins.fetchMercurial', pos);
      else throw new EvalError(`unsupported argument '${key}' to 'fetchMercurial'`, pos);
    }
    if (url === '') throw new EvalError(`'url' argument required`);
  } else url = stringValue(coerceArg(rt, x, 'while evaluating the first argument passed to builtins.fetchMercurial', false));
  checkURI(url);
  if (rt.settings.pure && !rev) throw new EvalError(`in pure evaluation mode, 'fetchMercurial' requires a Mercurial revision`);
}

/**
 * fetchurl's and fetchTarball's arguments: a URL, or a set with `url` and
 * maybe `name` and `sha256`. Checks them as CppNix does before it fetches.
 */
function checkFetchArgs(who: 'fetchurl' | 'fetchTarball', arg: Value, rt: Runtime, checkURI: (uri: string) => void): void {
  const x = rt.force(arg);
  let url: string;
  let name: string | null = null;
  let hasHash = false;
  const given = x instanceof NixAttrs;
  if (x instanceof NixAttrs) {
    for (const [key, v] of x.entries()) {
      if (key === 'url') url = stringValue(coerceArg(rt, v, 'while evaluating the url we should fetch', false));
      else if (key === 'sha256') {
        argStringNoContext(rt, v, 'while evaluating the sha256 of the content we should fetch');
        hasHash = true;
      } else if (key === 'name') name = argStringNoContext(rt, v, 'while evaluating the name of the content we should fetch');
      else throw new EvalError(`unsupported argument '${key}' to '${who}'`);
    }
    if (url! === undefined) throw new EvalError(`'url' argument required`);
  } else {
    url = stringValue(coerceArg(rt, x, 'while evaluating the url we should fetch', false));
  }
  // Restricted mode checks the URL first (`channel:NAME` is the channel's tarball).
  checkURI(who === 'fetchTarball' ? resolvePseudoUrl(url) : url);
  if (rt.settings.pure && !hasHash) throw new EvalError(`in pure evaluation mode, '${who}' requires a 'sha256' argument`);
  if (who === 'fetchurl') {
    const storeName = name ?? baseName(url);
    const reason = invalidNameReason(storeName);
    if (reason !== null) {
      const advice =
        name !== null
          ? "Please change the value for the 'name' attribute passed to 'fetchurl', so that it can create a valid store path."
          : given
            ? "Please add a valid 'name' attribute to the argument for 'fetchurl', so that it can create a valid store path."
            : "Please pass an attribute set with 'url' and 'name' attributes to 'fetchurl',  so that it can create a valid store path.";
      throw new EvalError(`invalid store path name when fetching URL '${url}': ${reason}. ${advice}`);
    }
  }
}

export function storeBuiltins(evaluator: Evaluator): BuiltinFamily {
  const settings = evaluator.settings;
  const storeDir = canonicalisePath(settings.storeDir);
  const features = settings.experimentalFeatures;
  const drvStore = new DerivationStore(storeDir);
  const store = evaluator.store;
  const copied = new Map<string, string>();

  /**
   * A path copied to the store, as string interpolation and derivation
   * attributes copy paths: its NAR hash gives the store path. The store
   * writes it, or only computes the path (nix-instantiate --eval).
   */
  const copyPathToStore = (path: string): string => {
    if (storePathOf(storeDir, path) === path) return path;
    const known = copied.get(path);
    if (known !== undefined) return known;
    const rt = evaluator.vm;
    const name = isCorepkgsPath(path) ? path.slice(COREPKGS_PREFIX.length, -1) : baseName(path);
    if (name.endsWith('.drv')) throw new EvalError(`file names are not allowed to end in '.drv'`);
    // As CppNix: the folders on the way are walked first, so that pure and
    // restricted mode name the first one they forbid (without a position).
    const source = storeOrError(() => resolveSymlinks(rt, path, 'ancestors'));
    const reason = invalidNameReason(name);
    if (reason !== null) throw new EvalError(`path '${path}' cannot be copied to the store: ${reason}`);
    const io = rt.io;
    const storePath = storeOrError(() => store.addToStore(name, { method: 'nar', dump: (v) => dumpPath(io, source, null, v) })).path;
    drvStore.addPath(storePath, []);
    evaluator.allowPath(storePath);
    copied.set(path, storePath);
    return storePath;
  };
  // Builtins coercing paths with copyToStore find the copier on the runtime (see argcheck.ts's storeCopier).
  Object.assign(evaluator.vm, { copyPathToStore });
  /** CppNix's writeDerivation: nothing in read-only mode, nor when the store has the .drv already. */
  const writeDerivation = (drvPath: string, name: string, text: string, references: readonly string[]): void => {
    if (settings.readOnly !== false || storeOrError(() => store.isValidPath(drvPath))) return;
    const written = storeOrError(() => store.addTextToStore(name, text, references)).path;
    if (written !== drvPath) throw new Error(`the store wrote '${name}' at '${written}', not at '${drvPath}'`);
  };
  const derivationContext = { evaluator, store: drvStore, copyPathToStore, writeDerivation };
  const realiseContext = makeRealiseContext(evaluator, drvStore);
  const checkURI = (uri: string): void => evaluator.checkURI(uri);
  // Builtins reading a path realise its string context through the runtime too (see import.ts's realisePath).
  Object.assign(evaluator.vm, { realiseContext });

  /** CppNix's addPath (builtins.path, filterSource): the store path of a (filtered) copy of `path`. */
  const addPath = (
    rt: Runtime,
    name: string,
    source: { path: string; context: readonly string[] },
    filter: Value | null,
    recursive: boolean,
    expected: Uint8Array | null,
  ): Value => {
    const path = source.path;
    try {
      // A store path named by a string with context is realised first (import from derivation).
      if (storePathOf(storeDir, path) !== null) realiseContext(source.context);
      const checkName = (): void => {
        const reason = invalidNameReason(name);
        if (reason !== null) throw new EvalError(`invalid store path name '${name}': ${reason}`);
      };
      // As CppNix: a path already in the store with the expected hash is not copied again (nor read, nor filtered).
      let expectedPath: string | null = null;
      if (expected !== null) {
        checkName();
        expectedPath = makeFixedOutputPath(storeDir, name, recursive, 'sha256', expected);
        if (storeOrError(() => store.isValidPath(expectedPath!))) {
          evaluator.allowPath(expectedPath);
          return makeString(expectedPath, [expectedPath]);
        }
      }
      const root = resolveSymlinks(rt, path, 'full');
      checkName();
      const keep =
        filter === null
          ? null
          : (p: string, type: string): boolean =>
              argBool(rt, rt.call(filter, [p, type]), 'while evaluating the return value of the path filter function');
      const io = rt.io;
      let content: StoreContent;
      if (recursive) content = { method: 'nar', dump: (v) => dumpPath(io, root, keep, v) };
      else {
        if (io.fileType(root) !== 'regular') throw new EvalError(`file '${root}' has an unsupported type`);
        content = { method: 'flat', contents: storeOrError(() => io.readFile(root)) };
      }
      const storePath = storeOrError(() => store.addToStore(name, content)).path;
      if (expectedPath !== null && expectedPath !== storePath) {
        throw new EvalError(`store path mismatch in (possibly filtered) path added from '${path}'`);
      }
      drvStore.addPath(storePath, []);
      evaluator.allowPath(storePath);
      return makeString(storePath, [storePath]);
    } catch (e) {
      throw withTrace(e, `while adding path '${path}'`);
    }
  };

  const primops: PrimOp[] = [
    primop('derivationStrict', 1, [], ([attrs], rt) => derivationStrict(attrs!, rt, derivationContext)),
    primop('placeholder', 1, [], ([name], rt) =>
      hashPlaceholder(argStringNoContext(rt, name!, 'while evaluating the first argument passed to builtins.placeholder')),
    ),
    primop('toFile', 2, [], ([name, contents], rt) => {
      const n = argStringNoContext(rt, name!, 'while evaluating the first argument passed to builtins.toFile');
      const s = argString(rt, contents!, 'while evaluating the second argument passed to builtins.toFile');
      const refs: string[] = [];
      const drvRefs: string[] = [];
      for (const c of stringContext(s)) (c.startsWith('=') || c.startsWith('!') ? drvRefs : refs).push(c);
      if (drvRefs.length > 0) {
        // The first in CppNix's order (whole derivations before outputs), shown with store paths by base name.
        const strip = (p: string): string => (p.startsWith(storeDir + '/') ? p.slice(storeDir.length + 1) : p);
        const shown = drvRefs
          .map((c) =>
            c.startsWith('=')
              ? { kind: 0, text: '=' + strip(c.slice(1)) }
              : { kind: 1, text: c.slice(0, c.indexOf('!', 1) + 1) + strip(c.slice(c.indexOf('!', 1) + 1)) },
          )
          .sort((a, b) => a.kind - b.kind || (a.text < b.text ? -1 : 1));
        throw new EvalError(`files created by builtins.toFile may not reference derivations, but ${n} references ${shown[0]!.text}`);
      }
      const text = stringValue(s);
      const reason = invalidNameReason(n);
      if (reason !== null) {
        const path = makeTextPath(storeDir, n, text, refs);
        throw new EvalError(`path '${path.slice(storeDir.length + 1)}' is not a valid store path: ${reason}`);
      }
      const path = storeOrError(() => store.addTextToStore(n, text, refs)).path;
      drvStore.addPath(path, refs);
      evaluator.allowPath(path);
      return makeString(path, [path]);
    }),
    primop('storePath', 1, [], ([path], rt) => {
      if (rt.settings.pure) throw new EvalError(`'builtins.storePath' is not allowed in pure evaluation mode`);
      const { path: p, context } = coerceToPath(path!, rt, "while evaluating the first argument passed to 'builtins.storePath'");
      // A path below a store path (or a symlink into the store) names that store path.
      let resolved = p;
      if (storePathOf(storeDir, p) !== p) resolved = evaluator.hostIO.realPath(p) ?? p;
      if (!resolved.startsWith(storeDir + '/')) throw new EvalError(`path '${resolved}' is not in the Nix store`);
      const storePath = storePathOf(storeDir, resolved);
      if (storePath === null) {
        const base = resolved.slice(storeDir.length + 1).split('/')[0]!;
        if (base.length < 33) throw new EvalError(`'${base}' is too short to be a valid store path`);
        throw new EvalError(`path '${resolved}' is not a valid store path`);
      }
      return makeString(resolved, [...context, storePath].sort());
    }),
    primop('path', 1, [], ([args], rt) => {
      const attrs = argAttrs(rt, args!, 'while evaluating the argument passed to builtins.path');
      let path: { path: string; context: readonly string[] } | null = null;
      let name: string | null = null;
      let filter: Value | null = null;
      let recursive = true;
      let expected: Uint8Array | null = null;
      for (let i = 0; i < attrs.keys.length; i++) {
        const key = attrs.keys[i]!;
        const v = attrs.values[i]!;
        const pos = attrs.posOf(key);
        if (key === 'path') path = coerceToPath(v, rt, "while evaluating the 'path' attribute passed to 'builtins.path'");
        else if (key === 'name') name = argStringNoContext(rt, v, 'while evaluating the `name` attribute passed to builtins.path', pos);
        else if (key === 'filter') {
          const f = rt.force(v);
          if (!isFunction(f) && !(f instanceof NixAttrs && f.has('__functor'))) {
            throw typeError('a function', f).addTrace('while evaluating the `filter` parameter passed to builtins.path', pos);
          }
          filter = f;
        } else if (key === 'recursive')
          recursive = argBool(rt, v, 'while evaluating the `recursive` attribute passed to builtins.path', pos);
        else if (key === 'sha256') {
          const text = argStringNoContext(rt, v, 'while evaluating the `sha256` attribute passed to builtins.path', pos);
          expected = text === '' ? new Uint8Array(32) : hashOrError(text, 'sha256');
        } else throw new EvalError(`unsupported argument '${key}' to 'builtins.path'`, pos);
      }
      if (path === null) throw new EvalError(`missing required 'path' attribute in the first argument to 'builtins.path'`);
      return addPath(rt, name ?? baseName(path.path), path, filter, recursive, expected);
    }),
    primop('filterSource', 2, [], ([filter, path], rt) => {
      const p = coerceToPath(path!, rt, "while evaluating the second argument (the path to filter) passed to 'builtins.filterSource'");
      const f = rt.force(filter!);
      if (!isFunction(f) && !(f instanceof NixAttrs && f.has('__functor'))) {
        throw typeError('a function', f).addTrace('while evaluating the first argument passed to builtins.filterSource', null);
      }
      return addPath(rt, baseName(p.path), p, f, true, null);
    }),
    primop('fetchurl', 1, [], ([arg], rt) => {
      checkFetchArgs('fetchurl', arg!, rt, checkURI);
      throw unsupported('fetchurl', NEEDS_FETCH);
    }),
    primop('fetchTarball', 1, [], ([arg], rt) => {
      checkFetchArgs('fetchTarball', arg!, rt, checkURI);
      throw unsupported('fetchTarball', NEEDS_FETCH);
    }),
    primop('fetchGit', 1, [], ([arg], rt) => {
      // A local working tree is copied; anything else needs fetching.
      const local = fetchGitLocal(evaluator, rt, arg!);
      if (local !== null) return local;
      throw unsupported('fetchGit', NEEDS_FETCH);
    }),
    primop('fetchMercurial', 1, [], ([arg], rt) => {
      checkMercurialArgs(arg!, rt, checkURI);
      throw unsupported('fetchMercurial', NEEDS_FETCH);
    }),
  ];

  if (features.has('fetch-tree') || features.has('flakes')) {
    primops.push(
      primop('fetchTree', 1, [], ([arg], rt) => {
        const x = forceArg(rt, arg!, 'while evaluating the argument passed to builtins.fetchTree');
        if (x instanceof NixAttrs) {
          const attrs = inputAttrs(x, rt, (name, n) => `negative value given for 'fetchTree' argument '${name}': ${n}`);
          if (!attrs.has('type')) throw new EvalError(`attribute 'type' is missing in call to 'fetchTree'`);
          throw unsupported('fetchTree', NEEDS_FETCH);
        }
        const url = stringValue(coerceArg(rt, x, 'while evaluating the first argument passed to the fetcher', false));
        try {
          // A `file:` URL needs an absolute path.
          const file = /^(?:tarball\+)?file:(?!\/)(.*)$/.exec(url);
          if (file !== null) {
            throw new EvalError(`tarball '${url}' must use an absolute path. The 'file' scheme does not support relative paths.`);
          }
          throw unsupported('fetchTree', NEEDS_FETCH);
        } catch (e) {
          throw withTrace(e, `while fetching the input '${url}'`);
        }
      }),
    );
  }
  if (features.has('flakes')) {
    primops.push(
      primop('getFlake', 1, [], ([ref], rt) => {
        argStringNoContext(rt, ref!, 'while evaluating the argument passed to builtins.getFlake');
        throw unsupported('getFlake', 'flakes need the network and a Nix store');
      }),
      primop('parseFlakeRef', 1, [], ([ref], rt) =>
        inputsToNix(parseFlakeRef(argStringNoContext(rt, ref!, 'while evaluating the argument passed to builtins.parseFlakeRef'))),
      ),
      primop('flakeRefToString', 1, [], ([attrs], rt) => {
        const set = argAttrs(rt, attrs!, 'while evaluating the argument passed to builtins.flakeRefToString');
        return flakeRefToString(inputAttrs(set, rt, (name, n) => `negative value given for flake ref attr ${name}: ${n}`));
      }),
    );
  }
  if (features.has('fetch-closure')) {
    primops.push(
      primop('fetchClosure', 1, [], ([args], rt) => {
        argAttrs(rt, args!, 'while evaluating the argument passed to builtins.fetchClosure');
        throw unsupported('fetchClosure', 'fetching closures needs a binary cache and a Nix store');
      }),
    );
  }
  if (features.has('dynamic-derivations')) {
    primops.push(
      primop('outputOf', 2, [], ([drv], rt) => {
        argString(rt, drv!, 'while evaluating the first argument to builtins.outputOf');
        throw unsupported('outputOf', 'dynamic derivations need a Nix store');
      }),
    );
  }

  // `derivation` is Nix code (a built-in file), loaded the first time it is used.
  const loadDerivation = primop('derivation', 1, [], () => evaluator.importFile(corepkgsPath('derivation-internal.nix')));
  const derivation = evaluator.vm.lazyCall(loadDerivation, [null]);

  return { primops, constants: { derivation } };
}
