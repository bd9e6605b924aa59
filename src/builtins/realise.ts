// What reading a path with string context needs first (CppNix 2.26's
// realiseContext): before import, readFile, readDir, pathExists,
// readFileType, hashFile or builtins.path read a store path named by a
// string's context, every path of the context must be valid, and each
// derivation output it names must be built: import from derivation (IFD).
//
//   - a path the store does not hold fails: `path '/nix/store/...' is not
//     valid` (nix-instantiate --eval writes nothing, so there neither a
//     toFile text nor an output's .drv is valid unless already on disk, as
//     in CppNix);
//   - with `allow-import-from-derivation = false`, an output fails with
//     CppNix's `cannot build '<drv>^<output>' during evaluation because the
//     option 'allow-import-from-derivation' is disabled`;
//   - otherwise tsnix cannot build: an output that is already in the store
//     (built earlier) is read, and made readable in pure and restricted
//     mode as CppNix does with what it builds; one that is not fails,
//     saying so.

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import type { DerivationStore } from '../store/derivation.js';

/** An output a context needs built: the `!out!/nix/store/x.drv` element. */
interface NeededOutput {
  drvPath: string;
  output: string;
}

/** The elements of a context in CppNix's order (plain paths, whole derivations, outputs), outputs split out. */
function splitContext(context: readonly string[]): { paths: string[]; outputs: NeededOutput[] } {
  const plain: string[] = [];
  const deep: string[] = [];
  const outputs: NeededOutput[] = [];
  for (const c of context) {
    if (c.startsWith('=')) deep.push(c.slice(1));
    else if (c.startsWith('!')) {
      const bang = c.indexOf('!', 1);
      outputs.push({ output: c.slice(1, bang), drvPath: c.slice(bang + 1) });
    } else plain.push(c);
  }
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  outputs.sort((a, b) => byPath(a.drvPath, b.drvPath) || byPath(a.output, b.output));
  return { paths: [...plain.sort(byPath), ...deep.sort(byPath)], outputs };
}

/** The `realiseContext` of the runtime: throws unless every path of `context` can be read. */
export function makeRealiseContext(evaluator: Evaluator, drvStore: DerivationStore): (context: readonly string[]) => void {
  // A store that writes knows what it holds. The dummy store's additions
  // are only computed, as nix-instantiate --eval's are: there only what is
  // already on disk (an installed Nix's store) is valid, as in CppNix.
  const store = evaluator.store;
  const isValid = (path: string): boolean => (store.kind === 'dummy' ? evaluator.hostIO.fileType(path) !== null : store.isValidPath(path));

  return (context) => {
    if (context.length === 0) return;
    const { paths, outputs } = splitContext(context);
    for (const path of paths) if (!isValid(path)) throw new EvalError(`path '${path}' is not valid`);
    for (const { drvPath } of outputs) if (!isValid(drvPath)) throw new EvalError(`path '${drvPath}' is not valid`);
    if (outputs.length === 0) return;
    const first = outputs[0]!;
    if (evaluator.settings.allowImportFromDerivation === false) {
      throw new EvalError(
        `cannot build '${first.drvPath}^${first.output}' during evaluation because the option 'allow-import-from-derivation' is disabled`,
      );
    }
    for (const { drvPath, output } of outputs) {
      const out = drvStore.get(drvPath)?.outputs.get(output);
      const outPath = out !== undefined && (out.kind === 'inputAddressed' || out.kind === 'fixed') ? out.path : null;
      if (outPath === null || !isValid(outPath)) {
        throw new EvalError(
          `cannot build '${drvPath}^${output}' during evaluation (import from derivation), which tsnix does not support yet`,
        );
      }
      evaluator.allowPath(outPath);
    }
  };
}
