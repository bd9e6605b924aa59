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
  /** Print a VM trace (`tsnix eval --trace-vm`). */
  traceVm: boolean;
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
    traceVm: false,
  };
}

const LINTS = ['short-path-literals', 'absolute-path-literals', 'url-literals'];

/** Flags taking effect in the `nix` settings namespace we accept for `--option NAME VALUE`. */
const KNOWN_SETTINGS = new Set(['max-call-depth', 'show-trace', 'pure-eval', 'experimental-features', 'extra-experimental-features']);

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
      default: {
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

function applySetting(opts: InstantiateOptions, name: string, value: string): void {
  if (!KNOWN_SETTINGS.has(name)) throw new UsageError(`unknown or unsupported setting '${name}'`);
  switch (name) {
    case 'max-call-depth':
      opts.maxCallDepth = parseCount(value, name);
      break;
    case 'show-trace':
      opts.showTrace = value === 'true';
      break;
    case 'pure-eval':
      opts.pure = value === 'true';
      break;
    case 'experimental-features':
      opts.experimentalFeatures = value.split(/\s+/).filter(Boolean);
      break;
    case 'extra-experimental-features':
      opts.experimentalFeatures.push(...value.split(/\s+/).filter(Boolean));
      break;
  }
}
