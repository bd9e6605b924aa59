// The `tsnix` command: subcommands over the library entry points.
//
//   tsnix instantiate [nix-instantiate flags]   drop-in for nix-instantiate
//   tsnix parse [-E EXPR | FILE | -]            print the AST, as --parse does

import { readSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { EvalError, EvalUsageError, NixError } from '../errors/error.js';
import { renderError } from '../errors/render.js';
import { Source } from '../errors/source.js';
import { IOError } from '../io/io.js';
import { NodeIO } from '../io/node-io.js';
import { traceLine } from '../vm/trace-line.js';
import { disassemble } from '../bytecode/disasm.js';
import type { Frame } from '../vm/frame.js';
import { autoCall, Evaluator, NIX_VERSION, selectAttrPath } from '../eval.js';
import { checkScopes } from '../syntax/check.js';
import { printExpr } from '../syntax/printer.js';
import { NixAttrs } from '../value/attrs.js';
import { expectString } from '../value/check.js';
import { isDerivationForced } from '../value/describe.js';
import { guillemets } from '../value/literal.js';
import { printValue } from '../value/print.js';
import { NixPath, stringValue, type Value } from '../value/types.js';
import {
  ConfigError,
  defaultOptions,
  type InstantiateOptions,
  LVL_TALKATIVE,
  LVL_WARN,
  lintLevel,
  parseInstantiateArgs,
  UsageError,
} from './args.js';
import { loadNixConfig } from './config.js';
import { instantiateHelp } from './help.js';
import { resolveExprPath } from '../builtins/import.js';
import type { LintLevel } from '../syntax/parser.js';
import { cliCodeCache } from './code-cache.js';
import { stderr, stdout } from './output.js';
import { printResult } from './result.js';
import { VMProfile } from './profile.js';
import { type CommandStores, openCommandStores } from './store.js';
import { StoreError } from '../store/store.js';
import { StoreUsageError } from '../store/open.js';

const USAGE = `usage: tsnix COMMAND [ARGS]

commands:
  instantiate [FLAGS] [FILE... | -E EXPR... | -]
      nix-instantiate's whole command line, as CppNix 2.26 reads it: --parse,
      --eval, --strict, --json, --xml, -A ATTR, --arg NAME EXPR, -I PATH,
      --find-file, --option NAME VALUE, every setting as --NAME VALUE /
      --NAME / --no-NAME / --extra-NAME, the build flags (accepted, no
      effect)...; see 'tsnix instantiate --help'. Without --eval, prints
      the .drv paths of the derivations in the value
  eval [--expr EXPR | FILE | -] [--json] [--xml] [--lazy] [-A ATTR] [--trace-vm] [--profile-vm]
      evaluate and print the value (strictly, unless --lazy); --trace-vm prints
      every executed instruction with the stack on stderr, --profile-vm the
      opcodes, opcode pairs and functions the VM spent its instructions on
  parse [-E EXPR | FILE | -]
      print the syntax tree of an expression, as nix-instantiate --parse does
  disasm [-E EXPR | FILE | -]
      print the bytecode of an expression: every chunk, nested lambdas and thunks
  repl [FILE...] [--file FILE] [--expr EXPR] [-I PATH] [--arg NAME EXPR] [--argstr NAME STRING]
      an interactive session, as nix repl: the files' attributes (or EXPR's,
      or FILE's) in scope; ':?' lists its commands
  playground [--port N]
      serve the playground (an editor with live evaluation in the browser)
      on http://127.0.0.1:N/ (8080 by default, 0 for any free port)
`;

const io = new NodeIO();
// Warnings and traces are filtered as CppNix's logger filters them (output.ts).
io.printError = stderr;

/** Whether errors show their whole trace (--show-trace / show-trace = true); CppNix's default is no. */
let showTrace = false;

/** The program whose usage errors these are: `nix-instantiate` for `tsnix instantiate`. */
let programName = 'tsnix';

/**
 * The options of a command: nix.conf and $NIX_CONFIG first, then the
 * command line, as CppNix reads them. $NIX_PATH, when set, replaces the
 * configuration's `nix-path` (extra-nix-path there included), and the
 * command line's `--nix-path` / `--extra-nix-path` replace or add to it.
 */
export function commandOptions(argv: string[]): InstantiateOptions {
  // A warning shows at the verbosity in force when it is given (`--quiet` thrice hides the later ones).
  const opts: InstantiateOptions = defaultOptions((message) => {
    if (opts.verbosity >= LVL_WARN) stderr(`warning: ${message}\n`);
  });
  loadNixConfig(opts.settings, io);
  const nixPathEnv = io.getEnv('NIX_PATH');
  if (nixPathEnv !== undefined) opts.settings.set('nix-path', nixPathEnv.split(':').join(' '));
  showTrace = opts.settings.bool('show-trace');
  parseInstantiateArgs(argv, opts);
  showTrace = opts.settings.bool('show-trace');
  return opts;
}

/**
 * Reads what an input argument names: a file (as `import` resolves it: a
 * folder means its default.nix, a final symlink is followed), stdin, or an
 * expression. In pure and restricted mode the file must be one evaluation
 * may read, as in CppNix.
 */
function loadInput(input: string, isExpr: boolean, evaluator?: Evaluator): Source {
  const cwd = io.cwd();
  // argv arrives decoded from UTF-8; Nix source is bytes (a binary string).
  if (input === '-') return new Source(guillemets('stdin'), readStdin(), cwd);
  if (isExpr) return new Source(guillemets('string'), Buffer.from(input, 'utf8').toString('latin1'), cwd);
  // `<NAME>` is looked up in the search path, as CppNix's lookupFileArg does.
  const lookup = evaluator !== undefined && input.length > 2 && input.startsWith('<') && input.endsWith('>');
  let path = lookup ? findInSearchPath(evaluator, input.slice(1, -1)) : resolvePath(cwd, input);
  // Read as evaluation reads (so pure and restricted mode may forbid it), except without an evaluator (--parse).
  if (!evaluator) return Source.fromFile(io.fileType(path) === 'directory' ? path + '/default.nix' : path, io.readFile(path));
  path = resolveExprPath(evaluator.vm, path);
  return Source.fromFile(path, evaluator.io.readFile(path));
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

/** The op profile of the running command (--profile-vm), printed when it ends. */
let profile: VMProfile | null = null;

/** The stores of the running command, closed when it ends. */
let stores: CommandStores | null = null;

/** The Evaluator for a command's options. */
export function makeEvaluator(opts: InstantiateOptions): Evaluator {
  const settings = opts.settings;
  const lint = (name: string): LintLevel => lintLevel(opts, name);
  const system = settings.get('system');
  const evalSystem = settings.get('eval-system');
  const readOnly = opts.readOnly ?? opts.mode !== 'instantiate';
  // A command makes one evaluator; the REPL a new one at each `:r`, which lets the last one's stores go.
  stores?.close();
  stores = openCommandStores({
    settings,
    readWrite: !readOnly,
    io,
    warn: (message) => {
      if (opts.verbosity >= LVL_WARN) stderr(`warning: ${message}\n`);
    },
    log: stderr,
  });
  const evaluator = new Evaluator({
    io,
    store: stores.store,
    fetchStore: stores.selected,
    settings: {
      pure: settings.bool('pure-eval'),
      restrict: settings.bool('restrict-eval'),
      allowedUris: settings.list('allowed-uris'),
      allowImportFromDerivation: settings.bool('allow-import-from-derivation'),
      experimentalFeatures: new Set(settings.list('experimental-features')),
      nixPath: [...opts.includes, ...settings.list('nix-path')].map(parseIncludeEntry),
      // builtins.currentSystem is `eval-system` when set, else `system` (the machine's by default).
      currentSystem: typeof evalSystem === 'string' && evalSystem !== '' ? evalSystem : typeof system === 'string' ? system : hostSystem(),
      traceVerbose: settings.bool('trace-verbose'),
      abortOnWarn: settings.bool('abort-on-warn'),
      showTrace,
      readOnly,
    },
    lints: {
      lintUrlLiterals: lint('url-literals'),
      lintAbsolutePathLiterals: lint('absolute-path-literals'),
      lintShortPathLiterals: lint('short-path-literals'),
    },
    maxCallDepth: Number(settings.get('max-call-depth')),
    // Below the warning level (`--quiet` thrice), warnings are not shown; traces and errors are.
    log: (text) => {
      if (opts.verbosity >= LVL_WARN || !/^(evaluation )?warning: /.test(text)) io.printError(text);
    },
    ...(opts.traceVm ? { tracer: traceInstruction } : opts.profileVm ? { tracer: (profile = new VMProfile()).observe } : {}),
    codeCache: cliCodeCache(),
    limits: {
      ...(opts.timeLimitMs !== null ? { timeLimitMs: opts.timeLimitMs } : {}),
      ...(opts.memoryLimitBytes !== null ? { memoryLimitBytes: opts.memoryLimitBytes } : {}),
    },
  });
  if (opts.verbosity >= LVL_TALKATIVE) reportFileEvaluations(evaluator);
  return evaluator;
}

/**
 * `-v`: CppNix says "evaluating file" as it evaluates each file it
 * imports (once a file: later imports are cached), and, when it starts,
 * the built-in file behind `derivation`.
 */
function reportFileEvaluations(evaluator: Evaluator): void {
  stderr("evaluating file '<nix/derivation-internal.nix>'\n");
  const seen = new Set<string>();
  const importFile = evaluator.importFile.bind(evaluator);
  evaluator.importFile = (path, scope) => {
    if (!seen.has(path) && !path.endsWith('/derivation-internal.nix')) {
      seen.add(path);
      stderr(`evaluating file '${path}'\n`);
    }
    return importFile(path, scope);
  };
}

function readStdin(): string {
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
  if (opts.exitWith === 'version') {
    stdout(`nix-instantiate (Nix) ${NIX_VERSION}\n`);
    return 0;
  }
  if (opts.exitWith === 'help') {
    stdout(instantiateHelp);
    return 0;
  }
  // As nix-instantiate: stdin (`-`, read once) comes first, then the other arguments.
  const readStdin = opts.inputs.includes('-');
  const others = opts.inputs.filter((i) => i !== '-');
  const inputs = [...(readStdin ? ['-'] : []), ...(others.length > 0 || opts.exprs || readStdin ? others : ['./default.nix'])];
  const evaluator = makeEvaluator(opts);
  if (opts.findFile) {
    autoArguments(evaluator, opts);
    for (const name of others) stdout(findInSearchPath(evaluator, name) + '\n');
    return 0;
  }
  if (opts.mode === 'parse') {
    for (const input of inputs) {
      const source = loadInput(input, opts.exprs, evaluator);
      const expr = evaluator.parse(source);
      checkScopes(expr, source, new Set(evaluator.globals.keys()));
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
        printDerivations(evaluator, selected, autoArgs, opts);
        continue;
      }
      const value = autoArgs.size > 0 ? autoCall(evaluator, selected, autoArgs) : selected;
      printResult(evaluator, value, opts);
    }
  }
  return 0;
}

/**
 * nix-instantiate without --eval: the store derivations of the derivations
 * the value holds (CppNix's getDerivations: the value itself, the
 * derivations among a set's attributes, recursing into sets marked
 * `recurseForDerivations`, and a list's elements), one .drv path per line
 * (`!output` added for an output other than `out`), or the garbage
 * collector root made for each with `--add-root`.
 */
function printDerivations(evaluator: Evaluator, root: Value, autoArgs: NixAttrs, opts: InstantiateOptions): void {
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
    let shown = drvPath;
    if (opts.gcRoot === null) {
      if (opts.gcWarning && !gcWarned)
        evaluator.plainWarning("you did not specify '--add-root'; the result might be removed by the garbage collector");
      gcWarned = true;
    } else {
      // ROOT, then ROOT-2, ...; CppNix makes them even in read-only mode, and prints the .drv path where the store makes none.
      const root = resolvePath(io.cwd(), opts.gcRoot) + (++rootCount > 1 ? `-${rootCount}` : '');
      shown = stores!.selected.addPermRoot(drvPath, root);
    }
    stdout(shown + (outputName !== 'out' ? '!' + outputName : '') + '\n');
  }
}

/** CppNix warns about a missing --add-root once a run; roots are numbered across the run. */
let gcWarned = false;
let rootCount = 0;

/** `--find-file NAME`: where `<NAME>` is found, as the search path lookup finds it. */
function findInSearchPath(evaluator: Evaluator, name: string): string {
  let found: Value;
  try {
    found = evaluator.vm.call(evaluator.globals.get('__findFile')!, [evaluator.globals.get('__nixPath')!, name]);
  } catch (e) {
    // CppNix looks the name up directly: no builtin call in the error's trace.
    if (e instanceof NixError && e.trace.length > 0) e.trace = [];
    throw e;
  }
  return found instanceof NixPath ? found.path : printValue(found);
}

/** The --trace-vm observer: one line per instruction, with the top of the stack. */
function traceInstruction(frame: Frame, ip: number, stack: readonly Value[]): void {
  stderr(traceLine(frame, ip, stack) + '\n');
}

/** `-I path` or `-I prefix=path`. */
function parseIncludeEntry(entry: string): [string, string] {
  const eq = entry.indexOf('=');
  return eq < 0 ? ['', entry] : [entry.slice(0, eq), entry.slice(eq + 1)];
}

/** The `--arg`/`--argstr` values, as a set of (lazy) values. */
export function autoArguments(evaluator: Evaluator, opts: InstantiateOptions): NixAttrs {
  const entries: Array<[string, Value]> = opts.autoArgs.map((arg) => {
    switch (arg.kind) {
      case 'expr':
        return [
          arg.name,
          evaluator.lazyEval(new Source(guillemets('string'), Buffer.from(arg.value, 'utf8').toString('latin1'), io.cwd())),
        ];
      case 'string':
        return [arg.name, Buffer.from(arg.value, 'utf8').toString('latin1')];
      case 'file':
        return [arg.name, io.readFile(resolvePath(io.cwd(), arg.path))];
      case 'stdin':
        return [arg.name, readStdin()];
    }
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
  opts.readOnly = true;
  if (opts.inputs.length === 0 && !opts.exprs) opts.inputs.push('-');
  const evaluator = makeEvaluator(opts);
  for (const input of opts.inputs) stdout(disassemble(evaluator.compile(loadInput(input, opts.exprs))));
  return 0;
}

/** Runs a command to its exit status: at once, or (the REPL) when its promise settles. */
export function main(argv: string[]): number | Promise<number> {
  let status: number | Promise<number> = 1;
  try {
    status = runCommand(argv);
    return status;
  } finally {
    if (typeof status === 'number') finish();
    else void status.finally(finish);
  }
}

/** What a command leaves when it ends: its profile printed, its stores closed. */
function finish(): void {
  if (profile !== null) stderr(profile.report());
  profile = null;
  try {
    stores?.close();
  } catch {
    // the process ends: what it holds is let go anyway
  }
  stores = null;
}

function runCommand(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'repl':
        // The REPL and the playground (and what they use: readline, http, marked) load only when asked for: other commands start faster.
        return import('./repl.js')
          .then(({ runRepl }) => runRepl(rest, { commandOptions, makeEvaluator, autoArguments, io }))
          .catch(reportFailure);
      case 'instantiate':
        programName = 'nix-instantiate';
        return instantiate(commandOptions(rest));
      case 'parse':
        return parseCommand(rest);
      case 'eval':
        return evalCommand(rest);
      case 'disasm':
        return disasmCommand(rest);
      case 'playground':
        return import('./playground.js').then(({ runPlayground }) => runPlayground(rest)).catch(reportFailure);
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

export function reportFailure(e: unknown): number {
  if (e instanceof NixError) {
    stderr(renderError(e, showTrace) + '\n');
    if (e instanceof EvalUsageError) stderr("Try 'nix-instantiate --help' for more information.\n");
  } else if (e instanceof UsageError) {
    stderr(`error: ${e.message}\nTry '${programName} --help' for more information.\n`);
  } else if (e instanceof ConfigError) {
    stderr(`error: ${e.message}\n`);
  } else if (e instanceof IOError || e instanceof StoreError) {
    stderr(`error: ${e.message}\n`);
    if (e instanceof StoreUsageError) stderr(`Try '${programName} --help' for more information.\n`);
  } else if (e instanceof RangeError && /call stack/.test(e.message)) {
    stderr('error: stack overflow (the input is nested too deeply)\n');
  } else {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    stderr(`error: internal error in tsnix (this is a bug, please report it):\n${detail}\n`);
  }
  return 1;
}
