// tsnix as a library: evaluate Nix source text and get values back.
//
//   import { evaluate, printValue } from 'tsnix';
//   const v = evaluate('{ a = 1 + 2; }', { strict: true });
//   printValue(v) // '{ a = 3; }'
//
// Everything a user touches sits on this entry point; the stages (syntax,
// compiler, bytecode, vm) are reachable but not needed.

import { Source } from './errors/source.js';
import { Evaluator, type EvaluatorOptions } from './eval.js';
import type { IO } from './io/io.js';
import { NodeIO } from './io/node-io.js';
import type { Value } from './value/types.js';

export interface EvaluateOptions extends Partial<Omit<EvaluatorOptions, 'io'>> {
  /** File system, environment and clock; the real ones on Node by default. */
  io?: IO;
  /** The file the text comes from: names it in errors and anchors relative paths. */
  path?: string;
  /** Evaluate everything inside the result (lists, sets), as `--strict` does. */
  strict?: boolean;
}

/** Evaluates Nix source text (UTF-8, as a JS string) to a value; throws NixError on Nix errors. */
export function evaluate(text: string, options: EvaluateOptions = {}): Value {
  const io = options.io ?? new NodeIO();
  const evaluator = new Evaluator({ ...options, io });
  const binary = Buffer.from(text, 'utf8').toString('latin1');
  const source = options.path ? Source.fromFile(options.path, binary) : new Source('\xc2\xabstring\xc2\xbb', binary, io.cwd());
  const value = evaluator.evalSource(source);
  return options.strict ? evaluator.vm.forceDeep(value) : evaluator.vm.force(value);
}

export { Evaluator, type EvaluatorOptions } from './eval.js';
export { NixError, EvalError, ParseError, ThrownError, AssertionError, AbortError } from './errors/error.js';
export { renderError } from './errors/render.js';
export { Source } from './errors/source.js';
export type { IO, FileType } from './io/io.js';
export { NodeIO } from './io/node-io.js';
export { printValue } from './value/print.js';
export { printJSON } from './value/json.js';
export { NixAttrs } from './value/attrs.js';
export * from './value/types.js';
