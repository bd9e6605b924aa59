// Which store a command works on, chosen as CppNix 2.26 chooses it
// (Node-only: it opens local and daemon stores).
//
// The store is named by the `store` setting (`--store`, nix.conf,
// NIX_CONFIG), whose default is `$NIX_REMOTE`, else `auto`:
//
//   auto                 the local store when the state folder can be
//                        written, else the daemon when its socket exists,
//                        else (on Linux, for a user without /nix) a chroot
//                        store under ~/.local/share/nix/root, else local
//   local, local://PATH  the local store (at root PATH); `/PATH` or `./PATH`
//                        (a path with a slash) is a chroot store at PATH
//   daemon, unix://PATH  a nix-daemon, at its default socket or PATH
//   dummy://             no store: paths are computed, additions refused
//
// each with `?name=value&...` parameters (`root`, `state`, `log`, `real`,
// `store`...). The folders' defaults come from the environment (dirs.ts).

import * as fs from 'node:fs';
import type { IO, WritableIO } from '../io/io.js';
import { openDaemonStore } from './daemon/index.js';
import { nixDirs } from './dirs.js';
import { canonicalisePath } from '../value/paths.js';
import { bin, createDirs } from './local/files.js';
import { LocalStore } from './local/local-store.js';
import { DummyStore, type Store, StoreError } from './store.js';

/** A store URI CppNix rejects as a usage error (`Try 'nix-instantiate --help'` follows). */
export class StoreUsageError extends StoreError {}

/** A parsed store URI (CppNix's StoreReference): `auto`, or a scheme with an authority (`unix:///x`: `/x`). */
export interface StoreReference {
  scheme: string;
  authority: string;
  params: Map<string, string>;
}

/** `%XX` decoded, as bytes (a binary string). */
function percentDecode(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function decodeQuery(query: string, warn: (message: string) => void): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      warn(`dubious URI query '${part}' is missing equal sign '=', ignoring`);
      continue;
    }
    params.set(percentDecode(part.slice(0, eq)), percentDecode(part.slice(eq + 1)));
  }
  return params;
}

const URL_PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*)([^?#]*)|([^?#]*))(?:\?([^#]*))?(?:#.*)?$/;

/** CppNix's StoreReference::parse; a relative path is taken from `cwd`. */
export function parseStoreReference(uri: string, cwd: string, warn: (message: string) => void = () => {}): StoreReference {
  const url = URL_PATTERN.exec(uri);
  if (url !== null) {
    const [, scheme, authority, path, opaque, query] = url;
    return { scheme: scheme!, authority: (authority ?? '') + (path ?? opaque ?? ''), params: decodeQuery(query ?? '', warn) };
  }
  const q = uri.indexOf('?');
  const base = q < 0 ? uri : uri.slice(0, q);
  const params = q < 0 ? new Map<string, string>() : decodeQuery(uri.slice(q + 1), warn);
  if (base === '' || base === 'auto') return { scheme: 'auto', authority: '', params };
  if (base === 'daemon') return { scheme: 'unix', authority: '', params };
  if (base === 'local') return { scheme: 'local', authority: '', params };
  if (base.includes('/')) return { scheme: 'local', authority: canonicalisePath(base.startsWith('/') ? base : `${cwd}/${base}`), params };
  throw new StoreUsageError(`Cannot parse Nix store '${uri}'`);
}

/** The settings of nix.conf a store reads. */
export interface StoreSettings {
  fsyncMetadata: boolean;
  useSqliteWal: boolean;
  reservedSpace: number;
  allowSymlinkedStore: boolean;
  experimentalFeatures: ReadonlySet<string>;
}

export interface StoreOptions {
  /** The `store` setting in force (`--store`, nix.conf, else `$NIX_REMOTE`, else `auto`). */
  uri: string;
  /** The environment (NIX_STORE_DIR, NIX_STATE_DIR, NIX_LOG_DIR, HOME...). */
  getEnv: (name: string) => string | undefined;
  cwd: string;
  settings: StoreSettings;
  /** What a local store writes files with. */
  io: IO & WritableIO;
  /** Prints a `warning:` (the message after it). */
  warn: (message: string) => void;
  /** Prints a whole line for the user (waiting for a lock...). */
  log: (line: string) => void;
}

/** The store a command would use, before it is opened. */
export interface StoreSelection {
  readonly kind: Store['kind'];
  /** The store folder store paths name. */
  readonly storeDir: string;
  /**
   * Opens it: `readWrite` for a command that adds to it (a `dummy://`
   * store then refuses additions); `now` opens a local store at once
   * (locks, database), where CppNix's nix-instantiate opens it, instead of
   * at its first use.
   */
  open(options: { readWrite: boolean; now: boolean }): Store;
}

/** Parameters each kind of store accepts (CppNix's store settings); others are warned about, as CppNix does. */
const COMMON_PARAMS = ['store', 'path-info-cache-size', 'trusted', 'priority', 'want-mass-query', 'system-features'];
const LOCAL_FS_PARAMS = [...COMMON_PARAMS, 'root', 'state', 'log', 'real'];
const KNOWN_PARAMS: Record<string, readonly string[]> = {
  local: [...LOCAL_FS_PARAMS, 'require-sigs', 'read-only'],
  unix: [...LOCAL_FS_PARAMS, 'max-connections', 'max-connection-age'],
  dummy: COMMON_PARAMS,
};

/** Store kinds CppNix 2.26 has and tsnix does not (yet). */
const UNSUPPORTED = new Set(['file', 'http', 'https', 's3', 'ssh', 'ssh-ng', 'mounted-ssh-ng', 'local-overlay']);

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function canAccess(path: string, mode: number): boolean {
  try {
    fs.accessSync(bin(path), mode);
    return true;
  } catch {
    return false;
  }
}

/** CppNix's getDataDir: `$NIX_DATA_HOME`, else `$XDG_DATA_HOME/nix`, else `~/.local/share/nix`. */
function dataDir(getEnv: StoreOptions['getEnv']): string {
  const nix = getEnv('NIX_DATA_HOME');
  if (nix !== undefined) return nix;
  const xdg = getEnv('XDG_DATA_HOME');
  return xdg !== undefined ? `${xdg}/nix` : `${getEnv('HOME') ?? ''}/.local/share/nix`;
}

/** Chooses the store `o.uri` names, as CppNix's openStore does (without opening it). */
export function selectStore(o: StoreOptions): StoreSelection {
  const ref = parseStoreReference(o.uri, o.cwd, o.warn);
  const dirs = nixDirs(o.getEnv);
  const authority = ref.authority;
  let scheme = ref.scheme;
  let params = ref.params;
  if (scheme === 'auto') {
    const stateDir = params.get('state') ?? dirs.stateDir;
    scheme = 'local';
    if (canAccess(stateDir, fs.constants.R_OK | fs.constants.W_OK)) {
      // the local store
    } else if (fs.existsSync(bin(dirs.daemonSocket))) scheme = 'unix';
    else if (
      process.platform === 'linux' &&
      !fs.existsSync(bin(stateDir)) &&
      params.size === 0 &&
      !isRoot() &&
      o.getEnv('NIX_STORE_DIR') === undefined &&
      o.getEnv('NIX_STATE_DIR') === undefined
    ) {
      // No /nix, no daemon, not root: a chroot store in the user's data folder.
      const chroot = `${dataDir(o.getEnv)}/root`;
      try {
        if (!fs.existsSync(bin(chroot))) {
          createDirs(chroot);
          o.warn(`'${stateDir}' does not exist, so Nix will use '${chroot}' as a chroot store`);
        }
        params = new Map([['root', chroot]]);
      } catch {
        // then the plain local store, as CppNix
      }
    }
  }
  const known = KNOWN_PARAMS[scheme];
  if (known === undefined) {
    if (UNSUPPORTED.has(scheme)) throw new StoreError(`tsnix does not support '${scheme}' stores yet (store '${o.uri}')`);
    throw new StoreError(`don't know how to open Nix store with scheme '${scheme}'`);
  }
  const storeParam = params.get('store');
  if (storeParam !== undefined && !storeParam.startsWith('/')) throw new StoreError(`not an absolute path: '${storeParam}'`);
  const storeDir = storeParam !== undefined ? canonicalisePath(storeParam) : dirs.storeDir;
  for (const name of params.keys()) if (!known.includes(name)) o.warn(`unknown setting '${name}'`);
  switch (scheme) {
    case 'dummy':
      if (authority !== '') throw new StoreUsageError(`\`dummy\` store URIs must not contain an authority part ${authority}`);
      return { kind: 'dummy', storeDir, open: ({ readWrite }) => new DummyStore(storeDir, readWrite) };
    case 'unix': {
      const socketPath = authority !== '' ? authority : dirs.daemonSocket;
      return {
        kind: 'daemon',
        storeDir,
        open: () => openDaemonStore({ socketPath, storeDir, uri: authority !== '' ? `unix://${authority}` : 'daemon', log: o.log }),
      };
    }
    default: {
      if (params.get('read-only') === 'true') throw new StoreError('tsnix does not support read-only local stores yet');
      const rootParam = authority !== '' ? authority : params.get('root');
      const root = rootParam === undefined || rootParam === '' ? null : canonicalisePath(rootParam);
      const param = (name: string): string | undefined => {
        const v = params.get(name);
        return v === undefined ? undefined : canonicalisePath(v);
      };
      const config = {
        storeDir,
        realStoreDir: param('real') ?? (root !== null ? `${root}/nix/store` : storeDir),
        stateDir: param('state') ?? (root !== null ? `${root}/nix/var/nix` : dirs.stateDir),
        logDir: param('log') ?? (root !== null ? `${root}/nix/var/log/nix` : dirs.logDir),
        fsyncMetadata: o.settings.fsyncMetadata,
        useSqliteWal: o.settings.useSqliteWal,
        reservedSpace: o.settings.reservedSpace,
        allowSymlinkedStore: o.settings.allowSymlinkedStore,
        caDerivations: o.settings.experimentalFeatures.has('ca-derivations'),
        io: o.io,
        log: o.log,
      };
      return {
        kind: 'local',
        storeDir,
        open: ({ now }) => {
          const store = new LocalStore(config);
          if (now) store.open();
          return store;
        },
      };
    }
  }
}

/** The daemon store (store/daemon/, written beside this). */
