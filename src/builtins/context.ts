// String context: getContext, hasContext, appendContext,
// unsafeDiscardStringContext, unsafeDiscardOutputDependency,
// addDrvOutputDependencies (CppNix 2.26's primops/context.cc).
//
// A context is a sorted array of encoded elements (see NixString):
//   /nix/store/...          a plain store path (Opaque)
//   =/nix/store/x.drv       a derivation and all its outputs (DrvDeep)
//   !out!/nix/store/x.drv   one output of a derivation (Built)

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { NixAttrs } from '../value/attrs.js';
import { normalizeContext } from '../value/coerce.js';
import { printAttrName } from '../value/literal.js';
import { invalidNameReason } from '../store/paths.js';
import { canonicalisePath } from '../value/paths.js';
import { makeString, NixString, type Value } from '../value/types.js';
import { argAttrs, argBool, argList, argString, argStringNoContext, coerceArg } from './argcheck.js';
import { primop } from './core.js';
import type { BuiltinFamily } from './index.js';
import type { Runtime } from './runtime.js';

export function contextBuiltins(_evaluator: Evaluator): BuiltinFamily {
  return {
    primops: [
      primop('hasContext', 1, [0], ([s], rt) => {
        const str = argString(rt, s!, 'while evaluating the argument passed to builtins.hasContext');
        return typeof str !== 'string' && str.context.length > 0;
      }),
      primop('getContext', 1, [0], ([s], rt) => getContext(s!, rt)),
      primop('appendContext', 2, [0, 1], ([s, c], rt) => appendContext(s!, c!, rt), {
        checks: {
          0: {
            check: ([s], rt) => void appendContextString(s!, rt),
            literal: 'string',
            forceCtx: 'while evaluating the first argument passed to builtins.appendContext',
          },
        },
      }),
      primop('unsafeDiscardStringContext', 1, [0], ([s], rt) => {
        const str = coerceArg(rt, s!, 'while evaluating the argument passed to builtins.unsafeDiscardStringContext');
        return typeof str === 'string' ? str : str.value;
      }),
      primop('unsafeDiscardOutputDependency', 1, [0], ([s], rt) => {
        const str = coerceArg(rt, s!, 'while evaluating the argument passed to builtins.unsafeDiscardOutputDependency');
        if (typeof str === 'string') return str;
        // `=drv` (all outputs) becomes the plain .drv path.
        if (!str.context.some((c) => c.startsWith('='))) return str;
        return makeString(str.value, normalizeContext(str.context.map((c) => (c.startsWith('=') ? c.slice(1) : c))));
      }),
      primop('addDrvOutputDependencies', 1, [0], ([s], rt) => {
        const str = coerceArg(rt, s!, 'while evaluating the argument passed to builtins.addDrvOutputDependencies');
        const value = typeof str === 'string' ? str : str.value;
        const context = typeof str === 'string' ? [] : str.context;
        if (context.length !== 1)
          throw new EvalError(`context of string '${value}' must have exactly one element, but has ${context.length}`);
        const elem = context[0]!;
        if (elem.startsWith('=')) return str; // already all outputs: idempotent
        if (elem.startsWith('!')) {
          const output = elem.slice(1, elem.indexOf('!', 1));
          throw new EvalError(`\`addDrvOutputDependencies\` can only act on derivations, not on a derivation output such as '${output}'`);
        }
        if (!elem.endsWith('.drv')) throw new EvalError(`path '${elem}' is not a derivation`);
        return new NixString(value, ['=' + elem]);
      }),
    ],
  };
}

function getContext(s: Value, rt: Runtime): Value {
  const str = argString(rt, s, 'while evaluating the argument passed to builtins.getContext');
  if (typeof str === 'string' || str.context.length === 0) return NixAttrs.empty;
  interface Info {
    path: boolean;
    allOutputs: boolean;
    outputs: string[];
  }
  const infos = new Map<string, Info>();
  const info = (path: string): Info => {
    let i = infos.get(path);
    if (i === undefined) {
      i = { path: false, allOutputs: false, outputs: [] };
      infos.set(path, i);
    }
    return i;
  };
  // The context is sorted, so one derivation's outputs come in name order.
  for (const c of str.context) {
    if (c.startsWith('=')) info(c.slice(1)).allOutputs = true;
    else if (c.startsWith('!')) {
      const at = c.indexOf('!', 1);
      info(c.slice(at + 1)).outputs.push(c.slice(1, at));
    } else info(c).path = true;
  }
  const entries: Array<[string, Value]> = [];
  for (const [path, i] of infos) {
    const keys: string[] = [];
    const values: Value[] = [];
    if (i.allOutputs) {
      keys.push('allOutputs');
      values.push(true);
    }
    if (i.outputs.length > 0) {
      keys.push('outputs');
      values.push(i.outputs);
    }
    if (i.path) {
      keys.push('path');
      values.push(true);
    }
    entries.push([path, new NixAttrs(keys, values)]);
  }
  return NixAttrs.fromEntries(entries);
}

function appendContextString(s: Value, rt: Runtime): string | NixString {
  return argString(rt, s, 'while evaluating the first argument passed to builtins.appendContext');
}

function appendContext(s: Value, c: Value, rt: Runtime): Value {
  const str = appendContextString(s, rt);
  const attrs = argAttrs(rt, c, 'while evaluating the second argument passed to builtins.appendContext');
  const storeDir = rt.settings.storeDir;
  const added: string[] = typeof str === 'string' ? [] : str.context.slice();
  for (let k = 0; k < attrs.size; k++) {
    const name = attrs.keys[k]!;
    const pos = attrs.posOf(name);
    const path = parseStorePath(name, storeDir);
    if (path === null) throw new EvalError(`context key '${printAttrName(name)}' is not a store path`, pos);
    // CppNix judges "is a derivation" by the key as written.
    const isDrv = name.endsWith('.drv');
    const info = argAttrs(rt, attrs.values[k]!, 'while evaluating the value of a string context', pos);
    const pathAttr = info.get('path');
    if (pathAttr !== undefined) {
      if (argBool(rt, pathAttr, 'while evaluating the `path` attribute of a string context', info.posOf('path'))) added.push(path);
    }
    const all = info.get('allOutputs');
    if (all !== undefined) {
      if (argBool(rt, all, 'while evaluating the `allOutputs` attribute of a string context', info.posOf('allOutputs'))) {
        if (!isDrv)
          throw new EvalError(`tried to add all-outputs context of ${printAttrName(name)}, which is not a derivation, to a string`, pos);
        added.push('=' + path);
      }
    }
    const outputs = info.get('outputs');
    if (outputs !== undefined) {
      const opos = info.posOf('outputs');
      const list = argList(rt, outputs, 'while evaluating the `outputs` attribute of a string context', opos);
      if (list.length > 0 && !isDrv)
        throw new EvalError(
          `tried to add derivation output context of ${printAttrName(name)}, which is not a derivation, to a string`,
          pos,
        );
      for (const o of list) {
        const out = argStringNoContext(rt, o, 'while evaluating an output name within a string context', opos);
        added.push(`!${out}!${path}`);
      }
    }
  }
  const value = typeof str === 'string' ? str : str.value;
  return makeString(value, normalizeContext(added));
}

/**
 * The store path `s` names (canonicalised), or null when it is not one: a
 * direct child of the store directory whose name is a 32-character nix32
 * hash and a valid name, as CppNix's isStorePath judges it.
 */
export function parseStorePath(s: string, storeDir: string): string | null {
  if (!s.startsWith('/')) return null;
  const p = canonicalisePath(s);
  const slash = p.lastIndexOf('/');
  const dir = slash === 0 ? '/' : p.slice(0, slash);
  if (dir !== canonicalisePath(storeDir)) return null;
  const base = p.slice(slash + 1);
  if (base.length < 33) return null;
  for (let i = 0; i < 32; i++) {
    const c = base.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const lower = c >= 97 && c <= 122;
    // nix32 leaves out e, o, u and t.
    if (!(digit || lower) || c === 101 || c === 111 || c === 117 || c === 116) return null;
  }
  // The byte after the hash is not checked (CppNix takes the name from offset 33).
  return invalidNameReason(base.slice(33)) === null ? p : null;
}
