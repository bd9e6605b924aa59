// The builtins that need a Nix store or the network, and those about store
// paths that are pure computations.
//
// Computed without a store, exactly as CppNix computes them:
//   placeholder     `/` + nix32(sha256("nix-output:" + name))
//   toFile          the path the text would be written to (as
//                   nix-instantiate --eval, which writes nothing, reports it)
//   storePath       the path, with itself as string context
//   parseFlakeRef, flakeRefToString (experimental feature `flakes`)
//   derivation      CppNix's Nix-level wrapper around derivationStrict, from
//                   the built-in file <nix/derivation-internal.nix>
//
// Not supported yet (each fails with an error that says so, after checking
// its arguments as CppNix does where that is cheap): derivationStrict,
// path, filterSource, fetchurl, fetchTarball, fetchGit, fetchMercurial,
// fetchTree, fetchClosure, getFlake, outputOf. Those behind experimental
// features (fetchTree, fetchClosure, getFlake, outputOf) exist only when the
// feature is on, as in CppNix.

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { corepkgsPath } from '../io/corepkgs.js';
import { NixAttrs } from '../value/attrs.js';
import { typeError } from '../value/check.js';
import { printForError } from '../value/describe.js';
import { canonicalisePath, baseName } from '../value/paths.js';
import { isFunction, makeString, PrimOp, stringContext, stringValue, type Value } from '../value/types.js';
import { hashPlaceholder, invalidNameReason, makeTextPath, storePathOf } from '../store/paths.js';
import { argAttrs, argString, argStringNoContext, coerceArg, forceArg, withTrace } from './argcheck.js';
import { coerceToPath } from './import.js';
import { flakeRefToString, type InputAttr, type InputAttrs, parseFlakeRef } from './flakeref.js';
import type { Runtime } from './runtime.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';

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

/**
 * fetchurl's and fetchTarball's arguments: a URL, or a set with `url` and
 * maybe `name` and `sha256`. Checks them as CppNix does before it fetches.
 */
function checkFetchArgs(who: 'fetchurl' | 'fetchTarball', arg: Value, rt: Runtime): void {
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

  const primops: PrimOp[] = [
    primop('derivationStrict', 1, [], ([attrs], rt) => {
      argAttrs(rt, attrs!, 'while evaluating the argument passed to builtins.derivationStrict');
      throw unsupported('derivationStrict', 'derivations need a Nix store');
    }),
    primop('placeholder', 1, [], ([name], rt) =>
      hashPlaceholder(argStringNoContext(rt, name!, 'while evaluating the first argument passed to builtins.placeholder')),
    ),
    primop('toFile', 2, [], ([name, contents], rt) => {
      const n = argStringNoContext(rt, name!, 'while evaluating the first argument passed to builtins.toFile');
      const s = argString(rt, contents!, 'while evaluating the second argument passed to builtins.toFile');
      const refs: string[] = [];
      for (const c of stringContext(s)) {
        if (c.startsWith('=') || c.startsWith('!')) {
          throw new EvalError(
            `files created by builtins.toFile may not reference derivations, but ${n} references ${c.slice(c.lastIndexOf('!') + 1).replace(/^=/, '')}`,
          );
        }
        refs.push(c);
      }
      const path = makeTextPath(storeDir, n, stringValue(s), refs);
      const reason = invalidNameReason(n);
      if (reason !== null) throw new EvalError(`path '${path.slice(storeDir.length + 1)}' is not a valid store path: ${reason}`);
      return makeString(path, [path]);
    }),
    primop('storePath', 1, [], ([path], rt) => {
      if (rt.settings.pure) throw new EvalError(`'builtins.storePath' is not allowed in pure evaluation mode`);
      const { path: p, context } = coerceToPath(path!, rt, "while evaluating the first argument passed to 'builtins.storePath'");
      // A path below a store path (or a symlink into the store) names that store path.
      let resolved = p;
      if (storePathOf(storeDir, p) !== p) resolved = rt.io.realPath(p) ?? p;
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
      for (const key of attrs.keys) {
        if (!['path', 'name', 'filter', 'recursive', 'sha256'].includes(key)) {
          throw new EvalError(`unsupported argument '${key}' to 'builtins.path'`, attrs.posOf(key));
        }
      }
      if (!attrs.has('path')) throw new EvalError(`missing required 'path' attribute in the first argument to 'builtins.path'`);
      throw unsupported('path', 'copying paths to the store needs a Nix store');
    }),
    primop('filterSource', 2, [], ([filter, path], rt) => {
      const f = rt.force(filter!);
      if (!isFunction(f))
        throw typeError('a function', f).addTrace('while evaluating the first argument passed to builtins.filterSource', null);
      coerceToPath(path!, rt, 'while evaluating the second argument (the path to filter) passed to builtins.filterSource');
      throw unsupported('filterSource', 'copying paths to the store needs a Nix store');
    }),
    primop('fetchurl', 1, [], ([arg], rt) => {
      checkFetchArgs('fetchurl', arg!, rt);
      throw unsupported('fetchurl', NEEDS_FETCH);
    }),
    primop('fetchTarball', 1, [], ([arg], rt) => {
      checkFetchArgs('fetchTarball', arg!, rt);
      throw unsupported('fetchTarball', NEEDS_FETCH);
    }),
    primop('fetchGit', 1, [], ([arg], rt) => {
      const x = rt.force(arg!);
      if (!(x instanceof NixAttrs)) coerceArg(rt, x, 'while evaluating the first argument passed to the fetcher', false);
      throw unsupported('fetchGit', NEEDS_FETCH);
    }),
    primop('fetchMercurial', 1, [], ([arg], rt) => {
      const x = rt.force(arg!);
      if (!(x instanceof NixAttrs)) coerceArg(rt, x, 'while evaluating the first argument passed to builtins.fetchMercurial', false);
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
