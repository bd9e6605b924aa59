// Debugging builtins (trace, traceVerbose, warn, break, addErrorContext)
// and the stderr formats they print in, checked against CppNix 2.26 and the
// upstream suite (eval-okay-print, eval-okay-warn-indentation*,
// eval-fail-addErrorContext-example).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NixError } from '../../src/errors/error.js';
import { formatEvalWarning, formatPrefixed, formatWarning } from '../../src/errors/log.js';
import { renderError } from '../../src/errors/render.js';
import { Source } from '../../src/errors/source.js';
import type { EvaluatorOptions } from '../../src/eval.js';
import { captureDiagnostics, evalError, evalNix, makeEvaluator } from '../helpers.js';

/** Runs `fn`, returning what it wrote on stderr (as a binary string) and its result. */
function captureStderr<T>(fn: () => T): { err: string; result: T } {
  return captureDiagnostics(fn);
}

/** `…`, `«` and `»` as the binary (UTF-8) strings tsnix prints. */
const ELLIPSIS = '\xe2\x80\xa6';
const guil = (s: string): string => `\xc2\xab${s}\xc2\xbb`;

function run(expr: string, options: Partial<EvaluatorOptions> = {}): { err: string; result: string } {
  return captureStderr(() => evalNix(expr, options));
}

/** The error an expression raises, rendered as the CLI renders it. */
function report(expr: string, showTrace: boolean): string {
  const ev = makeEvaluator();
  try {
    ev.vm.forceDeep(ev.evalSource(new Source('\xc2\xabstring\xc2\xbb', expr, process.cwd())));
  } catch (e) {
    if (e instanceof NixError) return renderError(e, showTrace);
    throw e;
  }
  throw new Error(`expected an error from: ${expr}`);
}

describe('trace', () => {
  it('prints strings as they are and returns its second argument', () => {
    assert.deepEqual(run('builtins.trace "a\\nb" 1'), { err: 'trace: a\nb\n', result: '1' });
    assert.deepEqual(run('builtins.trace "" null'), { err: 'trace: \n', result: 'null' });
  });

  it('prints other values without forcing them', () => {
    assert.equal(run('builtins.trace [ (throw "x") ] 1').err, `trace: [ ${guil('thunk')} ]\n`);
    assert.equal(run('builtins.trace { a = 1; b = "x"; } 1').err, 'trace: { a = 1; b = "x"; }\n');
    assert.equal(run('builtins.trace (x: x) 1').err, `trace: ${guil(`lambda @ ${guil('string')}:1:17`)}\n`);
    assert.equal(run('builtins.trace builtins.map 1').err, `trace: ${guil('primop map')}\n`);
  });

  it('prints before its second argument is evaluated', () => {
    const { err, result } = captureStderr(() => evalError('builtins.trace 1 (throw "later")'));
    assert.deepEqual({ err, result }, { err: 'trace: 1\n', result: 'later' });
  });
});

describe('traceVerbose', () => {
  it('only returns its second argument by default, without evaluating the first', () => {
    assert.deepEqual(run('builtins.traceVerbose (throw "x") 2'), { err: '', result: '2' });
  });

  it('traces with --trace-verbose', () => {
    assert.deepEqual(run('builtins.traceVerbose "hi" 2', { settings: { traceVerbose: true } }), { err: 'trace: hi\n', result: '2' });
  });
});

describe('warn', () => {
  it('prints an evaluation warning and returns its second argument', () => {
    assert.deepEqual(run('builtins.warn "careful" 1'), { err: 'evaluation warning: careful\n', result: '1' });
  });

  it('indents later lines under the message (eval-okay-warn-indentation)', () => {
    assert.equal(run('builtins.warn "foo\\nbar" null').err, 'evaluation warning: foo\n                    bar\n');
  });

  it('prints a message starting with a newline as it is (eval-okay-warn-indentation2)', () => {
    assert.equal(run('builtins.warn "\\nfoo\\nbar" null').err, 'evaluation warning:\nfoo\nbar\n');
  });

  it('wants a string', () => {
    assert.equal(captureStderr(() => evalError('builtins.warn 1 2')).result, 'expected a string but found an integer: 1');
    assert.match(
      captureStderr(() => report('builtins.warn 1 2', true)).result,
      /while evaluating the first argument; the message passed to builtins.warn/,
    );
  });

  it('fails after warning with abort-on-warn', () => {
    const { err, result } = captureStderr(() => evalError('builtins.warn "w" 1', { settings: { abortOnWarn: true } }));
    assert.equal(err, 'evaluation warning: w\n');
    assert.equal(result, 'aborting to reveal stack trace of warning, as abort-on-warn is set');
  });
});

describe('the log option', () => {
  it('receives traces and warnings instead of stderr', () => {
    const lines: string[] = [];
    const { err, result } = run('builtins.trace "t" (builtins.warn "w" 1)', { log: (text) => lines.push(text) });
    assert.deepEqual({ err, result, lines }, { err: '', result: '1', lines: ['trace: t\n', 'evaluation warning: w\n'] });
  });
});

describe('warning formats', () => {
  it('trims, indents and drops an empty message as CppNix does', () => {
    assert.equal(formatEvalWarning('a \nb'), 'evaluation warning: a\n                    b');
    assert.equal(formatEvalWarning('a\n\nb\n'), 'evaluation warning: a\n\n                    b');
    assert.equal(formatEvalWarning('x\n'), 'evaluation warning: x');
    assert.equal(formatEvalWarning(''), '');
    assert.equal(formatEvalWarning(' \n\n'), '');
    assert.equal(formatPrefixed('warning: ', '  a\n b'), 'warning:   a\n          b');
  });

  it('gives positioned warnings a code frame under `warning: `', () => {
    const src = new Source('/f.nix', '/tmp/foo\n', '/');
    assert.equal(
      formatWarning('absolute path literals are not portable', { source: src, offset: 0 }),
      [
        'warning: absolute path literals are not portable',
        '         at /f.nix:1:1:',
        '              1| /tmp/foo',
        '               | ^',
        '              2|',
      ].join('\n'),
    );
  });
});

describe('break', () => {
  it('is the identity without a debugger', () => {
    assert.equal(evalNix('builtins.break (1 + 2)'), '3');
    assert.equal(evalNix('builtins.break [ 1 ]'), '[ 1 ]');
  });
});

describe('addErrorContext', () => {
  it('passes a value through', () => {
    assert.equal(evalNix('builtins.addErrorContext "ctx" (1 + 1)'), '2');
  });

  it('adds its message to the trace of an error in its second argument', () => {
    const text = report('builtins.addErrorContext "while doing ${"x"}" (throw "boom")', true);
    assert.ok(text.includes(`${ELLIPSIS} while doing x\n`), text);
    assert.match(text, /error: boom$/);
  });

  it('keeps its entries when the trace is cut short (no --show-trace)', () => {
    const expr = 'let f = n: builtins.addErrorContext "ctx ${toString n}" (if n == 0 then throw "boom" else f (n - 1)); in f 8';
    const text = report(expr, false);
    for (let n = 0; n <= 8; n++) assert.ok(text.includes(`${ELLIPSIS} ctx ${n}\n`), `ctx ${n} missing:\n${text}`);
    assert.match(text, /\(stack trace truncated; use '--show-trace' to show the full, detailed trace\)/);
    assert.match(text, /error: boom$/);
  });

  it('is catchable exactly when the error is', () => {
    assert.equal(evalNix('(builtins.tryEval (builtins.addErrorContext "c" (throw "x"))).success'), 'false');
    assert.equal(
      evalError('builtins.tryEval (builtins.addErrorContext "c" (abort "x"))'),
      "evaluation aborted with the following error message: 'x'",
    );
  });
});
