// Messages on stderr are filtered as CppNix's logger filters them
// (expected outputs from CppNix 2.26, stderr not a terminal).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterAnsiEscapes } from '../../src/errors/ansi.js';

const E = '\x1b';

describe('filterAnsiEscapes', () => {
  it('leaves plain text alone', () => {
    assert.equal(filterAnsiEscapes('error: x\n  at y', false), 'error: x\n  at y');
  });

  it('drops colours off a terminal, keeps them on one', () => {
    // nixpkgs lib's module errors: `${warn (escapeNixString _type)}`.
    const text = `found a value of type ${E}[1;35m"configuration"${E}[0m.`;
    assert.equal(filterAnsiEscapes(text, false), 'found a value of type "configuration".');
    assert.equal(filterAnsiEscapes(text, true), text);
  });

  it('drops other escapes everywhere: cursor moves, OSC up to the next ESC, two-byte escapes', () => {
    assert.equal(filterAnsiEscapes(`a${E}[2Kb`, true), 'ab');
    assert.equal(filterAnsiEscapes(`${E}]8;;http://x${E}\\link${E}]8;;\x07 x${E}(B`, false), 'link(B');
  });

  it('expands tabs to the next multiple of 8, counted from the start of the message', () => {
    assert.equal(filterAnsiEscapes('trace: \tx', false), 'trace:  x');
    // Newlines take no column: CppNix counts the whole message as one line.
    assert.equal(filterAnsiEscapes('trace: abc\nd\tx', false), 'trace: abc\nd     x');
    // A UTF-8 sequence is one column.
    assert.equal(filterAnsiEscapes('\xc2\xab\tx', false), '\xc2\xab       x');
  });

  it('drops carriage returns and bells', () => {
    assert.equal(filterAnsiEscapes('a\rb\x07c', false), 'abc');
  });
});
