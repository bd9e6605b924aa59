// Deeply nested expressions, evaluated through the library on this thread,
// with Node's default stack: the compiler walks the tree on a stack of its
// own (src/compiler/drive.ts), so depth costs heap, not JS stack.
//
// The expected outputs are what CppNix 2.26 prints for the same text with
// `nix-instantiate --eval --strict` at these sizes. CppNix's parser gives
// up (`error: memory exhausted`) when its stack passes 10,000 entries
// (5,000 nested lists, 3,333 nested lets), while left-recursive chains
// (`1 + 1 + ...`, applications) have no limit; tsnix takes any depth,
// memory permitting, so past that limit it evaluates what CppNix refuses.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/index.js';
import { printValue } from '../../src/value/print.js';

interface Case {
  shape: string;
  n: number;
  expr: (n: number) => string;
  /** What `nix-instantiate --eval --strict` prints. */
  out: (n: number) => string;
}

/** Shapes at sizes CppNix 2.26 evaluates (just below its parser's limit where it has one). */
const ACCEPTED_BY_CPPNIX: Case[] = [
  { shape: 'nested lists', n: 4998, expr: (n) => '[ '.repeat(n) + ' ]'.repeat(n), out: (n) => '[ '.repeat(n) + ']' + ' ]'.repeat(n - 1) },
  { shape: 'parentheses', n: 9000, expr: (n) => '('.repeat(n) + '1' + ')'.repeat(n), out: () => '1' },
  {
    shape: 'nested sets',
    n: 3300,
    expr: (n) => '{ a = '.repeat(n) + '1' + '; }'.repeat(n),
    out: (n) => '{ a = '.repeat(n) + '1;' + ' };'.repeat(n - 1) + ' }',
  },
  { shape: 'curried lambdas', n: 4900, expr: (n) => 'x: '.repeat(n) + '1', out: () => '<LAMBDA>' },
  { shape: 'nested lets', n: 3300, expr: (n) => 'let a = 1; in '.repeat(n) + 'a', out: () => '1' },
  { shape: 'an else-if chain', n: 1900, expr: (n) => 'if false then 1 else '.repeat(n) + '2', out: () => '2' },
  { shape: 'ifs in conditions', n: 4900, expr: (n) => 'if '.repeat(n) + 'true' + ' then true else false'.repeat(n), out: () => 'true' },
  { shape: 'nested withs', n: 3300, expr: (n) => 'with { a = 1; }; '.repeat(n) + 'a', out: () => '1' },
  { shape: 'nested asserts', n: 3300, expr: (n) => 'assert true; '.repeat(n) + '1', out: () => '1' },
  { shape: 'nested interpolations', n: 4900, expr: (n) => '"${'.repeat(n) + '"a"' + '}"'.repeat(n), out: () => '"a"' },
  { shape: 'negations', n: 4999, expr: (n) => '-'.repeat(n) + '1', out: () => '-1' },
  { shape: "'!'s", n: 4999, expr: (n) => '!'.repeat(n) + 'true', out: () => 'false' },
  { shape: 'lambdas with formals', n: 4900, expr: (n) => '{ a ? 1 }: '.repeat(n) + '1', out: () => '<LAMBDA>' },
  { shape: 'a ++ chain', n: 4900, expr: (n) => Array(n).fill('[1]').join(' ++ '), out: (n) => '[ ' + '1 '.repeat(n) + ']' },
  {
    shape: 'a // chain',
    n: 4900,
    expr: (n) => Array.from({ length: n }, (_, i) => `{ a${i % 7} = ${i}; }`).join(' // '),
    out: (n) => '{ ' + Array.from({ length: 7 }, (_, k) => `a${k} = ${n - 1 - ((((n - 1 - k) % 7) + 7) % 7)};`).join(' ') + ' }',
  },
  { shape: 'a + chain', n: 40000, expr: (n) => Array(n).fill('1').join(' + '), out: (n) => String(n) },
  { shape: 'a - chain', n: 9000, expr: (n) => Array(n).fill('1').join(' - '), out: (n) => String(2 - n) },
  { shape: 'a && chain', n: 40000, expr: (n) => Array(n).fill('true').join(' && '), out: () => 'true' },
  { shape: 'a || chain', n: 40000, expr: (n) => Array(n).fill('false').join(' || ') + ' || true', out: () => 'true' },
  { shape: 'a string + chain', n: 40000, expr: (n) => '"a" + ' + Array(n).fill('"b"').join(' + '), out: (n) => '"a' + 'b'.repeat(n) + '"' },
  { shape: 'an application chain', n: 20000, expr: (n) => '(x: x) ' + Array(n).fill('(x: x)').join(' ') + ' 1', out: () => '1' },
  {
    shape: 'a long selection path',
    n: 5000,
    expr: (n) => '({ ' + Array(n).fill('a').join('.') + ' = 1; })' + '.a'.repeat(n),
    out: () => '1',
  },
  {
    shape: 'a chain of let bindings',
    n: 20000,
    expr: (n) => 'let ' + Array.from({ length: n }, (_, i) => `a${i} = ${i ? 'a' + (i - 1) : '1'};`).join(' ') + ` in a${n - 1}`,
    out: () => '1',
  },
];

/** Shapes past CppNix's parser limit (it says `error: memory exhausted`): tsnix evaluates them. */
const PAST_CPPNIX: Case[] = [
  // Selected from, not printed: forcing them deeply would pass max-call-depth.
  { shape: 'nested lists', n: 40000, expr: (n) => 'builtins.length (' + '[ '.repeat(n) + ' ]'.repeat(n) + ')', out: () => '1' },
  { shape: 'nested sets', n: 20000, expr: (n) => '(' + '{ a = '.repeat(n) + '1' + '; }'.repeat(n) + ')' + '.a'.repeat(n), out: () => '1' },
  { shape: 'curried lambdas', n: 40000, expr: (n) => 'x: '.repeat(n) + '1', out: () => '<LAMBDA>' },
  { shape: 'nested lets', n: 20000, expr: (n) => 'let a = 1; in '.repeat(n) + 'a', out: () => '1' },
  { shape: 'an else-if chain', n: 20000, expr: (n) => 'if false then 1 else '.repeat(n) + '2', out: () => '2' },
  { shape: 'a ++ chain', n: 20000, expr: (n) => Array(n).fill('[1]').join(' ++ '), out: (n) => '[ ' + '1 '.repeat(n) + ']' },
];

function run(c: Case): string {
  return printValue(evaluate(c.expr(c.n), { strict: true }));
}

describe('deep expressions CppNix evaluates', () => {
  for (const c of ACCEPTED_BY_CPPNIX) {
    it(`${c.shape} (${c.n})`, () => assert.equal(run(c), c.out(c.n)));
  }
});

describe('deep expressions past the depth CppNix parses', () => {
  for (const c of PAST_CPPNIX) {
    it(`${c.shape} (${c.n})`, () => assert.equal(run(c), c.out(c.n)));
  }
});

describe('compiling curried lambdas', () => {
  // A chain of simple lambdas is also compiled fused, four arguments at a
  // time; compiling each fused body anew made `x: x: ... x: 1` exponential.
  it('takes time linear in the length of the chain', { timeout: 20000 }, () => {
    const vars = Array.from({ length: 200 }, (_, i) => `x${i}`);
    const f = vars.map((v) => `${v}: `).join('') + vars.join(' + ');
    const args = vars.map((_, i) => String(i)).join(' ');
    assert.equal(run({ shape: '', n: 0, expr: () => `(${f}) ${args}`, out: () => '' }), String((199 * 200) / 2));
  });
});
