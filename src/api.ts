// The library's functions, on any JavaScript host: evaluate (and parse,
// disassemble) Nix source text. No Node module is reached from here: with
// neither `io` nor `sandbox` the code sees an empty in-memory file tree.
// The Node entry (index.ts) defaults `io` to the real files instead; the
// browser entry (browser.ts) re-exports these as they are.

import { Source } from './errors/source.js';
import { Evaluator, type EvaluatorOptions } from './eval.js';
import type { IO } from './io/io.js';
import { fromText, type MemoryEntry, MemoryIO } from './io/memory-io.js';
import { Closure, type Value } from './value/types.js';
import { printJSON } from './value/to-json.js';
import { bytesToBinary } from './value/binary.js';
import { guillemets } from './value/literal.js';
import { storeCopier } from './builtins/argcheck.js';
import { ThenStep } from './builtins/step.js';
import { disassemble as disassembleBlueprint, type ListedChunk, listChunks } from './bytecode/disasm.js';
import type { Expr } from './syntax/ast.js';
import { checkScopes } from './syntax/check.js';
import { type EvalLimits, Watchdog } from './vm/watchdog.js';

/** A file given to sandboxed code: text (UTF-8) or bytes, maybe executable, or a symlink. */
export type SandboxFile = string | Uint8Array | { contents: string | Uint8Array; executable?: boolean } | { symlink: string };

/** The world code evaluated with `sandbox` sees: this, and nothing of the host. */
export interface SandboxOptions {
  /**
   * The only files it can read, by absolute path (`import`, `readFile`,
   * `readDir`, `<...>` through `settings.nixPath`, `"${./x}"` ...); the
   * folders on the way exist. None by default.
   */
  files?: Readonly<Record<string, SandboxFile>>;
  /** `builtins.currentTime`: 0 by default, so results do not depend on when code runs. */
  currentTime?: number;
  /** `builtins.currentSystem`: `x86_64-linux` by default, whatever the host is. */
  currentSystem?: string;
  /** Where the text's relative paths (`./x`) point: `/` by default. */
  cwd?: string;
}

export interface EvaluateOptions extends Partial<Omit<EvaluatorOptions, 'io'>> {
  /**
   * File system, environment and clock: on Node the real ones by default
   * (NodeIO), elsewhere an empty in-memory tree (MemoryIO).
   */
  io?: IO;
  /**
   * Evaluates untrusted code (a playground, a service) with no access to
   * the host at all: `true`, or what it may see. Instead of `io` it gets an
   * in-memory file tree holding only `sandbox.files`, so it reads nothing
   * else whatever the path; no environment (`getEnv` gives "", NIX_PATH and
   * NIX_STORE_DIR are not read, `~/x` fails as $HOME is not set); a fixed
   * `currentTime` and `currentSystem`; no programs (fetchGit of a local
   * tree fails) and no network (fetchers fail, as without sandbox); and a
   * store that computes paths but writes nothing. Warnings and traces go
   * to `log` (dropped without one), never to the host's stderr. Pure and
   * restricted mode (`settings.pure`, `settings.restrict`) still apply on
   * top of it.
   */
  sandbox?: boolean | SandboxOptions;
  /** The file the text comes from: names it in errors and anchors relative paths. */
  path?: string;
  /** Evaluate everything inside the result (lists, sets), as `--strict` does. */
  strict?: boolean;
  /** Stop with an error (a StopError) once evaluation has run this many milliseconds. */
  timeLimitMs?: number;
  /** Stop with an error once the process holds more than this many bytes of memory. */
  memoryLimitBytes?: number;
  /**
   * Stop with an error when this is aborted. `evaluate` runs to its end
   * without letting other JS run, so only `evaluateAsync` sees an abort
   * made while it runs (a timer, a Stop button); `evaluate` sees one made
   * before it starts or by code it calls (a `log` callback).
   */
  signal?: AbortSignal;
}

/** A sandbox's file as MemoryIO holds it (binary strings). */
function memoryEntry(file: SandboxFile): MemoryEntry {
  const bytes = (c: string | Uint8Array): string => (typeof c === 'string' ? fromText(c) : bytesToBinary(c));
  if (typeof file === 'string' || file instanceof Uint8Array) return bytes(file);
  if ('symlink' in file) return { symlink: fromText(file.symlink) };
  return { contents: bytes(file.contents), executable: file.executable === true };
}

/** The in-memory world of a sandbox. */
function sandboxIO(sandbox: SandboxOptions, log: ((text: string) => void) | undefined): IO {
  const files: Record<string, MemoryEntry> = {};
  for (const [path, file] of Object.entries(sandbox.files ?? {})) files[fromText(path)] = memoryEntry(file);
  return new MemoryIO({
    files,
    currentTime: sandbox.currentTime ?? 0,
    cwd: fromText(sandbox.cwd ?? '/'),
    ...(log ? { printError: log } : {}),
  });
}

/** The evaluator and the source for evaluate and evaluateAsync. */
function prepare(text: string, options: EvaluateOptions): { evaluator: Evaluator; source: Source } {
  const sandbox = options.sandbox === true ? {} : options.sandbox || null;
  if (sandbox !== null && options.io !== undefined) throw new TypeError('evaluate: give `sandbox` or `io`, not both');
  const io = sandbox !== null ? sandboxIO(sandbox, options.log) : (options.io ?? new MemoryIO());
  const settings =
    sandbox !== null
      ? {
          ...options.settings,
          currentSystem: sandbox.currentSystem ?? options.settings?.currentSystem ?? 'x86_64-linux',
          readOnly: true,
        }
      : options.settings;
  const limits: EvalLimits = { ...options.limits };
  if (options.timeLimitMs !== undefined) limits.timeLimitMs = options.timeLimitMs;
  if (options.memoryLimitBytes !== undefined) limits.memoryLimitBytes = options.memoryLimitBytes;
  if (options.signal !== undefined) limits.signal = options.signal;
  const evaluator = new Evaluator({ ...options, io, limits, ...(settings !== undefined ? { settings } : {}) });
  return { evaluator, source: sourceOf(text, options, io) };
}

/** The text as a Source: named by `path`, else `«string»` in the IO's working directory. */
function sourceOf(text: string, options: EvaluateOptions, io: IO): Source {
  const binary = fromText(text);
  return options.path ? Source.fromFile(fromText(options.path), binary) : new Source(guillemets('string'), binary, io.cwd());
}

/** Evaluates Nix source text (UTF-8, as a JS string) to a value; throws NixError on Nix errors. */
export function evaluate(text: string, options: EvaluateOptions = {}): Value {
  const { evaluator, source } = prepare(text, options);
  checkAborted(options.signal);
  const value = evaluator.evalSource(source);
  return options.strict ? evaluator.vm.forceDeep(value) : evaluator.vm.force(value);
}

/**
 * evaluate, giving the rest of the program its turn every few
 * milliseconds: a page stays responsive, and `signal` can stop it. The
 * file's parsing and compiling, and builtins that evaluate from JS, run
 * to their end in one turn. Rejects with NixError on Nix errors (a
 * StopError for a limit or an abort).
 */
export async function evaluateAsync(text: string, options: EvaluateOptions = {}): Promise<Value> {
  const { evaluator, source } = prepare(text, options);
  checkAborted(options.signal);
  const vm = evaluator.vm;
  const file = evaluator.lazyEval(source);
  return vm.runAsync(options.strict ? vm.forceDeepStep(file, file) : new ThenStep(file, (v) => v));
}

/** An abort made before evaluation starts stops it at once. */
function checkAborted(signal: AbortSignal | undefined): void {
  if (signal !== undefined) new Watchdog({ signal }, { now: () => 0 }).check();
}

/**
 * The text's syntax tree, as `nix-instantiate --parse` reads it: names
 * checked against the builtins' scope (an undefined variable is an error,
 * as there). Throws ParseError (or EvalError for a name) with CppNix's
 * message; `printExpr` prints the tree as nix-instantiate does.
 */
export function parse(text: string, options: EvaluateOptions = {}): Expr {
  const { evaluator, source } = prepare(text, options);
  const expr = evaluator.parse(source);
  checkScopes(expr, source, new Set(evaluator.globals.keys()));
  return expr;
}

/** The text compiled, as data: every chunk (the file's, then each lambda's and thunk's), each op with its source position. */
export function listBytecode(text: string, options: EvaluateOptions = {}): ListedChunk[] {
  const { evaluator, source } = prepare(text, options);
  return listChunks(evaluator.compile(source));
}

/** The text's bytecode as `tsnix disasm` prints it. */
export function disassemble(text: string, options: EvaluateOptions = {}): string {
  const { evaluator, source } = prepare(text, options);
  return disassembleBlueprint(evaluator.compile(source));
}

/**
 * A value as `nix-instantiate --eval --strict --json` prints it (a JSON
 * text, UTF-8 in a binary string like printValue's), forcing what is
 * still unevaluated. `options` gives the world it was evaluated in (the
 * same `sandbox` or `io`): path values are copied to that store, read from
 * its files. Throws NixError for what JSON cannot hold (a function).
 */
export function toJSONText(value: Value, options: EvaluateOptions = {}): string {
  const vm = prepare('null', options).evaluator.vm;
  return printJSON(value, vm, {
    strict: true,
    copyPathToStore: storeCopier(vm),
    attrPos: (set, name) => set.posOf(name),
    valuePos: (v) => (v instanceof Closure ? (v.blueprint.pos ?? null) : null),
  });
}
