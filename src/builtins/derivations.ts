// builtins.derivationStrict: a derivation's attributes turned into a store
// derivation, its .drv path and its output paths, computed as CppNix
// computes them, the .drv written into the store in read-write mode.
//
// Every attribute but `args` (the builder's arguments) goes into the
// builder's environment as a string (coerced with toString's rules, paths
// copied to the store), or, with `__structuredAttrs = true`, into one JSON
// document `__json`. The strings' contexts become the derivation's inputs.
// `outputHash` makes a fixed-output derivation; otherwise output paths
// come from the hash of the derivation with its outputs left out.
// Content-addressed (`__contentAddressed`) and impure derivations are not
// supported yet.

import { EvalError, NixError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { coerceToString } from '../value/coerce.js';
import { formatPos } from '../errors/render.js';
import { toJSON, jsonQuote } from '../value/to-json.js';
import { Closure, makeString, type NixString, stringContext, stringValue, type Value } from '../value/types.js';
import { type Derivation, type DerivationStore, fixedOutputPath, type IngestionMethod, makeOutputPath } from '../store/derivation.js';
import { invalidNameReason } from '../store/paths.js';
import { argAttrs, argBool, argStringNoContext, withTrace } from './argcheck.js';
import { expectBool, expectList, expectString, expectStringNoContext } from '../value/check.js';
import { encodeHash, HashError, hashSize, parseHash, parseHashAlgoOpt, type HashAlgo } from './hash.js';
import type { Runtime } from './runtime.js';

/** Attributes that structured attrs make ineffective, with their replacement under `outputChecks`. */
const LEGACY_CHECKS = [
  'allowedReferences',
  'allowedRequisites',
  'disallowedReferences',
  'disallowedRequisites',
  'maxSize',
  'maxClosureSize',
];

export interface DerivationContext {
  evaluator: Evaluator;
  store: DerivationStore;
  /** Copies a path to the store (as string interpolation does), returning the store path. */
  copyPathToStore: (path: string) => string;
  /** Writes a `.drv` (its ATerm `text`, computed at `drvPath`) into the store, in read-write mode. */
  writeDerivation: (drvPath: string, name: string, text: string, references: readonly string[]) => void;
}

// CppNix checks most attributes with an empty error context, which adds no
// trace entry: the `while evaluating attribute ... of derivation` around
// them says it all.
const forceBool = (rt: Runtime, v: Value): boolean => expectBool(rt.force(v));
const forceList = (rt: Runtime, v: Value): Value[] => expectList(rt.force(v));
const forceString = (rt: Runtime, v: Value): string | NixString => expectString(rt.force(v));
const forceStringNoCtx = (rt: Runtime, v: Value): string => expectStringNoContext(rt.force(v), rt.settings.storeDir);

function requireFeature(rt: Runtime, feature: string): void {
  if (!rt.settings.experimentalFeatures.has(feature)) {
    throw new EvalError(`experimental Nix feature '${feature}' is disabled; add '--extra-experimental-features ${feature}' to enable it`);
  }
}

/** `builtins.derivationStrict attrs`. */
export function derivationStrict(arg: Value, rt: Runtime, cx: DerivationContext): Value {
  const attrs = argAttrs(rt, arg, 'while evaluating the argument passed to builtins.derivationStrict');
  const nameValue = attrs.get('name');
  if (nameValue === undefined) {
    throw new EvalError(`attribute 'name' missing`).addTrace('in the attrset passed as argument to builtins.derivationStrict', null);
  }
  const namePos = attrs.posOf('name');
  let drvName: string;
  try {
    drvName = argStringNoContext(rt, nameValue, 'while evaluating the `name` attribute passed to builtins.derivationStrict');
  } catch (e) {
    throw withTrace(e, "while evaluating the derivation attribute 'name'", namePos);
  }
  try {
    return derivationStrictInternal(drvName, attrs, rt, cx);
  } catch (e) {
    if (e instanceof NixError) {
      const where = namePos === null ? '' : `\n  whose name attribute is located at ${formatPos(namePos)}`;
      e.addTrace(`while evaluating derivation '${drvName}'${where}`, null, true);
    }
    throw e;
  }
}

function derivationStrictInternal(drvName: string, attrs: NixAttrs, rt: Runtime, cx: DerivationContext): Value {
  const reason = invalidNameReason(drvName);
  if (reason !== null) throw new EvalError(`invalid derivation name: ${reason}. Please pass a different 'name'.`);

  const structured = attrs.get('__structuredAttrs');
  const json: Array<[string, string]> | null =
    structured !== undefined &&
    argBool(rt, structured, 'while evaluating the `__structuredAttrs` attribute passed to builtins.derivationStrict')
      ? []
      : null;
  const ignoreNullsValue = attrs.get('__ignoreNulls');
  const ignoreNulls =
    ignoreNullsValue !== undefined &&
    argBool(rt, ignoreNullsValue, 'while evaluating the `__ignoreNulls` attribute passed to builtins.derivationStrict');

  const drv: Derivation = {
    name: drvName,
    outputs: new Map(),
    inputDrvs: new Map(),
    inputSrcs: new Set(),
    platform: '',
    builder: '',
    args: [],
    env: new Map(),
  };
  const context = new Set<string>();
  let contentAddressed = false;
  let impure = false;
  let outputHash = null as string | null;
  let outputHashAlgo = null as HashAlgo | null;
  let method = null as IngestionMethod | null;
  let outputs = ['out'];

  const coerce = (v: Value, ctx: string): string => {
    const s = coerceToString(v, rt, {
      coerceMore: true,
      copyToStore: true,
      copyPathToStore: cx.copyPathToStore,
      ...(ctx === '' ? {} : { errorCtx: ctx }),
    });
    for (const c of stringContext(s)) context.add(c);
    return stringValue(s);
  };
  const handleHashMode = (s: string): void => {
    if (s === 'recursive' || s === 'nar') method = 'nar';
    else if (s === 'flat') method = 'flat';
    else if (s === 'text') {
      requireFeature(rt, 'dynamic-derivations');
      method = 'text';
    } else if (s === 'git') {
      requireFeature(rt, 'git-hashing');
      throw new EvalError(`git hashing of fixed outputs is not supported by tsnix yet`);
    } else throw new EvalError(`invalid value '${s}' for 'outputHashMode' attribute`);
  };
  const handleOutputs = (names: string[]): void => {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n)) throw new EvalError(`duplicate derivation output '${n}'`);
      if (n === 'drvPath') throw new EvalError(`invalid derivation output name 'drvPath'`);
      seen.add(n);
    }
    if (seen.size === 0) throw new EvalError('derivation cannot have an empty set of outputs');
    outputs = [...seen];
  };

  for (let i = 0; i < attrs.keys.length; i++) {
    const key = attrs.keys[i]!;
    if (key === '__ignoreNulls') continue;
    const value = attrs.values[i]!;
    try {
      if (ignoreNulls && rt.force(value) === null) continue;
      if (key === '__contentAddressed' && forceBool(rt, value)) {
        contentAddressed = true;
        requireFeature(rt, 'ca-derivations');
      } else if (key === '__impure' && forceBool(rt, value)) {
        impure = true;
        requireFeature(rt, 'impure-derivations');
      } else if (key === 'args') {
        for (const item of forceList(rt, value)) drv.args.push(coerce(item, 'while evaluating an element of the argument list'));
      } else if (json !== null) {
        if (key === '__structuredAttrs') continue;
        const text = toJSON(value, rt, {
          strict: true,
          copyToStore: true,
          copyPathToStore: cx.copyPathToStore,
          attrPos: (a, n) => a.posOf(n),
          valuePos: (v) => (v instanceof Closure ? (v.blueprint.pos ?? null) : null),
        });
        for (const c of stringContext(text)) context.add(c);
        json.push([key, stringValue(text)]);
        if (key === 'builder') {
          const s = forceString(rt, value);
          for (const c of stringContext(s)) context.add(c);
          drv.builder = stringValue(s);
        } else if (key === 'system') drv.platform = forceStringNoCtx(rt, value);
        else if (key === 'outputHash') outputHash = forceStringNoCtx(rt, value);
        else if (key === 'outputHashAlgo') outputHashAlgo = parseHashAlgoOpt(forceStringNoCtx(rt, value));
        else if (key === 'outputHashMode') handleHashMode(forceStringNoCtx(rt, value));
        else if (key === 'outputs') handleOutputs(forceList(rt, value).map((o) => forceStringNoCtx(rt, o)));
        if (LEGACY_CHECKS.includes(key)) {
          cx.evaluator.warningWithTrace(
            `'structuredAttrs' disables the effect of the derivation attribute '${key}'; use 'outputChecks.<output>.${key}' instead`,
            attrs.posOf(key),
            [{ message: `while evaluating derivation '${drvName}'`, pos: null }],
          );
        }
      } else {
        const s = coerce(value, '');
        drv.env.set(key, s);
        if (key === 'builder') drv.builder = s;
        else if (key === 'system') drv.platform = s;
        else if (key === 'outputHash') outputHash = s;
        else if (key === 'outputHashAlgo') outputHashAlgo = parseHashAlgoOpt(s);
        else if (key === 'outputHashMode') handleHashMode(s);
        else if (key === 'outputs') handleOutputs(s.split(/[ \t\n\r]+/).filter((o) => o !== ''));
      }
    } catch (e) {
      throw withTrace(e, `while evaluating attribute '${key}' of derivation '${drvName}'`, attrs.posOf(key));
    }
  }

  if (json !== null) {
    const sortedJson = json.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    drv.env.set('__json', '{' + sortedJson.map(([k, v]) => `${jsonQuote(k)}:${v}`).join(',') + '}');
  }

  // The strings' contexts are the derivation's inputs.
  for (const c of context) {
    if (c.startsWith('=')) {
      // All of a derivation's closure: every path in it, every output of every derivation in it.
      for (const p of cx.store.closure(c.slice(1))) {
        drv.inputSrcs.add(p);
        const inner = cx.store.get(p);
        if (inner !== undefined) drv.inputDrvs.set(p, new Set(inner.outputs.keys()));
      }
    } else if (c.startsWith('!')) {
      const at = c.indexOf('!', 1);
      const drvPath = c.slice(at + 1);
      let outs = drv.inputDrvs.get(drvPath);
      if (outs === undefined) drv.inputDrvs.set(drvPath, (outs = new Set()));
      outs.add(c.slice(1, at));
    } else drv.inputSrcs.add(c);
  }

  if (drv.builder === '') throw new EvalError(`required attribute 'builder' missing`);
  if (drv.platform === '') throw new EvalError(`required attribute 'system' missing`);
  if (drvName.endsWith('.drv') && !(method === 'text' && outputs.length === 1 && outputs[0] === 'out')) {
    throw new EvalError(`derivation names are allowed to end in '.drv' only if they produce a single derivation file`);
  }

  const storeDir = cx.store.storeDir;
  if (outputHash !== null) {
    if (outputs.length !== 1 || outputs[0] !== 'out') throw new EvalError('multiple outputs are not supported in fixed-output derivations');
    let hash: { algo: HashAlgo; bytes: Uint8Array };
    if (outputHash === '') {
      // CppNix's newHashAllowEmpty: an all-zero hash, with a warning.
      if (outputHashAlgo === null) throw new EvalError('empty hash requires explicit hash algorithm');
      hash = { algo: outputHashAlgo, bytes: new Uint8Array(hashSize(outputHashAlgo)) };
      cx.evaluator.plainWarning(`found empty hash, assuming '${encodeHash(hash.bytes, 'sri', hash.algo)}'`);
    } else {
      try {
        hash = parseHash(outputHash, outputHashAlgo);
      } catch (e) {
        if (e instanceof HashError) throw new EvalError(e.message);
        throw e;
      }
    }
    const m = method ?? 'flat';
    if (m === 'text' && hash.algo !== 'sha256') throw new EvalError(`text hashing needs sha256`);
    const path = fixedOutputPath(storeDir, drvName, 'out', m, hash.algo, hash.bytes);
    drv.env.set('out', path);
    drv.outputs.set('out', { kind: 'fixed', method: m, algo: hash.algo, hash: hash.bytes, path });
  } else if (contentAddressed || impure) {
    if (contentAddressed && impure) throw new EvalError('derivation cannot be both content-addressed and impure');
    throw new EvalError(`${impure ? 'impure' : 'content-addressed'} derivations are not supported by tsnix yet`);
  } else {
    // Output paths come from the hash of the derivation with them left out.
    for (const o of outputs) {
      drv.env.set(o, '');
      drv.outputs.set(o, { kind: 'deferred' });
    }
    let hashes;
    try {
      hashes = cx.store.hashModulo(drv, true);
    } catch (e) {
      throw new EvalError(e instanceof Error ? e.message : String(e));
    }
    for (const [o, h] of hashes) {
      const path = makeOutputPath(storeDir, o, h, drvName);
      drv.env.set(o, path);
      drv.outputs.set(o, { kind: 'inputAddressed', path });
    }
  }

  const { drvPath, text, references } = cx.store.write(drv);
  // Into the store (in read-write mode), as CppNix's writeDerivation.
  cx.writeDerivation(drvPath, `${drvName}.drv`, text, references);
  const entries: Array<[string, Value]> = [['drvPath', makeString(drvPath, ['=' + drvPath])]];
  for (const [o, out] of drv.outputs) {
    if (out.kind !== 'inputAddressed' && out.kind !== 'fixed') continue;
    entries.push([o, makeString(out.path, [`!${o}!${drvPath}`])]);
  }
  return NixAttrs.fromEntries(entries);
}
