// The REPL commands that need more than an evaluator: building (`:b`,
// `:bl`, `:i`), shells (`:sh`, `:u`), logs (`:log`) and the editor (`:e`).
// tsnix evaluates and writes `.drv` files into the store; building is the
// system's Nix: these run `nix-store`, `nix-env` and `nix-shell` from PATH,
// as the commands CppNix's own REPL stands for, and say so clearly when
// they are missing or the store could not be written.

import { EvalError } from '../errors/error.js';
import { ThenStep } from '../builtins/step.js';
import { NixAttrs } from '../value/attrs.js';
import { isString, stringValue, type Value } from '../value/types.js';
import type { ReplSession } from './session.js';

/** What the store commands need of the machine (cli/repl.ts gives Node's). */
export interface ReplSystem {
  /** Runs a program on the terminal and waits for it: its exit status, or null when it cannot be started. */
  run(program: string, args: readonly string[]): number | null;
  /** Runs a program with its output captured: status and stdout, or null when it cannot be started. */
  capture(program: string, args: readonly string[]): { status: number; stdout: string } | null;
  /** An environment variable. */
  env(name: string): string | undefined;
}

export class StoreCommands {
  constructor(
    private readonly session: ReplSession,
    private readonly system: ReplSystem | undefined,
  ) {}

  async run(command: string, arg: string): Promise<void> {
    switch (command) {
      case ':b':
      case ':bl':
        return this.build(arg, command === ':bl');
      case ':i': {
        const { drvPath } = await this.writtenDerivation(arg);
        this.program('nix-env', ['-i', drvPath]);
        return;
      }
      case ':sh': {
        const { drvPath } = await this.writtenDerivation(arg);
        this.program('nix-shell', [drvPath]);
        return;
      }
      case ':u': {
        // A shell with the derivation among its inputs, made as nixpkgs makes one.
        const env = `(import <nixpkgs> { }).runCommand "shell" { buildInputs = [ (${arg}) ]; } ""`;
        const { drvPath } = await this.writtenDerivation(env);
        this.program('nix-shell', [drvPath]);
        return;
      }
      case ':log': {
        const { drvPath } = await this.session.derivation(arg);
        const result = this.system?.capture('nix-store', ['--read-log', drvPath]) ?? null;
        if (result === null) throw this.missing('nix-store');
        if (result.status !== 0) throw new EvalError(`no build log is available for '${drvPath}'`);
        this.session.write(result.stdout);
        return;
      }
      case ':e': {
        const { path, line } = await this.session.sourceLocation(arg);
        const editor = this.system?.env('EDITOR') || this.system?.env('VISUAL') || 'nano';
        const [program, ...flags] = editor.split(/\s+/);
        this.program(program!, [...flags, `+${line}`, path]);
        // As nix repl does: what was edited is loaded again.
        await this.session.reload();
        return;
      }
    }
    throw new EvalError(`unknown command '${command}'`);
  }

  /** `:b` / `:bl`: builds with `nix-store --realise`, then lists the outputs. */
  private async build(arg: string, roots: boolean): Promise<void> {
    const { drv, drvPath } = await this.writtenDerivation(arg);
    const outputs = await this.outputs(drv);
    // Without roots, as nix repl's `:b`: no warning that there are none.
    const args = roots ? ['--realise', drvPath] : ['--realise', '--no-gc-warning', drvPath];
    if (roots) for (const [name] of outputs) args.push('--add-root', `repl-result-${name}`, '--indirect');
    const result = this.system?.capture('nix-store', args) ?? null;
    if (result === null) throw this.missing('nix-store');
    if (result.status !== 0) throw new EvalError(`build of '${drvPath}' failed`);
    let text = '\nThis derivation produced the following outputs:\n';
    for (const [name, path] of outputs) text += `  ${name} -> ${path}\n`;
    this.session.write(text);
  }

  /** A derivation whose `.drv` is in the store, so that the system's Nix can use it. */
  private async writtenDerivation(arg: string): Promise<{ drv: NixAttrs; drvPath: string }> {
    if (this.system === undefined) throw new EvalError('this REPL cannot run programs, so it cannot build');
    if (this.session.evaluator.settings.readOnly)
      throw new EvalError('cannot build: tsnix could not open a store to write to, so the derivation is not in the store');
    return this.session.derivation(arg);
  }

  /** Output names and paths, in the derivation's order. */
  private async outputs(drv: NixAttrs): Promise<Array<[string, string]>> {
    const force = (v: Value) => this.session.runStep(new ThenStep(v, (x) => x));
    const names = drv.get('outputs');
    const list = names === undefined ? ['out'] : await force(names);
    const out: Array<[string, string]> = [];
    for (const cell of Array.isArray(list) ? list : ['out']) {
      const name = await force(cell);
      if (!isString(name)) continue;
      const output = drv.get(stringValue(name));
      const attrs = output === undefined ? null : await force(output);
      const outPath = attrs instanceof NixAttrs ? attrs.get('outPath') : undefined;
      const path = outPath === undefined ? null : await force(outPath);
      if (path !== null && isString(path)) out.push([stringValue(name), stringValue(path)]);
    }
    return out;
  }

  private program(name: string, args: string[]): void {
    const status = this.system?.run(name, args) ?? null;
    if (status === null) throw this.missing(name);
    if (status !== 0) throw new EvalError(`'${name}' failed with exit status ${status}`);
  }

  private missing(program: string): EvalError {
    return new EvalError(`cannot run '${program}': it is not on PATH (the store commands use the system's Nix)`);
  }
}
