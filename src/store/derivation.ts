// Store derivations (.drv files) and the paths computed from them, as
// CppNix computes them in read-only mode (nix-instantiate --eval writes
// nothing, yet knows every path):
//
//   - the ATerm text of a derivation:
//       Derive([outputs],[input drvs],[input srcs],"system","builder",[args],[env])
//   - its "hash modulo": the SHA-256 of that text with each input
//     derivation replaced by its own hash modulo, so that a derivation's
//     output paths do not change when only how its fixed-output inputs were
//     obtained changes;
//   - output paths: input-addressed ones from the hash modulo of the
//     derivation with its outputs blanked out, fixed-output ones from the
//     expected hash;
//   - the .drv path: a text path over the ATerm, referencing its inputs.
//
// Derivations made during an evaluation are kept in a DerivationStore, so
// that their hashes modulo are at hand (and known in read-only mode, where
// nothing is written to read back).

import { makeFixedOutputPath, makeStorePath, makeTextPath, sha256Of, toHex } from './paths.js';

/** How a fixed output's content is hashed: a flat file, a NAR, or a text file. */
export type IngestionMethod = 'flat' | 'nar' | 'text';

export type DerivationOutput =
  | { kind: 'inputAddressed'; path: string }
  | { kind: 'fixed'; method: IngestionMethod; algo: string; hash: Uint8Array; path: string }
  | { kind: 'deferred' }
  /** Content-addressed, path known once built (ca-derivations), or impure: read from .drv files only. */
  | { kind: 'floating' | 'impure'; method: IngestionMethod; algo: string };

export interface Derivation {
  name: string;
  outputs: Map<string, DerivationOutput>;
  /** Input derivations and the outputs of each that are needed. */
  inputDrvs: Map<string, Set<string>>;
  inputSrcs: Set<string>;
  platform: string;
  builder: string;
  args: string[];
  env: Map<string, string>;
}

/** The store paths of a derivation's outputs that it names (not those known only once built), by output name. */
export function outputPaths(drv: Derivation): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, o] of drv.outputs) if (o.kind === 'inputAddressed' || o.kind === 'fixed') out.push([name, o.path]);
  return out;
}

/** `<algo>` prefixed by the method: `r:sha256`, `text:sha256`, `sha1` (CppNix's printMethodAlgo). */
export function printMethodAlgo(method: IngestionMethod, algo: string): string {
  return (method === 'nar' ? 'r:' : method === 'text' ? 'text:' : '') + algo;
}

/** The name of an output's store path: the derivation name, with `-<output>` unless it is `out`. */
export function outputPathName(drvName: string, outputName: string): string {
  return outputName === 'out' ? drvName : `${drvName}-${outputName}`;
}

/** An input-addressed output's path (CppNix's makeOutputPath). */
export function makeOutputPath(storeDir: string, outputName: string, hashModulo: Uint8Array, drvName: string): string {
  return makeStorePath(storeDir, 'output:' + outputName, hashModulo, outputPathName(drvName, outputName));
}

/** A fixed output's path, from its expected hash. */
export function fixedOutputPath(
  storeDir: string,
  drvName: string,
  outputName: string,
  method: IngestionMethod,
  algo: string,
  hash: Uint8Array,
): string {
  const name = outputPathName(drvName, outputName);
  if (method === 'text') return makeStorePath(storeDir, 'text', hash, name);
  return makeFixedOutputPath(storeDir, name, method === 'nar', algo, hash);
}

const ESCAPED = /["\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** An ATerm string: most need no escape (store paths, names), and are copied whole. */
function quote(s: string): string {
  ESCAPED.lastIndex = 0;
  if (!ESCAPED.test(s)) return `"${s}"`;
  return `"${s.replace(ESCAPED, (c) => ESCAPES[c]!)}"`;
}

const byKey = <T>(a: [string, T], b: [string, T]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const sorted = (xs: Iterable<string>): string[] => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The entries of `map` by key: most maps here are made in key order (from a set's sorted names), and then need no sort. */
function entriesByKey<T>(map: ReadonlyMap<string, T>): Array<[string, T]> {
  const entries = [...map];
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]![0] > entries[i]![0]) return entries.sort(byKey);
  return entries;
}

/**
 * The ATerm text of a derivation. With `maskOutputs`, output paths are
 * left empty; `inputs` replaces the input derivations (hash modulo).
 */
export function unparseDerivation(drv: Derivation, maskOutputs: boolean, inputs: Map<string, Set<string>> = drv.inputDrvs): string {
  return unparseOutputs(drv, maskOutputs) + unparseInputs(inputs) + unparseRest(drv);
}

/** The text of a derivation up to its input derivations: `Derive([outputs],`. */
function unparseOutputs(drv: Derivation, maskOutputs: boolean): string {
  const outputs = entriesByKey(drv.outputs).map(([name, o]) => {
    switch (o.kind) {
      case 'inputAddressed':
        return `(${quote(name)},${quote(maskOutputs ? '' : o.path)},"","")`;
      case 'fixed':
        return `(${quote(name)},${quote(maskOutputs ? '' : o.path)},${quote(printMethodAlgo(o.method, o.algo))},${quote(toHex(o.hash))})`;
      case 'deferred':
        return `(${quote(name)},"","","")`;
      case 'floating':
      case 'impure':
        return `(${quote(name)},"",${quote(printMethodAlgo(o.method, o.algo))},${o.kind === 'impure' ? '"impure"' : '""'})`;
    }
  });
  return `Derive([${outputs.join(',')}],`;
}

/** The input derivations' part: `[("path",["out"]),...]`. */
function unparseInputs(inputs: Map<string, Set<string>>): string {
  return `[${entriesByKey(inputs)
    .map(([path, outs]) => `(${quote(path)},[${sorted(outs).map(quote).join(',')}])`)
    .join(',')}]`;
}

/**
 * The text after the input derivations, the same in a derivation's text
 * and in its hash modulo: `,[srcs],"system","builder",[args],[env])`.
 */
function unparseRest(drv: Derivation): string {
  const env = entriesByKey(drv.env).map(([k, v]) => `(${quote(k)},${quote(v)})`);
  return (
    `,[${sorted(drv.inputSrcs).map(quote).join(',')}],` +
    `${quote(drv.platform)},${quote(drv.builder)},[${drv.args.map(quote).join(',')}],[${env.join(',')}])`
  );
}

/** A derivation's hash modulo: one hash per output (CppNix's DrvHash; "deferred" is not supported here). */
export type DrvHashes = Map<string, Uint8Array>;

/** The derivations of one evaluation and what is known about each store path made. */
export class DerivationStore {
  /** Each derivation made, with its hash modulo by output, in hex (as the hash modulo of a derivation using it names it). */
  private readonly drvs = new Map<string, { drv: Derivation; hex: Map<string, string> }>();
  /** References of every store path made during the evaluation (derivations, toFile, copied sources). */
  private readonly references = new Map<string, readonly string[]>();

  constructor(readonly storeDir: string) {}

  /** Records a store path made during evaluation and what it refers to. */
  addPath(path: string, references: readonly string[]): void {
    this.references.set(path, references);
  }

  /** The derivation at `drvPath`, if this evaluation made it. */
  get(drvPath: string): Derivation | undefined {
    return this.drvs.get(drvPath)?.drv;
  }

  /**
   * CppNix's hashDerivationModulo: a fixed-output derivation hashes to its
   * output's description; any other to the SHA-256 of its text with input
   * derivations replaced by their own hashes modulo. `rest`: the text after
   * the input derivations (unparseRest), when the caller has made it.
   */
  hashModulo(drv: Derivation, maskOutputs: boolean, rest: string | null = null): DrvHashes {
    const outputs = [...drv.outputs];
    if (outputs.length > 0 && outputs.every(([, o]) => o.kind === 'fixed')) {
      const hashes: DrvHashes = new Map();
      for (const [name, o] of outputs) {
        if (o.kind !== 'fixed') continue;
        hashes.set(name, sha256Of(`fixed:out:${printMethodAlgo(o.method, o.algo)}:${toHex(o.hash)}:${o.path}`));
      }
      return hashes;
    }
    const inputs = new Map<string, Set<string>>();
    for (const [path, outs] of drv.inputDrvs) {
      const known = this.drvs.get(path);
      if (known === undefined) throw new Error(`derivation '${path}' is not known (tsnix has no store to read it from)`);
      for (const out of outs) {
        const key = known.hex.get(out);
        if (key === undefined) throw new Error(`no hash for output '${out}' of derivation '${known.drv.name}'`);
        let set = inputs.get(key);
        if (set === undefined) inputs.set(key, (set = new Set()));
        set.add(out);
      }
    }
    const hash = sha256Of(unparseOutputs(drv, maskOutputs) + unparseInputs(inputs) + (rest ?? unparseRest(drv)));
    return new Map(outputs.map(([name]) => [name, hash]));
  }

  /**
   * Computes the .drv (its text, references and path, as CppNix's
   * writeDerivation does) and records the derivation; writing it into a
   * store is the caller's.
   */
  write(drv: Derivation): { drvPath: string; text: string; references: string[] } {
    const rest = unparseRest(drv);
    const text = unparseOutputs(drv, false) + unparseInputs(drv.inputDrvs) + rest;
    const references = sorted([...drv.inputSrcs, ...drv.inputDrvs.keys()]);
    const drvPath = makeTextPath(this.storeDir, drv.name + '.drv', text, references);
    const hex = new Map<string, string>();
    for (const [out, h] of this.hashModulo(drv, false, rest)) hex.set(out, toHex(h));
    this.drvs.set(drvPath, { drv, hex });
    this.references.set(drvPath, references);
    return { drvPath, text, references };
  }

  /** Every store path `path` refers to, directly or not, itself included (CppNix's computeFSClosure). */
  closure(path: string): string[] {
    const seen = new Set<string>();
    const todo = [path];
    while (todo.length > 0) {
      const p = todo.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      for (const r of this.references.get(p) ?? []) todo.push(r);
    }
    return sorted(seen);
  }
}
