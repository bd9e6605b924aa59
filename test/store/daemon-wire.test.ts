// The worker protocol's wire format and log stream, byte by byte, as
// CppNix's serialise.cc writes and reads them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DaemonError, LVL_INFO, readStderr, Stderr } from '../../src/store/daemon/protocol.js';
import { FrameWriter, ProtocolError, WireReader, WireWriter } from '../../src/store/daemon/wire.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const le = (n: number): string => {
  const b = Buffer.alloc(8);
  b.writeUInt32LE(n % 0x1_0000_0000, 0);
  b.writeUInt32LE(Math.floor(n / 0x1_0000_0000), 4);
  return b.toString('hex');
};

/** A reader over `bytes` handed out in chunks of `size`, failing at the end. */
function readerOf(bytes: Uint8Array, size = bytes.length): WireReader {
  let pos = 0;
  return new WireReader(() => {
    if (pos >= bytes.length) throw new Error('end of data');
    const chunk = bytes.slice(pos, pos + size);
    pos += size;
    return chunk;
  });
}

describe('the wire format', () => {
  it('writes numbers as 64-bit little-endian', () => {
    const w = new WireWriter()
      .u64(0)
      .u64(1)
      .u64(0x6e697863)
      .u64(2 ** 40 + 5)
      .bool(true)
      .bool(false);
    assert.equal(hex(w.take()), le(0) + le(1) + le(0x6e697863) + '0500000000010000' + le(1) + le(0));
  });

  it('pads strings with zeros to a multiple of 8, the empty one included', () => {
    const w = new WireWriter().string('').string('abc').string('12345678').string('\xff\x00');
    assert.equal(
      hex(w.take()),
      le(0) + le(3) + '6162630000000000' + le(8) + Buffer.from('12345678').toString('hex') + le(2) + 'ff00000000000000',
    );
  });

  it('writes a list as a count and its strings', () => {
    assert.equal(hex(new WireWriter().strings(['a', 'bc']).take()), le(2) + le(1) + '6100000000000000' + le(2) + '6263000000000000');
  });

  it('grows as needed, and starts again empty after a take', () => {
    const w = new WireWriter();
    const big = 'x'.repeat(10000);
    w.string(big);
    assert.equal(w.length, 8 + 10000 + 0);
    const bytes = w.take();
    assert.equal(bytes.length, 10008);
    assert.equal(Buffer.from(bytes.subarray(8)).toString('latin1'), big);
    assert.equal(w.length, 0);
  });

  it('reads what it writes, across any split into chunks', () => {
    const w = new WireWriter()
      .u64(7)
      .string('hello, world')
      .strings(['x', '', 'yz'])
      .bool(true)
      .u64(2 ** 52);
    const bytes = w.take();
    for (const size of [1, 3, 8, 13, bytes.length]) {
      const r = readerOf(bytes, size);
      assert.equal(r.u64(), 7);
      assert.equal(r.string(), 'hello, world');
      assert.deepEqual(r.strings(), ['x', '', 'yz']);
      assert.equal(r.bool(), true);
      assert.equal(r.u64(), 2 ** 52);
    }
  });

  it('rejects non-zero padding and numbers too large for JavaScript', () => {
    assert.throws(() => readerOf(Buffer.from(le(1) + '6101000000000000', 'hex')).string(), new ProtocolError('non-zero padding'));
    assert.throws(() => readerOf(Buffer.from('ffffffffffffffff', 'hex')).u64(), ProtocolError);
  });

  it('frames data in chunks of the frame size, unpadded, ended by an empty frame', () => {
    const out = new WireWriter();
    let sends = 0;
    const frames = new FrameWriter(out, () => sends++, Buffer.alloc(4));
    frames.update(new Uint8Array([1, 2, 3]));
    frames.updateBinary('\x04\x05\x06\x07\x08');
    frames.end();
    assert.equal(hex(out.take()), le(4) + '01020304' + le(4) + '05060708' + le(0));
    // The frames that filled up were sent as they did; the last part is the caller's to send.
    assert.equal(sends, 2);
  });
});

describe('the log stream before a reply', () => {
  const stream = (build: (w: WireWriter) => void): WireReader => {
    const w = new WireWriter();
    build(w);
    return readerOf(w.take(), 5);
  };
  const sink = (verbosity = LVL_INFO): { lines: string[]; log: (t: string) => void; verbosity: number } => {
    const lines: string[] = [];
    return { lines, log: (t) => lines.push(t), verbosity };
  };

  it('ends at STDERR_LAST, showing messages and activities as CppNix’s logger does', () => {
    const s = sink();
    const r = stream((w) => {
      w.u64(Stderr.NEXT).string('a message\n\n');
      w.u64(Stderr.START_ACTIVITY).u64(1).u64(LVL_INFO).u64(100).string('copying x').u64(2).u64(0).u64(5).u64(1).string('s').u64(0);
      w.u64(Stderr.START_ACTIVITY).u64(2).u64(5).u64(100).string('too talkative').u64(0).u64(1);
      w.u64(Stderr.RESULT).u64(1).u64(101).u64(1).u64(1).string('log line');
      w.u64(Stderr.STOP_ACTIVITY).u64(1);
      w.u64(Stderr.LAST).u64(99);
    });
    assert.equal(readStderr(r, 38, s), null);
    assert.deepEqual(s.lines, ['a message\n', 'copying x...\n']);
    assert.equal(r.u64(), 99);
  });

  it('returns the daemon’s structured error (>= 1.26), traces and all', () => {
    const r = stream((w) => {
      w.u64(Stderr.ERROR).string('Error').u64(0).string('Error').string("path '\x1b[35;1m/x\x1b[0m' is not valid").u64(0);
      w.u64(2).u64(0).string('while adding').u64(0).string('while registering');
    });
    const e = readStderr(r, 37, sink());
    assert.ok(e instanceof DaemonError);
    assert.equal(e.message, "path '\x1b[35;1m/x\x1b[0m' is not valid");
    assert.deepEqual(e.traces, ['while adding', 'while registering']);
  });

  it('returns the daemon’s error in the older form (< 1.26): message and status', () => {
    const r = stream((w) => w.u64(Stderr.ERROR).string('disk full').u64(1).u64(1234));
    const e = readStderr(r, 25, sink());
    assert.ok(e instanceof DaemonError);
    assert.equal(e.message, 'disk full');
    assert.equal(r.u64(), 1234);
  });

  it('fails on what it cannot handle', () => {
    assert.throws(
      () =>
        readStderr(
          stream((w) => w.u64(0x12345)),
          38,
          sink(),
        ),
      new ProtocolError('got unknown message type 12345 from Nix daemon'),
    );
    assert.throws(
      () =>
        readStderr(
          stream((w) => w.u64(Stderr.WRITE).string('x')),
          38,
          sink(),
        ),
      new ProtocolError('no sink'),
    );
    assert.throws(
      () =>
        readStderr(
          stream((w) => w.u64(Stderr.READ).u64(10)),
          38,
          sink(),
        ),
      new ProtocolError('no source'),
    );
  });
});
