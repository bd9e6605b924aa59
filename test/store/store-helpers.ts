// Local stores in fresh folders for tests, and what their database holds.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeIO } from '../../src/io/node-io.js';
import type { WritableIO } from '../../src/io/io.js';
import { LocalStore, type LocalStoreConfig } from '../../src/store/local/local-store.js';
import { loadSqlite } from '../../src/store/local/natives.js';

/** A local store under `root`: `root/store` (or `storeDir`, its files then below `root/real`), `root/var`. */
export function localStore(root: string, more: Partial<LocalStoreConfig> & { storeDir?: string } = {}): LocalStore {
  const storeDir = more.storeDir ?? path.join(root, 'store');
  return new LocalStore({
    storeDir,
    realStoreDir: more.storeDir !== undefined ? path.join(root, 'real') : storeDir,
    stateDir: path.join(root, 'var'),
    logDir: path.join(root, 'log'),
    fsyncMetadata: true,
    useSqliteWal: true,
    reservedSpace: 8192,
    allowSymlinkedStore: false,
    caDerivations: false,
    io: new NodeIO() as NodeIO & WritableIO,
    log: () => {},
    ...more,
  });
}

export interface ValidPathRow {
  id: number;
  path: string;
  hash: string;
  registrationTime: number;
  deriver: string | null;
  narSize: number | null;
  ultimate: number | null;
  sigs: string | null;
  ca: string | null;
}

/** The rows of a store's database: valid paths by path, references and derivation outputs by path. */
export function readDatabase(stateDir: string): {
  paths: Map<string, ValidPathRow>;
  refs: Array<[string, string]>;
  outputs: Array<[string, string, string]>;
} {
  const Database = loadSqlite();
  const db = new Database(path.join(stateDir, 'db', 'db.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const paths = new Map<string, ValidPathRow>();
    for (const row of db.prepare('select * from ValidPaths').all() as ValidPathRow[]) paths.set(row.path, row);
    const refs = db
      .prepare('select a.path as f, b.path as t from Refs join ValidPaths a on a.id = referrer join ValidPaths b on b.id = reference')
      .all() as Array<{ f: string; t: string }>;
    const outputs = db
      .prepare('select v.path as d, o.id as id, o.path as p from DerivationOutputs o join ValidPaths v on v.id = o.drv')
      .all() as Array<{ d: string; id: string; p: string }>;
    return {
      paths,
      refs: refs.map((r): [string, string] => [r.f, r.t]).sort(),
      outputs: outputs.map((r): [string, string, string] => [r.d, r.id, r.p]).sort(),
    };
  } finally {
    db.close();
  }
}

/** Every file below `p`, `p` included. */
export function walk(p: string): string[] {
  const out = [p];
  if (fs.lstatSync(p).isDirectory()) for (const n of fs.readdirSync(p)) out.push(...walk(path.join(p, n)));
  return out;
}

/** Removes a tree whose folders are read-only (a store). */
export function removeTree(root: string): void {
  if (!fs.existsSync(root)) return;
  for (const p of walk(root)) if (!fs.lstatSync(p).isSymbolicLink()) fs.chmodSync(p, 0o755);
  fs.rmSync(root, { recursive: true, force: true });
}
