// The wire format of the Nix worker protocol (CppNix's serialise.hh):
//
//   number  a 64-bit little-endian unsigned integer (booleans are 0 or 1)
//   string  its length as a number, its bytes, zero padding to a multiple of 8
//   list    a count, then that many items
//   frames  (a NAR or file sent with AddToStore) chunks, each a number
//           giving its length and that many bytes, without padding; a
//           chunk of length 0 ends them (CppNix's FramedSink)
//
// Strings here are binary strings (one char per byte), as Nix strings are.

import { IOError } from '../../io/io.js';

const PADDING = new Uint8Array(8);
const TWO_32 = 0x1_0000_0000;

/** What was read from the daemon does not fit the protocol. */
export class ProtocolError extends IOError {}

/** Builds a message to send, growing one buffer. */
export class WireWriter {
  private buf = Buffer.allocUnsafe(4096);
  private pos = 0;

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** A number below 2^53 (every count, size and flag the protocol carries). */
  u64(n: number): this {
    this.reserve(8);
    this.buf.writeUInt32LE(n % TWO_32, this.pos);
    this.buf.writeUInt32LE(Math.floor(n / TWO_32), this.pos + 4);
    this.pos += 8;
    return this;
  }

  bool(b: boolean): this {
    return this.u64(b ? 1 : 0);
  }

  /** Bytes as they are, without length or padding (inside frames, a NAR). */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** A string of bytes: length, bytes, padding. */
  bytes(bytes: Uint8Array): this {
    this.u64(bytes.length);
    this.raw(bytes);
    return this.pad(bytes.length);
  }

  /** A binary string: length, bytes, padding. */
  string(s: string): this {
    this.u64(s.length);
    this.reserve(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
    return this.pad(s.length);
  }

  strings(list: readonly string[]): this {
    this.u64(list.length);
    for (const s of list) this.string(s);
    return this;
  }

  private pad(length: number): this {
    const n = (8 - (length % 8)) % 8;
    return n === 0 ? this : this.raw(PADDING.subarray(0, n));
  }

  /** What was written since the last take, as a fresh array (the writer starts again empty). */
  take(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }
}

/**
 * Writes bytes as frames into `out`, a frame each `frame.length` bytes; `send`
 * is called after each frame, so a large NAR goes out as it is made.
 */
export class FrameWriter {
  private fill = 0;

  /** `frame` holds a frame as it fills (its size is the frame size); it may be reused by later writers. */
  constructor(
    private readonly out: WireWriter,
    private readonly send: () => void,
    private readonly frame: Buffer = Buffer.allocUnsafe(0x10000),
  ) {}

  /** Takes bytes (the NAR encoder's sink interface); they are copied, so the caller may reuse them. */
  update(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) {
      const k = Math.min(bytes.length - off, this.frame.length - this.fill);
      this.frame.set(bytes.subarray(off, off + k), this.fill);
      this.fill += k;
      off += k;
      if (this.fill === this.frame.length) this.emit();
    }
  }

  /** A binary string's bytes. */
  updateBinary(s: string): void {
    let off = 0;
    while (off < s.length) {
      const k = Math.min(s.length - off, this.frame.length - this.fill);
      this.frame.write(off === 0 && k === s.length ? s : s.slice(off, off + k), this.fill, 'latin1');
      this.fill += k;
      off += k;
      if (this.fill === this.frame.length) this.emit();
    }
  }

  private emit(send = true): void {
    if (this.fill === 0) return;
    this.out.u64(this.fill).raw(this.frame.subarray(0, this.fill));
    this.fill = 0;
    if (send) this.send();
  }

  /** Writes what is left and the empty frame that ends the data (for the caller to send). */
  end(): void {
    this.emit(false);
    this.out.u64(0);
  }
}

/**
 * Reads the daemon's replies from chunks of bytes as they come: those
 * offered (taken without waiting), then those `pull` returns (waiting).
 */
export class WireReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private readonly queued: Uint8Array[] = [];

  constructor(private readonly pull: () => Uint8Array) {}

  /** Adds bytes that came without waiting. */
  offer(chunk: Uint8Array): void {
    this.queued.push(chunk);
  }

  /** Whether bytes are here, come but not yet read. */
  get buffered(): boolean {
    return this.pos < this.chunk.length || this.queued.length > 0;
  }

  private nextChunk(): void {
    this.chunk = this.queued.shift() ?? this.pull();
    this.pos = 0;
  }

  /** The next `n` bytes (a view into the current chunk when they lie in it). */
  private take(n: number): Uint8Array {
    if (this.chunk.length - this.pos >= n) {
      const out = this.chunk.subarray(this.pos, this.pos + n);
      this.pos += n;
      return out;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.pos === this.chunk.length) this.nextChunk();
      const k = Math.min(n - filled, this.chunk.length - this.pos);
      out.set(this.chunk.subarray(this.pos, this.pos + k), filled);
      filled += k;
      this.pos += k;
    }
    return out;
  }

  /** `n` bytes as they are. */
  raw(n: number): Uint8Array {
    return this.take(n).slice();
  }

  /** Everything that comes until the end (or a failure) of the stream. */
  rest(): Uint8Array {
    const parts: Uint8Array[] = [this.chunk.subarray(this.pos), ...this.queued];
    this.queued.length = 0;
    this.chunk = new Uint8Array(0);
    this.pos = 0;
    try {
      for (;;) parts.push(this.pull());
    } catch {
      // the end
    }
    return Buffer.concat(parts);
  }

  u64(): number {
    const b = this.take(8);
    const low = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
    const high = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
    if (high >= 0x20_0000) throw new ProtocolError('serialised integer is too large');
    return high * TWO_32 + low;
  }

  bool(): boolean {
    return this.u64() !== 0;
  }

  bytes(): Uint8Array {
    const n = this.u64();
    const out = this.take(n).slice();
    const pad = (8 - (n % 8)) % 8;
    if (pad > 0 && this.take(pad).some((b) => b !== 0)) throw new ProtocolError('non-zero padding');
    return out;
  }

  /** A string, as a binary string. */
  string(): string {
    return Buffer.from(this.bytes()).toString('latin1');
  }

  strings(): string[] {
    const n = this.u64();
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.string());
    return out;
  }
}
