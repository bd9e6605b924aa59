// Documentation's Markdown on a terminal (repl/markdown.ts): filled
// paragraphs, code behind a bar, lists, nixpkgs lib's definition lists and
// fenced divs, and colours only where asked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COLOURED_STYLE, renderMarkdown } from '../../src/repl/markdown.js';

describe('Markdown for :doc', () => {
  it('fills paragraphs to the width, keeping words and their punctuation together', () => {
    const text = 'The `fix f` value is the fixed point of `f`. It is\nlazy, [see here](https://example.org), and **very** useful.';
    assert.equal(
      renderMarkdown(text, undefined, 30),
      'The fix f value is the fixed\npoint of f. It is lazy, see\nhere, and very useful.\n',
    );
  });

  it('puts code behind a bar, and headings, lists and definitions on lines of their own', () => {
    const text = [
      '# Inputs',
      '',
      '`f`',
      ': 1\\. Function argument',
      '',
      '`list`',
      '',
      ': The list, which is long enough to be wrapped onto a second line here',
      '',
      '- one',
      '- two',
      '',
      ':::{.example}',
      '```nix',
      'f 1',
      '=> 2',
      '```',
      ':::',
    ].join('\n');
    assert.equal(
      renderMarkdown(text, undefined, 40),
      [
        'Inputs',
        '',
        'f',
        '  : 1. Function argument',
        '',
        'list',
        '',
        '  : The list, which is long enough to be',
        '    wrapped onto a second line here',
        '',
        '  - one',
        '  - two',
        '',
        '  \u2502 f 1',
        '  \u2502 => 2',
        '',
      ].join('\n'),
    );
  });

  it('colours code, emphasis and headings only with the coloured style', () => {
    const coloured = renderMarkdown('# T\n\nA `c` and *e*.', COLOURED_STYLE);
    assert.equal(coloured, '\x1b[1;91mT\x1b[0m\n\nA \x1b[1;94mc\x1b[0m and \x1b[3me\x1b[0m.\n');
    assert.ok(!renderMarkdown('# T\n\nA `c` and *e*.').includes('\x1b'));
  });
});
