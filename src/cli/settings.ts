// CppNix 2.26's settings, as one table: what nix.conf, $NIX_CONFIG,
// `--option NAME VALUE` and the `--NAME` flags may set. Each has a kind (how
// its value is parsed, with CppNix's error messages), its default, and what
// tsnix does with it: `honoured` (evaluation uses it), `kept` (stored for the
// store to come), `not-yet` (CppNix's evaluator or fetchers read it, tsnix
// does not yet), `build` (only building and the store use it). The list is
// `nix config show --json` of CppNix 2.26.3, plus tsnix's lint settings
// (from later Nix, for the upstream language suite).

import { canonicalisePath } from '../value/paths.js';

/** CppNix raises these as usage errors: the message is followed by "Try 'nix-instantiate --help'". */
export class UsageError extends Error {}

/** A plain `error:` (CppNix's Error, not a UsageError): no usage hint follows. */
export class ConfigError extends Error {}

export type SettingKind =
  'bool' | 'uint32' | 'uint64' | 'int64' | 'string' | 'list' | 'map' | 'features' | 'max-jobs' | 'sandbox' | 'abs-path' | 'lint';

export type SettingValue = boolean | number | string | string[] | null;

export type SettingUse = 'honoured' | 'kept' | 'not-yet' | 'build';

export interface SettingInfo {
  name: string;
  kind: SettingKind;
  default: SettingValue;
  use: SettingUse;
  /** Older names; each is also a `--ALIAS` flag (but not `--no-ALIAS` or `--extra-ALIAS`). */
  aliases: string[];
  /** The experimental feature the setting needs. */
  xp?: string;
}

function s(
  name: string,
  kind: SettingKind,
  def: SettingValue,
  use: SettingUse,
  more: { aliases?: string[]; xp?: string } = {},
): SettingInfo {
  return { name, kind, default: def, use, aliases: more.aliases ?? [], ...(more.xp !== undefined ? { xp: more.xp } : {}) };
}

// prettier-ignore
export const SETTINGS: readonly SettingInfo[] = [
  s('abort-on-warn', 'bool', false, 'honoured'),
  s('accept-flake-config', 'bool', false, 'not-yet', { xp: 'flakes' }),
  s('access-tokens', 'map', [], 'not-yet'),
  s('allow-dirty', 'bool', true, 'not-yet'),
  s('allow-dirty-locks', 'bool', false, 'not-yet', { xp: 'flakes' }),
  s('allow-import-from-derivation', 'bool', true, 'honoured'),
  s('allow-new-privileges', 'bool', false, 'build'),
  s('allow-symlinked-store', 'bool', false, 'build'),
  s('allow-unsafe-native-code-during-evaluation', 'bool', false, 'not-yet'),
  s('allowed-impure-host-deps', 'list', [], 'build'),
  s('allowed-uris', 'list', [], 'honoured'),
  s('allowed-users', 'list', ['*'], 'build'),
  s('always-allow-substitutes', 'bool', false, 'build'),
  s('auto-allocate-uids', 'bool', false, 'build', { xp: 'auto-allocate-uids' }),
  s('auto-optimise-store', 'bool', false, 'build'),
  s('bash-prompt', 'string', '', 'build'),
  s('bash-prompt-prefix', 'string', '', 'build'),
  s('bash-prompt-suffix', 'string', '', 'build'),
  s('build-dir', 'string', null, 'build'),
  s('build-hook', 'list', ['nix', '__build-remote'], 'build'),
  s('build-poll-interval', 'uint32', 5, 'build'),
  s('build-users-group', 'string', '', 'build'),
  s('builders', 'string', '@/etc/nix/machines', 'build'),
  s('builders-use-substitutes', 'bool', false, 'build'),
  s('commit-lock-file-summary', 'string', '', 'not-yet', { aliases: ['commit-lockfile-summary'], xp: 'flakes' }),
  s('compress-build-log', 'bool', true, 'build', { aliases: ['build-compress-log'] }),
  s('connect-timeout', 'uint64', 0, 'not-yet'),
  s('cores', 'uint64', 0, 'build', { aliases: ['build-cores'] }),
  s('debugger-on-trace', 'bool', false, 'not-yet'),
  s('debugger-on-warn', 'bool', false, 'not-yet'),
  s('diff-hook', 'abs-path', null, 'build'),
  s('download-attempts', 'uint64', 5, 'not-yet'),
  s('download-buffer-size', 'uint64', 67108864, 'not-yet'),
  s('download-speed', 'uint32', 0, 'build'),
  s('eval-cache', 'bool', true, 'not-yet'),
  s('eval-system', 'string', '', 'honoured'),
  s('experimental-features', 'features', [], 'honoured'),
  s('extra-platforms', 'list', ['i686-linux', 'x86_64-v1-linux', 'x86_64-v2-linux', 'x86_64-v3-linux', 'x86_64-v4-linux'], 'not-yet'),
  s('fallback', 'bool', false, 'build', { aliases: ['build-fallback'] }),
  s('filter-syscalls', 'bool', true, 'build'),
  s('flake-registry', 'string', 'https://channels.nixos.org/flake-registry.json', 'not-yet', { xp: 'flakes' }),
  s('fsync-metadata', 'bool', true, 'build'),
  s('fsync-store-paths', 'bool', false, 'build'),
  s('gc-reserved-space', 'int64', 8388608, 'build'),
  s('hashed-mirrors', 'list', [], 'not-yet'),
  s('http-connections', 'uint64', 25, 'not-yet', { aliases: ['binary-caches-parallel-connections'] }),
  s('http2', 'bool', true, 'not-yet'),
  s('id-count', 'uint32', 8388608, 'build'),
  s('ignore-try', 'bool', false, 'not-yet'),
  s('ignored-acls', 'list', ['security.csm', 'security.selinux', 'system.nfs4_acl'], 'build'),
  s('impersonate-linux-26', 'bool', false, 'build', { aliases: ['build-impersonate-linux-26'] }),
  s('impure-env', 'map', [], 'build', { xp: 'configurable-impure-env' }),
  s('keep-build-log', 'bool', true, 'build', { aliases: ['build-keep-log'] }),
  s('keep-derivations', 'bool', true, 'build', { aliases: ['gc-keep-derivations'] }),
  s('keep-env-derivations', 'bool', false, 'build', { aliases: ['env-keep-derivations'] }),
  s('keep-failed', 'bool', false, 'build'),
  s('keep-going', 'bool', false, 'build'),
  s('keep-outputs', 'bool', false, 'build', { aliases: ['gc-keep-outputs'] }),
  s('log-lines', 'uint64', 25, 'build'),
  s('max-build-log-size', 'uint64', 0, 'build', { aliases: ['build-max-log-size'] }),
  s('max-call-depth', 'uint32', 10000, 'honoured'),
  s('max-free', 'uint64', 2 ** 63 - 1, 'build'),
  s('max-jobs', 'max-jobs', 1, 'build', { aliases: ['build-max-jobs'] }),
  s('max-silent-time', 'int64', 0, 'build', { aliases: ['build-max-silent-time'] }),
  s('max-substitution-jobs', 'uint32', 16, 'build', { aliases: ['substitution-max-jobs'] }),
  s('min-free', 'uint64', 0, 'build'),
  s('min-free-check-interval', 'uint64', 5, 'build'),
  s('nar-buffer-size', 'uint64', 33554432, 'build'),
  s('narinfo-cache-negative-ttl', 'uint32', 3600, 'not-yet'),
  s('narinfo-cache-positive-ttl', 'uint32', 2592000, 'not-yet'),
  s('netrc-file', 'string', '/etc/nix/netrc', 'not-yet'),
  s('nix-path', 'list', [], 'honoured'),
  s('nix-shell-always-looks-for-shell-nix', 'bool', true, 'build'),
  s('nix-shell-shebang-arguments-relative-to-script', 'bool', true, 'build'),
  s('plugin-files', 'list', [], 'build'),
  s('post-build-hook', 'string', '', 'build'),
  s('pre-build-hook', 'string', '', 'build'),
  s('preallocate-contents', 'bool', false, 'build'),
  s('print-missing', 'bool', true, 'build'),
  s('pure-eval', 'bool', false, 'honoured'),
  s('require-drop-supplementary-groups', 'bool', true, 'build'),
  s('require-sigs', 'bool', true, 'build'),
  s('restrict-eval', 'bool', false, 'honoured'),
  s('run-diff-hook', 'bool', false, 'build'),
  s('sandbox', 'sandbox', true, 'build', { aliases: ['build-use-chroot', 'build-use-sandbox'] }),
  s('sandbox-build-dir', 'string', '/build', 'build'),
  s('sandbox-dev-shm-size', 'string', '50%', 'build'),
  s('sandbox-fallback', 'bool', true, 'build'),
  s('sandbox-paths', 'list', [], 'build', { aliases: ['build-chroot-dirs', 'build-sandbox-paths'] }),
  s('secret-key-files', 'list', [], 'build'),
  s('show-trace', 'bool', false, 'honoured'),
  s('ssl-cert-file', 'string', '', 'not-yet'),
  s('stalled-download-timeout', 'uint32', 300, 'not-yet'),
  s('start-id', 'uint32', 872415232, 'build'),
  s('store', 'string', 'auto', 'kept'),
  s('substitute', 'bool', true, 'build', { aliases: ['build-use-substitutes'] }),
  s('substituters', 'list', ['https://cache.nixos.org/'], 'build', { aliases: ['binary-caches'] }),
  s('sync-before-registering', 'bool', false, 'build'),
  s('system', 'string', null, 'honoured'),
  s('system-features', 'list', ['benchmark', 'big-parallel', 'nixos-test', 'uid-range'], 'build'),
  s('tarball-ttl', 'uint32', 3600, 'not-yet'),
  s('timeout', 'int64', 0, 'build', { aliases: ['build-timeout'] }),
  s('trace-function-calls', 'bool', false, 'not-yet'),
  s('trace-verbose', 'bool', false, 'honoured'),
  s('trust-tarballs-from-git-forges', 'bool', true, 'not-yet'),
  s('trusted-public-keys', 'list', ['cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY='], 'build', { aliases: ['binary-cache-public-keys'] }),
  s('trusted-substituters', 'list', [], 'build', { aliases: ['trusted-binary-caches'] }),
  s('trusted-users', 'list', ['root'], 'build'),
  s('upgrade-nix-store-path-url', 'string', 'https://github.com/NixOS/nixpkgs/raw/master/nixos/modules/installer/tools/nix-fallback-paths.nix', 'build'),
  s('use-case-hack', 'bool', false, 'build'),
  s('use-cgroups', 'bool', false, 'build'),
  s('use-registries', 'bool', true, 'not-yet', { xp: 'flakes' }),
  s('use-sqlite-wal', 'bool', true, 'build'),
  s('use-xdg-base-directories', 'bool', false, 'build'),
  s('user-agent-suffix', 'string', '', 'not-yet'),
  s('warn-dirty', 'bool', true, 'not-yet'),
  s('warn-large-path-threshold', 'uint64', 0, 'not-yet'),
  // tsnix's: the parser's lints of later Nix (`ignore`, `warn` or `fatal`).
  s('lint-absolute-path-literals', 'lint', 'ignore', 'honoured'),
  s('lint-short-path-literals', 'lint', 'ignore', 'honoured'),
  s('lint-url-literals', 'lint', 'ignore', 'honoured'),
];

/** Settings by name and by alias. */
const BY_NAME: ReadonlyMap<string, SettingInfo> = new Map(SETTINGS.flatMap((i) => [i.name, ...i.aliases].map((n) => [n, i] as const)));

export function findSetting(name: string): SettingInfo | undefined {
  return BY_NAME.get(name);
}

/** Whether `extra-NAME` adds to the setting. */
export function isAppendable(info: SettingInfo): boolean {
  return info.kind === 'list' || info.kind === 'map' || info.kind === 'features';
}

/**
 * CppNix 2.26's experimental features, and `blake3-hashes` (tsnix's, from
 * later Nix). Another name is warned about and dropped.
 */
export const EXPERIMENTAL_FEATURES: ReadonlySet<string> = new Set([
  'ca-derivations',
  'impure-derivations',
  'flakes',
  'fetch-tree',
  'nix-command',
  'git-hashing',
  'recursive-nix',
  'no-url-literals',
  'fetch-closure',
  'auto-allocate-uids',
  'cgroups',
  'daemon-trust-override',
  'dynamic-derivations',
  'parse-toml-timestamps',
  'read-only-local-store',
  'local-overlay-store',
  'configurable-impure-env',
  'mounted-ssh-store',
  'verified-fetches',
  'pipe-operators',
  'blake3-hashes',
]);

const words = (text: string): string[] => text.split(/[ \t\n\r]+/).filter((w) => w !== '');

/**
 * A decimal integer as boost::lexical_cast reads it (an optional sign, then
 * digits only), within `bits` bits, or null.
 */
export function parseInteger(text: string, bits: 32 | 64, signed: boolean): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(text) || (!signed && text.startsWith('-'))) return null;
  const n = BigInt(text);
  const limit = 1n << BigInt(signed ? bits - 1 : bits);
  return n >= limit || n < (signed ? -limit : 0n) ? null : n;
}

/** CppNix's string2IntWithUnitPrefix: an integer with an optional K, M, G or T suffix (powers of 1024). */
export function parseWithUnit(text: string, bits: 32 | 64, signed: boolean): bigint {
  let shift = 0n;
  let digits = text;
  const last = text.slice(-1).toUpperCase();
  if (/[A-Z]/.test(last)) {
    const units = ['K', 'M', 'G', 'T'];
    if (!units.includes(last)) throw new UsageError(`invalid unit specifier '${last}'`);
    shift = BigInt(10 * (units.indexOf(last) + 1));
    digits = text.slice(0, -1);
  }
  const n = parseInteger(digits, bits, signed);
  if (n === null) throw new UsageError(`'${digits}' is not an integer`);
  // As in C++, the multiplication wraps around.
  return signed ? BigInt.asIntN(bits, n << shift) : BigInt.asUintN(bits, n << shift);
}

/**
 * Parses a setting's value as CppNix does, with its messages. `warn`
 * receives the warnings parsing gives (unknown experimental features).
 */
export function parseSettingValue(info: SettingInfo, text: string, warn: (message: string) => void): SettingValue {
  const name = info.name;
  switch (info.kind) {
    case 'bool':
      if (text === 'true' || text === 'yes' || text === '1') return true;
      if (text === 'false' || text === 'no' || text === '0') return false;
      throw new UsageError(`Boolean setting '${name}' has invalid value '${text}'`);
    case 'uint32':
    case 'uint64':
    case 'int64':
      try {
        return Number(parseWithUnit(text, info.kind === 'uint32' ? 32 : 64, info.kind === 'int64'));
      } catch {
        throw new UsageError(`setting '${name}' has invalid value '${text}'`);
      }
    case 'max-jobs': {
      if (text === 'auto') return 'auto';
      const n = parseInteger(text, 32, false);
      if (n === null) throw new UsageError(`configuration setting '${name}' should be 'auto' or an integer`);
      return Number(n);
    }
    case 'sandbox':
      if (text === 'true' || text === 'false' || text === 'relaxed') return text;
      throw new UsageError(`option '${name}' has invalid value '${text}'`);
    case 'string':
      return text;
    case 'abs-path':
      if (text === '') return null;
      if (!text.startsWith('/')) throw new ConfigError(`not an absolute path: '${text}'`);
      return canonicalisePath(text);
    case 'list':
      return words(text);
    case 'map':
      // `name=value` words; a word without `=` is dropped.
      return words(text).filter((w) => w.includes('='));
    case 'features': {
      const known: string[] = [];
      for (const feature of [...new Set(words(text))].sort()) {
        if (EXPERIMENTAL_FEATURES.has(feature)) known.push(feature);
        else warn(`unknown experimental feature '${feature}'`);
      }
      return known;
    }
    case 'lint':
      if (text === 'ignore' || text === 'warn' || text === 'fatal') return text;
      throw new UsageError(`invalid value '${text}' for setting '${name}': expected 'ignore', 'warn' or 'fatal'`);
  }
}

/**
 * The settings in force: CppNix's globalConfig. Values are kept by canonical
 * name; unknown names are remembered, to be warned about once parsing is done.
 */
export class Settings {
  private readonly values = new Map<string, SettingValue>();
  /** Unknown settings, by name (CppNix warns about them sorted, once each). */
  readonly unknown = new Map<string, string>();

  constructor(private readonly warn: (message: string) => void) {}

  /** Prints a warning (the text after `warning: `). */
  warnText(message: string): void {
    this.warn(message);
  }

  get(name: string): SettingValue {
    const info = findSetting(name);
    if (info === undefined) throw new Error(`no setting '${name}'`);
    return this.values.has(info.name) ? this.values.get(info.name)! : info.default;
  }

  /** Whether the setting was given a value (else its default holds). */
  isSet(name: string): boolean {
    const info = findSetting(name);
    return info !== undefined && this.values.has(info.name);
  }

  bool(name: string): boolean {
    return this.get(name) === true;
  }

  list(name: string): string[] {
    const v = this.get(name);
    return Array.isArray(v) ? v : [];
  }

  xpEnabled(feature: string | undefined): boolean {
    return feature === undefined || this.list('experimental-features').includes(feature);
  }

  /** Stores a parsed value, replacing or (`append`) adding to the one in force. */
  assign(info: SettingInfo, value: SettingValue, append = false): void {
    const old = this.get(info.name);
    if (append && Array.isArray(old) && Array.isArray(value)) {
      value =
        info.kind === 'list' ? [...old, ...value] : info.kind === 'map' ? mergeMap(old, value) : [...new Set([...old, ...value])].sort();
    }
    this.values.set(info.name, value);
  }

  /** A setting given a value as text (CppNix's AbstractSetting::set), honouring its experimental feature. */
  setValue(info: SettingInfo, text: string, append = false): void {
    if (!this.xpEnabled(info.xp)) {
      this.warn(`Ignoring setting '${info.name}' because experimental feature '${info.xp!}' is not enabled`);
      return;
    }
    this.assign(info, parseSettingValue(info, text, this.warn), append);
  }

  /**
   * `name = value` (CppNix's Config::set): `extra-NAME` adds to a list
   * setting. False, and remembered, when there is no such setting.
   */
  set(name: string, text: string): boolean {
    let info = findSetting(name);
    let append = false;
    if (info === undefined && name.startsWith('extra-')) {
      info = findSetting(name.slice('extra-'.length));
      if (info !== undefined && !isAppendable(info)) info = undefined;
      append = true;
    }
    if (info === undefined) {
      this.unknown.set(name, text);
      return false;
    }
    this.setValue(info, text, append);
    return true;
  }

  /** The warnings CppNix gives, once the command line is read, for settings it does not know. */
  unknownWarnings(): string[] {
    return [...this.unknown.keys()].sort().map((name) => `unknown setting '${name}'`);
  }
}

/** `name=value` entries, later ones replacing earlier ones of the same name. */
function mergeMap(old: string[], added: string[]): string[] {
  const m = new Map<string, string>();
  for (const entry of [...old, ...added]) m.set(entry.slice(0, entry.indexOf('=')), entry);
  return [...m.values()];
}
