import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '../../src/syntax/ast.js';
import { checkScopes } from '../../src/syntax/check.js';
import { parse } from '../../src/syntax/parser.js';
import { printExpr } from '../../src/syntax/printer.js';
import { Source } from '../../src/errors/source.js';

function roundTrip(text: string): string {
  const src = new Source('big.nix', text, '/base');
  const e = parse(src);
  checkScopes(e, src);
  return printExpr(e);
}

function depth(e: Expr): number {
  let d = 0;
  for (let cur: Expr | undefined = e; cur; d++) {
    cur = cur.kind === 'list' ? cur.items[0] : cur.kind === 'binary' ? cur.right : undefined;
  }
  return d;
}

describe('robustness', () => {
  it('parses 10,000 nested parentheses', () => {
    assert.equal(roundTrip('('.repeat(10000) + '1' + ')'.repeat(10000)), '1');
  });
  it('parses 100,000 nested lists', () => {
    const n = 100000;
    const src = new Source('x', '['.repeat(n) + ']'.repeat(n), '/');
    const e = parse(src);
    assert.equal(depth(e), n);
    assert.equal(printExpr(e).length, 6 * n - 3);
  });
  it('parses long right-associative chains', () => {
    const n = 100000;
    const e = parse(new Source('x', Array.from({ length: n }, () => '[ 1 ]').join(' ++ '), '/'));
    assert.equal(depth(e), n + 1); // n - 1 operators, the last list and its element
  });
  it('parses a 100,000-element list', () => {
    const text = '[ ' + Array.from({ length: 100000 }, (_, i) => String(i)).join(' ') + ' ]';
    const e = parse(new Source('x', text, '/'));
    assert.equal(e.kind === 'list' && e.items.length, 100000);
  });
  it('reports errors deep inside nesting', () => {
    const src = new Source('x', '['.repeat(20000) + ')', '/');
    assert.throws(() => parse(src), /syntax error, unexpected '\)'/);
  });
  it('takes linear time', () => {
    const make = (n: number) => {
      const parts: string[] = ['let f = x: x; in {'];
      for (let i = 0; i < n; i++)
        parts.push(`a${i} = { n = "p-${i}"; v = f ${i}.5; l = [ a${i} ./p/${i}.nix ]; s = ''\n  x ${'${f 1}'}\n''; }.n or null;`);
      parts.push('}');
      return parts.join('\n');
    };
    const time = (text: string) => {
      const t = performance.now();
      parse(new Source('x', text, '/'));
      return performance.now() - t;
    };
    time(make(2000)); // warm up
    const small = make(10000);
    const large = make(80000);
    const t1 = Math.min(time(small), time(small));
    const t2 = Math.min(time(large), time(large));
    // 8x the input: a quadratic parser would take 64x as long.
    assert.ok(t2 < t1 * 24, `8x input took ${(t2 / t1).toFixed(1)}x the time (${t1.toFixed(0)} ms -> ${t2.toFixed(0)} ms)`);
  });
});
