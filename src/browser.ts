// tsnix as a library, on any JavaScript host (a browser, a worker, Deno,
// Node): evaluate Nix source text and get values back.
//
//   import { evaluate, printValue } from 'tsnix';
//   const v = evaluate('{ a = 1 + 2; }', { strict: true });
//   printValue(v) // '{ a = 3; }'
//
// This entry imports no Node module: without `io` or `sandbox`, code sees
// an empty in-memory file tree (MemoryIO). On Node, package.json's
// `exports` gives index.ts instead, the same API with the real files
// (NodeIO) as the default and NodeIO exported.

export { evaluate, evaluateAsync, parse, listBytecode, disassemble, toJSONText } from './api.js';
export type { EvaluateOptions, SandboxOptions, SandboxFile } from './api.js';
export { Evaluator, type EvaluatorOptions } from './eval.js';
export { StopError, type EvalLimits } from './vm/watchdog.js';
export { traceLine } from './vm/trace-line.js';
export type { Frame } from './vm/frame.js';
export { NixError, EvalError, ParseError, ThrownError, AssertionError, AbortError } from './errors/error.js';
export { renderError } from './errors/render.js';
export { Source, type Pos } from './errors/source.js';
export type { IO, FileType, CodeCache } from './io/io.js';
export { IOError } from './io/io.js';
export { MemoryIO, fromText, toText, type MemoryIOOptions, type MemoryEntry } from './io/memory-io.js';
export { printExpr } from './syntax/printer.js';
export type { Expr } from './syntax/ast.js';
export type { ListedChunk, ListedInstruction } from './bytecode/disasm.js';
export { printValue } from './value/print.js';
export { printJSON } from './value/to-json.js';
export { NixAttrs } from './value/attrs.js';
export * from './value/types.js';
