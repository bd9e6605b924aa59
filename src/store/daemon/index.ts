// The store as a Nix daemon serves it (CppNix's UDSRemoteStore): what a
// multi-user install evaluates against, whose store only the daemon may
// write. Paths are computed here, as every store kind computes them
// (store.ts); the daemon is sent what to add and checked to agree.
//
// Node-only (a worker thread owns the socket, see channel.ts): reached
// through the Store interface, never imported by the library's core.
//
// As CppNix does, the session starts with the first operation, so a
// missing socket is an error only for an evaluation that needs the store;
// the thread that will own the socket starts at once, to be ready by then.

import { writeSync } from 'node:fs';
import { filterAnsiEscapes } from '../../errors/ansi.js';
import { IOError } from '../../io/io.js';
import { type NarSource, NarEncoder } from '../nar.js';
import { computeAddition, computeText, fileSource, type PathInfo, type Store, type StoreContent } from '../store.js';
import { SocketChannel } from './channel.js';
import { DaemonConnection, HandshakeError } from './connection.js';
import { type ClientSettings, type DaemonPathInfo, LVL_INFO } from './protocol.js';
import { addPermRoot } from '../local/roots.js';

export { DaemonError, type ClientSettings, type DaemonPathInfo } from './protocol.js';

export interface DaemonStoreOptions {
  /** The daemon's socket: `$NIX_STATE_DIR/daemon-socket/socket`, or the PATH of `unix://PATH`. */
  socketPath: string;
  /** The store folder, the daemon's (NIX_STORE_DIR). */
  storeDir: string;
  /** The store's name in messages, as CppNix names it: `daemon` (the default) or `unix://PATH`. */
  uri?: string;
  /** What SetOptions tells the daemon; nix-instantiate's defaults otherwise (`verbosity`: `-v`, `--quiet`; `overrides`: `--option`). */
  settings?: Partial<ClientSettings>;
  /** Where the daemon's messages go (whole lines, binary strings); stderr by default. */
  log?: (text: string) => void;
  /** Whether replies to additions may be read later, evaluation going on meanwhile (default true). */
  pipeline?: boolean;
}

/** The settings nix-instantiate sends when nothing is configured. */
export function defaultClientSettings(): ClientSettings {
  return {
    keepFailed: false,
    keepGoing: false,
    tryFallback: false,
    verbosity: LVL_INFO,
    maxBuildJobs: 1,
    maxSilentTime: 0,
    verboseBuild: true,
    buildCores: process.getBuiltinModule('node:os').availableParallelism(),
    useSubstitutes: true,
    overrides: [],
  };
}

const toStderr = (text: string): void => {
  writeSync(2, Buffer.from(filterAnsiEscapes(text, false), 'latin1'));
};

/** Collects bytes (a NAR for a daemon before 1.25, which takes it whole). */
class Collector {
  private readonly chunks: Uint8Array[] = [];
  update(bytes: Uint8Array): void {
    this.chunks.push(bytes.slice());
  }
  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}

function narBytes(source: NarSource): Uint8Array {
  const collector = new Collector();
  source(new NarEncoder(collector));
  return collector.bytes();
}

export class DaemonStore implements Store {
  readonly kind = 'daemon';
  readonly storeDir: string;
  private readonly uri: string;
  private readonly settings: ClientSettings;
  private readonly logSink: { log: (text: string) => void; verbosity: number };
  private readonly pipeline: boolean;
  private channel: SocketChannel;
  private conn: DaemonConnection | null = null;
  private openFailed = false;
  private closed = false;
  /** Paths this session added (or asked for) and the daemon holds. */
  private readonly known = new Set<string>();

  constructor(private readonly options: DaemonStoreOptions) {
    this.storeDir = options.storeDir;
    this.uri = options.uri ?? 'daemon';
    this.settings = { ...defaultClientSettings(), ...options.settings };
    this.logSink = { log: options.log ?? toStderr, verbosity: this.settings.verbosity };
    this.pipeline = options.pipeline ?? true;
    this.channel = new SocketChannel(options.socketPath);
    process.on('exit', this.atExit);
  }

  /** The session, opened on first use (and again after an error ended one). */
  private connection(): DaemonConnection {
    if (this.conn !== null && !this.conn.broken) return this.conn;
    if (this.closed) throw new IOError(`the connection to remote store '${this.uri}' is closed`);
    if (this.openFailed) throw new IOError(`opening a connection to remote store '${this.uri}' previously failed`);
    if (this.conn !== null) {
      this.channel.close();
      this.channel = new SocketChannel(this.options.socketPath);
      this.conn = null;
    }
    const conn = new DaemonConnection(this.channel, this.logSink, this.pipeline);
    try {
      this.channel.waitOpen();
      try {
        conn.handshake();
      } catch (e) {
        if (e instanceof IOError) throw new HandshakeError(`cannot open connection to remote store '${this.uri}': error: ${e.message}`);
        throw e;
      }
      conn.setOptions(this.settings);
    } catch (e) {
      this.openFailed = true;
      this.channel.close();
      throw e;
    }
    this.conn = conn;
    return conn;
  }

  addToStore(name: string, content: StoreContent, references: readonly string[] = []): PathInfo {
    const conn = this.connection();
    let info: PathInfo;
    if (content.method === 'nar') {
      if (conn.minor >= 25) {
        conn.addToStore(
          name,
          'fixed:r:sha256',
          references,
          (frames) => {
            info = computeAddition(this.storeDir, name, content, references, new NarEncoder(frames));
          },
          () => info.path,
        );
      } else {
        const collector = new Collector();
        info = computeAddition(this.storeDir, name, content, references, new NarEncoder(collector));
        conn.addToStoreOld(name, true, collector.bytes(), info.path);
      }
    } else {
      info = computeAddition(this.storeDir, name, content, references, null);
      if (this.known.has(info.path)) return info;
      if (conn.minor >= 25) {
        conn.addToStore(
          name,
          'fixed:sha256',
          references,
          (frames) => frames.updateBinary(content.contents),
          () => info.path,
        );
      } else {
        conn.addToStoreOld(name, false, narBytes(fileSource(content.contents)), info.path);
      }
    }
    this.known.add(info!.path);
    return info!;
  }

  addTextToStore(name: string, text: string, references: readonly string[]): PathInfo {
    const info = computeText(this.storeDir, name, text, references, null);
    if (this.known.has(info.path)) return info;
    const conn = this.connection();
    if (conn.minor >= 25) {
      conn.addToStore(
        name,
        'text:sha256',
        references,
        (frames) => frames.updateBinary(text),
        () => info.path,
      );
    } else {
      conn.addTextToStoreOld(name, text, references, info.path);
    }
    this.known.add(info.path);
    return info;
  }

  isValidPath(path: string): boolean {
    if (this.known.has(path)) return true;
    const valid = this.connection().isValidPath(path);
    if (valid) this.known.add(path);
    return valid;
  }

  /** What the daemon knows of `path`, or null when it is not valid. */
  queryPathInfo(path: string): DaemonPathInfo | null {
    return this.connection().queryPathInfo(path);
  }

  /** The daemon's Nix version and whether it trusts this client, as it said in the handshake. */
  daemonInfo(): { protocolMinor: number; nixVersion: string | null; trusted: boolean | null } {
    const conn = this.connection();
    return { protocolMinor: conn.minor, nixVersion: conn.daemonNixVersion, trusted: conn.trusted };
  }

  addTempRoot(path: string): void {
    this.connection().addTempRoot(path);
  }

  addIndirectRoot(gcRoot: string): void {
    this.connection().addIndirectRoot(gcRoot);
  }

  addPermRoot(storePath: string, gcRoot: string): string {
    return addPermRoot(this, storePath, gcRoot);
  }

  /** Reads the replies still awaited (raising the first error among them) and ends the session. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    process.off('exit', this.atExit);
    try {
      if (this.conn !== null && !this.conn.broken) this.conn.drain();
    } finally {
      this.channel.close();
    }
  }

  /**
   * A process ending without close(): the requests sent are seen through
   * (the worker could otherwise die before writing them), unless one was
   * cut off half-written, and an error among their replies is reported.
   */
  private readonly atExit = (): void => {
    if (this.closed) return;
    this.closed = true;
    const conn = this.conn;
    if (conn === null || !conn.atBoundary || conn.awaiting === 0) return;
    try {
      conn.drain();
    } catch (e) {
      this.logSink.log(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  };
}

/** A store served by the Nix daemon listening at `socketPath`. */
export function openDaemonStore(options: DaemonStoreOptions): DaemonStore {
  return new DaemonStore(options);
}
