// The evaluator: the one entry point everything a user touches sits on.
// It owns the pipeline (parse, check, compile, run), the VM, the builtins,
// and the import cache.

import { SymbolTable } from './syntax/symbols.js';
import { Blueprint } from './bytecode/blueprint.js';
import { createGlobals } from './builtins/index.js';
import type { EvalSettings } from './builtins/runtime.js';
import { compile } from './compiler/compiler.js';
import { Source } from './errors/source.js';
import { corepkgsOrigin, isCorepkgsPath, withCorepkgs } from './io/corepkgs.js';
import { AllowList, isAllowedURI, restrictIO, RestrictedPathError } from './io/allow-list.js';
import type { CodeCache, IO } from './io/io.js';
import { FORMAT_FINGERPRINT, readEntry, writeEntry } from './bytecode/serial.js';
import { nixDirs } from './store/dirs.js';
import { DummyStore, type Store } from './store/store.js';
import { canonicalisePath } from './value/paths.js';
import { formatEvalWarning, formatPlainWarning, formatWarning, formatWarningWithTrace } from './errors/log.js';
import type { Pos } from './errors/source.js';
import { parse, type ParseOptions } from './syntax/parser.js';
import type { Expr } from './syntax/ast.js';
import { NixAttrs } from './value/attrs.js';
import { Closure, PrimOp, Thunk, type Value } from './value/types.js';
import { showType } from './value/describe.js';
import { EvalError, type TraceEntry } from './errors/error.js';
import { VM, type VMOptions } from './vm/vm.js';
import { type EvalLimits, Watchdog, type WatchdogGauges } from './vm/watchdog.js';

export interface EvaluatorOptions {
  io: IO;
  settings?: Partial<EvalSettings>;
  maxCallDepth?: number;
  tracer?: VMOptions['tracer'];
  /** The parser's lints (`--lint-url-literals warn` ...). */
  lints?: Pick<ParseOptions, 'lintUrlLiterals' | 'lintAbsolutePathLiterals' | 'lintShortPathLiterals'>;
  /**
   * The store paths are added to: a dummy store computing paths by default.
   * A store that writes (local, daemon) is Node-only: the caller opens it
   * (store/open.ts) and passes it here, as the CLI does in read-write mode.
   */
  store?: Store;
  /**
   * The store fetchers (fetchGit) add to: CppNix writes what it fetches
   * even in read-only mode, so the CLI passes the real store here when
   * `store` is a dummy one. By default `store`.
   */
  fetchStore?: Store;
  /** Where warnings, traces and builtins.warn's messages go (whole lines, binary strings); stderr by default. */
  log?: (text: string) => void;
  /** Where compiled files are kept between runs; without one, each is parsed and compiled. */
  codeCache?: CodeCache;
  /**
   * When to stop evaluating: a time limit, a memory limit, an AbortSignal
   * (vm/watchdog.ts). Past the memory `io` says the process can hold, it
   * stops with `out of memory` whatever the limits.
   */
  limits?: EvalLimits;
}

export const NIX_VERSION = '2.26.3';

export function defaultSettings(io: IO): EvalSettings {
  return {
    pure: false,
    nixPath: parseNixPath(io.getEnv('NIX_PATH') ?? ''),
    currentSystem: 'x86_64-linux',
    storeDir: nixDirs((name) => io.getEnv(name)).storeDir,
    nixVersion: NIX_VERSION,
    experimentalFeatures: new Set(),
  };
}

/** NIX_PATH: `a:b=c:...`, entries `prefix=path` or `path`. */
export function parseNixPath(s: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const entry of s.split(':')) {
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    out.push(eq < 0 ? ['', entry] : [entry.slice(0, eq), entry.slice(eq + 1)]);
  }
  return out;
}

/** The store when none is given: one that computes paths in the settings' store folder. */
export function defaultStore(settings: EvalSettings): Store {
  return new DummyStore(canonicalisePath(settings.storeDir));
}

export class Evaluator {
  readonly vm: VM;
  /**
   * What evaluation reads through: in pure and restricted mode only what
   * `allowList` allows (CppNix's rootFS), else the host's files as they are.
   */
  readonly io: IO;
  /** The files as they are, for what is not evaluation reading a file: the store, search path entries, `git`. */
  readonly hostIO: IO;
  /** What pure and restricted mode let evaluation read; null when neither is on. */
  readonly allowList: AllowList | null;
  readonly settings: EvalSettings;
  readonly globals: Map<string, Value>;
  readonly store: Store;
  readonly fetchStore: Store;
  /** CppNix's symbol table: the order of names in sets and formals (see syntax/symbols.ts). */
  readonly symbols: SymbolTable;
  private readonly importCache = new Map<string, Value>();
  private readonly lints: EvaluatorOptions['lints'];
  private readonly log: (text: string) => void;
  private readonly codeCache: CodeCache | undefined;
  private salt: string | null = null;
  private readonly gauges: WatchdogGauges;

  constructor(options: EvaluatorOptions) {
    this.lints = options.lints;
    this.codeCache = options.codeCache;
    this.log = options.log ?? ((text) => options.io.printError(text));
    // A store given names the store folder, and is written to (read-write mode), unless the settings say otherwise.
    const given = options.store !== undefined ? { storeDir: options.store.storeDir, readOnly: false } : { readOnly: true };
    this.settings = { ...defaultSettings(options.io), ...given, ...options.settings };
    // The files CppNix builds in (`<nix/fetchurl.nix>`) are served beside the real ones, and are never restricted.
    this.hostIO = withCorepkgs(options.io);
    this.allowList = this.settings.pure || this.settings.restrict ? new AllowList(this.settings.pure) : null;
    this.io = this.allowList === null ? this.hostIO : withCorepkgs(restrictIO(options.io, this.allowList));
    this.store = options.store ?? defaultStore(this.settings);
    this.fetchStore = options.fetchStore ?? this.store;
    this.gauges = gaugesOf(options.io);
    this.vm = new VM({
      io: this.io,
      settings: this.settings,
      maxCallDepth: options.maxCallDepth ?? 10000,
      ...(options.tracer ? { tracer: options.tracer } : {}),
      watchdog: new Watchdog(options.limits ?? {}, this.gauges),
    });
    if (options.log) {
      // builtins.trace and builtins.warn print through the same sink as every other warning.
      const log = options.log;
      this.vm.trace = (message) => log(`trace: ${message}\n`);
      this.vm.warn = (message) => log(formatEvalWarning(message) + '\n');
    }
    this.globals = createGlobals(this);
    this.symbols = new SymbolTable([...this.globals.keys()].flatMap((k) => (k.startsWith('__') ? [k, k.slice(2)] : [k])));
    this.vm.symbols = this.symbols;
  }

  /**
   * New limits from now on, their clock starting now: the REPL gives each
   * evaluation its own (an AbortSignal for Ctrl-C). Past the memory the IO
   * says the process can hold, evaluation stops whatever the limits.
   */
  setLimits(limits: EvalLimits): void {
    this.vm.setWatchdog(new Watchdog(limits, this.gauges));
  }

  get parseOptions(): ParseOptions {
    return {
      pipeOperators: this.settings.experimentalFeatures.has('pipe-operators'),
      pureEval: this.settings.pure,
      symbols: this.symbols,
      ...this.lints,
      // A warning without a position has it in its text and is printed as it is (CppNix's plain warn()).
      onWarning: (w) => this.log((w.pos === null ? formatPlainWarning(w.message) : formatWarning(w.message, w.pos)) + '\n'),
    };
  }

  /** Lets pure and restricted evaluation read `path` and what is below it (CppNix's allowPath). */
  allowPath(path: string): void {
    this.allowList?.allow(path);
  }

  /**
   * In restricted mode, fails unless a fetcher may reach `uri` (CppNix's
   * checkURI): a URI `allowed-uris` allows, or a path (plain or `file://`)
   * that may be read.
   */
  checkURI(uri: string): void {
    if (!this.settings.restrict || isAllowedURI(uri, this.settings.allowedUris ?? [])) return;
    const path = uri.startsWith('/') ? uri : uri.startsWith('file://') ? uri.slice('file://'.length) : null;
    if (path !== null) {
      this.allowList?.check(canonicalisePath(path));
      return;
    }
    throw new RestrictedPathError(`access to URI '${uri}' is forbidden in restricted mode`);
  }

  /** Prints a `warning:` (with a code frame when it has a position), as CppNix's logWarning. */
  warning(message: string, pos: Pos | null = null): void {
    this.log(formatWarning(message, pos) + '\n');
  }

  /** Prints a `warning:` as CppNix's plain warn() does: the text as it is. */
  plainWarning(message: string): void {
    this.log(formatPlainWarning(message) + '\n');
  }

  /** Prints a `warning:` carrying trace entries (outermost first), laid out as an error report. */
  warningWithTrace(message: string, pos: Pos | null, trace: readonly TraceEntry[]): void {
    this.log(formatWarningWithTrace(message, pos, trace) + '\n');
  }

  parse(source: Source): Expr {
    return parse(source, this.parseOptions);
  }

  /**
   * Compiles a source against the global scope, or a scope of extra names
   * (scopedImport). A file compiled against the global scope is read from
   * the bytecode cache when it has it, and put there when not.
   */
  compile(source: Source, scope?: NixAttrs): Blueprint {
    const cache = scope === undefined && source.path !== null ? this.codeCache : undefined;
    if (cache === undefined) return this.compileNow(source, this.parseOptions, scope);
    const path = source.path!;
    const salt = this.cacheSalt();
    const entry = cache.load(path, source.text, salt);
    if (entry !== null) {
      const blueprint = readEntry(entry, 0, source, { globals: this.globals, intern: (name) => this.symbols.intern(name) });
      if (blueprint !== null) return blueprint;
    }
    // Compiled now: noting the names parsing interns, and whether it warned
    // (a file that warns is not cached: a cached one would not warn again).
    const names = new Set<string>();
    let warned = false;
    const options = this.parseOptions;
    const symbols = this.symbols;
    const warn = options.onWarning!;
    options.symbols = {
      intern: (name) => {
        names.add(name);
        return symbols.intern(name);
      },
    };
    options.onWarning = (w) => {
      warned = true;
      warn(w);
    };
    const blueprint = this.compileNow(source, options);
    if (!warned) {
      const written = writeEntry(blueprint, source, names);
      if (written !== null) cache.store(path, source.text, salt, written);
    }
    return blueprint;
  }

  private compileNow(source: Source, parseOptions: ParseOptions, scope?: NixAttrs): Blueprint {
    const expr = parse(source, parseOptions);
    let globals: ReadonlyMap<string, Value> = this.globals;
    if (scope) {
      const extended = new Map(this.globals);
      for (const [k, v] of scope.entries()) extended.set(k, v);
      globals = extended;
    }
    return compile(expr, source, { globals });
  }

  /**
   * What compiled code depends on besides the file and tsnix itself: the
   * format and opcode table, the parser's options, and the global names
   * with what kind of value each is (compiled code refers to them by name).
   */
  private cacheSalt(): string {
    if (this.salt !== null) return this.salt;
    const kind = (v: Value): string =>
      v instanceof PrimOp
        ? `primop ${v.name} ${v.arity} ${v.strictArgs}`
        : v instanceof Thunk
          ? 'thunk'
          : v instanceof NixAttrs
            ? 'set'
            : typeof v;
    const parts = [FORMAT_FINGERPRINT];
    const { pipeOperators, pureEval, lintUrlLiterals, lintAbsolutePathLiterals, lintShortPathLiterals } = this.parseOptions;
    parts.push(JSON.stringify({ pipeOperators, pureEval, lintUrlLiterals, lintAbsolutePathLiterals, lintShortPathLiterals }));
    for (const [name, v] of this.globals) parts.push(`${name}: ${kind(v)}`);
    const builtins = this.globals.get('builtins');
    if (builtins instanceof NixAttrs) builtins.keys.forEach((k, i) => parts.push(`builtins.${k}: ${kind(builtins.values[i]!)}`));
    return (this.salt = parts.join('\n'));
  }

  /** Evaluates source text to weak head normal form. */
  evalSource(source: Source): Value {
    return this.vm.runFile(this.compile(source));
  }

  /** Source text as an unevaluated thunk (the values of --arg; REPL input, with the REPL's names as `scope`). */
  lazyEval(source: Source, scope?: NixAttrs): Value {
    return new Thunk(this.compile(source, scope), []);
  }

  /** The value of a Nix file, lazily: a thunk, cached per path, as `import` returns. */
  importFile(path: string, scope?: NixAttrs): Value {
    if (!scope) {
      const cached = this.importCache.get(path);
      if (cached !== undefined) return cached;
    }
    const text = this.io.readFile(path);
    const source = isCorepkgsPath(path) ? new Source(corepkgsOrigin(path), text, '/', path) : Source.fromFile(path, text);
    const value = new Thunk(this.compile(source, scope), []);
    if (!scope) this.importCache.set(path, value);
    return value;
  }
}

/**
 * nix-instantiate's automatic call: a function with formals at the top
 * level is called with the --arg/--argstr values it asks for; a functor
 * set is called through `__functor`; anything else is left as it is.
 */
export function autoCall(evaluator: Evaluator, v: Value, args: NixAttrs): Value {
  const vm = evaluator.vm;
  const fn = vm.force(v);
  if (fn instanceof NixAttrs) {
    const functor = fn.get('__functor');
    if (functor !== undefined) return autoCall(evaluator, vm.call(functor, [fn]), args);
  }
  if (!(fn instanceof Closure) || fn.blueprint.formals === null) return fn;
  const bp = fn.blueprint as Blueprint;
  let given: NixAttrs;
  if (bp.ellipsis) given = args;
  else {
    const entries: Array<[string, Value]> = [];
    for (const [name, hasDefault] of bp.formals!) {
      const a = args.get(name);
      if (a !== undefined) entries.push([name, a]);
      else if (!hasDefault) {
        throw new EvalError(
          // Wrapped as CppNix wraps it.
          `cannot evaluate a function that has an argument without a value ('${name}')\n` +
            'Nix attempted to evaluate a function as a top level expression; in\n' +
            'this case it must have its arguments supplied either by default\n' +
            "values, or passed explicitly with '--arg' or '--argstr'. See\n" +
            'https://nixos.org/manual/nix/stable/language/constructs.html#functions.',
          bp.pos,
        );
      }
    }
    given = NixAttrs.fromEntries(entries);
  }
  return vm.call(fn, [given]);
}

/** `-A a.b.0.c`: select along a path, auto-calling functions on the way. */
export function selectAttrPath(evaluator: Evaluator, root: Value, attrPath: string, args: NixAttrs): Value {
  const vm = evaluator.vm;
  let v = root;
  if (attrPath === '') return v;
  for (const attr of splitAttrPath(attrPath)) {
    v = vm.force(autoCall(evaluator, v, args));
    if (/^\d+$/.test(attr)) {
      if (!Array.isArray(v))
        throw new EvalError(`the expression selected by the selection path '${attrPath}' should be a list but is ${showType(v)}`);
      const i = Number(attr);
      if (i >= v.length) throw new EvalError(`list index ${attr} in selection path '${attrPath}' is out of range`);
      v = v[i]!;
    } else {
      if (!(v instanceof NixAttrs))
        throw new EvalError(`the expression selected by the selection path '${attrPath}' should be a set but is ${showType(v)}`);
      if (attr === '') throw new EvalError(`empty attribute name in selection path '${attrPath}'`);
      const a = v.get(attr);
      if (a === undefined) throw new EvalError(`attribute '${attr}' in selection path '${attrPath}' not found`);
      v = a;
    }
  }
  return v;
}

/** Splits `a."b.c".d` at the dots outside quotes. */
function splitAttrPath(path: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of path) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '.' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) throw new EvalError(`missing closing quote in selection path '${path}'`);
  out.push(cur);
  return out;
}

/** The watchdog's view of the machine, through the IO given (the wrappers of restricted mode do not pass these on). */
function gaugesOf(io: IO): WatchdogGauges {
  return {
    now: () => performance.now(),
    ...(io.memoryInUse !== undefined ? { memoryInUse: () => io.memoryInUse!() } : {}),
    ...(io.memoryAvailable !== undefined ? { memoryAvailable: () => io.memoryAvailable!() } : {}),
    ...(io.collectGarbage !== undefined ? { collectGarbage: () => io.collectGarbage!() } : {}),
  };
}
