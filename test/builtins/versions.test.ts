// compareVersions, splitVersion and parseDrvName, checked against CppNix 2.26.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, componentsLT, nextComponent, parseDrvName, splitVersion } from '../../src/builtins/versions.js';

function cmp(a: string, b: string, expected: -1 | 0 | 1): void {
  assert.equal(compareVersions(a, b), expected, `compareVersions ${JSON.stringify(a)} ${JSON.stringify(b)}`);
  assert.equal(compareVersions(b, a), expected === 0 ? 0 : -expected, `compareVersions ${JSON.stringify(b)} ${JSON.stringify(a)}`);
}

describe('compareVersions', () => {
  it('orders the usual cases', () => {
    cmp('1.0', '2.3', -1);
    cmp('2.1', '2.3', -1);
    cmp('2.3', '2.3', 0);
    cmp('2.5', '2.3', 1);
    cmp('3.1', '2.3', 1);
    cmp('2.3.1', '2.3', 1);
    cmp('2.3.1', '2.3a', 1);
    cmp('2.3pre1', '2.3', -1);
    cmp('2.3pre3', '2.3pre12', -1);
    cmp('2.3a', '2.3c', -1);
    cmp('2.3pre1', '2.3c', -1);
    cmp('2.3pre1', '2.3q', -1);
    cmp('2.3a', '2.3.1', -1);
  });

  it('follows the component rules exactly', () => {
    cmp('1.0', '1', 1); // "" < "0"
    cmp('1.0', '1.', 1);
    cmp('1-a', '1.a', 0); // '.' and '-' both separate
    cmp('1..2', '1.2', 0);
    cmp('', '', 0);
    cmp('a', '', 1);
    cmp('pre', '', -1);
    cmp('1pre', '1', -1);
    cmp('1a', '1pre', 1);
    cmp('1.01', '1.1', 0);
    cmp('00001', '1', 0);
    cmp('1.2a', '1.2.0', -1);
    cmp('a', 'b', -1);
    cmp('B', 'a', -1); // bytes
    cmp('\xc3\xa9', 'e', 1); // unsigned bytes
  });

  it('treats numbers too large for an int as non-numeric', () => {
    cmp('1.99999999999', '1.1', -1);
    cmp('1.2147483647', '1.2147483648', 1);
    cmp('2147483647', '2147483646', 1);
  });

  it('exposes the component helpers', () => {
    assert.deepEqual(nextComponent('..1.2', 0), ['1', 3]);
    assert.deepEqual(nextComponent('abc1', 0), ['abc', 3]);
    assert.deepEqual(nextComponent('1.', 1), ['', 2]);
    assert.equal(componentsLT('', '1'), true);
    assert.equal(componentsLT('pre', 'pre'), false);
  });
});

describe('splitVersion', () => {
  it('splits into components', () => {
    assert.deepEqual(splitVersion('1.2.3'), ['1', '2', '3']);
    assert.deepEqual(splitVersion('1.2.3a-pre4..x'), ['1', '2', '3', 'a', 'pre', '4', 'x']);
    assert.deepEqual(splitVersion(''), []);
    assert.deepEqual(splitVersion('...'), []);
    assert.deepEqual(splitVersion('-1'), ['1']);
    assert.deepEqual(splitVersion('\xc3\xa91'), ['\xc3\xa9', '1']);
  });
});

describe('parseDrvName', () => {
  it('splits at the first dash not followed by a letter', () => {
    assert.deepEqual(parseDrvName('hello-1.0.2'), { name: 'hello', version: '1.0.2' });
    assert.deepEqual(parseDrvName('hello'), { name: 'hello', version: '' });
    assert.deepEqual(parseDrvName('915resolution-0.5.2'), { name: '915resolution', version: '0.5.2' });
    assert.deepEqual(parseDrvName('xf86-video-i810-1.7.4'), { name: 'xf86-video-i810', version: '1.7.4' });
    assert.deepEqual(parseDrvName('name-that-ends-with-dash--1.0'), { name: 'name-that-ends-with-dash', version: '-1.0' });
    assert.deepEqual(parseDrvName('a-b-c-1-2'), { name: 'a-b-c', version: '1-2' });
    assert.deepEqual(parseDrvName('a--b'), { name: 'a', version: '-b' });
    assert.deepEqual(parseDrvName('a-_'), { name: 'a', version: '_' });
    assert.deepEqual(parseDrvName('foo-'), { name: 'foo-', version: '' });
    assert.deepEqual(parseDrvName('-1'), { name: '', version: '1' });
    assert.deepEqual(parseDrvName(''), { name: '', version: '' });
    // A byte >= 0x80 is not a letter in the C locale.
    assert.deepEqual(parseDrvName('foo-\xc3\xa9'), { name: 'foo', version: '\xc3\xa9' });
  });
});
