// The library's browser entry (what package.json's `browser` and `default`
// conditions give): the same API with an empty in-memory world by default,
// and the helpers the playground is built on.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as browser from '../../src/browser.js';
import * as node from '../../src/index.js';
import { binaryToText, bytesToBinary, textToBinary } from '../../src/value/binary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the browser entry', () => {
  it('sees nothing of the host without io or sandbox', () => {
    assert.equal(browser.evaluate('builtins.pathExists /etc/passwd'), false);
    assert.equal(node.evaluate('builtins.pathExists /tmp'), true);
  });
  it('exports what the Node entry does, but NodeIO', () => {
    const missing = Object.keys(node).filter((k) => !(k in browser));
    assert.deepEqual(missing, ['NodeIO']);
  });
  it('parses and prints the tree as nix-instantiate --parse does', () => {
    assert.equal(browser.printExpr(browser.parse('{ a.b = 1; }')), '{ a = { b = 1; }; }');
    assert.throws(
      () => browser.parse('x'),
      (e: unknown) => e instanceof browser.NixError && /undefined variable 'x'/.test(e.message),
    );
  });
  it('lists bytecode with the source position of every op', () => {
    const chunks = browser.listBytecode('x: x + 1');
    const add = chunks.flatMap((c) => c.instructions).find((i) => i.op === 'Add');
    assert.ok(add !== undefined && add.pos !== null);
    assert.equal(browser.disassemble('x: x + 1').split('\n')[0], chunks[0]!.header);
  });
  it('prints JSON, copying paths from the same world', () => {
    const sandbox = { files: { '/x.txt': 'hi' } };
    const v = browser.evaluate('{ p = ./x.txt; s = "é"; }', { sandbox, strict: true });
    assert.match(browser.toText(browser.toJSONText(v, { sandbox })), /^\{"p":"\/nix\/store\/[a-z0-9]{32}-x\.txt","s":"é"\}$/);
  });
  it('converts binary strings without Buffer', () => {
    assert.equal(textToBinary('é'), '\xc3\xa9');
    assert.equal(binaryToText('\xc3\xa9'), 'é');
    const big = new Uint8Array(100_000).map((_, i) => i & 0xff);
    assert.equal(bytesToBinary(big, 70_000).length, 70_000);
    assert.equal(bytesToBinary(big).charCodeAt(99_999), 99_999 & 0xff);
  });
  it('is bundled for the browser by the build', () => {
    const bundle = fs.readFileSync(path.join(root, 'dist', 'browser', 'tsnix.js'), 'utf8');
    assert.doesNotMatch(bundle, /\bBuffer\b|from\s*"node:/);
  });
});
