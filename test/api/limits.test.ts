// Limits and stops through the library (vm/watchdog.ts): a time limit, a
// memory limit and an AbortSignal end evaluation with a StopError that
// names them, in plain node on the main thread; evaluateAsync lets other
// JS run while it evaluates, so a timer can abort it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, evaluateAsync, printValue, StopError } from '../../src/index.js';
import { Source } from '../../src/errors/source.js';
import { Evaluator } from '../../src/eval.js';
import { NodeIO } from '../../src/io/node-io.js';
import { Watchdog } from '../../src/vm/watchdog.js';
import { ThenStep } from '../../src/builtins/step.js';

/** Nix that runs for minutes: calls, returns and a long list. */
const ENDLESS = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in builtins.foldl' (a: x: a + f 5000) 0 (builtins.genList (x: x) 100000)";

function stopOf(run: () => unknown): StopError {
  try {
    run();
  } catch (e) {
    if (e instanceof StopError) return e;
    throw e;
  }
  throw new Error('expected a StopError');
}

describe('limits in the library', () => {
  it('timeLimitMs stops a CPU-bound evaluation soon after the limit', () => {
    const start = performance.now();
    const e = stopOf(() => evaluate(ENDLESS, { timeLimitMs: 200 }));
    const took = performance.now() - start;
    assert.equal(e.message, 'evaluation stopped: it ran longer than the time limit of 0.2 s');
    assert.equal(e.reason, 'time');
    assert.ok(took >= 200 && took < 2000, `stopped after ${took} ms`);
  });

  it('memoryLimitBytes stops an allocating evaluation', () => {
    const e = stopOf(() =>
      evaluate('builtins.length (builtins.filter (x: x != "") (builtins.genList (x: "${toString x}") 20000000))', {
        memoryLimitBytes: 200 * 2 ** 20,
      }),
    );
    assert.equal(e.message, 'evaluation stopped: it used more than the memory limit of 200 MiB');
  });

  it('a limit is not an error tryEval catches', () => {
    const e = stopOf(() => evaluate(`(builtins.tryEval (${ENDLESS})).success`, { timeLimitMs: 100 }));
    assert.equal(e.reason, 'time');
    assert.deepEqual(e.trace, []);
  });

  it('an evaluation within its limits gives its value', () => {
    assert.equal(
      printValue(evaluate('builtins.genList (x: x * x) 4', { strict: true, timeLimitMs: 60000, memoryLimitBytes: 2 ** 32 })),
      '[ 0 1 4 9 ]',
    );
  });

  it('an aborted signal stops evaluation before it starts', () => {
    const ac = new AbortController();
    ac.abort();
    assert.equal(stopOf(() => evaluate('1', { signal: ac.signal })).message, 'evaluation aborted');
    const why = new AbortController();
    why.abort(new Error('the user left'));
    assert.equal(stopOf(() => evaluate('1', { signal: why.signal })).message, 'evaluation aborted: the user left');
  });
});

describe('evaluateAsync', () => {
  it('gives what evaluate gives', async () => {
    for (const text of [
      '{ a = 1 + 1; b = [ (builtins.tryEval (throw "x")) ]; c = builtins.sort (a: b: a < b) [ 3 1 2 ]; }',
      "let f = n: if n == 0 then 0 else builtins.foldl' (a: x: a + f x) 1 [ (n - 1) ]; in f 3000",
      'let f = n: if n == 0 then [ ] else [ (f (n - 1)) ]; in builtins.deepSeq (f 5000) (builtins.length (f 10))',
    ]) {
      assert.equal(printValue(await evaluateAsync(text, { strict: true })), printValue(evaluate(text, { strict: true })));
    }
  });

  it('rejects with the Nix error', async () => {
    await assert.rejects(evaluateAsync('{ a = throw "no"; }', { strict: true }), /no/);
  });

  it('lets timers run while it evaluates, and an abort from one stops it', async () => {
    const ac = new AbortController();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    setTimeout(() => ac.abort(), 200);
    const start = performance.now();
    try {
      await assert.rejects(evaluateAsync(ENDLESS, { signal: ac.signal }), (e: unknown) => e instanceof StopError && e.reason === 'aborted');
    } finally {
      clearInterval(ticker);
    }
    const took = performance.now() - start;
    assert.ok(took < 1500, `stopped after ${took} ms`);
    assert.ok(ticks >= 5, `the timer ran ${ticks} times`);
  });

  it('leaves the values it was evaluating to be evaluated again', async () => {
    const evaluator = new Evaluator({ io: new NodeIO() });
    const vm = evaluator.vm;
    const text = "let f = n: if n == 0 then 0 else 1 + f (n - 1); in builtins.foldl' (a: x: a + f 100) 0 (builtins.genList (x: x) 20000)";
    const file = evaluator.lazyEval(new Source('«test»', text, '/'));
    vm.setWatchdog(new Watchdog({ timeLimitMs: 5 }, { now: () => performance.now() }));
    await assert.rejects(vm.runAsync(new ThenStep(file, (v) => v)), (e: unknown) => e instanceof StopError);
    vm.setWatchdog(null);
    // Not «infinite recursion», not the stop again: the value.
    assert.equal(printValue(vm.force(file)), String(20000 * 100));
  });
});
