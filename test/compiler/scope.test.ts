// Scope analysis: how the compiler resolves each name.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Blueprint } from '../../src/bytecode/blueprint.js';
import { decodeInstruction } from '../../src/bytecode/chunk.js';
import { Op, OPCODES } from '../../src/bytecode/opcodes.js';
import { ParseError } from '../../src/errors/error.js';
import { Source } from '../../src/errors/source.js';
import { makeEvaluator } from '../helpers.js';

function compile(expr: string): Blueprint {
  return makeEvaluator().compile(new Source('«test»', expr, '/'));
}

/** All blueprints reachable from `root`, root first. */
function blueprints(root: Blueprint): Blueprint[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const c of out[i]!.chunk.constants) if (c instanceof Blueprint && !out.includes(c)) out.push(c);
  }
  return out;
}

/** The instructions of one chunk as `Name operand...` strings. */
function code(bp: Blueprint): string[] {
  const out: string[] = [];
  for (let at = 0; at < bp.chunk.length;) {
    const { op, operands, next } = decodeInstruction(bp.chunk.code, at);
    out.push(
      [OPCODES[op as Op].name, ...operands.map((o) => (o.kind === 'captures' ? JSON.stringify(o.value) : String(o.value)))].join(' '),
    );
    at = next;
  }
  return out;
}

describe('scope analysis', () => {
  it('resolves a let binding to a stack slot', () => {
    const ops = code(compile('let a = 1; in a'));
    assert.ok(ops.includes('ForceLocal 0'), ops.join('\n'));
  });

  it('captures a variable of an enclosing function as an upvalue', () => {
    const [, outer] = blueprints(compile('x: y: x'));
    const inner = blueprints(outer!).find((b) => b !== outer && b.kind === 'lambda')!;
    assert.equal(inner.upvalueCount, 1);
    assert.ok(code(inner).includes('ForceUpvalue 0'));
    // The closure instruction captures local slot 0 of the outer frame.
    const closure = code(outer!).find((l) => l.startsWith('Closure'))!;
    assert.match(closure, /"positions":\[0\]/);
  });

  it('captures through two levels: an upvalue of an upvalue', () => {
    const all = blueprints(compile('a: b: c: a'));
    const innermost = all.find(
      (b) =>
        b.kind === 'lambda' && code(b).includes('ForceUpvalue 0') && b.upvalueCount === 1 && !code(b).some((l) => l.startsWith('Closure')),
    )!;
    assert.ok(innermost);
    const middle = all.find((b) => code(b).some((l) => l.startsWith('Closure') && l.includes('"positions":[2]')));
    assert.ok(middle, 'the middle lambda passes on its own upvalue 0 (position 0 << 2 | 2)');
  });

  it('looks names that no static scope binds up in the with scopes', () => {
    const ops = code(compile('with { a = 1; }; a'));
    assert.ok(ops.some((l) => l.startsWith('ResolveWith')));
  });

  it('prefers a static binding over with, even a global one', () => {
    const ops = code(compile('with { map = 1; }; map'));
    assert.ok(!ops.some((l) => l.startsWith('ResolveWith')));
    const ops2 = code(compile('let a = 2; in with { a = 1; }; a'));
    assert.ok(ops2.includes('ForceLocal 0'));
  });

  it('lets a local binding shadow a builtin', () => {
    const ops = code(compile('let map = 1; in map'));
    assert.ok(ops.includes('ForceLocal 0'));
  });

  it('compiles operators as calls when their builtin is shadowed', () => {
    assert.ok(code(compile('1 - 2')).includes('Sub'));
    const shadowed = code(compile('let __sub = a: b: 42; in 1 - 2'));
    assert.ok(!shadowed.includes('Sub'));
    assert.ok(shadowed.some((l) => l.startsWith('Call 2')));
  });

  it('reports an undefined variable at compile time', () => {
    assert.throws(
      () => compile('x: y'),
      (e: unknown) => e instanceof ParseError && e.message === "undefined variable 'y'",
    );
  });

  it('takes `inherit x;` in a let from the enclosing scope', () => {
    // The inner x refers to the outer one, not to itself.
    const ev = makeEvaluator();
    const v = ev.vm.forceDeep(ev.evalSource(new Source('«test»', 'let x = 1; in let inherit x; in x', '/')));
    assert.equal(v, 1);
  });

  it('allocates recursive bindings before filling in their captures', () => {
    const ops = code(compile('let a = [ b ]; b = [ a ]; in a'));
    const allocs = ops.filter((l) => l.startsWith('AllocThunk')).length;
    const finals = ops.filter((l) => l.startsWith('Finalise')).length;
    assert.equal(allocs, 2);
    assert.equal(finals, 2);
    assert.ok(ops.findIndex((l) => l.startsWith('Finalise')) > ops.findLastIndex((l) => l.startsWith('AllocThunk')));
  });

  it('does not make thunks for literals and variables', () => {
    const ops = code(compile('let a = 1; b = a; in [ a b "s" 2.5 [ ] ]'));
    assert.ok(!ops.some((l) => l.startsWith('Thunk') || l.startsWith('AllocThunk')), ops.join('\n'));
  });

  it('suspends lambdas, sets and lists, as CppNix does', () => {
    // `nix-instantiate --eval` of it prints `[ <CODE> <CODE> <CODE> ]`.
    const ops = code(compile('let f = x: x; in [ f { } [ 1 ] ]'));
    // f is a thunk of its own; the set and the list are built at once but wrapped (Speculate).
    assert.equal(ops.filter((l) => l.startsWith('AllocThunk')).length, 1, ops.join('\n'));
    assert.equal(ops.filter((l) => l.startsWith('Speculate')).length, 2, ops.join('\n'));
  });
});

describe('long code', () => {
  // 20000 list items, each a thunk: more than 64 KB of code in one chunk, nested shallowly.
  const items = '[ ' + Array.from({ length: 20000 }, (_, i) => `(x + ${i})`).join(' ') + ' ]';
  for (const [name, expr] of [
    ['if', `if true then ${items} else [ ]`],
    ['&&', `true && (${items} == ${items})`],
    ['||', `false || (${items} == ${items})`],
    ['->', `false -> (${items} == ${items})`],
    ['assert', `assert true; ${items}`],
    ['or', `{ }.a or ${items}`],
  ] as const) {
    it(`compiles a ${name} whose branch is longer than a 16-bit jump`, () => {
      const ev = makeEvaluator();
      const v = ev.vm.forceDeep(ev.evalSource(new Source('«test»', `let x = 1; in builtins.length [ (${expr}) ]`, '/')));
      assert.equal(v, 1);
    });
  }
});
