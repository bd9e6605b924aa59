// The Nix worker protocol, the parts a client evaluating Nix code needs, as
// CppNix's daemon (daemon.cc) and client (remote-store.cc,
// worker-protocol-connection.cc) speak it. Versions are 1.<minor>; the
// client announces its own, and both then speak the lower of the two:
//
//   >= 1.11  reserveSpace flag in the handshake (obsolete, always false)
//   >= 1.14  CPU affinity in the handshake (obsolete, always none)
//   >= 1.16  path infos carry ultimate, signatures and content address
//   >= 1.17  queryPathInfo answers whether the path is valid first
//   >= 1.20  activities in the log stream
//   >= 1.25  AddToStore takes a content-address method and framed data
//            (before: AddTextToStore, and AddToStore with a bare NAR)
//   >= 1.26  errors are structured (message, traces)
//   >= 1.33  the daemon tells its Nix version after the handshake
//   >= 1.35  ... and whether it trusts the client
//   >= 1.38  client and daemon exchange feature sets (CppNix 2.26)
//
// CppNix 2.26 speaks 1.38 (as its nix-instantiate and daemon do on the
// wire), Lix 1.35, Nix 2.3 1.21.

import { IOError } from '../../io/io.js';
import { ProtocolError, type WireReader, type WireWriter } from './wire.js';

export const WORKER_MAGIC_1 = 0x6e697863;
export const WORKER_MAGIC_2 = 0x6478696f;

/** The version announced: CppNix 2.26's. */
export const PROTOCOL_VERSION = (1 << 8) | 38;
/** The oldest daemon served: Nix 2.3 (1.21). */
export const MINIMUM_MINOR = 21;

export const minorOf = (version: number): number => version & 0xff;
export const majorOf = (version: number): number => version & 0xff00;

/** Operation codes (CppNix's WorkerProto::Op). */
export const Op = {
  IsValidPath: 1,
  AddToStore: 7,
  AddTextToStore: 8,
  AddTempRoot: 11,
  AddIndirectRoot: 12,
  SetOptions: 19,
  QueryPathInfo: 26,
} as const;

/** Messages of the log stream that precedes every reply. */
export const Stderr = {
  NEXT: 0x6f6c6d67,
  READ: 0x64617461,
  WRITE: 0x64617416,
  LAST: 0x616c7473,
  ERROR: 0x63787470,
  START_ACTIVITY: 0x53545254,
  STOP_ACTIVITY: 0x53544f50,
  RESULT: 0x52534c54,
} as const;

/** An error the daemon reported; the message is the daemon's, as CppNix's client shows it. */
export class DaemonError extends IOError {
  constructor(
    message: string,
    /** The error's traces (CppNix shows them above the message), innermost first. */
    readonly traces: readonly string[] = [],
  ) {
    super(message);
  }
}

/** CppNix's verbosity levels, as the daemon is told them. */
export const LVL_ERROR = 0;
export const LVL_INFO = 3;
export const LVL_VOMIT = 7;

/** What the client tells the daemon with SetOptions; the defaults are nix-instantiate's. */
export interface ClientSettings {
  keepFailed: boolean;
  keepGoing: boolean;
  tryFallback: boolean;
  verbosity: number;
  maxBuildJobs: number;
  maxSilentTime: number;
  verboseBuild: boolean;
  buildCores: number;
  useSubstitutes: boolean;
  /** Settings given on the command line (`--option NAME VALUE`), other than those above. */
  overrides: ReadonlyArray<readonly [string, string]>;
}

/** Writes SetOptions as CppNix's RemoteStore::setOptions does. */
export function writeSetOptions(out: WireWriter, s: ClientSettings): void {
  out.u64(Op.SetOptions);
  out.bool(s.keepFailed).bool(s.keepGoing).bool(s.tryFallback).u64(s.verbosity);
  out.u64(s.maxBuildJobs).u64(s.maxSilentTime);
  out.bool(true); // obsolete: use the build hook
  out.u64(s.verboseBuild ? LVL_ERROR : LVL_VOMIT);
  out.u64(0); // obsolete: log type
  out.u64(0); // obsolete: print build trace
  out.u64(s.buildCores).bool(s.useSubstitutes);
  // Sorted by name, as CppNix sends them (from a std::map).
  const overrides = [...s.overrides].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.u64(overrides.length);
  for (const [name, value] of overrides) out.string(name).string(value);
}

/** Where the log stream's messages go: whole lines (`text` ends in a newline), and the verbosity in force. */
export interface LogSink {
  log(text: string): void;
  verbosity: number;
}

function readFields(r: WireReader): void {
  const n = r.u64();
  for (let i = 0; i < n; i++) {
    const type = r.u64();
    if (type === 0) r.u64();
    else if (type === 1) r.string();
    else throw new ProtocolError(`got unsupported field type ${type.toString(16)} from Nix daemon`);
  }
}

/** A structured error (>= 1.26): "Error", level, a removed name, the message, no position, traces. */
function readError(r: WireReader): DaemonError {
  const type = r.string();
  if (type !== 'Error') throw new ProtocolError(`got an error of unknown type '${type}' from Nix daemon`);
  r.u64(); // level
  r.string(); // name (removed)
  const message = r.string();
  if (r.u64() !== 0) throw new ProtocolError('got an error with a position from Nix daemon');
  const traces: string[] = [];
  for (let n = r.u64(); n > 0; n--) {
    if (r.u64() !== 0) throw new ProtocolError('got an error trace with a position from Nix daemon');
    traces.push(r.string());
  }
  return new DaemonError(message, traces);
}

/**
 * Reads the log stream that comes before a reply (CppNix's
 * processStderr), up to STDERR_LAST; the daemon's error, when it sends
 * one, is returned. Messages and activities are logged as CppNix's
 * simple logger shows them.
 */
export function readStderr(r: WireReader, minor: number, sink: LogSink): DaemonError | null {
  for (;;) {
    const msg = r.u64();
    switch (msg) {
      case Stderr.LAST:
        return null;
      case Stderr.ERROR:
        if (minor >= 26) return readError(r);
        {
          const message = r.string();
          r.u64(); // exit status
          return new DaemonError(message);
        }
      case Stderr.NEXT:
        sink.log(r.string().replace(/\n+$/, '') + '\n');
        break;
      case Stderr.START_ACTIVITY: {
        r.u64(); // id
        const level = r.u64();
        r.u64(); // type
        const text = r.string();
        readFields(r);
        r.u64(); // parent
        if (level <= sink.verbosity && text !== '') sink.log(text + '...\n');
        break;
      }
      case Stderr.STOP_ACTIVITY:
        r.u64();
        break;
      case Stderr.RESULT:
        r.u64(); // activity
        r.u64(); // type
        readFields(r);
        break;
      case Stderr.WRITE:
        throw new ProtocolError('no sink');
      case Stderr.READ:
        throw new ProtocolError('no source');
      default:
        throw new ProtocolError(`got unknown message type ${msg.toString(16)} from Nix daemon`);
    }
  }
}

/** What the daemon knows of a valid path (CppNix's ValidPathInfo). */
export interface DaemonPathInfo {
  path: string;
  deriver: string | null;
  /** SHA-256 of the NAR, in hexadecimal. */
  narHash: string;
  references: string[];
  registrationTime: number;
  narSize: number;
  ultimate: boolean;
  sigs: string[];
  /** The content address (`fixed:r:sha256:...`, `text:sha256:...`), or '' for none. */
  ca: string;
}

/** A path info without its path (UnkeyedValidPathInfo). */
export function readPathInfo(r: WireReader, minor: number, path: string): DaemonPathInfo {
  const deriver = r.string();
  const narHash = r.string();
  const references = r.strings();
  const registrationTime = r.u64();
  const narSize = r.u64();
  let ultimate = false;
  let sigs: string[] = [];
  let ca = '';
  if (minor >= 16) {
    ultimate = r.bool();
    sigs = r.strings();
    ca = r.string();
  }
  return { path, deriver: deriver === '' ? null : deriver, narHash, references, registrationTime, narSize, ultimate, sigs, ca };
}
