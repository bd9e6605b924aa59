// A fake Nix daemon for the daemon store's tests, run in a worker thread
// (the test's own thread blocks while the store waits for replies). It
// speaks the worker protocol as CppNix's daemon.cc does, for the
// operations tsnix sends, at the protocol version it is told, and reports
// each connection (every byte received, the requests) to the test.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { makeFixedOutputPath, makeTextPath } from '../../src/store/paths.js';

export interface FakeScenario {
  socketPath: string;
  storeDir: string;
  /** The version the daemon announces (default 1.38). */
  version?: number;
  nixVersion?: string;
  /** 0: unknown, 1: trusted, 2: not trusted. */
  trusted?: number;
  /** Sent instead of the handshake's reply, then the connection is closed. */
  garbage?: string;
  /** The first request with this operation code fails with this message. */
  fail?: { op: number; message: string; traces?: string[] };
  /** Log lines sent before each reply to AddToStore (STDERR_NEXT), and an activity. */
  chatter?: boolean;
  /** Paths valid from the start. */
  valid?: string[];
  /** After SetOptions, requests are read and never answered (a daemon hanging). */
  mute?: boolean;
}

/** What the fake saw on one connection. */
export interface FakeConnection {
  type: 'connection';
  received: Uint8Array;
  requests: FakeRequest[];
}

/** What the fake posts to the test. */
export type FakeMessage = { type: 'listening' } | { type: 'failure'; message: string } | FakeConnection;

export type FakeRequest =
  | { op: 'SetOptions'; fields: number[]; overrides: Array<[string, string]> }
  | { op: 'IsValidPath' | 'QueryPathInfo' | 'AddTempRoot' | 'AddIndirectRoot'; path: string }
  | { op: 'AddToStore'; name: string; method: string; references: string[]; data: Uint8Array; frames: number[]; path: string }
  | { op: 'AddToStoreOld'; name: string; fixed: number; recursive: number; algo: string; data: Uint8Array; path: string }
  | { op: 'AddTextToStore'; name: string; text: string; references: string[]; path: string };

const MAGIC_1 = 0x6e697863;
const MAGIC_2 = 0x6478696f;
const LAST = 0x616c7473;
const ERROR = 0x63787470;
const NEXT = 0x6f6c6d67;
const START_ACTIVITY = 0x53545254;
const STOP_ACTIVITY = 0x53544f50;
const RESULT = 0x52534c54;

/** Reads the client's bytes as they come, recording them. */
class Reader {
  private buf = Buffer.alloc(0);
  private waiting: (() => void) | null = null;
  private ended = false;
  readonly seen: Buffer[] = [];

  constructor(socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.seen.push(d);
      this.buf = Buffer.concat([this.buf, d]);
      this.waiting?.();
    });
    socket.on('end', () => {
      this.ended = true;
      this.waiting?.();
    });
  }

  async take(n: number): Promise<Buffer> {
    while (this.buf.length < n) {
      if (this.ended) throw new Error('end of stream');
      await new Promise<void>((resolve) => (this.waiting = resolve));
      this.waiting = null;
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return Buffer.from(out);
  }

  async u64(): Promise<number> {
    const b = await this.take(8);
    return b.readUInt32LE(0) + b.readUInt32LE(4) * 0x1_0000_0000;
  }

  async bytes(): Promise<Buffer> {
    const n = await this.u64();
    const out = await this.take(n);
    await this.take((8 - (n % 8)) % 8);
    return out;
  }

  async string(): Promise<string> {
    return (await this.bytes()).toString('latin1');
  }

  async strings(): Promise<string[]> {
    const out: string[] = [];
    for (let n = await this.u64(); n > 0; n--) out.push(await this.string());
    return out;
  }
}

/** Builds the daemon's replies. */
class Writer {
  private parts: Buffer[] = [];
  u64(n: number): this {
    const b = Buffer.alloc(8);
    b.writeUInt32LE(n % 0x1_0000_0000, 0);
    b.writeUInt32LE(Math.floor(n / 0x1_0000_0000), 4);
    this.parts.push(b);
    return this;
  }
  string(s: string): this {
    const b = Buffer.from(s, 'latin1');
    this.u64(b.length);
    this.parts.push(b, Buffer.alloc((8 - (b.length % 8)) % 8));
    return this;
  }
  strings(list: string[]): this {
    this.u64(list.length);
    for (const s of list) this.string(s);
    return this;
  }
  take(): Buffer {
    const out = Buffer.concat(this.parts);
    this.parts = [];
    return out;
  }
}

const sha256 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();

/** Reads a NAR from the stream, returning its bytes (old AddToStore sends it bare). */
async function readNar(r: Reader): Promise<Buffer> {
  const parts: Buffer[] = [];
  const str = async (): Promise<string> => {
    const len = await r.take(8);
    const n = len.readUInt32LE(0);
    const body = await r.take(n);
    const pad = await r.take((8 - (n % 8)) % 8);
    parts.push(len, body, pad);
    return body.toString('latin1');
  };
  const node = async (): Promise<void> => {
    await str(); // (
    await str(); // type
    const type = await str();
    for (;;) {
      const tag = await str();
      if (tag === ')') return;
      if (type === 'directory' && tag === 'entry') {
        await str(); // (
        await str(); // name
        await str();
        await str(); // node
        await node();
        await str(); // )
      } else await str(); // a value: contents, target, ''
    }
  };
  await str(); // nix-archive-1
  await node();
  return Buffer.concat(parts);
}

/** A NAR of one regular file: its contents (for the old protocol's flat additions). */
function narFileContents(nar: Buffer): Buffer {
  // nix-archive-1 ( type regular contents <bytes> )
  let pos = 0;
  const str = (): Buffer => {
    const n = nar.readUInt32LE(pos);
    const out = nar.subarray(pos + 8, pos + 8 + n);
    pos += 8 + n + ((8 - (n % 8)) % 8);
    return out;
  };
  for (let i = 0; i < 4; i++) str();
  const tag = str().toString();
  if (tag !== 'contents') throw new Error(`not a flat file NAR: ${tag}`);
  return str();
}

function serve(scenario: FakeScenario): void {
  const version = scenario.version ?? (1 << 8) | 38;
  const storeDir = scenario.storeDir;
  const valid = new Map<string, { narHash: string; narSize: number; references: string[]; ca: string }>();
  for (const p of scenario.valid ?? []) valid.set(p, { narHash: '00'.repeat(32), narSize: 0, references: [], ca: '' });
  let failed = false;
  try {
    fs.unlinkSync(scenario.socketPath);
  } catch {
    // not there
  }
  const server = net.createServer((socket) => {
    const r = new Reader(socket);
    const w = new Writer();
    const requests: FakeRequest[] = [];
    const send = (): void => void socket.write(w.take());
    let minor = 0;
    const report = (): void => {
      const message: FakeConnection = { type: 'connection', received: new Uint8Array(Buffer.concat(r.seen)), requests };
      parentPort!.postMessage(message);
    };
    socket.on('close', report);
    socket.on('error', () => {});

    /** The log stream before a reply: chatter, then LAST or the scenario's error. */
    const stderr = (op: number): boolean => {
      if (scenario.chatter && op === 7) {
        w.u64(NEXT).string('copying something\n');
        w.u64(START_ACTIVITY).u64(42).u64(3).u64(100).string('doing a thing').u64(2).u64(0).u64(7).u64(1).string('f').u64(0);
        w.u64(RESULT).u64(42).u64(101).u64(1).u64(1).string('a log line');
        w.u64(STOP_ACTIVITY).u64(42);
      }
      if (scenario.fail !== undefined && scenario.fail.op === op && !failed) {
        failed = true;
        w.u64(ERROR);
        if (minor >= 26) {
          const traces = scenario.fail.traces ?? [];
          w.string('Error').u64(0).string('Error').string(scenario.fail.message).u64(0).u64(traces.length);
          for (const t of traces) w.u64(0).string(t);
        } else {
          w.string(scenario.fail.message).u64(1);
        }
        send();
        return false;
      }
      w.u64(LAST);
      return true;
    };

    const pathInfo = (path: string): void => {
      const info = valid.get(path)!;
      w.string('').string(info.narHash).strings(info.references).u64(1700000000).u64(info.narSize);
      if (minor >= 16) w.u64(0).strings([]).string(info.ca);
    };

    const run = async (): Promise<void> => {
      if ((await r.u64()) !== MAGIC_1) throw new Error('bad magic');
      if (scenario.garbage !== undefined) {
        socket.end(Buffer.from(scenario.garbage, 'latin1'));
        return;
      }
      w.u64(MAGIC_2).u64(version);
      send();
      const clientVersion = await r.u64();
      minor = Math.min(clientVersion, version) & 0xff;
      if (minor >= 38) {
        await r.strings();
        w.strings([]);
        send();
      }
      if (minor >= 14 && (await r.u64()) !== 0) await r.u64();
      if (minor >= 11) await r.u64();
      if (minor >= 33) w.string(scenario.nixVersion ?? '2.26.3');
      if (minor >= 35) w.u64(scenario.trusted ?? 1);
      w.u64(LAST);
      send();
      for (;;) {
        let op: number;
        try {
          op = await r.u64();
        } catch {
          return;
        }
        if (scenario.mute && requests.length > 0) {
          requests.push({ op: 'IsValidPath', path: `(unanswered ${op})` });
          continue;
        }
        switch (op) {
          case 19: {
            const fields: number[] = [];
            for (let i = 0; i < 12; i++) fields.push(await r.u64());
            const overrides: Array<[string, string]> = [];
            for (let n = await r.u64(); n > 0; n--) overrides.push([await r.string(), await r.string()]);
            requests.push({ op: 'SetOptions', fields, overrides });
            stderr(op);
            break;
          }
          case 1: {
            const path = await r.string();
            requests.push({ op: 'IsValidPath', path });
            if (stderr(op)) w.u64(valid.has(path) ? 1 : 0);
            break;
          }
          case 26: {
            const path = await r.string();
            requests.push({ op: 'QueryPathInfo', path });
            if (!stderr(op)) break;
            if (minor >= 17) {
              w.u64(valid.has(path) ? 1 : 0);
              if (valid.has(path)) pathInfo(path);
            } else pathInfo(path);
            break;
          }
          case 11:
          case 12: {
            const path = await r.string();
            requests.push({ op: op === 11 ? 'AddTempRoot' : 'AddIndirectRoot', path });
            if (stderr(op)) w.u64(1);
            break;
          }
          case 7: {
            const name = await r.string();
            if (minor >= 25) {
              const method = await r.string();
              const references = await r.strings();
              await r.u64(); // repair
              const chunks: Buffer[] = [];
              const frames: number[] = [];
              for (let n = await r.u64(); n > 0; n = await r.u64()) {
                frames.push(n);
                chunks.push(await r.take(n));
              }
              const data = Buffer.concat(chunks);
              const path =
                method === 'text:sha256'
                  ? makeTextPath(storeDir, name, data.toString('latin1'), references)
                  : makeFixedOutputPath(storeDir, name, method === 'fixed:r:sha256', 'sha256', sha256(data));
              requests.push({ op: 'AddToStore', name, method, references, data: new Uint8Array(data), frames, path });
              if (!stderr(op)) break;
              valid.set(path, { narHash: sha256(data).toString('hex'), narSize: data.length, references, ca: method });
              w.string(path);
              pathInfo(path);
            } else {
              const fixed = await r.u64();
              const recursive = await r.u64();
              const algo = await r.string();
              const data = await readNar(r);
              const hashed = recursive ? data : narFileContents(data);
              const path = makeFixedOutputPath(storeDir, name, recursive === 1, algo, sha256(hashed));
              requests.push({ op: 'AddToStoreOld', name, fixed, recursive, algo, data: new Uint8Array(data), path });
              if (!stderr(op)) break;
              valid.set(path, { narHash: sha256(data).toString('hex'), narSize: data.length, references: [], ca: '' });
              w.string(path);
            }
            break;
          }
          case 8: {
            const name = await r.string();
            const text = await r.string();
            const references = await r.strings();
            const path = makeTextPath(storeDir, name, text, references);
            requests.push({ op: 'AddTextToStore', name, text, references, path });
            if (!stderr(op)) break;
            valid.set(path, { narHash: '00'.repeat(32), narSize: 0, references, ca: '' });
            w.string(path);
            break;
          }
          default:
            throw new Error(`the fake daemon does not know operation ${op}`);
        }
        send();
      }
    };
    run().catch((e: unknown) => {
      parentPort!.postMessage({ type: 'failure', message: String(e) });
      socket.destroy();
    });
  });
  server.listen(scenario.socketPath, () => parentPort!.postMessage({ type: 'listening' }));
  parentPort!.on('message', (m: { type: string }) => {
    if (m.type === 'stop') server.close(() => parentPort!.close());
  });
}

if (parentPort !== null && workerData !== null) serve(workerData as FakeScenario);
