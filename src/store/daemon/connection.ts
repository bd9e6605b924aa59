// One session with the daemon: the handshake, then operations, each a
// request and a reply preceded by the log stream.
//
// Replies the caller does not need at once (adding a path whose store
// path is already known, adding a root) may be read later: such requests
// are pipelined, up to PIPELINE_DEPTH awaiting their replies, which are
// read as they come in, whenever a reply is needed, and at the end. The
// daemon serves one request after another, so replies come in order. A
// daemon error for a pipelined request is raised at that later point.
// While the daemon is busy, new pipelined requests are held back and then
// sent together (as Nagle's algorithm does), so that a burst of additions
// costs a few messages between the threads rather than one each.

import { FrameWriter, ProtocolError, WireReader, WireWriter } from './wire.js';
import type { SocketChannel } from './channel.js';
import {
  type ClientSettings,
  type DaemonError,
  type DaemonPathInfo,
  type LogSink,
  MINIMUM_MINOR,
  majorOf,
  minorOf,
  Op,
  PROTOCOL_VERSION,
  readPathInfo,
  readStderr,
  WORKER_MAGIC_1,
  WORKER_MAGIC_2,
  writeSetOptions,
} from './protocol.js';

/** Replies awaited at most: beyond, the oldest is waited for. */
const PIPELINE_DEPTH = 1024;
/** Requests held back are sent once they are this large. */
const HOLD_LIMIT = 0x10000;

/** Fails the handshake: the caller names the store in the message, as CppNix does. */
export class HandshakeError extends ProtocolError {}

export class DaemonConnection {
  private readonly out = new WireWriter();
  /** Where AddToStore's frames are made, one after another. */
  private readonly frameBuffer = Buffer.allocUnsafe(0x10000);
  private readonly reader: WireReader;
  /** The replies still to read, oldest first. */
  private readonly pending: Array<() => void> = [];
  /** How many of the last requests (all pipelined) are written but held back, not sent yet. */
  private held = 0;
  /** Negotiated protocol version. */
  private version = 0;
  /** The daemon's Nix version (>= 1.33) and whether it trusts this client (>= 1.35; null: not said). */
  daemonNixVersion: string | null = null;
  trusted: boolean | null = null;
  /** Operations under way (a request being written, replies being read). */
  private active = 0;
  /** Set once the session cannot go on (an error broke it). */
  broken = false;

  constructor(
    private readonly channel: SocketChannel,
    private readonly logSink: LogSink,
    private readonly pipeline: boolean,
  ) {
    this.reader = new WireReader(() => channel.read());
  }

  get minor(): number {
    return minorOf(this.version);
  }

  /** The handshake (CppNix's initConnection, up to SetOptions). */
  handshake(): void {
    const { out, reader: r } = this;
    out.u64(WORKER_MAGIC_1).u64(PROTOCOL_VERSION);
    this.send();
    const magic = r.raw(8);
    if (Buffer.from(magic).readUInt32LE(0) !== WORKER_MAGIC_2 || magic.subarray(4).some((b) => b !== 0)) {
      // Whatever answered is no daemon: what it said shows what it is.
      this.channel.endWrite();
      const said = Buffer.concat([magic, r.rest()]).toString('latin1');
      throw new HandshakeError(`protocol mismatch, got '${said.replace(/[ \n\r\t]+$/, '')}'`);
    }
    const daemonVersion = r.u64();
    if (majorOf(daemonVersion) !== majorOf(PROTOCOL_VERSION)) throw new HandshakeError('Nix daemon protocol version not supported');
    if (minorOf(daemonVersion) < MINIMUM_MINOR) throw new HandshakeError('the Nix daemon version is too old');
    this.version = Math.min(daemonVersion, PROTOCOL_VERSION);
    const minor = this.minor;
    if (minor >= 38) {
      out.strings([]); // no optional features
      this.send();
      r.strings();
    }
    if (minor >= 14) out.u64(0); // no CPU affinity
    if (minor >= 11) out.bool(false); // reserveSpace
    this.send();
    if (minor >= 33) this.daemonNixVersion = r.string();
    if (minor >= 35) {
      const flag = r.u64();
      this.trusted = flag === 1 ? true : flag === 2 ? false : null;
    }
    this.stderr();
  }

  /** Tells the daemon the client's settings. */
  setOptions(settings: ClientSettings): void {
    this.request(
      (out) => writeSetOptions(out, settings),
      () => this.stderr(),
      true,
    );
  }

  /** Sends everything written, the requests held back included. */
  private send(): void {
    const bytes = this.out.take();
    this.held = 0;
    if (bytes.length > 0) this.channel.write(bytes);
  }

  private check(error: DaemonError | null): void {
    if (error !== null) throw error;
  }

  /** Reads the log stream before a reply, raising the daemon's error. */
  private stderr(): void {
    this.check(readStderr(this.reader, this.minor, this.logSink));
  }

  /**
   * Writes a request with `write`, and reads its reply with `reply`: at
   * once (the answer is returned), or, pipelined, later.
   */
  private request<T>(write: (out: WireWriter) => void, reply: () => T, wait: true): T;
  private request(write: (out: WireWriter) => void, reply: () => void, wait: false): void;
  private request<T>(write: (out: WireWriter) => void, reply: () => T, wait: boolean): T | void {
    if (this.broken) throw new ProtocolError('the connection to the Nix daemon is broken');
    this.active++;
    try {
      try {
        write(this.out);
      } catch (e) {
        // Half a request was sent, or none: the session cannot go on.
        this.broken = true;
        throw e;
      }
      if (!wait && this.pipeline) {
        this.pending.push(reply);
        this.held++;
        this.settle();
        return;
      }
      this.drainAll();
      return this.guard(reply);
    } finally {
      this.active--;
    }
  }

  /** Runs a reply reader; any failure (a daemon error, a lost connection) ends the session. */
  private guard<T>(reply: () => T): T {
    try {
      return reply();
    } catch (e) {
      this.broken = true;
      this.pending.length = 0;
      this.held = 0;
      throw e;
    }
  }

  /**
   * Reads the replies that have come in, and more when too many are
   * waiting. Pipelined requests are held back while the daemon is busy
   * with earlier ones, then sent together: one message for many.
   */
  private settle(): void {
    for (;;) {
      if (this.pending.length === this.held) {
        // The daemon is idle: it gets the batch.
        if (this.held > 0) this.send();
        return;
      }
      if (this.out.length >= HOLD_LIMIT) this.send();
      if (this.pending.length <= PIPELINE_DEPTH && !this.reader.buffered) {
        const chunk = this.guard(() => this.channel.poll());
        if (chunk === null) return;
        this.reader.offer(chunk);
      }
      this.guard(this.pending.shift()!);
    }
  }

  /** Sends what is held back and reads every reply still awaited. */
  drain(): void {
    this.active++;
    try {
      this.drainAll();
    } finally {
      this.active--;
    }
  }

  private drainAll(): void {
    this.send();
    while (this.pending.length > 0) this.guard(this.pending.shift()!);
  }

  /**
   * Whether no operation is under way, so the replies awaited can be read.
   * One cut off (a speculative run the CLI stopped, which runs no `finally`)
   * leaves this false for good: the stream may be anywhere in a message.
   */
  get atBoundary(): boolean {
    return this.active === 0 && !this.broken;
  }

  /** Requests whose replies are still to be read. */
  get awaiting(): number {
    return this.pending.length;
  }

  isValidPath(path: string): boolean {
    return this.request(
      (out) => out.u64(Op.IsValidPath).string(path),
      () => {
        this.stderr();
        return this.reader.bool();
      },
      true,
    );
  }

  /** The daemon's info on `path`, or null when it is not valid. */
  queryPathInfo(path: string): DaemonPathInfo | null {
    return this.request(
      (out) => out.u64(Op.QueryPathInfo).string(path),
      () => {
        try {
          this.stderr();
        } catch (e) {
          // Daemons before 1.17 say so with an error.
          if (this.minor < 17 && e instanceof Error && e.message.includes('is not valid')) return null;
          throw e;
        }
        if (this.minor >= 17 && !this.reader.bool()) return null;
        return readPathInfo(this.reader, this.minor, path);
      },
      true,
    );
  }

  /**
   * AddToStore (>= 1.25): content-address method (`text:sha256`,
   * `fixed:r:sha256`, `fixed:sha256`), references, then the data in frames,
   * which `stream` writes (a NAR, or a file's bytes) as it makes them.
   * `expected` gives the path the data must end up at, known once it has
   * been streamed; the reply is checked against it.
   */
  addToStore(
    name: string,
    method: string,
    references: readonly string[],
    stream: (frames: FrameWriter) => void,
    expected: () => string,
  ): void {
    let failure: unknown = null;
    this.request(
      (out) => {
        out.u64(Op.AddToStore).string(name).string(method).strings(references).bool(false);
        const frames = new FrameWriter(out, () => this.send(), this.frameBuffer);
        try {
          stream(frames);
        } catch (e) {
          // The daemon gets the data cut short and answers with an error, which
          // is not this failure: the frames are whole, so the stream stays in step.
          failure = e;
        }
        frames.end();
      },
      () => {
        if (failure !== null) {
          try {
            this.stderr();
            readPathInfoWithPath(this.reader, this.minor);
          } catch {
            // the daemon's complaint about the truncated data
          }
          return;
        }
        this.stderr();
        checkPath(readPathInfoWithPath(this.reader, this.minor).path, expected());
      },
      false,
    );
    if (failure !== null) {
      // Its reply must not wait behind later requests' errors: read it now.
      this.drainAll();
      throw failure;
    }
  }

  /** AddTextToStore (before 1.25): a text file with references. */
  addTextToStoreOld(name: string, text: string, references: readonly string[], expected: string): void {
    this.request(
      (out) => out.u64(Op.AddTextToStore).string(name).string(text).strings(references),
      () => {
        this.stderr();
        checkPath(this.reader.string(), expected);
      },
      false,
    );
  }

  /** AddToStore before 1.25: a whole NAR, with the old flags (recursive: NAR hash; else a flat file's). */
  addToStoreOld(name: string, recursive: boolean, nar: Uint8Array, expected: string): void {
    this.request(
      (out) => {
        // "fixed" is 0 only for a recursive SHA-256 (a compatibility hack of CppNix's).
        out.u64(Op.AddToStore).string(name).bool(!recursive).bool(recursive).string('sha256');
        out.raw(nar);
      },
      () => {
        this.stderr();
        checkPath(this.reader.string(), expected);
      },
      false,
    );
  }

  addTempRoot(path: string): void {
    this.request(
      (out) => out.u64(Op.AddTempRoot).string(path),
      () => {
        this.stderr();
        this.reader.u64();
      },
      false,
    );
  }

  addIndirectRoot(path: string): void {
    this.request(
      (out) => out.u64(Op.AddIndirectRoot).string(path),
      () => {
        this.stderr();
        this.reader.u64();
      },
      false,
    );
  }
}

/** A ValidPathInfo: the path, then the rest. */
function readPathInfoWithPath(r: WireReader, minor: number): DaemonPathInfo {
  return readPathInfo(r, minor, r.string());
}

/** The path the daemon added must be the one evaluation computed. */
function checkPath(got: string, expected: string): void {
  if (got !== expected) throw new ProtocolError(`the Nix daemon added '${got}', where '${expected}' was expected`);
}
