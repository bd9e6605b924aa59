// tsnix as a library on Node: the API of browser.ts, with the host's real
// files, environment and clock (NodeIO) where no `io` or `sandbox` is
// given, and NodeIO exported.
//
//   import { evaluate, printValue } from 'tsnix';
//   printValue(evaluate('import ./default.nix', { strict: true }))

import * as api from './api.js';
import type { EvaluateOptions } from './api.js';
import { NodeIO } from './io/node-io.js';
import type { Value } from './value/types.js';
import type { ListedChunk } from './bytecode/disasm.js';
import type { Expr } from './syntax/ast.js';

export * from './browser.js';
export { NodeIO } from './io/node-io.js';

/** The options with the real files as `io` when neither `io` nor `sandbox` is given. */
const onHost = (options: EvaluateOptions): EvaluateOptions =>
  options.io !== undefined || options.sandbox ? options : { ...options, io: new NodeIO() };

/** Evaluates Nix source text (UTF-8, as a JS string) to a value; throws NixError on Nix errors. */
export function evaluate(text: string, options: EvaluateOptions = {}): Value {
  return api.evaluate(text, onHost(options));
}

/**
 * evaluate, giving the rest of the program its turn every few
 * milliseconds: a page stays responsive, and `signal` can stop it.
 * Rejects with NixError on Nix errors (a StopError for a limit or an abort).
 */
export function evaluateAsync(text: string, options: EvaluateOptions = {}): Promise<Value> {
  return api.evaluateAsync(text, onHost(options));
}

/** The text's syntax tree, as `nix-instantiate --parse` reads it (see api.ts). */
export function parse(text: string, options: EvaluateOptions = {}): Expr {
  return api.parse(text, onHost(options));
}

/** The text compiled, as data: every chunk, each op with its source position. */
export function listBytecode(text: string, options: EvaluateOptions = {}): ListedChunk[] {
  return api.listBytecode(text, onHost(options));
}

/** The text's bytecode as `tsnix disasm` prints it. */
export function disassemble(text: string, options: EvaluateOptions = {}): string {
  return api.disassemble(text, onHost(options));
}

/** A value as `nix-instantiate --eval --strict --json` prints it, paths copied from `options`' world (see api.ts). */
export function toJSONText(value: Value, options: EvaluateOptions = {}): string {
  return api.toJSONText(value, onHost(options));
}
