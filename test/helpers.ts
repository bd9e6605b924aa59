// Shared helpers for tests that evaluate Nix code through the whole pipeline.

import { NixError } from '../src/errors/error.js';
import { renderError } from '../src/errors/render.js';
import { Source } from '../src/errors/source.js';
import { Evaluator, type EvaluatorOptions } from '../src/eval.js';
import { NodeIO } from '../src/io/node-io.js';
import { printValue } from '../src/value/print.js';
import type { Value } from '../src/value/types.js';

export function makeEvaluator(options: Partial<EvaluatorOptions> = {}): Evaluator {
  return new Evaluator({ io: new NodeIO(), ...options });
}

/** Evaluates `expr` strictly and returns the value. */
export function evalValue(expr: string, options: Partial<EvaluatorOptions> = {}): Value {
  const ev = makeEvaluator(options);
  return ev.vm.forceDeep(ev.evalSource(new Source('\xc2\xabstring\xc2\xbb', expr, process.cwd())));
}

/** Evaluates `expr` strictly and prints it as `nix-instantiate --eval --strict` does. */
export function evalNix(expr: string, options: Partial<EvaluatorOptions> = {}): string {
  return printValue(evalValue(expr, options));
}

/** Evaluates `expr`, expecting a Nix error; returns its message (the `error:` text without the trace). */
export function evalError(expr: string, options: Partial<EvaluatorOptions> = {}): string {
  try {
    evalValue(expr, options);
  } catch (e) {
    if (e instanceof NixError) return e.message;
    throw e;
  }
  throw new Error(`expected an error from: ${expr}`);
}

/** Like evalError, but the whole rendered report, trace included. */
export function evalErrorReport(expr: string, options: Partial<EvaluatorOptions> = {}): string {
  try {
    evalValue(expr, options);
  } catch (e) {
    if (e instanceof NixError) return renderError(e);
    throw e;
  }
  throw new Error(`expected an error from: ${expr}`);
}

/** Runs `fn`, returning what evaluation wrote as diagnostics (warnings, traces) and its result. */
export function captureDiagnostics<T>(fn: () => T): { err: string; result: T } {
  const original = NodeIO.prototype.printError;
  let err = '';
  NodeIO.prototype.printError = (text: string): void => {
    err += text;
  };
  try {
    const result = fn();
    return { err, result };
  } finally {
    NodeIO.prototype.printError = original;
  }
}
