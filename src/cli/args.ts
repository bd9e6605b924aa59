// nix-instantiate's command line, read as CppNix 2.26 reads it (libutil's
// Args::parseCmdline with LegacyArgs, MixCommonArgs, MixEvalArgs and
// nix-instantiate's own flags): the same flags, the same errors and
// warnings, in the same order. A flag that only matters for building or
// the store is accepted and changes nothing for evaluation.
//
// The order of the steps is CppNix's: compound short flags are split
// (`-vj3` is `-v -j 3`, `-Aa` is `-A -a`); flags run as they are read
// (an invalid value stops the command); once all are read, unknown
// settings are warned about, then the experimental features the flags
// need are checked.

import { ConfigError, isAppendable, parseWithUnit, SETTINGS, type SettingInfo, Settings, UsageError } from './settings.js';

export { ConfigError, Settings, UsageError };

export type AutoArg =
  { name: string; kind: 'expr' | 'string'; value: string } | { name: string; kind: 'file'; path: string } | { name: string; kind: 'stdin' };

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
  /** `--arg`, `--argstr`, `--arg-from-file`, `--arg-from-stdin`, in order (a later one of a name wins). */
  autoArgs: AutoArg[];
  includes: string[];
  /** nix.conf, $NIX_CONFIG, `--option` and the setting flags. */
  settings: Settings;
  /** Print a VM trace (`tsnix eval --trace-vm`). */
  traceVm: boolean;
  /** Print the VM's op profile at the end (`tsnix eval --profile-vm`). */
  profileVm: boolean;
  /**
   * `--readonly-mode` / `--dry-run` (true), `--read-write-mode` (false, unless
   * one of those was given); null leaves it to the mode: nix-instantiate
   * writes to the store unless `--eval`.
   */
  readOnly: boolean | null;
  /** `--find-file`: print where the inputs are found in the search path. */
  findFile: boolean;
  /** `--add-root PATH`: the garbage collector root for the .drv files (kept for the store). */
  gcRoot: string | null;
  /** `--no-gc-warning`: no warning when `--add-root` is missing. */
  gcWarning: boolean;
  /** `--repair` (kept for the store). */
  repair: boolean;
  /** `--eval-store URL` (kept for the store). */
  evalStore: string | null;
  /** CppNix's verbosity: 0 error ... 3 info (the default) ... 7 vomit. */
  verbosity: number;
  /** `--log-format`. */
  logFormat: string | null;
  /** `--version` or `--help`: what to print instead of running. */
  exitWith: 'version' | 'help' | null;
  /** `--time-limit SECONDS` (tsnix's own): stop evaluation after this many ms. */
  timeLimitMs: number | null;
  /** `--memory-limit MiB` (tsnix's own): stop evaluation when the process holds more bytes than this. */
  memoryLimitBytes: number | null;
}

export const LVL_WARN = 1;
export const LVL_INFO = 3;
export const LVL_TALKATIVE = 4;
const LVL_DEBUG = 6;
const LVL_VOMIT = 7;

/** Where warnings go: printed as they happen, as CppNix does. */
export type Warn = (message: string) => void;

export function defaultOptions(warn: Warn = () => {}): InstantiateOptions {
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
    settings: new Settings(warn),
    traceVm: false,
    profileVm: false,
    readOnly: null,
    findFile: false,
    gcRoot: null,
    gcWarning: true,
    repair: false,
    evalStore: null,
    verbosity: LVL_INFO,
    logFormat: null,
    exitWith: null,
    timeLimitMs: null,
    memoryLimitBytes: null,
  };
}

/** The value of a limit flag: a positive number (`--time-limit 1.5`), or CppNix's kind of usage error. */
function limitValue(flag: string, value: string, unit: string): number {
  const n = /^\s*\d+(\.\d*)?\s*$|^\s*\.\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!(n > 0)) throw new UsageError(`flag '${flag}' needs a positive number of ${unit}, not '${value}'`);
  return n;
}

const LOG_FORMATS = ['raw', 'raw-with-logs', 'internal-json', 'bar', 'bar-with-logs'];

/** A flag of Args' tables: how many arguments it takes, what it does, the experimental feature it needs. */
interface Flag {
  arity: number;
  run(opts: InstantiateOptions, args: string[]): void;
  xp?: string;
}

const flag = (arity: number, run: Flag['run'], xp?: string): Flag => (xp === undefined ? { arity, run } : { arity, run, xp });

/** The flags of every setting: `--NAME VALUE` (and its aliases), `--extra-NAME VALUE`, or `--NAME` / `--no-NAME`. */
function settingFlags(): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  const add = (names: string[], f: Flag): void => {
    for (const n of names) flags.set(n, f);
  };
  for (const info of SETTINGS) {
    const names = [info.name, ...info.aliases];
    const assign = (value: boolean | string) => flag(0, (o) => o.settings.assign(info, value), info.xp);
    if (info.kind === 'bool') {
      add(names, assign(true));
      add([`no-${info.name}`], assign(false));
    } else if (info.kind === 'sandbox') {
      add(names, assign('true'));
      add([`no-${info.name}`], assign('false'));
      add([`relaxed-${info.name}`], assign('relaxed'));
    } else {
      add(
        names,
        flag(1, (o, [v]) => o.settings.setValue(info, v!), info.xp),
      );
      if (isAppendable(info))
        add(
          [`extra-${info.name}`],
          flag(1, (o, [v]) => o.settings.setValue(info, v!, true), info.xp),
        );
    }
  }
  return flags;
}

/** The number flags of LegacyArgs: an integer with a unit (`1K`), stored in a setting. */
function unitSetting(dest: string): Flag {
  return flag(1, (o, [v]) => {
    o.settings.set(dest, String(parseWithUnit(v!, 64, false)));
  });
}

const boolSetting = (name: string): Flag => flag(0, (o) => o.settings.set(name, 'true'));

/**
 * Args' flags, as `[long name, short name, flag]`, in the order CppNix adds
 * them: a later entry of a name replaces an earlier one, as addFlag does
 * (LegacyArgs' --cores replaces the setting's flag of that name).
 */
function flagTable(): Array<[string, string | null, Flag]> {
  const autoArg = (kind: 'expr' | 'string') => flag(2, (o, [name, value]) => o.autoArgs.push({ name: name!, kind, value: value! }));
  return [
    // MixCommonArgs
    ['verbose', 'v', flag(0, (o) => (o.verbosity = Math.min(o.verbosity + 1, LVL_VOMIT)))],
    ['quiet', null, flag(0, (o) => (o.verbosity = Math.max(o.verbosity - 1, 0)))],
    ['debug', null, flag(0, (o) => (o.verbosity = LVL_DEBUG))],
    ['option', null, flag(2, (o, [name, value]) => setOption(o, name!, value!))],
    ['log-format', null, flag(1, (o, [format]) => setLogFormat(o, format!))],
    ['max-jobs', 'j', flag(1, (o, [v]) => o.settings.set('max-jobs', v!))],
    ...[...settingFlags()].map(([name, f]): [string, null, Flag] => [name, null, f]),
    // LegacyArgs
    ['no-build-output', 'Q', flag(0, () => {})],
    ['keep-failed', 'K', boolSetting('keep-failed')],
    ['keep-going', 'k', boolSetting('keep-going')],
    ['fallback', null, boolSetting('fallback')],
    ['cores', null, unitSetting('cores')],
    ['max-silent-time', null, unitSetting('max-silent-time')],
    ['timeout', null, unitSetting('timeout')],
    ['readonly-mode', null, flag(0, (o) => (o.readOnly = true))],
    ['no-gc-warning', null, flag(0, (o) => (o.gcWarning = false))],
    ['store', null, flag(1, (o, [url]) => o.settings.set('store', url!))],
    // MixEvalArgs
    ['arg', null, autoArg('expr')],
    ['argstr', null, autoArg('string')],
    ['arg-from-file', null, flag(2, (o, [name, path]) => o.autoArgs.push({ name: name!, kind: 'file', path: path! }))],
    ['arg-from-stdin', null, flag(1, (o, [name]) => o.autoArgs.push({ name: name!, kind: 'stdin' }))],
    ['include', 'I', flag(1, (o, [path]) => o.includes.push(path!))],
    ['impure', null, flag(0, (o) => o.settings.set('pure-eval', 'false'))],
    // Its handler parses flake references, which needs the feature right away.
    ['override-flake', null, flag(2, (o) => requireFeature(o, 'flakes'))],
    ['eval-store', null, flag(1, (o, [url]) => (o.evalStore = url!))],
    // tsnix's own
    ['trace-vm', null, flag(0, (o) => (o.traceVm = true))],
    ['profile-vm', null, flag(0, (o) => (o.profileVm = true))],
  ];
}

/** `--option NAME VALUE`: an invalid value is only a warning, printed with the error's own prefix as CppNix prints it. */
function setOption(o: InstantiateOptions, name: string, value: string): void {
  try {
    o.settings.set(name, value);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    o.settings.warnText(`error: ${e.message}`);
  }
}

function setLogFormat(o: InstantiateOptions, format: string): void {
  if (!LOG_FORMATS.includes(format)) throw new ConfigError(`option 'log-format' has an invalid value '${format}'`);
  o.logFormat = format;
}

function requireFeature(o: InstantiateOptions, feature: string): void {
  if (!o.settings.xpEnabled(feature)) throw missingFeature(feature);
}

function buildFlags(): { long: Map<string, Flag>; short: Map<string, Flag> } {
  const long = new Map<string, Flag>();
  const short = new Map<string, Flag>();
  for (const [name, shortName, f] of flagTable()) {
    long.set(name, f);
    if (shortName !== null) short.set(shortName, f);
  }
  return { long, short };
}

const FLAGS = buildFlags();

export function missingFeature(feature: string): ConfigError {
  return new ConfigError(`experimental Nix feature '${feature}' is disabled; add '--extra-experimental-features ${feature}' to enable it`);
}

const isAlpha = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);

/**
 * nix-instantiate's own flags (its parseArg): true when `args[i]` is one.
 * `next` takes the argument of a flag that has one.
 */
function instantiateFlag(opts: InstantiateOptions, arg: string, next: () => string): boolean {
  switch (arg) {
    case '--help':
      opts.exitWith = 'help';
      return true;
    case '--version':
      opts.exitWith = 'version';
      return true;
    case '-E':
    case '--expr':
      opts.exprs = true;
      return true;
    case '--eval':
    case '--eval-only':
      if (opts.mode !== 'parse') opts.mode = 'eval';
      return true;
    case '--read-write-mode':
      if (opts.readOnly === null) opts.readOnly = false;
      return true;
    case '--parse':
    case '--parse-only':
      opts.mode = 'parse';
      return true;
    case '--find-file':
      opts.findFile = true;
      return true;
    case '-A':
    case '--attr':
      opts.attrPaths.push(next());
      return true;
    case '--add-root':
      opts.gcRoot = next();
      return true;
    case '--indirect':
      return true;
    case '--xml':
      opts.output = 'xml';
      return true;
    case '--json':
      opts.output = 'json';
      return true;
    case '--no-location':
      opts.location = false;
      return true;
    case '--strict':
      opts.strict = true;
      return true;
    case '--time-limit':
      opts.timeLimitMs = limitValue(arg, next(), 'seconds') * 1000;
      return true;
    case '--memory-limit':
      opts.memoryLimitBytes = limitValue(arg, next(), 'MiB') * 2 ** 20;
      return true;
    case '--repair':
      opts.repair = true;
      return true;
    case '--dry-run':
      opts.readOnly = true;
      return true;
  }
  if (arg !== '' && arg.startsWith('-') && arg !== '-') return false;
  opts.inputs.push(arg);
  return true;
}

/**
 * Reads the command line into `opts` (which holds the configuration files'
 * settings already). Throws UsageError or ConfigError with CppNix's message.
 * `--version` and `--help` stop the reading, as in CppNix.
 */
export function parseInstantiateArgs(argv: string[], opts = defaultOptions()): InstantiateOptions {
  const cmdline = [...argv];
  const needFeatures: string[] = [];
  let dashDash = false;
  let i = 0;
  while (i < cmdline.length && opts.exitWith === null) {
    let arg = cmdline[i]!;
    if (!dashDash && arg.length > 2 && arg[0] === '-' && arg[1] !== '-' && isAlpha(arg[1])) {
      // `-qlf` is `-q -l -f`; `-j3` is `-j 3`.
      const split = [`-${arg[1]}`];
      for (let j = 2; j < arg.length; j++) {
        if (isAlpha(arg[j])) split.push(`-${arg[j]}`);
        else {
          split.push(arg.slice(j));
          break;
        }
      }
      cmdline.splice(i, 1, ...split);
      arg = split[0]!;
    }
    if (!dashDash && arg === '--') {
      dashDash = true;
      i++;
      continue;
    }
    if (!dashDash && arg.startsWith('-')) {
      const known = arg.startsWith('--') ? FLAGS.long.get(arg.slice(2)) : arg.length === 2 ? FLAGS.short.get(arg[1]!) : undefined;
      if (known !== undefined) {
        const args = cmdline.slice(i + 1, i + 1 + known.arity);
        if (args.length < known.arity)
          throw new UsageError(`flag '${arg}' requires ${known.arity} argument(s), but only ${args.length} were given`);
        if (known.xp !== undefined) needFeatures.push(known.xp);
        known.run(opts, args);
        i += 1 + known.arity;
        continue;
      }
      const at = i;
      const next = (): string => {
        if (++i >= cmdline.length) throw new UsageError(`'${arg}' requires an argument`);
        return cmdline[i]!;
      };
      if (!instantiateFlag(opts, arg, next)) throw new UsageError(`unrecognised flag '${arg}'`);
      i = Math.max(i, at) + 1;
      continue;
    }
    // After `--`, and for plain arguments: nix-instantiate's own handler, seeing only this argument.
    const next = (): string => {
      throw new UsageError(`'${arg}' requires an argument`);
    };
    if (!instantiateFlag(opts, arg, next)) throw new UsageError(`unexpected argument '${arg}'`);
    i++;
  }
  if (opts.exitWith !== null) return opts;
  for (const message of opts.settings.unknownWarnings()) opts.settings.warnText(message);
  for (const feature of needFeatures) if (!opts.settings.xpEnabled(feature)) throw missingFeature(feature);
  return opts;
}

/** The lint level of a `lint-*-literals` setting. */
export function lintLevel(opts: InstantiateOptions, lint: string): 'ignore' | 'warn' | 'fatal' {
  const v = opts.settings.get(`lint-${lint}`);
  return v === 'warn' || v === 'fatal' ? v : 'ignore';
}

export type { SettingInfo };
