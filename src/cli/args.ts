// Command-line parsing for `tsnix instantiate`, which takes nix-instantiate's
// own flags. A flag we do not know is an error, never silently ignored.

export interface InstantiateOptions {
  mode: 'parse' | 'eval' | 'instantiate';
  strict: boolean;
  output: 'nix' | 'json' | 'xml';
  location: boolean;
  /** `-E`: the arguments are expressions, not files. */
  exprs: boolean;
  /** File names, expressions (with -E), or `-` for stdin. */
  inputs: string[];
  attrPaths: string[];
  /** `--arg name expr` / `--argstr name string`, in order. */
  autoArgs: Array<{ name: string; value: string; isExpr: boolean }>;
  includes: string[];
  showTrace: boolean | null;
  maxCallDepth: number | null;
  pure: boolean;
  experimentalFeatures: string[];
  /** `--lint-*-literals LEVEL`. */
  lints: Map<string, 'warn' | 'fatal'>;
  /** `--trace-verbose`: builtins.traceVerbose prints. */
  traceVerbose: boolean;
  /** `abort-on-warn`: builtins.warn fails after printing. */
  abortOnWarn: boolean;
  /** The `nix-path` setting, when configured (it replaces $NIX_PATH); `extra-nix-path` adds to it. */
  nixPath: string[] | null;
  /** The `system` setting (builtins.currentSystem), when configured. */
  system: string | null;
  extraNixPath: string[];
  /** Print a VM trace (`tsnix eval --trace-vm`). */
  traceVm: boolean;
  /**
   * `--read-write-mode` (false) / `--readonly-mode` (true); null leaves it
   * to the mode: nix-instantiate writes to the store unless `--eval`.
   */
  readOnly: boolean | null;
}

export class UsageError extends Error {}

export function defaultOptions(): InstantiateOptions {
  return {
    mode: 'instantiate',
    strict: false,
    output: 'nix',
    location: true,
    exprs: false,
    inputs: [],
    attrPaths: [],
    autoArgs: [],
    includes: [],
    showTrace: null,
    maxCallDepth: null,
    pure: false,
    experimentalFeatures: [],
    lints: new Map(),
    traceVerbose: false,
    abortOnWarn: false,
    nixPath: null,
    system: null,
    extraNixPath: [],
    traceVm: false,
    readOnly: null,
  };
}

const LINTS = ['short-path-literals', 'absolute-path-literals', 'url-literals'];

/** The settings that matter to evaluation, accepted in nix.conf, $NIX_CONFIG and `--option NAME VALUE`. */
const KNOWN_SETTINGS = new Set([
  'max-call-depth',
  'show-trace',
  'pure-eval',
  'experimental-features',
  'extra-experimental-features',
  'trace-verbose',
  'abort-on-warn',
  'nix-path',
  'system',
  'extra-nix-path',
  ...LINTS.map((l) => `lint-${l}`),
]);

/** Boolean settings that are also flags: `--NAME` and `--no-NAME`. */
const BOOL_FLAGS = new Set(['show-trace', 'pure-eval', 'trace-verbose', 'abort-on-warn']);

export function parseInstantiateArgs(argv: string[], opts = defaultOptions()): InstantiateOptions {
  const need = (i: number, flag: string, n = 1): string[] => {
    if (i + n > argv.length - 1) throw new UsageError(`flag '${flag}' requires ${n} argument${n > 1 ? 's' : ''}`);
    return argv.slice(i + 1, i + 1 + n);
  };
  let i = 0;
  let onlyInputs = false;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyInputs || arg === '-' || !arg.startsWith('-')) {
      opts.inputs.push(arg);
      continue;
    }
    switch (arg) {
      case '--':
        onlyInputs = true;
        break;
      case '--parse':
        opts.mode = 'parse';
        break;
      case '--eval':
      case '--eval-only':
        opts.mode = 'eval';
        break;
      case '--strict':
        opts.strict = true;
        break;
      case '--json':
        opts.output = 'json';
        break;
      case '--xml':
        opts.output = 'xml';
        break;
      case '--no-location':
        opts.location = false;
        break;
      case '-E':
      case '--expr':
        opts.exprs = true;
        break;
      case '-A':
      case '--attr':
        opts.attrPaths.push(need(i, arg)[0]!);
        i++;
        break;
      case '--arg':
      case '--argstr': {
        const [name, value] = need(i, arg, 2);
        opts.autoArgs.push({ name: name!, value: value!, isExpr: arg === '--arg' });
        i += 2;
        break;
      }
      case '-I':
      case '--include':
        opts.includes.push(need(i, arg)[0]!);
        i++;
        break;
      case '--show-trace':
        opts.showTrace = true;
        break;
      case '--no-show-trace':
        opts.showTrace = false;
        break;
      case '--max-call-depth':
        opts.maxCallDepth = parseCount(need(i, arg)[0]!, arg);
        i++;
        break;
      case '--impure':
        opts.pure = false;
        break;
      case '--pure-eval':
        opts.pure = true;
        break;
      case '--extra-experimental-features':
      case '--experimental-features':
        if (arg === '--experimental-features') opts.experimentalFeatures = [];
        opts.experimentalFeatures.push(...need(i, arg)[0]!.split(/\s+/).filter(Boolean));
        i++;
        break;
      case '--option': {
        const [name, value] = need(i, arg, 2);
        applySetting(opts, name!, value!);
        i += 2;
        break;
      }
      case '--trace-vm':
        opts.traceVm = true;
        break;
      case '--read-write-mode':
        opts.readOnly = false;
        break;
      case '--readonly-mode':
        opts.readOnly = true;
        break;
      default: {
        const bool = arg.match(/^--(no-)?(.*)$/);
        if (bool && BOOL_FLAGS.has(bool[2]!)) {
          applySetting(opts, bool[2]!, bool[1] ? 'false' : 'true');
          break;
        }
        const lint = arg.match(/^--lint-(.*)$/);
        if (lint && LINTS.includes(lint[1]!)) {
          const level = need(i, arg)[0]!;
          if (level === 'warn' || level === 'fatal') opts.lints.set(lint[1]!, level);
          else if (level === 'ignore') opts.lints.delete(lint[1]!);
          else throw new UsageError(`invalid value '${level}' for ${arg}: expected 'ignore', 'warn' or 'fatal'`);
          i++;
          break;
        }
        throw new UsageError(`unrecognised flag '${arg}'`);
      }
    }
  }
  return opts;
}

function parseCount(s: string, flag: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`invalid value '${s}' for ${flag}: expected a non-negative integer`);
  return Number(s);
}

function parseBool(value: string, name: string): boolean {
  if (value === 'true' || value === 'yes' || value === '1') return true;
  if (value === 'false' || value === 'no' || value === '0') return false;
  throw new UsageError(`invalid value '${value}' for setting '${name}': expected a Boolean`);
}

/**
 * Applies the setting `name` (from `--option`, a `--NAME` flag, or, with
 * `fromConfig`, nix.conf / $NIX_CONFIG, where settings tsnix does not use
 * are ignored as the rest of Nix's settings are).
 */
export function applySetting(opts: InstantiateOptions, name: string, value: string, fromConfig = false): void {
  if (!KNOWN_SETTINGS.has(name)) {
    if (fromConfig) return;
    throw new UsageError(`unknown or unsupported setting '${name}'`);
  }
  const words = value.split(/\s+/).filter(Boolean);
  switch (name) {
    case 'max-call-depth':
      opts.maxCallDepth = parseCount(value, name);
      break;
    case 'show-trace':
      opts.showTrace = parseBool(value, name);
      break;
    case 'pure-eval':
      opts.pure = parseBool(value, name);
      break;
    case 'trace-verbose':
      opts.traceVerbose = parseBool(value, name);
      break;
    case 'abort-on-warn':
      opts.abortOnWarn = parseBool(value, name);
      break;
    case 'system':
      opts.system = value.trim();
      break;
    case 'nix-path':
      opts.nixPath = words;
      opts.extraNixPath = [];
      break;
    case 'extra-nix-path':
      opts.extraNixPath.push(...words);
      break;
    case 'experimental-features':
      opts.experimentalFeatures = value.split(/\s+/).filter(Boolean);
      break;
    case 'extra-experimental-features':
      opts.experimentalFeatures.push(...value.split(/\s+/).filter(Boolean));
      break;
    default: {
      // lint-*-literals
      if (value === 'warn' || value === 'fatal') opts.lints.set(name.slice('lint-'.length), value);
      else if (value === 'ignore') opts.lints.delete(name.slice('lint-'.length));
      else throw new UsageError(`invalid value '${value}' for setting '${name}': expected 'ignore', 'warn' or 'fatal'`);
    }
  }
}
