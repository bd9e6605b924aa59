// The bytecode cache's format: a file's compiled blueprints as bytes, and
// back. What the compiler made is written as it is (code, constants, trace
// ranges, source positions as offsets), so a file read back runs, fails and
// prints exactly as one compiled again: positions point into the Source the
// reader is given, which holds the file's text, as the compiler's do.
//
// Reading is lazy: a small evaluation runs a tenth of the code of the lib
// files it imports (497 of 6306 blueprints for an evalModules of a few
// options), so a blueprint's chunk is read only when it first runs, from
// the entry kept in memory. Whatever can fail is checked when the entry is
// opened (its checksum is the cache's, see io/node-code-cache.ts).
//
// Besides the code, an entry keeps what parsing the file did to the
// evaluator: the names it interned, in order, since CppNix's symbol order
// decides some iteration orders (syntax/symbols.ts). Formals are sorted by
// that order when parsed, so an entry whose formals the current table
// would sort otherwise is refused, and the file compiled again.
//
// Values that belong to the evaluator (builtins, `derivation`) are written
// by name and looked up in its globals. Everything else a constant can be
// is listed in writeConstant; anything new makes the writer give up (the
// file is then not cached), never write something the reader misreads.
//
// Layout, varints (unsigned LEB128) but for the two tables read by index
// (little-endian u32s): the string table (the count, where each string
// ends, then all their bytes); the interned names; the formals of each
// lambda that has some; the blueprint count and each blueprint's offset
// from the start of the records, the file's first; the records (a header,
// then the chunk).

import type { Pos, Source } from '../errors/source.js';
import { NixAttrs } from '../value/attrs.js';
import { NixFloat, NixPath, type Value } from '../value/types.js';
import { type AttrsShape, Blueprint, type BlueprintKind, type ThunkShortcut } from './blueprint.js';
import { Chunk, type TraceRange } from './chunk.js';
import { OPCODES } from './opcodes.js';

/**
 * What an entry depends on besides the file, its path and the globals: this
 * format and the opcode table itself (so an opcode added, removed or given
 * other operands changes it without anyone keeping a number).
 */
export const FORMAT_FINGERPRINT = `tsnix-bytecode 3 ${JSON.stringify(OPCODES)}`;

/** What the reader needs to look values up by name and to check symbol order. */
export interface SerialContext {
  globals: ReadonlyMap<string, Value>;
  /** Interns a name (the evaluator's symbol table). */
  intern(name: string): number;
}

// Constant tags.
const C_NULL = 0;
const C_TRUE = 1;
const C_FALSE = 2;
const C_INT = 3; // a non-negative safe integer
const C_NEG_INT = 4; // minus a positive safe integer
const C_NUMBER = 5; // any other JS number, as 8 bytes
const C_BIGINT = 6; // decimal text
const C_STRING = 7;
const C_FLOAT = 8;
const C_PATH = 9;
const C_BLUEPRINT = 10;
const C_SHAPE = 11;
const C_POSITIONS = 12;
const C_SLOTS = 13;
const C_ATTRS = 14;
const C_GLOBAL = 15;

// Shortcut tags.
const S_UPVALUE = 0;
const S_ARG = 1;
const S_INT = 2;
const S_STRING = 3;
const S_TO_STRING = 4;
const S_CONCAT = 5;
const S_OP = 6;
const S_CLOSURE = 7;
const SHORTCUT_OPS = ['+', '-', '*', '<', '<=', '>', '>=', '==', '!='] as const;

const KINDS: readonly BlueprintKind[] = ['lambda', 'thunk', 'file'];

const F_ELLIPSIS = 1;
const F_CAPTURES_WITH = 2;
const F_FORMALS = 4;
const F_FUSED = 8;
const F_SHORTCUT = 16;
const F_ARG = 32;

/** Something the format cannot hold: the file is not cached. */
class Unwritable extends Error {}

/** A growable byte buffer. Writers reserve room for a run of writes, then write unchecked. */
class Bytes {
  buf: Uint8Array;
  length = 0;

  constructor(size = 1 << 12) {
    this.buf = new Uint8Array(size);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  varint(n: number): void {
    this.reserve(8);
    this.varintIn(n);
  }

  /** A varint, in room already reserved (at most 8 bytes for a safe integer). */
  varintIn(n: number): void {
    const buf = this.buf;
    if (n < 0x80) {
      buf[this.length++] = n;
      return;
    }
    while (n >= 0x80) {
      buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[this.length++] = n;
  }

  /** A little-endian u32: the fixed-width tables a reader indexes without reading them whole. */
  u32(n: number): void {
    this.reserve(4);
    const buf = this.buf;
    buf[this.length++] = n & 0xff;
    buf[this.length++] = (n >>> 8) & 0xff;
    buf[this.length++] = (n >>> 16) & 0xff;
    buf[this.length++] = n >>> 24;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  f64(x: number): void {
    F64[0] = x;
    this.bytes(F64_BYTES);
  }
}

const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
/** No byte above 0x7f: then UTF-8, which TextEncoder writes natively, is the same bytes. */
const NON_ASCII = /[^\p{ASCII}]/u;
const encoder = new TextEncoder();

class Writer {
  /** The records. */
  readonly out = new Bytes(1 << 16);
  private readonly strings = new Map<string, number>();
  private readonly list: string[] = [];
  private readonly index = new Map<Blueprint, number>();
  private readonly order: Blueprint[] = [];

  constructor(private readonly source: Source) {}

  /** The string's index in the table. */
  intern(s: string): number {
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.strings.set(s, i);
      this.list.push(s);
    }
    return i;
  }

  str(s: string): void {
    this.out.varint(this.intern(s));
  }

  optStr(s: string | null): void {
    this.out.varint(s === null ? 0 : this.intern(s) + 1);
  }

  pos(p: Pos | null | undefined): void {
    this.out.reserve(8);
    this.posIn(p);
  }

  /** A position, in room already reserved. */
  private posIn(p: Pos | null | undefined): void {
    if (p === null || p === undefined) this.out.varintIn(0);
    else {
      if (p.source !== this.source) throw new Unwritable('a position in another source');
      this.out.varintIn(p.offset + 1);
    }
  }

  /** The blueprint's index, numbering it when first seen. */
  private ref(bp: Blueprint): number {
    let i = this.index.get(bp);
    if (i === undefined) {
      i = this.order.length;
      this.index.set(bp, i);
      this.order.push(bp);
    }
    return i;
  }

  /** Writes every blueprint under `root` (index 0); returns their offsets in the records. */
  blueprints(root: Blueprint): number[] {
    this.ref(root);
    const offsets: number[] = [];
    // Writing one numbers those it refers to, which are written in turn.
    for (let i = 0; i < this.order.length; i++) {
      offsets.push(this.out.length);
      this.blueprint(this.order[i]!);
    }
    return offsets;
  }

  /** The formals of every lambda, in their order, for the reader to check against the symbol table. */
  formalLists(): string[][] {
    return this.order.filter((bp) => bp.formals !== null).map((bp) => [...bp.formals!.keys()]);
  }

  private blueprint(bp: Blueprint): void {
    const o = this.out;
    const flags =
      (bp.ellipsis ? F_ELLIPSIS : 0) |
      (bp.capturesWith ? F_CAPTURES_WITH : 0) |
      (bp.formals !== null ? F_FORMALS : 0) |
      (bp.fused !== null ? F_FUSED : 0) |
      (bp.shortcut !== null ? F_SHORTCUT : 0) |
      (bp.arg !== null ? F_ARG : 0);
    const name = bp.name === null ? 0 : this.intern(bp.name) + 1;
    o.reserve(64);
    o.buf[o.length++] = KINDS.indexOf(bp.kind);
    o.varintIn(name);
    this.posIn(bp.pos);
    o.buf[o.length++] = flags;
    o.varintIn(bp.arity);
    o.varintIn(bp.bodyStart);
    o.varintIn(bp.upvalueCount);
    if (bp.arg !== null) o.varintIn(this.intern(bp.arg));
    if (bp.fused !== null) o.varintIn(this.ref(bp.fused));
    if (bp.formals !== null) {
      if (bp.formalPositions.size !== bp.formals.size) throw new Unwritable('formals without positions');
      o.varint(bp.formals.size);
      for (const [name, hasDefault] of bp.formals) {
        this.str(name);
        o.byte(hasDefault ? 1 : 0);
        this.pos(bp.formalPositions.get(name));
      }
    } else if (bp.formalPositions.size !== 0 || bp.formalNames.length !== 0) throw new Unwritable('formal positions without formals');
    if (bp.shortcut !== null) this.shortcut(bp.shortcut);
    this.chunk(bp.chunk);
  }

  private shortcut(s: ThunkShortcut): void {
    const o = this.out;
    switch (s.kind) {
      case 'upvalue':
        o.byte(S_UPVALUE);
        o.varint(s.index);
        return;
      case 'arg':
        o.byte(S_ARG);
        return;
      case 'int':
        o.byte(S_INT);
        o.f64(s.value);
        return;
      case 'string':
        o.byte(S_STRING);
        this.str(s.value);
        return;
      case 'toString':
        o.byte(S_TO_STRING);
        this.shortcut(s.of);
        return;
      case 'concat':
        o.byte(S_CONCAT);
        o.varint(s.parts.length);
        for (const p of s.parts) this.shortcut(p);
        return;
      case 'closure':
        o.byte(S_CLOSURE);
        o.varint(this.ref(s.lambda));
        return;
      case 'op':
        o.byte(S_OP);
        o.byte(SHORTCUT_OPS.indexOf(s.op));
        this.shortcut(s.a);
        this.shortcut(s.b);
        return;
    }
  }

  private chunk(chunk: Chunk): void {
    const o = this.out;
    const code = chunk.code.subarray(0, chunk.length);
    o.varint(code.length);
    o.bytes(code);
    const refs = chunk.globalRefs;
    const constants = chunk.constants;
    o.varint(constants.length);
    for (let i = 0; i < constants.length; i++) {
      const c = constants[i];
      const ref = refs === null ? undefined : refs.get(i);
      if (ref !== undefined) {
        o.byte(C_GLOBAL);
        this.str(ref);
      } else if (typeof c === 'string') {
        // The commonest constants first: names and strings, then blueprints.
        o.reserve(9);
        o.buf[o.length++] = C_STRING;
        o.varintIn(this.intern(c));
      } else if (c instanceof Blueprint) {
        o.reserve(9);
        o.buf[o.length++] = C_BLUEPRINT;
        o.varintIn(this.ref(c));
      } else this.constant(c);
    }
    const traces = chunk.traces;
    o.reserve(8 + 33 * traces.length);
    o.varintIn(traces.length);
    for (const t of traces) {
      o.varintIn(t.start);
      o.varintIn(t.end);
      o.varintIn(this.intern(t.message));
      this.posIn(t.pos);
      o.buf[o.length++] = t.select ? 1 : 0;
    }
    const { starts, positions } = chunk.spans();
    o.reserve(8 + 16 * starts.length);
    o.varintIn(starts.length);
    for (let i = 0; i < starts.length; i++) {
      o.varintIn(starts[i]!);
      this.posIn(positions[i]);
    }
  }

  private constant(c: unknown): void {
    const o = this.out;
    if (c === null) o.byte(C_NULL);
    else if (c === true) o.byte(C_TRUE);
    else if (c === false) o.byte(C_FALSE);
    else if (typeof c === 'number') {
      if (Number.isSafeInteger(c) && !Object.is(c, -0)) {
        o.byte(c >= 0 ? C_INT : C_NEG_INT);
        o.varint(Math.abs(c));
      } else {
        o.byte(C_NUMBER);
        o.f64(c);
      }
    } else if (typeof c === 'bigint') {
      o.byte(C_BIGINT);
      this.str(c.toString());
    } else if (typeof c === 'string') {
      o.byte(C_STRING);
      this.str(c);
    } else if (c instanceof NixFloat) {
      o.byte(C_FLOAT);
      o.f64(c.value);
    } else if (c instanceof NixPath) {
      o.byte(C_PATH);
      this.str(c.path);
    } else if (c instanceof Blueprint) {
      o.byte(C_BLUEPRINT);
      o.varint(this.ref(c));
    } else if (c instanceof Map) {
      // ApplyOverrides: names to local slots.
      o.byte(C_SLOTS);
      o.varint(c.size);
      for (const [k, v] of c as Map<unknown, unknown>) {
        if (typeof k !== 'string' || typeof v !== 'number') throw new Unwritable('a map of something else');
        this.str(k);
        o.varint(v);
      }
    } else if (Array.isArray(c)) {
      // AttrsDynamic: the positions of the dynamic attributes.
      o.byte(C_POSITIONS);
      o.varint(c.length);
      for (const p of c as unknown[]) {
        if (!isPos(p)) throw new Unwritable('an array of something else');
        this.pos(p);
      }
    } else if (c instanceof NixAttrs) {
      // __curPos: a small set of plain values.
      o.byte(C_ATTRS);
      const { keys, values } = c;
      o.varint(keys.length);
      keys.forEach((k, i) => {
        const v = values[i];
        if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new Unwritable('a set of something else');
        this.str(k);
        this.constant(v);
      });
    } else if (isShape(c)) {
      o.byte(C_SHAPE);
      o.varint(c.keys.length);
      c.keys.forEach((k, i) => {
        this.str(k);
        this.pos(c.positions[i]);
      });
    } else throw new Unwritable('a constant the format does not know');
  }

  /** The string table (where each ends, then the bytes), then `head`, then the records. */
  finish(head: Bytes): Uint8Array {
    const list = this.list;
    const lengths = new Bytes(12 + 4 * list.length);
    lengths.varint(list.length);
    let total = 0;
    lengths.u32(0);
    for (const s of list) {
      total += s.length;
      lengths.u32(total);
    }
    const table = new Bytes(total);
    const all = list.join('');
    if (!NON_ASCII.test(all)) encoder.encodeInto(all, table.buf);
    else
      for (let j = 0; j < all.length; j++) {
        const c = all.charCodeAt(j);
        if (c > 0xff) throw new Unwritable('not a binary string');
        table.buf[j] = c;
      }
    table.length = total;
    const parts = [lengths, table, head, this.out];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p.buf.subarray(0, p.length), at);
      at += p.length;
    }
    return out;
  }
}

function isPos(p: unknown): p is Pos {
  return typeof p === 'object' && p !== null && 'source' in p && 'offset' in p && Object.keys(p).length === 2;
}

function isShape(c: unknown): c is AttrsShape {
  if (typeof c !== 'object' || c === null || Object.keys(c).length !== 2) return false;
  const s = c as Partial<AttrsShape>;
  return Array.isArray(s.keys) && Array.isArray(s.positions) && s.keys.length === s.positions.length;
}

/**
 * The cache entry for `root`, compiled from `source`, whose parse interned
 * `symbols` (in order); null when something in it cannot be written.
 */
export function writeEntry(root: Blueprint, source: Source, symbols: Iterable<string>): Uint8Array | null {
  const w = new Writer(source);
  try {
    const offsets = w.blueprints(root);
    const head = new Bytes();
    const names = [...symbols];
    head.varint(names.length);
    for (const n of names) head.varint(w.intern(n));
    const lists = w.formalLists();
    head.varint(lists.length);
    for (const list of lists) {
      head.varint(list.length);
      for (const n of list) head.varint(w.intern(n));
    }
    head.varint(offsets.length);
    for (const off of offsets) head.u32(off);
    return w.finish(head);
  } catch (e) {
    if (e instanceof Unwritable) return null;
    throw e;
  }
}

/** A damaged or unusable entry: the reader gives up and the file is compiled. */
class Unreadable extends Error {}

/**
 * An open entry: the string table and the blueprint offsets read, the
 * records read as they are needed. Reads past the end, bad tags and
 * unknown globals throw Unreadable: while opening, the file is compiled
 * instead; later (a record read lazily) it is an internal error, which the
 * cache's checksum leaves only to a bug in this file.
 */
class Reader {
  private i = 0;
  /** Where the string table's u32 ends are, and its bytes; the strings made so far. */
  private stringEnds = 0;
  private stringBytes = 0;
  private stringCount = 0;
  private readonly strings: Array<string | undefined> = [];
  private readonly positions = new Map<number, Pos>();
  /** Where the u32 blueprint offsets are, how many, and where the records start. */
  private offsets = 0;
  private blueprintCount = 0;
  private records = 0;
  private readonly blueprints: Array<Blueprint | undefined> = [];
  private readonly builtins: NixAttrs | null;

  constructor(
    private readonly d: string,
    start: number,
    private readonly source: Source,
    private readonly globals: ReadonlyMap<string, Value>,
  ) {
    this.i = start;
    const b = globals.get('builtins');
    this.builtins = b instanceof NixAttrs ? b : null;
  }

  private byte(): number {
    if (this.i >= this.d.length) throw new Unreadable('truncated');
    return this.d.charCodeAt(this.i++);
  }

  private varint(): number {
    const d = this.d;
    let c = d.charCodeAt(this.i++);
    if (c < 0x80) return c;
    if (Number.isNaN(c)) throw new Unreadable('truncated');
    let result = c & 0x7f;
    let scale = 0x80;
    for (;;) {
      c = d.charCodeAt(this.i++);
      if (Number.isNaN(c)) throw new Unreadable('truncated');
      if (c < 0x80) return result + c * scale;
      result += (c & 0x7f) * scale;
      scale *= 0x80;
    }
  }

  private f64(): number {
    const b = new Uint8Array(8);
    for (let k = 0; k < 8; k++) b[k] = this.byte();
    return new Float64Array(b.buffer)[0]!;
  }

  private u32(at: number): number {
    const d = this.d;
    return (d.charCodeAt(at) | (d.charCodeAt(at + 1) << 8) | (d.charCodeAt(at + 2) << 16)) + d.charCodeAt(at + 3) * 0x1000000;
  }

  /** Reads everything but the records: the parts an entry is checked by. */
  open(): { names: string[]; formalLists: string[][] } {
    const n = this.varint();
    this.stringCount = n;
    this.stringEnds = this.i;
    this.stringBytes = this.i + 4 * (n + 1);
    if (this.stringBytes > this.d.length) throw new Unreadable('truncated');
    this.i = this.stringBytes + this.u32(this.stringEnds + 4 * n);
    if (this.i > this.d.length) throw new Unreadable('truncated');
    const names = this.strList();
    const formalLists: string[][] = [];
    for (let k = this.varint(); k > 0; k--) formalLists.push(this.strList());
    const nBlueprints = this.varint();
    if (nBlueprints === 0) throw new Unreadable('no blueprints');
    this.blueprintCount = nBlueprints;
    this.offsets = this.i;
    this.records = this.i + 4 * nBlueprints;
    if (this.records + this.u32(this.offsets + 4 * (nBlueprints - 1)) >= this.d.length) throw new Unreadable('truncated');
    return { names, formalLists };
  }

  private strList(): string[] {
    const n = this.varint();
    const list = new Array<string>(n);
    for (let k = 0; k < n; k++) list[k] = this.str();
    return list;
  }

  private str(): string {
    return this.string(this.varint());
  }

  /** A string written with optStr: its index plus one, or 0 for null. */
  private optStr(): string | null {
    const k = this.varint();
    return k === 0 ? null : this.string(k - 1);
  }

  private string(k: number): string {
    let s = this.strings[k];
    if (s === undefined) {
      if (k >= this.stringCount) throw new Unreadable('no such string');
      const at = this.stringEnds + 4 * k;
      const start = this.stringBytes + this.u32(at);
      const end = this.stringBytes + this.u32(at + 4);
      if (start > end || end > this.d.length) throw new Unreadable('a string out of bounds');
      s = this.d.slice(start, end);
      this.strings[k] = s;
    }
    return s;
  }

  private pos(): Pos | null {
    const n = this.varint();
    if (n === 0) return null;
    let p = this.positions.get(n);
    if (p === undefined) {
      if (n - 1 > this.source.text.length) throw new Unreadable('a position past the end of the file');
      p = { source: this.source, offset: n - 1 };
      this.positions.set(n, p);
    }
    return p;
  }

  /** Blueprint `k`: its header read now, its chunk when first needed. */
  blueprint(k: number): Blueprint {
    const known = this.blueprints[k];
    if (known !== undefined) return known;
    if (k >= this.blueprintCount) throw new Unreadable('no such blueprint');
    const saved = this.i;
    this.i = this.records + this.u32(this.offsets + 4 * k);
    if (this.i >= this.d.length) throw new Unreadable('truncated');
    const kind = KINDS[this.byte()];
    if (kind === undefined) throw new Unreadable('no such kind');
    const name = this.optStr();
    const pos = this.pos();
    const flags = this.byte();
    const arity = this.varint();
    const bodyStart = this.varint();
    const upvalueCount = this.varint();
    const arg = flags & F_ARG ? this.str() : null;
    const fusedIndex = flags & F_FUSED ? this.varint() : -1;
    let formals: Map<string, boolean> | null = null;
    let formalPositions: Map<string, Pos> | null = null;
    if (flags & F_FORMALS) {
      formals = new Map();
      formalPositions = new Map();
      for (let n = this.varint(); n > 0; n--) {
        const f = this.str();
        formals.set(f, this.byte() === 1);
        const p = this.pos();
        if (p === null) throw new Unreadable('a formal without a position');
        formalPositions.set(f, p);
      }
    }
    const shortcut = flags & F_SHORTCUT ? this.shortcut() : null;
    const chunkAt = this.i;
    const bp = new Blueprint(kind, name, pos, () => this.chunk(chunkAt));
    this.blueprints[k] = bp;
    bp.arity = arity;
    bp.bodyStart = bodyStart;
    bp.upvalueCount = upvalueCount;
    bp.arg = arg;
    bp.ellipsis = (flags & F_ELLIPSIS) !== 0;
    bp.capturesWith = (flags & F_CAPTURES_WITH) !== 0;
    bp.shortcut = shortcut;
    if (formals !== null) {
      bp.formals = formals;
      bp.formalPositions = formalPositions!;
      bp.formalNames = [...formals.keys()].sort();
    }
    if (fusedIndex >= 0) bp.fused = this.blueprint(fusedIndex);
    this.i = saved;
    return bp;
  }

  private shortcut(): ThunkShortcut {
    switch (this.byte()) {
      case S_UPVALUE:
        return { kind: 'upvalue', index: this.varint() };
      case S_ARG:
        return { kind: 'arg' };
      case S_INT:
        return { kind: 'int', value: this.f64() };
      case S_STRING:
        return { kind: 'string', value: this.str() };
      case S_TO_STRING:
        return { kind: 'toString', of: this.shortcut() };
      case S_CONCAT: {
        const parts: ThunkShortcut[] = [];
        for (let k = this.varint(); k > 0; k--) parts.push(this.shortcut());
        return { kind: 'concat', parts };
      }
      case S_CLOSURE:
        return { kind: 'closure', lambda: this.blueprint(this.varint()) };
      case S_OP: {
        const op = SHORTCUT_OPS[this.byte()];
        if (op === undefined) throw new Unreadable('no such operator');
        const a = this.shortcut();
        return { kind: 'op', op, a, b: this.shortcut() };
      }
      default:
        throw new Unreadable('no such shortcut');
    }
  }

  /** The chunk whose record starts at `at`. */
  private chunk(at: number): Chunk {
    const saved = this.i;
    this.i = at;
    const n = this.varint();
    const d = this.d;
    const start = this.i;
    if (start + n > d.length) throw new Unreadable('truncated');
    const code = new Uint8Array(n);
    for (let k = 0; k < n; k++) code[k] = d.charCodeAt(start + k);
    this.i = start + n;
    const nConstants = this.varint();
    const constants = new Array<unknown>(nConstants);
    let globalRefs: Map<number, string> | null = null;
    for (let k = 0; k < nConstants; k++) {
      if (d.charCodeAt(this.i) === C_GLOBAL) {
        this.i++;
        const ref = this.str();
        (globalRefs ??= new Map()).set(k, ref);
        constants[k] = this.global(ref);
      } else constants[k] = this.constant();
    }
    const traces: TraceRange[] = [];
    for (let k = this.varint(); k > 0; k--) {
      const start = this.varint();
      const end = this.varint();
      const message = this.str();
      const pos = this.pos();
      traces.push({ start, end, message, pos, select: this.byte() === 1 });
    }
    const nSpans = this.varint();
    const spanStarts = new Array<number>(nSpans);
    const spanPos = new Array<Pos | null>(nSpans);
    for (let k = 0; k < nSpans; k++) {
      spanStarts[k] = this.varint();
      spanPos[k] = this.pos();
    }
    this.i = saved;
    return Chunk.restore(code, constants, traces, spanStarts, spanPos, globalRefs);
  }

  private global(ref: string): Value {
    const name = ref.slice(1);
    const v = ref[0] === 'g' ? this.globals.get(name) : ref[0] === 'b' ? this.builtins?.get(name) : undefined;
    if (v === undefined) throw new Unreadable(`no global ${ref}`);
    return v;
  }

  private constant(): unknown {
    const tag = this.byte();
    switch (tag) {
      case C_NULL:
        return null;
      case C_TRUE:
        return true;
      case C_FALSE:
        return false;
      case C_INT:
        return this.varint();
      case C_NEG_INT:
        return -this.varint();
      case C_NUMBER:
        return this.f64();
      case C_BIGINT:
        return BigInt(this.str());
      case C_STRING:
        return this.str();
      case C_FLOAT:
        return new NixFloat(this.f64());
      case C_PATH:
        return new NixPath(this.str());
      case C_BLUEPRINT:
        return this.blueprint(this.varint());
      case C_SLOTS: {
        const slots = new Map<string, number>();
        for (let k = this.varint(); k > 0; k--) {
          const name = this.str();
          slots.set(name, this.varint());
        }
        return slots;
      }
      case C_POSITIONS: {
        const ps: Pos[] = [];
        for (let k = this.varint(); k > 0; k--) {
          const p = this.pos();
          if (p === null) throw new Unreadable('a missing position');
          ps.push(p);
        }
        return ps;
      }
      case C_ATTRS: {
        const keys: string[] = [];
        const values: Value[] = [];
        for (let k = this.varint(); k > 0; k--) {
          keys.push(this.str());
          values.push(this.constant() as Value);
        }
        return new NixAttrs(keys, values);
      }
      case C_SHAPE: {
        const n = this.varint();
        const keys = new Array<string>(n);
        const positions = new Array<Pos>(n);
        for (let k = 0; k < n; k++) {
          keys[k] = this.str();
          const p = this.pos();
          if (p === null) throw new Unreadable('a missing position');
          positions[k] = p;
        }
        const shape: AttrsShape = { keys, positions };
        return shape;
      }
      default:
        throw new Unreadable(`no such constant tag ${tag}`);
    }
  }
}

/**
 * The blueprint of the file `source` from its cache entry (the binary
 * string `data` from `start` on), its parse's names interned again; null
 * when the entry is damaged, or was parsed when the symbol table ordered
 * its formals otherwise (parsing now would order them as it does now).
 */
export function readEntry(data: string, start: number, source: Source, context: SerialContext): Blueprint | null {
  let opened: { names: string[]; formalLists: string[][] };
  let root: Blueprint;
  try {
    const r = new Reader(data, start, source, context.globals);
    opened = r.open();
    root = r.blueprint(0);
  } catch {
    // Damaged past what the checks see (a length out of range): as good as missing.
    return null;
  }
  for (const n of opened.names) context.intern(n);
  for (const list of opened.formalLists) {
    let last = -1;
    for (const name of list) {
      const id = context.intern(name);
      if (id < last) return null;
      last = id;
    }
  }
  return root;
}
