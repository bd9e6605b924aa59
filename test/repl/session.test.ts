// The REPL's language, without a terminal (repl/session.ts): what each
// input prints, bindings, loading files, completion, :doc, errors, and an
// interrupted evaluation that leaves the session usable. The terminal
// itself is tested through a real pseudo-terminal in test/cli/repl.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Evaluator } from '../../src/eval.js';
import { MemoryIO, type MemoryEntry } from '../../src/io/memory-io.js';
import { complete } from '../../src/repl/complete.js';
import { ReplSession } from '../../src/repl/session.js';
import { docComment } from '../../src/repl/doc.js';
import { Source } from '../../src/errors/source.js';

function session(files: Record<string, MemoryEntry> = {}): { s: ReplSession; out: () => string } {
  let text = '';
  const io = new MemoryIO({ files, cwd: '/work' });
  const s = new ReplSession({
    newEvaluator: () => new Evaluator({ io }),
    write: (t) => (text += t),
    colours: false,
    cwd: '/work',
  });
  return {
    s,
    // Output is bytes (binary strings); the assertions read it as UTF-8.
    out: () => {
      const t = Buffer.from(text, 'latin1').toString('utf8');
      text = '';
      return t;
    },
  };
}

describe('the REPL session', () => {
  it('binds lazily and evaluates against the bindings', async () => {
    const { s, out } = session();
    await s.run('x = 1 + 2');
    assert.equal(out(), '');
    await s.run('x * 2');
    assert.equal(out(), '6\n');
    // Lazy: a binding that fails only fails when used.
    await s.run('bad = throw "later"');
    assert.equal(out(), '');
    await s.run(':t x');
    assert.equal(out(), 'an integer\n');
    await s.run('y = x');
    await s.run('x = 10');
    await s.run('y');
    assert.equal(out(), '3\n', 'a binding sees the names as they were when it was made');
  });

  it('prints one level deep, as nix repl does, and in full with :p', async () => {
    const { s, out } = session();
    await s.run('{ b = 1; a = [ 1 2 ]; c = { d = 1; }; e = 1 + 1; f = x: x; g = "s"; h = builtins.map; }');
    assert.equal(
      out(),
      '{\n  a = [ ... ];\n  b = 1;\n  c = { ... };\n  e = 2;\n  f = «lambda f @ «string»:1:54»;\n  g = "s";\n  h = «primop map»;\n}\n',
    );
    await s.run(':p { a = [ 1 2 ]; b = "s"; }');
    assert.equal(out(), '{\n  a = [\n    1\n    2\n  ];\n  b = "s";\n}\n');
    await s.run('[ 1 ]');
    assert.equal(out(), '[ 1 ]\n');
    await s.run('{ a = 1; }');
    assert.equal(out(), '{ a = 1; }\n');
    await s.run('{ a = [ 1 ]; }');
    assert.equal(out(), '{\n  a = [ ... ];\n}\n');
    await s.run('[ { } [ ] ]');
    assert.equal(out(), '[\n  { ... }\n  [ ... ]\n]\n');
    await s.run('{ }');
    assert.equal(out(), '{ }\n');
    await s.run('let s = { x = 1; }; in { a = s; b = s; }');
    assert.equal(out(), '{\n  a = { ... };\n  b = «repeated»;\n}\n');
    await s.run(':p "a\\nb"');
    assert.equal(out(), 'a\nb\n', ':p prints a string as its text');
    await s.run(':p [ "a\\nb" ]');
    assert.equal(out(), '[ "a\\nb" ]\n');
  });

  it('shows errors inside a value where they are, and fails on the value itself', async () => {
    const { s, out } = session();
    await s.run('{ a = throw "boom"; b = 1; }');
    assert.equal(out(), '{\n  a = «error: boom»;\n  b = 1;\n}\n');
    await s.run(':p { a = { b = throw "x"; }; }');
    // A failed attribute is still a thunk, so its set is laid out a line an attribute, as CppNix lays it out.
    assert.equal(out(), '{\n  a = {\n    b = «error: x»;\n  };\n}\n');
    await s.run('1 + "a"');
    assert.equal(
      out(),
      'error: cannot add a string to an integer\n       at «string»:1:5:\n            1| 1 + "a"\n             |     ^\n',
    );
    await s.run('1 + 1');
    assert.equal(out(), '2\n', 'the session goes on after an error');
    await s.run(':nope');
    assert.equal(out(), "error: unknown command ':nope'\n");
  });

  it('prints derivations by their .drv path', async () => {
    const { s, out } = session();
    await s.run('derivation { name = "x"; system = "s"; builder = "/b"; }');
    assert.match(out(), /^«derivation \/nix\/store\/[a-z0-9]{32}-x\.drv»\n$/);
  });

  it('tells an unfinished expression from a wrong one', () => {
    const { s } = session();
    for (const text of ['{ a = 1;', '"abc', "''abc", 'let x = 1;', '[ 1', '(1 +', 'x = {', 'if true then'])
      assert.equal(s.isIncomplete(text), true, text);
    for (const text of ['{ a = 1; }', '{ a = 1; } }', '1 +)', ':p {', '', 'x = 1']) assert.equal(s.isIncomplete(text), false, text);
  });

  it('loads files, adds sets, reloads, and toggles traces', async () => {
    const { s, out } = session({ '/work/f.nix': '{ y = 40; }', '/work/g.nix': '{ n ? 1 }: { z = n; }' });
    await s.run(':l f.nix');
    assert.equal(out(), 'Added 1 variables.\n');
    await s.run('y + 2');
    assert.equal(out(), '42\n');
    await s.run(':l g.nix');
    assert.equal(out(), 'Added 1 variables.\n', 'a function is called, as nix repl calls it');
    await s.run(':a { p = 1; q = 2; }');
    assert.equal(out(), 'Added 2 variables.\n');
    await s.run(':a 1');
    assert.match(out(), /error: expected a set but found an integer: 1/);
    await s.run('v = 5');
    await s.run(':r');
    assert.equal(out(), "Loading 'f.nix'...\nAdded 1 variables.\nLoading 'g.nix'...\nAdded 1 variables.\n");
    await s.run('v');
    assert.match(out(), /undefined variable 'v'/, ':r starts afresh');
    await s.run(':l missing.nix');
    assert.match(out(), /error: path '\/work\/missing.nix' does not exist/);
    await s.run(':te');
    assert.equal(out(), 'showing error traces\n');
    await s.run(':te false');
    assert.equal(out(), 'not showing error traces\n');
    assert.equal(await s.run(':q'), 'quit');
  });

  it('starts with installables: attribute paths in a file or an expression, as nix repl --file / --expr', async () => {
    const { s, out } = session({ '/work/inst.nix': '{ n ? 0 }: { a = { x = n + 1; }; b = 2; }' });
    await s.load([
      { kind: 'installable', from: { kind: 'file', path: 'inst.nix' }, attrPath: 'a' },
      { kind: 'installable', from: { kind: 'expr', text: '{ q = 1; }' }, attrPath: '' },
    ]);
    assert.equal(out(), "Loading installable 'a'...\nAdded 1 variables.\nLoading installable ''...\nAdded 1 variables.\n");
    await s.run('x + q');
    assert.equal(out(), '2\n');
    await s.run('b');
    assert.match(out(), /undefined variable 'b'/);
  });

  it('stops an evaluation on interrupt, and goes on', async () => {
    const { s, out } = session();
    // Bindings are not recursive (as in nix repl): f is a let.
    await s.run(
      "g = let f = n: if n == 0 then 0 else 1 + f (n - 1); in n: builtins.foldl' (a: x: a + f 2000) 0 (builtins.genList (x: x) n)",
    );
    const started = performance.now();
    const running = s.run('g 1000000');
    setTimeout(() => assert.equal(s.interrupt(), true), 200);
    await running;
    assert.equal(out(), 'error: interrupted by the user\n');
    assert.ok(performance.now() - started < 3000, 'stopped soon after the interrupt');
    await s.run('g 3');
    assert.equal(out(), '6000\n', 'the bindings are intact, and their thunks evaluate again');
    assert.equal(s.interrupt(), false, 'nothing to interrupt at the prompt');
  });

  it('completes commands, names and attribute paths, forcing only the sets on the path', async () => {
    const { s } = session({ '/work/dir/a.nix': '1', '/work/dir/sub/b.nix': '2' });
    assert.deepEqual(complete(s, 'builtins.toJS').items, ['builtins.toJSON']);
    assert.deepEqual(complete(s, ':lo').items, [':load', ':log']);
    await s.run('lib = { strings = { concatStrings = 1; concatMap = throw "not forced"; }; bad = throw "no"; }');
    assert.deepEqual(complete(s, 'lib.strings.conc').items, ['lib.strings.concatMap', 'lib.strings.concatStrings']);
    assert.deepEqual(complete(s, '1 + lib.st').items, ['lib.strings']);
    assert.equal(complete(s, '1 + lib.st').start, 4);
    assert.deepEqual(complete(s, 'lib.bad.x').items, [], 'an error on the path completes nothing');
    assert.ok(complete(s, 'li').items.includes('lib'));
    assert.ok(complete(s, 'le').items.includes('let'));
    assert.deepEqual(complete(s, ':l dir/').items, ['dir/a.nix', 'dir/sub/']);
  });

  it(':doc shows builtins and doc comments', async () => {
    const { s, out } = session({
      '/work/d.nix':
        '{\n  /**\n    Adds one to a number.\n\n    # Example\n\n    ```nix\n    inc 1\n    => 2\n    ```\n  */\n  inc = x: x + 1;\n  plain = x: x;\n}\n',
    });
    await s.run(':doc builtins.map');
    const map = out();
    assert.match(map, /^Synopsis: builtins\.map f list\n\n/);
    await s.run(':l d.nix');
    out();
    await s.run(':doc inc');
    assert.equal(
      out(),
      'Function inc\n\u2026 defined at /work/d.nix:12:9\n\nAdds one to a number.\n\nExample\n\n  \u2502 inc 1\n  \u2502 => 2\n',
    );
    await s.run(':doc plain');
    assert.equal(out(), 'Function plain\n\u2026 defined at /work/d.nix:13:11\n');
    await s.run(':doc 1');
    assert.equal(out(), 'error: value does not have documentation\n');
  });

  it('finds doc comments before a lambda or its binding, not elsewhere', () => {
    const at = (text: string, marker: string): string | null =>
      docComment({ source: new Source('t', text, '/'), offset: text.indexOf(marker) });
    assert.equal(at('/** A */ x: x', 'x:'), 'A');
    assert.equal(at('{ /** B */ a.b = y: y; }', 'y:'), 'B');
    assert.equal(at('let /** C */ "q" = z: z; in q', 'z:'), 'C');
    assert.equal(at('{ /* plain */ a = x: x; }', 'x:'), null);
    assert.equal(at('{ /** D */ a = 1; b = x: x; }', 'x:'), null);
  });
});
