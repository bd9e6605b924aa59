// Hashes: hashString, hashFile, convertHash (CppNix's primops.cc), over the
// hash functions and encodings of hash.ts.
//
// An unknown algorithm or format is a UsageError in CppNix (the CLI adds
// "Try 'nix-instantiate --help' ..."); blake3 needs the experimental
// feature `blake3-hashes`.

import { EvalError, EvalUsageError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { IOError } from '../io/io.js';
import type { Value } from '../value/types.js';
import { argAttrs, argString, argStringNoContext } from './argcheck.js';
import { primop } from './core.js';
import {
  base16Encode,
  hashBytes,
  HashError,
  type HashAlgo,
  type HashOptions,
  parseHash,
  parseHashAlgo,
  parseHashFormat,
  printHash,
} from './hash.js';
import { realisePath } from './import.js';
import type { BuiltinFamily } from './index.js';
import type { Runtime } from './runtime.js';

/** Runs a hash.ts operation, turning its failures into Nix errors. */
function hashing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HashError) throw e.usage ? new EvalUsageError(e.message) : new EvalError(e.message);
    throw e;
  }
}

function hashOptions(rt: Runtime): HashOptions {
  return { blake3: rt.settings.experimentalFeatures.has('blake3-hashes') };
}

/** An algorithm name, checked before anything else is evaluated (blake3 included). */
function algorithm(name: string, opts: HashOptions): HashAlgo {
  return hashing(() => {
    const algo = parseHashAlgo(name);
    // Fails at once, as CppNix's parseHashAlgo does, without the feature.
    if (algo === 'blake3') hashBytes(algo, '', opts);
    return algo;
  });
}

/** The first argument of hashString and hashFile. */
function algorithmArg(rt: Runtime, v: Value, name: string): HashAlgo {
  return algorithm(argStringNoContext(rt, v, `while evaluating the first argument passed to builtins.${name}`), hashOptions(rt));
}

/** An algorithm name that needs no experimental feature. */
function isPlainAlgorithm(name: string): boolean {
  return name === 'md5' || name === 'sha1' || name === 'sha256' || name === 'sha512';
}

function readFileToHash(rt: Runtime, v: Value): string {
  const path = realisePath(v, rt);
  const type = rt.io.fileType(path);
  if (type === null) throw new EvalError(`path '${path}' does not exist`);
  if (type === 'directory') throw new EvalError(`reading from file '${path}': Is a directory`);
  try {
    return rt.io.readFile(path);
  } catch (e) {
    if (e instanceof IOError) throw new EvalError(e.message);
    throw e;
  }
}

/** `attrs.name`, failing as CppNix's getAttr helper does when it is missing. */
function requiredAttr(attrs: { get(name: string): Value | undefined }, name: string): Value {
  const v = attrs.get(name);
  if (v === undefined) throw new EvalError(`attribute '${name}' missing`).addTrace(`while locating the attribute '${name}'`, null);
  return v;
}

export function hashingBuiltins(evaluator: Evaluator): BuiltinFamily {
  return {
    primops: [
      // The algorithm is checked before the data is evaluated.
      primop(
        'hashString',
        2,
        [0, 1],
        ([algoV, s], rt) => {
          const opts = hashOptions(rt);
          const algo = algorithmArg(rt, algoV!, 'hashString');
          const str = argString(rt, s!, 'while evaluating the second argument passed to builtins.hashString');
          return base16Encode(hashBytes(algo, typeof str === 'string' ? str : str.value, opts));
        },
        {
          checks: {
            0: {
              check: ([algoV], rt) => void algorithmArg(rt, algoV!, 'hashString'),
              literal: isPlainAlgorithm,
              forceCtx: 'while evaluating the first argument passed to builtins.hashString',
            },
            1: { forceCtx: 'while evaluating the second argument passed to builtins.hashString' },
          },
        },
      ),
      primop(
        'hashFile',
        2,
        [0, 1],
        ([algoV, p], rt) => {
          const opts = hashOptions(rt);
          const algo = algorithmArg(rt, algoV!, 'hashFile');
          return base16Encode(hashBytes(algo, readFileToHash(rt, p!), opts));
        },
        {
          checks: {
            0: {
              check: ([algoV], rt) => void algorithmArg(rt, algoV!, 'hashFile'),
              literal: isPlainAlgorithm,
              forceCtx: 'while evaluating the first argument passed to builtins.hashFile',
            },
          },
        },
      ),
      primop('convertHash', 1, [0], ([arg], rt) => {
        const opts = hashOptions(rt);
        const attrs = argAttrs(rt, arg!, 'while evaluating the first argument passed to builtins.convertHash');
        const hash = argStringNoContext(rt, requiredAttr(attrs, 'hash'), "while evaluating the attribute 'hash'");
        const algoV = attrs.get('hashAlgo');
        const algo =
          algoV === undefined ? null : algorithm(argStringNoContext(rt, algoV, "while evaluating the attribute 'hashAlgo'"), opts);
        const formatName = argStringNoContext(rt, requiredAttr(attrs, 'toHashFormat'), "while evaluating the attribute 'toHashFormat'");
        const { format, deprecatedAlias } = hashing(() => parseHashFormat(formatName));
        if (deprecatedAlias) evaluator.warning('"base32" is a deprecated alias for hash format "nix32".');
        return hashing(() => printHash(parseHash(hash, algo, opts), format, format === 'sri'));
      }),
    ],
  };
}
