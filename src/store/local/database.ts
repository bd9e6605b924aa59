// The store's SQLite database (`<state>/db/db.sqlite`), opened and written
// as CppNix 2.26's local store does, so that both can use it at once:
//
//   - the same schema (version 10: ValidPaths, Refs, DerivationOutputs,
//     SchemaMigrations; the ca-derivations tables when that feature is on),
//     created when the store has no database yet;
//   - the same connection settings: a busy timeout of an hour, foreign
//     keys on, `synchronous = normal` (`off` without fsync-metadata), WAL
//     journal with CppNix's size limit and checkpoint interval;
//   - the same rows: a path's NAR hash as `sha256:<base16>`, its
//     registration time, NAR size, content address; deriver, ultimate and
//     signatures null for what evaluation adds; Refs by row id;
//     DerivationOutputs for a `.drv`;
//   - the same transactions: each registerValidPaths batch in one deferred
//     transaction, retried whole when SQLite reports the database busy.

import { StoreError } from '../store.js';
import { toHex } from '../paths.js';
import { sleepMs } from './files.js';
import { loadSqlite, type SqliteDatabase } from './natives.js';

/** The schema version CppNix 2.26 writes to `<state>/db/schema`. */
export const SCHEMA_VERSION = 10;

// The tables and indices of CppNix's schema.sql, column for column.
const SCHEMA = `
create table ValidPaths (
  id integer primary key autoincrement not null,
  path text unique not null,
  hash text not null,
  registrationTime integer not null,
  deriver text,
  narSize integer,
  ultimate integer,
  sigs text,
  ca text
);
create table Refs (
  referrer integer not null,
  reference integer not null,
  primary key (referrer, reference),
  foreign key (referrer) references ValidPaths(id) on delete cascade,
  foreign key (reference) references ValidPaths(id) on delete restrict
);
create index IndexReferrer on Refs(referrer);
create index IndexReference on Refs(reference);
create trigger DeleteSelfRefs before delete on ValidPaths
  begin
    delete from Refs where referrer = old.id and reference = old.id;
  end;
create table DerivationOutputs (
  drv integer not null,
  id text not null,
  path text not null,
  primary key (drv, id),
  foreign key (drv) references ValidPaths(id) on delete cascade
);
create index IndexDerivationOutputs on DerivationOutputs(path);
`;

// The ca-derivations migration (CppNix's ca-specific-schema.sql), applied once when that feature is on.
const CA_MIGRATION = '20220326-ca-derivations';
const CA_SCHEMA = `
create table if not exists Realisations (
  id integer primary key autoincrement not null,
  drvPath text not null,
  outputName text not null,
  outputPath integer not null,
  signatures text,
  foreign key (outputPath) references ValidPaths(id) on delete cascade
);
create index if not exists IndexRealisations on Realisations(drvPath, outputName);
create trigger if not exists DeleteSelfRefsViaRealisations before delete on ValidPaths
  begin
    delete from RealisationsRefs where realisationReference in (
      select id from Realisations where outputPath = old.id
    );
  end;
create table if not exists RealisationsRefs (
  referrer integer not null,
  realisationReference integer,
  foreign key (referrer) references Realisations(id) on delete cascade,
  foreign key (realisationReference) references Realisations(id) on delete restrict
);
create index if not exists IndexRealisationsRefsRealisationReference on RealisationsRefs(realisationReference);
create index if not exists IndexRealisationsRefs on RealisationsRefs(referrer);
create index if not exists IndexRealisationsRefsOnOutputPath on Realisations(outputPath);
`;

/** What registering a path records (CppNix's ValidPathInfo, as evaluation makes them). */
export interface ValidPathInfo {
  path: string;
  narHash: Uint8Array;
  narSize: number;
  references: readonly string[];
  /** The content address (`fixed:r:sha256:...`, `text:sha256:...`), or null. */
  ca: string | null;
  /** For a `.drv`: its outputs' paths by output name (the DerivationOutputs rows). */
  derivationOutputs?: ReadonlyArray<readonly [string, string]>;
}

export interface DatabaseOptions {
  /** Create the file and the schema (a store without a database yet). */
  create: boolean;
  /** `fsync-metadata`: SQLite's synchronous mode `normal`, else `off`. */
  fsyncMetadata: boolean;
  /** The `ca-derivations` experimental feature: its tables are added. */
  caDerivations: boolean;
  /** Where "database is busy" warnings go (a whole line). */
  warn: (line: string) => void;
}

/** SQLite errors meaning another connection holds the database: the transaction is tried again. */
const isBusy = (e: unknown): boolean =>
  typeof (e as { code?: unknown }).code === 'string' && /^SQLITE_BUSY/.test((e as { code: string }).code);

/** Text for SQLite: store paths are bytes; SQLite holds them as the UTF-8 text they are. */
const text = (s: string): string => (/[\x80-\xff]/.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s);

export class StoreDatabase {
  private readonly queryId;
  private readonly insertPath;
  private readonly updatePath;
  private readonly insertRef;
  private readonly insertOutput;
  /** When the next "busy" warning may be printed (at most one every 10 s, as CppNix). */
  private nextBusyWarning = 0;

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
    private readonly warn: (line: string) => void,
  ) {
    this.queryId = db.prepare<[string], { id: number }>('select id from ValidPaths where path = ?');
    this.insertPath = db.prepare(
      'insert into ValidPaths (path, hash, registrationTime, deriver, narSize, ultimate, sigs, ca) values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.updatePath = db.prepare('update ValidPaths set narSize = ?, hash = ?, ultimate = ?, sigs = ?, ca = ? where path = ?');
    this.insertRef = db.prepare('insert or replace into Refs (referrer, reference) values (?, ?)');
    this.insertOutput = db.prepare('insert or replace into DerivationOutputs (drv, id, path) values (?, ?, ?)');
  }

  /** Opens `<dbDir>/db.sqlite` as CppNix's openDB does, creating the schema when `create`. */
  static open(dbDir: string, options: DatabaseOptions): StoreDatabase {
    const file = `${dbDir}/db.sqlite`;
    const Database = loadSqlite();
    let db: SqliteDatabase;
    try {
      db = new Database(text(file), { fileMustExist: !options.create, timeout: 60 * 60 * 1000 });
    } catch (e) {
      throw new StoreError(`cannot open SQLite database '${file}': ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      db.pragma('foreign_keys = 1');
      // better-sqlite3 turns recursive triggers on; CppNix's SQLite has them off.
      db.pragma('recursive_triggers = 0');
      db.pragma(`synchronous = ${options.fsyncMetadata ? 'normal' : 'off'}`);
      if (db.pragma('main.journal_mode', { simple: true }) !== 'wal') db.pragma('main.journal_mode = wal');
      db.pragma('main.journal_size_limit = 1099511627776');
      db.pragma('wal_autocheckpoint = 40000');
      if (options.create) db.exec(SCHEMA);
      const store = new StoreDatabase(db, file, options.warn);
      store.upgradeSchema(options.caDerivations);
      return store;
    } catch (e) {
      db.close();
      if (e instanceof StoreError) throw e;
      throw new StoreError(`opening the Nix database '${file}': ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** CppNix's upgradeDBSchema: the migrations table, and the migrations the enabled features need. */
  private upgradeSchema(caDerivations: boolean): void {
    this.db.exec('create table if not exists SchemaMigrations (migration text primary key not null)');
    if (!caDerivations) return;
    const done = this.db.prepare('select 1 from SchemaMigrations where migration = ?').get(CA_MIGRATION) !== undefined;
    if (done) return;
    this.retry(() =>
      this.db.transaction(() => {
        this.db.exec(CA_SCHEMA);
        this.db.prepare('insert or ignore into SchemaMigrations values (?)').run(CA_MIGRATION);
      })(),
    );
  }

  /**
   * Row ids of paths seen valid (outside a transaction, or in one that
   * committed). Ids are never reused (AUTOINCREMENT), so one stays right for
   * as long as its path is valid, and a path deleted meanwhile makes a
   * reference to it fail on its foreign key, not point elsewhere.
   */
  private readonly ids = new Map<string, number>();

  /** The row id of a valid path in the database, or undefined. */
  private queryIdOf(path: string): number | undefined {
    return this.queryId.get(text(path))?.id;
  }

  isValidPath(path: string): boolean {
    const id = this.retry(() => this.queryIdOf(path));
    if (id !== undefined) this.ids.set(path, id);
    return id !== undefined;
  }

  /**
   * CppNix's registerValidPaths: in one transaction, each path added (or,
   * already valid, its info updated), its derivation outputs recorded,
   * then its references, each of which must be valid by then.
   */
  registerValidPaths(infos: readonly ValidPathInfo[], now: number): void {
    let seen = new Map<string, number>();
    const idOf = (path: string): number | undefined => {
      let id = seen.get(path) ?? this.ids.get(path);
      if (id === undefined && (id = this.queryIdOf(path)) !== undefined) seen.set(path, id);
      return id;
    };
    const register = this.db.transaction(() => {
      seen = new Map();
      for (const info of infos) {
        const path = text(info.path);
        const hash = `sha256:${toHex(info.narHash)}`;
        const narSize = info.narSize === 0 ? null : info.narSize;
        const id = this.queryIdOf(info.path);
        if (id !== undefined) {
          seen.set(info.path, id);
          this.updatePath.run(narSize, hash, null, null, info.ca, path);
          continue;
        }
        const newId = Number(this.insertPath.run(path, hash, now, null, narSize, null, null, info.ca).lastInsertRowid);
        seen.set(info.path, newId);
        for (const [output, outPath] of info.derivationOutputs ?? []) this.insertOutput.run(newId, output, text(outPath));
      }
      for (const info of infos) {
        const referrer = seen.get(info.path)!;
        for (const ref of info.references) {
          const reference = idOf(ref);
          if (reference === undefined) throw new StoreError(`path '${ref}' is not valid`);
          this.insertRef.run(referrer, reference);
        }
      }
    });
    this.retry(() => register());
    // Known only once committed: a transaction rolled back leaves no ids behind.
    for (const [path, id] of seen) this.ids.set(path, id);
  }

  /** Runs `op`, again after a short pause for as long as SQLite reports the database busy (CppNix's retrySQLite). */
  private retry<T>(op: () => T): T {
    for (;;) {
      try {
        return op();
      } catch (e) {
        if (!isBusy(e)) throw e;
        const now = Date.now();
        if (now > this.nextBusyWarning) {
          this.nextBusyWarning = now + 10_000;
          this.warn(`warning: SQLite database '${this.file}' is busy\n`);
        }
        sleepMs(Math.floor(Math.random() * 100));
      }
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
