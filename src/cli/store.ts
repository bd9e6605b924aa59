// The stores a command evaluates with, chosen from its settings as CppNix
// chooses them (store/open.ts) and opened as nix-instantiate opens them:
//
//   read-write (nix-instantiate without --eval, --read-write-mode): the
//     store itself, opened before evaluation starts (a local store's locks
//     and database; its errors come first, as CppNix's do), so that
//     sources, toFile texts and .drv files are written and registered;
//   read-only (--eval, --parse, --readonly-mode): a dummy store computing
//     paths in the store's folder, and the store itself only for fetchers,
//     which write even then, and for `--add-root`, which CppNix makes even
//     then; opened if one of those needs it.

import type { IO, WritableIO } from '../io/io.js';
import { type StoreSelection, selectStore } from '../store/open.js';
import { DummyStore, type Store } from '../store/store.js';
import type { Settings } from './settings.js';

export interface CommandStores {
  /** Where evaluation adds paths. */
  store: Store;
  /** The store the settings name, where fetchers add and roots are made (opened at first use in read-only mode). */
  selected: Store;
  /** Closes what was opened (locks, the database, temporary roots). */
  close(): void;
}

export interface CommandStoreOptions {
  settings: Settings;
  readWrite: boolean;
  io: IO & WritableIO;
  /** Prints a `warning:` (the message after it). */
  warn: (message: string) => void;
  /** Prints whole lines for the user. */
  log: (line: string) => void;
}

/** The `store` setting in force: `--store` or nix.conf, else `$NIX_REMOTE`, else `auto` (CppNix's default is NIX_REMOTE). */
function storeUri(settings: Settings, io: IO): string {
  if (settings.isSet('store')) return String(settings.get('store'));
  return io.getEnv('NIX_REMOTE') ?? 'auto';
}

export function selectCommandStore(o: CommandStoreOptions): StoreSelection {
  const s = o.settings;
  return selectStore({
    uri: storeUri(s, o.io),
    getEnv: (name) => o.io.getEnv(name),
    cwd: o.io.cwd(),
    settings: {
      fsyncMetadata: s.bool('fsync-metadata'),
      useSqliteWal: s.bool('use-sqlite-wal'),
      reservedSpace: Number(s.get('gc-reserved-space')),
      allowSymlinkedStore: s.bool('allow-symlinked-store'),
      experimentalFeatures: new Set(s.list('experimental-features')),
    },
    io: o.io,
    warn: o.warn,
    log: o.log,
  });
}

/** Opens the stores of a command (see above). */
export function openCommandStores(o: CommandStoreOptions): CommandStores {
  const selection = selectCommandStore(o);
  if (o.readWrite) {
    const store = selection.open({ readWrite: true, now: true });
    return { store, selected: store, close: () => store.close() };
  }
  let opened: Store | null = null;
  const fetch = (): Store => (opened ??= selection.open({ readWrite: true, now: false }));
  const lazy: Store = {
    kind: selection.kind,
    storeDir: selection.storeDir,
    addToStore: (name, content, references) => fetch().addToStore(name, content, references),
    addTextToStore: (name, text, references) => fetch().addTextToStore(name, text, references),
    isValidPath: (path) => fetch().isValidPath(path),
    addPermRoot: (path, root) => fetch().addPermRoot(path, root),
    addTempRoot: (path) => fetch().addTempRoot(path),
    close: () => opened?.close(),
  };
  return { store: new DummyStore(selection.storeDir), selected: lazy, close: () => lazy.close() };
}
