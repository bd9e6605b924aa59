// The bytecode cache's format: a compiled file written and read back is the
// same program (the same disassembly, every chunk, and the same values),
// and a damaged entry is refused rather than misread.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Blueprint } from '../../src/bytecode/blueprint.js';
import { disassemble } from '../../src/bytecode/disasm.js';
import { FORMAT_FINGERPRINT, readEntry, writeEntry } from '../../src/bytecode/serial.js';
import { OPCODES } from '../../src/bytecode/opcodes.js';
import { compile } from '../../src/compiler/compiler.js';
import { Source } from '../../src/errors/source.js';
import { parse } from '../../src/syntax/parser.js';
import { printValue } from '../../src/value/print.js';
import { makeEvaluator } from '../helpers.js';

/** A file using every kind of constant and blueprint metadata the compiler makes. */
const PROGRAM = `
let
  big = 9223372036854775807;
  neg = -5 - 3;
  f = 1.5e3;
  p = ./some/path;
  pos = __curPos;
  curried = a: b: c: a + b * c;
  short = x: x * 3 + 1;
  formals = { b, a ? b + 1, ... }@args: a + b;
  closed = { x, y ? "\xe2\x82\xac \xff" }: x;
  euro = "\xe2\x82\xac";
  r = rec { __overrides = { v = 2; }; v = 1; w = v + 1; };
  name = "dyn";
  dyn = { \${name} = 1; "\${name}2".x = 2; static = 3; };
  w = with { q = 7; }; q;
  s = "a\${toString neg}b";
  t = builtins.length [ 1 2 3 ];
  sys = builtins.currentSystem;
in
assert big > 0;
{
  inherit big neg f p pos w s t sys euro;
  c = curried 1 2 3;
  sh = map short [ 1 2 ];
  fo = formals { b = 1; };
  cl = closed { x = 1; };
  inherit (r) v;
  rw = r.w;
  inherit (dyn) dyn dyn2 static;
  str = ''
    indented \${s}
  '';
  d = derivation { name = "x"; system = "x"; builder = "/bin/sh"; };
  fs = builtins.functionArgs formals;
  bool = true && !false;
  or = dyn.missing or "default";
  has = dyn ? dyn;
}
`;

function compiled(
  text: string,
  path = '/tmp/tsnix-serial/file.nix',
): { source: Source; root: Blueprint; names: string[]; ev: ReturnType<typeof makeEvaluator> } {
  const ev = makeEvaluator();
  const source = Source.fromFile(path, text);
  const names: string[] = [];
  const expr = parse(source, {
    ...ev.parseOptions,
    symbols: {
      intern: (n) => {
        if (!names.includes(n)) names.push(n);
        return ev.symbols.intern(n);
      },
    },
  });
  return { source, root: compile(expr, source, { globals: ev.globals }), names, ev };
}

const binary = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('the bytecode cache format', () => {
  it('reads back the same program: every chunk disassembles the same', () => {
    const { source, root, names, ev } = compiled(PROGRAM);
    const entry = writeEntry(root, source, names);
    assert.ok(entry !== null, 'the program can be written');
    const back = readEntry(binary(entry), 0, source, { globals: ev.globals, intern: (n) => ev.symbols.intern(n) });
    assert.ok(back !== null);
    assert.notEqual(back, root);
    assert.equal(disassemble(back), disassemble(root));
  });

  it('runs the same: the value, with builtins and derivation taken from the reading evaluator', () => {
    const { source, root, names } = compiled(PROGRAM);
    const entry = binary(writeEntry(root, source, names)!);
    const ev = makeEvaluator();
    const back = readEntry(entry, 0, source, { globals: ev.globals, intern: (n) => ev.symbols.intern(n) })!;
    const fresh = makeEvaluator();
    const expected = printValue(
      fresh.vm.forceDeep(fresh.vm.runFile(compile(parse(source, fresh.parseOptions), source, { globals: fresh.globals }))),
    );
    assert.equal(printValue(ev.vm.forceDeep(ev.vm.runFile(back))), expected);
    assert.match(expected, /sys = "x86_64-linux"/);
  });

  it('keeps the thunks that only make a closure', () => {
    const { source, root: written, names, ev } = compiled('let f = x: x + 1; in f');
    const read = readEntry(binary(writeEntry(written, source, names)!), 0, source, {
      globals: ev.globals,
      intern: (n) => ev.symbols.intern(n),
    });
    assert.ok(read !== null);
    const shortcuts = (root: Blueprint): string[] => {
      const out: string[] = [];
      const seen = new Set<Blueprint>();
      const visit = (bp: Blueprint): void => {
        if (seen.has(bp)) return;
        seen.add(bp);
        if (bp.shortcut?.kind === 'closure') out.push(`${bp.name} -> ${bp.shortcut.lambda.name}`);
        for (const c of bp.chunk.constants) if (c instanceof Blueprint) visit(c);
      };
      visit(root);
      return out;
    };
    assert.deepEqual(shortcuts(written), ['f -> f']);
    assert.deepEqual(shortcuts(read), ['f -> f']);
  });

  it('reads a chunk only when it first runs', () => {
    const { source, root, names, ev } = compiled('{ a = x: x + 1; b = y: y * 2; }');
    const back = readEntry(binary(writeEntry(root, source, names)!), 0, source, {
      globals: ev.globals,
      intern: (n) => ev.symbols.intern(n),
    })!;
    const stored = (bp: Blueprint): unknown => (bp as unknown as { stored: unknown }).stored;
    assert.equal(stored(back), null, 'not read when opened');
    const children = back.chunk.constants.filter((c): c is Blueprint => c instanceof Blueprint);
    assert.ok(children.length > 0);
    assert.ok(stored(back) !== null);
    for (const c of children) assert.equal(stored(c), null, 'a nested chunk waits for its own first use');
  });

  it('takes global values from the reader: builtins.currentSystem of another evaluator', () => {
    const { source, root, names } = compiled('builtins.currentSystem');
    const entry = binary(writeEntry(root, source, names)!);
    const other = makeEvaluator({ settings: { currentSystem: 'aarch64-darwin' } });
    const back = readEntry(entry, 0, source, { globals: other.globals, intern: (n) => other.symbols.intern(n) })!;
    assert.equal(other.vm.force(other.vm.runFile(back)), 'aarch64-darwin');
  });

  it('refuses a truncated or damaged entry (null, never a wrong program)', () => {
    const { source, root, names, ev } = compiled(PROGRAM);
    const entry = binary(writeEntry(root, source, names)!);
    const ctx = { globals: ev.globals, intern: (n: string) => ev.symbols.intern(n) };
    for (const cut of [0, 1, 10, entry.length >> 2, entry.length >> 1])
      assert.equal(readEntry(entry.slice(0, cut), 0, source, ctx), null, `cut at ${cut}`);
    assert.equal(readEntry('\xff'.repeat(64), 0, source, ctx), null);
  });

  it('refuses an entry whose formals the symbol table now orders otherwise', () => {
    // `a` known before the parse: the formals are sorted a, b.
    const ev = makeEvaluator();
    ev.symbols.intern('zz_a');
    const source = Source.fromFile('/tmp/tsnix-serial/f.nix', '{ zz_b, zz_a }: zz_a');
    const names: string[] = [];
    const expr = parse(source, {
      ...ev.parseOptions,
      symbols: { intern: (n) => (names.includes(n) || names.push(n), ev.symbols.intern(n)) },
    });
    const entry = binary(writeEntry(compile(expr, source, { globals: ev.globals }), source, names)!);
    // In a fresh evaluator zz_b is interned first, and a parse now would sort b, a.
    const fresh = makeEvaluator();
    assert.equal(readEntry(entry, 0, source, { globals: fresh.globals, intern: (n) => fresh.symbols.intern(n) }), null);
    // Where zz_a is known first again, it is good.
    const again = makeEvaluator();
    again.symbols.intern('zz_a');
    assert.ok(readEntry(entry, 0, source, { globals: again.globals, intern: (n) => again.symbols.intern(n) }) !== null);
  });

  it('is keyed by the opcode table itself', () => {
    assert.ok(FORMAT_FINGERPRINT.includes(JSON.stringify(OPCODES)));
  });
});
