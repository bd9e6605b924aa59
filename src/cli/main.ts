// The `tsnix` command: subcommands over the library entry points.
//
//   tsnix instantiate [nix-instantiate flags]   drop-in for nix-instantiate
//   tsnix parse [-E EXPR | FILE | -]            print the AST, as --parse does

import { readSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { EvalError, EvalUsageError, NixError } from '../errors/error.js';
import { renderError } from '../errors/render.js';
import { Source } from '../errors/source.js';
import { IOError } from '../io/io.js';
import { NodeIO } from '../io/node-io.js';
import { decodeInstruction } from '../bytecode/chunk.js';
import { disassemble } from '../bytecode/disasm.js';
import { opInfo } from '../bytecode/opcodes.js';
import type { Frame } from '../vm/frame.js';
import { autoCall, Evaluator, parseNixPath, selectAttrPath } from '../eval.js';
import { checkScopes } from '../syntax/check.js';
import { printExpr } from '../syntax/printer.js';
import { NixAttrs } from '../value/attrs.js';
import { expectString } from '../value/check.js';
import { isDerivationForced } from '../value/describe.js';
import { guillemets } from '../value/literal.js';
import { printValue } from '../value/print.js';
import { stringValue, type Value } from '../value/types.js';
import { applySetting, defaultOptions, type InstantiateOptions, parseInstantiateArgs, UsageError } from './args.js';
import { loadNixConfig } from './config.js';
import { checkAccess, resolveExprPath } from '../builtins/import.js';
import type { LintLevel } from '../syntax/parser.js';
import { stderr, stdout } from './output.js';
import { printResult } from './result.js';
import { abandonSpeculation, speculating } from './speculation.js';

const USAGE = `usage: tsnix COMMAND [ARGS]

commands:
  instantiate [FLAGS] [FILE... | -E EXPR... | -]
      nix-instantiate's interface: --parse, --eval, --strict, --json, --xml,
      --no-location, -A ATTR, --arg NAME EXPR, --argstr NAME STR, -I PATH,
      --show-trace, --max-call-depth N, --pure-eval, --impure,
      --extra-experimental-features F, --trace-verbose, --abort-on-warn,
      --lint-url-literals / --lint-absolute-path-literals /
      --lint-short-path-literals LEVEL, --option NAME VALUE; without --eval,
      prints the .drv paths of the derivations in the value
  eval [--expr EXPR | FILE | -] [--json] [--xml] [--lazy] [-A ATTR] [--trace-vm]
      evaluate and print the value (strictly, unless --lazy); --trace-vm prints
      every executed instruction with the stack on stderr
  parse [-E EXPR | FILE | -]
      print the syntax tree of an expression, as nix-instantiate --parse does
  disasm [-E EXPR | FILE | -]
      print the bytecode of an expression: every chunk, nested lambdas and thunks
`;

const io = new NodeIO();
// Warnings and traces go through output.ts, which holds them back during a speculative run.
io.printError = stderr;
// A speculative run must not consume input a second run could not read again (/dev/stdin, a pipe).
const readFile = io.readFile.bind(io);
io.readFile = (path) => {
  if (speculating() && !isRegularFile(path)) leaveSpeculation();
  return readFile(path);
};

function isRegularFile(path: string): boolean {
  try {
    return statSync(Buffer.from(path, 'latin1')).isFile();
  } catch {
    return true; // the read fails as it would in the worker
  }
}

/** Ends a speculative run that cannot go on: the command runs again in the worker. */
function leaveSpeculation(): never {
  abandonSpeculation();
  throw new Error('the speculative run needs input it cannot read twice');
}

/** Whether errors show their whole trace (--show-trace / show-trace = true); CppNix's default is no. */
let showTrace = false;

/**
 * The options of a command: nix.conf and $NIX_CONFIG first (the settings
 * tsnix uses; the rest are ignored), then the command line.
 */
function commandOptions(argv: string[]): InstantiateOptions {
  const opts = defaultOptions();
  for (const [name, value] of loadNixConfig(io)) applySetting(opts, name, value, true);
  parseInstantiateArgs(argv, opts);
  showTrace = opts.showTrace ?? false;
  return opts;
}

/**
 * Reads what an input argument names: a file (as `import` resolves it: a
 * folder means its default.nix, a final symlink is followed), stdin, or an
 * expression. In pure mode a file outside the store cannot be read, as in
 * CppNix.
 */
function loadInput(input: string, isExpr: boolean, evaluator?: Evaluator): Source {
  const cwd = io.cwd();
  // argv arrives decoded from UTF-8; Nix source is bytes (a binary string).
  if (isExpr) return new Source(guillemets('string'), Buffer.from(input, 'utf8').toString('latin1'), cwd);
  if (input === '-') return new Source(guillemets('stdin'), readStdin(), cwd);
  let path = resolvePath(cwd, input);
  if (evaluator) {
    checkAccess(evaluator.vm, path);
    path = resolveExprPath(evaluator.vm, path);
  } else if (io.fileType(path) === 'directory') path += '/default.nix';
  return Source.fromFile(path, io.readFile(path));
}

/** The Nix system name of the machine tsnix runs on (`x86_64-linux`, `aarch64-darwin`...), CppNix's default `system`. */
function hostSystem(): string {
  const arch: Record<string, string> = {
    x64: 'x86_64',
    arm64: 'aarch64',
    ia32: 'i686',
    arm: 'armv7l',
    riscv64: 'riscv64',
    ppc64: 'powerpc64le',
  };
  return `${arch[process.arch] ?? process.arch}-${process.platform}`;
}

/** The Evaluator for a command's options. */
function makeEvaluator(opts: InstantiateOptions): Evaluator {
  const lint = (name: string): LintLevel => opts.lints.get(name) ?? 'ignore';
  const nixPath = opts.nixPath === null ? parseNixPath(io.getEnv('NIX_PATH') ?? '') : opts.nixPath.map(parseIncludeEntry);
  return new Evaluator({
    io,
    settings: {
      pure: opts.pure,
      experimentalFeatures: new Set(opts.experimentalFeatures),
      nixPath: [...opts.includes.map(parseIncludeEntry), ...nixPath, ...opts.extraNixPath.map(parseIncludeEntry)],
      currentSystem: opts.system ?? hostSystem(),
      traceVerbose: opts.traceVerbose,
      abortOnWarn: opts.abortOnWarn,
      showTrace,
      readOnly: opts.readOnly ?? opts.mode !== 'instantiate',
    },
    lints: {
      lintUrlLiterals: lint('url-literals'),
      lintAbsolutePathLiterals: lint('absolute-path-literals'),
      lintShortPathLiterals: lint('short-path-literals'),
    },
    maxCallDepth: opts.maxCallDepth ?? 10000,
    ...(opts.traceVm ? { tracer: traceInstruction } : {}),
  });
}

function readStdin(): string {
  if (speculating()) leaveSpeculation();
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('latin1');
}

function instantiate(opts: InstantiateOptions): number {
  const inputs = opts.inputs.length > 0 ? opts.inputs : opts.exprs ? [] : ['./default.nix'];
  const evaluator = makeEvaluator(opts);
  if (opts.mode === 'parse') {
    for (const input of inputs) {
      const source = loadInput(input, opts.exprs);
      const expr = evaluator.parse(source);
      checkScopes(expr, source);
      stdout(printExpr(expr) + '\n');
    }
    return 0;
  }
  for (const input of inputs) {
    const source = loadInput(input, opts.exprs, evaluator);
    const root = evaluator.evalSource(source);
    const autoArgs = autoArguments(evaluator, opts);
    const paths = opts.attrPaths.length > 0 ? opts.attrPaths : [''];
    for (const attrPath of paths) {
      // As nix-instantiate: the selected value is called only when there are --arg/--argstr values.
      const selected = selectAttrPath(evaluator, root, attrPath, autoArgs);
      if (opts.mode === 'instantiate') {
        printDerivations(evaluator, selected, autoArgs);
        continue;
      }
      const value = autoArgs.size > 0 ? autoCall(evaluator, selected, autoArgs) : selected;
      const text = printResult(evaluator, value, opts);
      stdout(text.endsWith('\n') ? text : text + '\n');
    }
  }
  return 0;
}

/**
 * nix-instantiate without --eval: the store derivations of the derivations
 * the value holds (CppNix's getDerivations: the value itself, the
 * derivations among a set's attributes, recursing into sets marked
 * `recurseForDerivations`, and a list's elements), one .drv path per line
 * (`!output` added for an output other than `out`). tsnix has no store to
 * write them to, so it prints the paths as `--readonly-mode` would.
 */
function printDerivations(evaluator: Evaluator, root: Value, autoArgs: NixAttrs): void {
  const vm = evaluator.vm;
  const done = new Set<NixAttrs>();
  const drvs: NixAttrs[] = [];
  /** Adds `v` if it is a derivation; true when it is not (and so may hold some). */
  const notDerivation = (v: Value): boolean => {
    const x = vm.force(v);
    if (!(x instanceof NixAttrs) || !isDerivationForced(x, vm)) return true;
    if (!done.has(x)) {
      done.add(x);
      drvs.push(x);
    }
    return false;
  };
  const walk = (v: Value): void => {
    const x = vm.force(autoCall(evaluator, v, autoArgs));
    if (!notDerivation(x)) return;
    if (x instanceof NixAttrs) {
      for (const [name, attr] of x.entries()) {
        if (!/^[A-Za-z_][A-Za-z0-9\-_+]*$/.test(name)) continue;
        if (!notDerivation(attr)) continue;
        const inner = vm.force(attr);
        const recurse = inner instanceof NixAttrs ? inner.get('recurseForDerivations') : undefined;
        if (recurse !== undefined && vm.force(recurse) === true) walk(inner);
      }
    } else if (Array.isArray(x)) {
      for (const item of x) if (notDerivation(item)) walk(item);
    } else {
      throw new EvalError('expression does not evaluate to a derivation (or a set or list of those)');
    }
  };
  walk(root);
  for (const drv of drvs) {
    const drvPath = stringValue(expectString(vm.force(drv.get('drvPath') ?? '')));
    const outputValue = drv.get('outputName');
    const outputName = outputValue === undefined ? '' : stringValue(expectString(vm.force(outputValue)));
    if (outputName === '') throw new EvalError(`derivation '${drvPath}' lacks an 'outputName' attribute`);
    if (drv === drvs[0]) evaluator.plainWarning("you did not specify '--add-root'; the result might be removed by the garbage collector");
    stdout(drvPath + (outputName !== 'out' ? '!' + outputName : '') + '\n');
  }
}

/** The --trace-vm observer: one line per instruction, with the top of the stack. */
function traceInstruction(frame: Frame, ip: number, stack: readonly Value[]): void {
  const { op, operands } = decodeInstruction(frame.code, ip);
  const shownOperands = operands.map((o) => (o.kind === 'captures' ? `[${o.value.positions.length}]` : String(o.value))).join(' ');
  const top = stack.slice(Math.max(frame.base, stack.length - 4)).map((v) => {
    try {
      return printValue(v, { trackRepeated: false }).slice(0, 40);
    } catch {
      return '?';
    }
  });
  const name = frame.blueprint.name ?? frame.blueprint.kind;
  stderr(
    `${name.padEnd(12).slice(0, 12)} ${String(ip).padStart(5, '0')} ${opInfo(op).name.padEnd(20)} ${shownOperands.padEnd(10)} [ ${top.join(' | ')} ]\n`,
  );
}

/** `-I path` or `-I prefix=path`. */
function parseIncludeEntry(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? ['', entry] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

/** The `--arg`/`--argstr` values, as a set of (lazy) values. */
function autoArguments(evaluator: Evaluator, opts: InstantiateOptions): NixAttrs {
  const entries: Array<[string, Value]> = opts.autoArgs.map(({ name, value, isExpr }) => {
    const text = Buffer.from(value, 'utf8').toString('latin1');
    return [name, isExpr ? evaluator.lazyEval(new Source(guillemets('string'), text, io.cwd())) : text];
  });
  // A later --arg of the same name wins.
  return NixAttrs.fromEntries(entries.reverse());
}

function parseCommand(argv: string[]): number {
  const opts = commandOptions(argv);
  opts.mode = 'parse';
  if (opts.inputs.length === 0 && !opts.exprs) opts.inputs.push('-');
  return instantiate(opts);
}

/** `tsnix eval`: nix-instantiate --eval --strict with friendlier defaults. */
function evalCommand(argv: string[]): number {
  const lazy = argv.includes('--lazy');
  const opts = commandOptions(argv.filter((a) => a !== '--lazy'));
  opts.mode = 'eval';
  opts.strict = !lazy;
  if (opts.inputs.length === 0 && !opts.exprs) opts.inputs.push('-');
  return instantiate(opts);
}

function disasmCommand(argv: string[]): number {
  const opts = commandOptions(argv);
  if (opts.inputs.length === 0 && !opts.exprs) opts.inputs.push('-');
  const evaluator = makeEvaluator(opts);
  for (const input of opts.inputs) stdout(disassemble(evaluator.compile(loadInput(input, opts.exprs))));
  return 0;
}

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'instantiate':
        return instantiate(commandOptions(rest));
      case 'parse':
        return parseCommand(rest);
      case 'eval':
        return evalCommand(rest);
      case 'disasm':
        return disasmCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        stdout(USAGE);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    return reportFailure(e);
  }
}

function reportFailure(e: unknown): number {
  if (e instanceof NixError) {
    stderr(renderError(e, showTrace) + '\n');
    if (e instanceof EvalUsageError) stderr("Try 'nix-instantiate --help' for more information.\n");
  } else if (e instanceof UsageError) {
    stderr(`error: ${e.message}\nTry 'tsnix --help' for more information.\n`);
  } else if (e instanceof IOError) {
    stderr(`error: ${e.message}\n`);
  } else if (e instanceof RangeError && /call stack/.test(e.message)) {
    abandonSpeculation();
    stderr('error: stack overflow (the input is nested too deeply)\n');
  } else {
    abandonSpeculation();
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    stderr(`error: internal error in tsnix (this is a bug, please report it):\n${detail}\n`);
  }
  return 1;
}
