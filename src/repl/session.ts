// A REPL session: the names in scope, the files loaded, and what each
// input does (`nix repl`'s language: an expression, `name = expr`, or a
// `:command`). It knows nothing of terminals: the front end (cli/repl.ts
// on Node; a page could have another) reads lines, asks `isIncomplete`
// whether to read more, hands the input to `run`, and calls `interrupt`
// on Ctrl-C.
//
// Evaluation runs on the VM's frame stack in slices (VM.runAsync), so the
// event loop sees Ctrl-C while it runs; an interrupted evaluation leaves
// its thunks to be evaluated again, and the session goes on.

import type { Evaluator } from '../eval.js';
import { autoCall, selectAttrPath } from '../eval.js';
import { EvalError, NixError } from '../errors/error.js';
import { renderError } from '../errors/render.js';
import { Source } from '../errors/source.js';
import { ThenStep, type Step } from '../builtins/step.js';
import { resolveExprPath } from '../builtins/import.js';
import { fromText } from '../io/memory-io.js';
import { NixAttrs } from '../value/attrs.js';
import { isDerivationForced, printForError, printValueDebug, showType } from '../value/describe.js';
import { guillemets } from '../value/literal.js';
import { canonicalisePath } from '../value/paths.js';
import { Closure, isString, NixPath, stringValue, type Value } from '../value/types.js';
import { thunkFailure } from '../vm/unwind.js';
import { interrupted } from '../vm/watchdog.js';
import { findCommand, helpText } from './commands.js';
import { documentation } from './doc.js';
import { ForceForPrintStep } from './force.js';
import { paintError } from './paint.js';
import { type ReplSystem, StoreCommands } from './store-commands.js';

/** What the session was started with, and is loaded again on `:r`. */
export type ReplLoad =
  | { kind: 'file'; path: string }
  | { kind: 'expr'; text: string }
  /** `--file F ATTR` / `--expr E ATTR`: an attribute path in a file's or an expression's value ('' for the value itself). */
  | { kind: 'installable'; from: { kind: 'file'; path: string } | { kind: 'expr'; text: string }; attrPath: string };

export interface ReplOptions {
  /** A fresh evaluator: at the start, and for `:r`. */
  newEvaluator(): Evaluator;
  /** The `--arg`/`--argstr` values that loaded functions are called with. */
  autoArgs?(evaluator: Evaluator): NixAttrs;
  /** Output: values and messages (binary strings). */
  write(text: string): void;
  /** Where errors go; `write` without it. */
  writeError?(text: string): void;
  /** Colour values and errors (a terminal, NO_COLOR unset). */
  colours: boolean;
  /** Where input's relative paths point. */
  cwd: string;
  /** The width `:doc` fills paragraphs to (72 by default). */
  width?: number;
  /** Programs, $EDITOR and the environment, for the store commands; without it they say they cannot run. */
  system?: ReplSystem;
}

/** `name = expr` (but not `a == b`). */
const BINDING = /^\s*([A-Za-z_][A-Za-z0-9_'-]*)\s*=(?!=)([\s\S]*)$/;

export class ReplSession {
  evaluator: Evaluator;
  /** The names input sees besides the builtins, as `:a`, `:l` and `x = ...` bound them. */
  readonly scope = new Map<string, Value>();
  showTrace = false;
  private readonly loads: ReplLoad[] = [];
  private running: AbortController | null = null;
  private readonly store: StoreCommands;

  constructor(private readonly options: ReplOptions) {
    this.evaluator = options.newEvaluator();
    this.store = new StoreCommands(this, options.system);
  }

  write(text: string): void {
    this.options.write(text);
  }

  /** Where input's relative paths point. */
  get cwdPath(): string {
    return this.options.cwd;
  }

  get colours(): boolean {
    return this.options.colours;
  }

  /** Whether `input` is an unfinished expression that the next line may complete. */
  isIncomplete(input: string): boolean {
    if (input.trim() === '' || input.trimStart().startsWith(':')) return false;
    const m = BINDING.exec(input);
    try {
      this.evaluator.parse(this.source(m !== null ? m[2]! : input));
    } catch (e) {
      return e instanceof NixError && /unexpected end of file/.test(e.message);
    }
    return false;
  }

  /** Loads what the session starts with (files, `--expr`), reporting errors as input would. */
  async load(loads: readonly ReplLoad[]): Promise<void> {
    for (const l of loads) await this.guard(() => this.addLoad(l, true));
  }

  /** Runs one input to its end; 'quit' after `:q`. Errors are printed, never thrown. */
  async run(input: string): Promise<'quit' | void> {
    let quit = false;
    await this.guard(async () => {
      quit = (await this.dispatch(input)) === 'quit';
    });
    return quit ? 'quit' : undefined;
  }

  /** Ctrl-C: stops the evaluation under way, if any. */
  interrupt(): boolean {
    if (this.running === null) return false;
    this.running.abort(interrupted());
    return true;
  }

  /** Every name input can use: the session's, then the global ones. */
  names(): string[] {
    return [...new Set([...this.scope.keys(), ...this.evaluator.globals.keys()])];
  }

  private async guard(body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (e) {
      // Whatever went wrong, the session goes on: a bug in tsnix is reported as one, not a crash.
      const text = e instanceof NixError ? renderError(e, this.showTrace) : describeFailure(e);
      (this.options.writeError ?? this.options.write)((this.colours ? paintError(text) : text) + '\n');
    }
  }

  private async dispatch(input: string): Promise<'quit' | void> {
    const text = input.trim();
    if (text === '') return;
    if (text.startsWith(':')) {
      const space = text.search(/\s/);
      const name = space < 0 ? text : text.slice(0, space);
      const arg = space < 0 ? '' : text.slice(space).trim();
      return this.command(name, arg);
    }
    const binding = BINDING.exec(input);
    if (binding !== null) {
      // Bound lazily, as nix repl binds: evaluated when first used.
      this.scope.set(binding[1]!, this.lazy(binding[2]!));
      return;
    }
    await this.print(this.lazy(input), false);
  }

  private async command(name: string, arg: string): Promise<'quit' | void> {
    const command = findCommand(name);
    if (command === undefined) throw new EvalError(`unknown command '${name}'`);
    if (command.argument.startsWith('<') && arg === '')
      throw new EvalError(`'${name}' needs ${command.argument === '<path>' ? 'a file' : 'an expression'}`);
    switch (command.names[0]) {
      case ':?':
        this.write(helpText());
        return;
      case ':q':
        return 'quit';
      case ':a':
        await this.addLoad({ kind: 'expr', text: arg }, false);
        return;
      case ':l':
        await this.addLoad({ kind: 'file', path: arg }, true);
        return;
      case ':r':
        await this.reload();
        return;
      case ':p':
        await this.print(this.lazy(arg), true);
        return;
      case ':t':
        this.write(showType(await this.value(arg)) + '\n');
        return;
      case ':doc': {
        const doc = documentation(await this.value(arg), this.colours, this.options.width);
        if (doc === null) throw new EvalError('value does not have documentation');
        this.write(doc);
        return;
      }
      case ':te':
        this.showTrace = traceSetting(arg, this.showTrace);
        this.write(this.showTrace ? 'showing error traces\n' : 'not showing error traces\n');
        return;
      default:
        return this.store.run(command.names[0]!, arg);
    }
  }

  /** Source text of input, as nix repl names it. */
  source(text: string): Source {
    return new Source(guillemets('string'), fromText(text), this.options.cwd);
  }

  /** Input compiled against the session's names, unevaluated. */
  lazy(text: string): Value {
    const scope = NixAttrs.fromEntries([...this.scope.entries()]);
    return this.evaluator.lazyEval(this.source(text), scope);
  }

  /** Input evaluated to weak head normal form. */
  async value(text: string): Promise<Value> {
    return this.runStep(new ThenStep(this.lazy(text), (v) => v));
  }

  /** Runs a step on the VM in slices, stoppable by `interrupt`. */
  async runStep(step: Step): Promise<Value> {
    const controller = new AbortController();
    this.running = controller;
    this.evaluator.setLimits({ signal: controller.signal });
    try {
      return await this.evaluator.vm.runAsync(step);
    } finally {
      this.running = null;
      this.evaluator.setLimits({});
    }
  }

  /** Prints a value as nix repl does: one level deep, or (`:p`) in full, a string then as its text. */
  private async print(v: Value, deep: boolean): Promise<void> {
    const shown = await this.runStep(new ForceForPrintStep(v, deep ? Infinity : 1));
    if (deep && isString(shown)) {
      this.write(stringValue(shown) + '\n');
      return;
    }
    const text = printValueDebug(shown, {
      prettyIndent: 2,
      ansiColors: this.colours,
      derivationPaths: true,
      maxDepth: deep ? Infinity : 1,
      failure: (t) => thunkFailure(t)?.message,
    });
    this.write(text + '\n');
  }

  /** `:a` and `:l` (and the files and `--expr` given at the start): the attributes of a set brought into scope. */
  private async addLoad(load: ReplLoad, remember: boolean): Promise<void> {
    const source = load.kind === 'installable' ? load.from : load;
    if (load.kind === 'installable') this.write(`Loading installable '${load.attrPath}'...\n`);
    const v = source.kind === 'file' ? this.evaluator.importFile(this.filePath(source.path)) : this.lazy(source.text);
    if (remember) this.loads.push(load);
    const args = this.options.autoArgs?.(this.evaluator) ?? NixAttrs.fromEntries([]);
    const force = (x: Value): Promise<Value> => this.runStep(new ThenStep(x, (y) => y));
    // Files and installables are called with the --arg values when they are functions, as nix repl calls them.
    let attrs = await force(v);
    if (load.kind !== 'expr') attrs = await force(autoCall(this.evaluator, attrs, args));
    if (load.kind === 'installable' && load.attrPath !== '')
      attrs = await force(autoCall(this.evaluator, await force(selectAttrPath(this.evaluator, attrs, load.attrPath, args)), args));
    if (!(attrs instanceof NixAttrs)) {
      const err = new EvalError(`expected a set but found ${showType(attrs)}: ${printForError(attrs)}`);
      err.addTrace('while evaluating an attribute set to be merged in the global scope', null);
      throw err;
    }
    for (const [name, value] of attrs.entries()) this.scope.set(name, value);
    this.write(`Added ${attrs.size} variables.\n`);
  }

  /** The file `:l` names: `<name>` in the search path, else a path from the current folder; a folder means its default.nix. */
  private filePath(arg: string): string {
    if (arg.startsWith('<') && arg.endsWith('>')) {
      const found = this.evaluator.vm.call(this.evaluator.globals.get('__findFile')!, [
        this.evaluator.globals.get('__nixPath')!,
        arg.slice(1, -1),
      ]);
      return resolveExprPath(this.evaluator.vm, found instanceof NixPath ? found.path : String(found));
    }
    const home = this.evaluator.io.getEnv('HOME') ?? '';
    const given = arg.startsWith('~/') ? home + arg.slice(1) : arg;
    const absolute = given.startsWith('/') ? given : `${this.options.cwd.replace(/\/$/, '')}/${given}`;
    return resolveExprPath(this.evaluator.vm, canonicalisePath(absolute));
  }

  /** `:r`: a fresh evaluator (files are read again), and what was loaded, loaded again. */
  async reload(): Promise<void> {
    this.evaluator = this.options.newEvaluator();
    this.scope.clear();
    const loads = this.loads.splice(0);
    for (const l of loads) {
      if (l.kind !== 'installable') this.write(`Loading '${l.kind === 'file' ? l.path : l.text}'...\n`);
      await this.guard(() => this.addLoad(l, true));
    }
  }

  /** A forced value that must be a derivation (the store commands), with its `.drv` path. */
  async derivation(arg: string): Promise<{ drv: NixAttrs; drvPath: string }> {
    const v = await this.value(arg);
    const vm = this.evaluator.vm;
    if (!(v instanceof NixAttrs) || !isDerivationForced(v, vm))
      throw new EvalError("expression does not evaluate to a derivation, so I can't build it");
    const drvPath = await this.runStep(new ThenStep(v.get('drvPath') ?? null, (p) => p));
    if (!isString(drvPath)) throw new EvalError('the derivation has no drvPath');
    return { drv: v, drvPath: stringValue(drvPath) };
  }

  /** The file and line a value comes from (`:e`): a function's definition, a derivation's `meta.position`, a path. */
  async sourceLocation(arg: string): Promise<{ path: string; line: number }> {
    const v = await this.value(arg);
    const pos = v instanceof Closure ? (v.blueprint.pos ?? null) : null;
    if (pos !== null && pos.source.path !== null) return { path: pos.source.path, line: pos.source.lineCol(pos.offset).line };
    if (v instanceof NixPath) return { path: v.path, line: 1 };
    if (v instanceof NixAttrs) {
      const meta = v.get('meta');
      const m = meta === undefined ? null : await this.runStep(new ThenStep(meta, (x) => x));
      const position = m instanceof NixAttrs ? m.get('position') : undefined;
      const p = position === undefined ? null : await this.runStep(new ThenStep(position, (x) => x));
      if (p !== null && isString(p)) {
        const text = stringValue(p);
        const colon = text.lastIndexOf(':');
        return colon < 0 ? { path: text, line: 1 } : { path: text.slice(0, colon), line: Number(text.slice(colon + 1)) || 1 };
      }
    }
    throw new EvalError(`package '${arg}' has no source location information`);
  }
}

/** An error that is not Nix's: the JS stack running out, or a bug. */
function describeFailure(e: unknown): string {
  if (e instanceof RangeError && /call stack/.test(e.message)) return 'error: stack overflow (the input is nested too deeply)';
  const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return `error: internal error in tsnix (this is a bug, please report it):\n${detail}`;
}

/** `:te`, `:te true`, `:te off`...: the new setting. */
function traceSetting(arg: string, current: boolean): boolean {
  if (arg === '') return !current;
  if (/^(true|on|yes|1)$/i.test(arg)) return true;
  if (/^(false|off|no|0)$/i.test(arg)) return false;
  throw new EvalError(`':te' takes 'true' or 'false', not '${arg}'`);
}
