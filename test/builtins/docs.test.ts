// The builtins' documentation (src/builtins/docs): one doc per builtin, with
// the right argument count, and examples that evaluate as they say.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BuiltinDoc, builtinDoc, builtinDocs, EXAMPLE_CWD, EXAMPLE_FILES } from '../../src/builtins/docs/index.js';
import { NixError } from '../../src/errors/error.js';
import { Evaluator } from '../../src/eval.js';
import { evaluate } from '../../src/index.js';
import { MemoryIO } from '../../src/io/memory-io.js';
import { NixAttrs } from '../../src/value/attrs.js';
import { printValue } from '../../src/value/print.js';
import { PrimOp, type Value } from '../../src/value/types.js';

/** The builtins set of a fresh evaluator, by name. */
function builtinValues(): Map<string, Value> {
  const builtins = new Evaluator({ io: new MemoryIO() }).globals.get('builtins');
  assert.ok(builtins instanceof NixAttrs);
  return new Map(builtins.keys.map((name, i) => [name, builtins.values[i]!]));
}

interface ParsedExample {
  readonly expr: string;
  readonly result: string;
  readonly stderr: string[];
}

/**
 * The examples of a doc: in each ```nix block, the lines before a `=> RESULT`
 * line are the expression, and `# stderr: TEXT` lines right after it what
 * it prints. Throws on a block ending in an expression without a result.
 */
function parseExamples(markdown: string): ParsedExample[] {
  const out: ParsedExample[] = [];
  for (const block of markdown.matchAll(/^```nix\n([\s\S]*?)^```$/gm)) {
    let lines: string[] = [];
    let last: ParsedExample | null = null;
    for (const line of block[1]!.split('\n')) {
      if (line.startsWith('=> ')) {
        last = { expr: lines.join('\n').trim(), result: line.slice(3), stderr: [] };
        assert.notEqual(last.expr, '', `a result without an expression: ${line}`);
        out.push(last);
        lines = [];
      } else if (last !== null && lines.length === 0 && line.startsWith('# stderr: ')) {
        last.stderr.push(line.slice('# stderr: '.length));
      } else {
        lines.push(line);
      }
    }
    const rest = lines.filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
    assert.deepEqual(rest, [], `an expression without a result (a line starting with "=> ") in:\n${block[0]}`);
  }
  return out;
}

/** A binary string (bytes as chars, as printValue and errors give them) as text. */
function text(binary: string): string {
  return Buffer.from(binary, 'latin1').toString('utf8');
}

/** What evaluating `expr` prints (its value, or `error: MESSAGE`), and what it writes to stderr. */
function run(expr: string): { result: string; stderr: string[] } {
  let log = '';
  const options = {
    strict: true,
    sandbox: { files: EXAMPLE_FILES, cwd: EXAMPLE_CWD },
    log: (line: string) => {
      log += line;
    },
  };
  let result: string;
  try {
    result = text(printValue(evaluate(expr, options)));
  } catch (e) {
    if (!(e instanceof NixError)) throw e;
    result = `error: ${text(e.message)}`;
  }
  return {
    result,
    stderr: text(log)
      .split('\n')
      .filter((line) => line !== ''),
  };
}

describe('builtin docs', () => {
  const values = builtinValues();

  it('document every builtin', () => {
    const missing = [...values.keys()].filter((name) => !builtinDocs.has(name));
    assert.deepEqual(missing, []);
    assert.ok(builtinDocs.has('derivation'));
  });

  it('document only builtins', () => {
    const unknown = [...builtinDocs.keys()].filter((name) => !values.has(name) && name !== 'derivation');
    assert.deepEqual(unknown, []);
  });

  it('are found by name, with or without __', () => {
    assert.equal(builtinDoc('map')?.name, 'map');
    assert.equal(builtinDoc("__foldl'")?.name, "foldl'");
    assert.equal(builtinDoc('__currentSystem')?.name, 'currentSystem');
    assert.equal(builtinDoc('noSuchBuiltin'), undefined);
    for (const [name, entry] of builtinDocs) assert.equal(entry.name, name);
  });

  it('name as many arguments as the builtin takes', () => {
    for (const [name, value] of values) {
      if (name === 'derivation') continue;
      const entry = builtinDocs.get(name)!;
      const arity = value instanceof PrimOp ? value.arity : 0;
      assert.equal(entry.args.length, arity, `${name}: documented with ${entry.args.length} arguments, takes ${arity}`);
    }
    assert.deepEqual(builtinDoc('derivation')?.args, ['attrs']);
  });

  it('have a description and a code example', () => {
    for (const entry of builtinDocs.values()) {
      const description = entry.doc.split(/^```|^ {4}/m)[0]!.trim();
      assert.ok(description.length >= 40, `${entry.name}: description too short`);
      assert.match(entry.doc, /^```[a-z]*\n[\s\S]*?^```$|^ {4}\S/m, `${entry.name}: no code block`);
      assert.ok(parseExamples(entry.doc).length > 0, `${entry.name}: no "=> result" example`);
    }
  });

  describe('examples evaluate as shown', () => {
    const checked = [...builtinDocs.values()].filter((entry: BuiltinDoc) => entry.unchecked === undefined);
    for (const entry of checked) {
      it(entry.name, () => {
        for (const example of parseExamples(entry.doc)) {
          const actual = run(example.expr);
          assert.equal(actual.result, example.result, `${entry.name}: ${example.expr}`);
          assert.deepEqual(actual.stderr, example.stderr, `${entry.name}: what ${example.expr} prints`);
        }
      });
    }
  });

  it('check all but a few examples', () => {
    const unchecked = [...builtinDocs.values()].filter((entry) => entry.unchecked !== undefined).map((entry) => entry.name);
    assert.deepEqual(unchecked.sort(), [
      'currentTime',
      'fetchGit',
      'fetchMercurial',
      'fetchTarball',
      'fetchurl',
      'getEnv',
      'nixPath',
      'nixVersion',
    ]);
  });
});
