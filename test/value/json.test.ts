// Expected output and messages are CppNix 2.26's (and, for __toString /
// outPath peeling, the conformance suite's newer wording).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvalError, NixError, ThrownError } from '../../src/errors/error.js';
import { NixAttrs } from '../../src/value/attrs.js';
import { fromJSON } from '../../src/value/json.js';
import { jsonQuote, printJSON, toJSON, utf8Error } from '../../src/value/to-json.js';
import { printValue } from '../../src/value/print.js';
import { NixFloat, NixPath, NixString, PrimOp, type Value } from '../../src/value/types.js';
import { attrs, FakeRuntime, lambda, lazy } from './fake-runtime.js';

const rt = new FakeRuntime();
const j = (v: Value): string => printJSON(v, rt);

function failure(fn: () => unknown): NixError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof NixError, String(e));
    return e;
  }
  assert.fail('expected an error');
}

describe('toJSON', () => {
  it('serialises scalars, lists and sets (the eval-okay-tojson case)', () => {
    const v = attrs({
      a: 123,
      b: -456,
      c: 'foo',
      d: 'foo\n"bar"',
      e: true,
      f: false,
      g: [1, 2, 3],
      h: ['a', ['b', attrs({ 'foo\nbar': NixAttrs.empty })]],
      i: lazy(() => 3),
      j: new NixFloat(1.44),
      k: attrs({ __toString: lambda((self) => (self as NixAttrs).get('a')!), a: 'foo' }),
    });
    assert.equal(
      j(v),
      '{"a":123,"b":-456,"c":"foo","d":"foo\\n\\"bar\\"","e":true,"f":false,"g":[1,2,3],"h":["a",["b",{"foo\\nbar":{}}]],"i":3,"j":1.44,"k":"foo"}',
    );
    assert.equal(
      j(attrs({ b: null, a: true, c: [], d: NixAttrs.empty, e: -5, f: 9223372036854775807n })),
      '{"a":true,"b":null,"c":[],"d":{},"e":-5,"f":9223372036854775807}',
    );
  });

  it('writes ints in decimal, at every length and sign', () => {
    const ints: Value[] = [0, -0, 1, 9, 10, 99, 100, -1, -10, 123456789, 9007199254740991, -9007199254740991];
    assert.equal(j(ints), '[0,0,1,9,10,99,100,-1,-10,123456789,9007199254740991,-9007199254740991]');
    assert.equal(
      j([9007199254740992n, 9223372036854775807n, -9223372036854775808n]),
      '[9007199254740992,9223372036854775807,-9223372036854775808]',
    );
    for (let n = 1; n < 1e15; n *= 7) assert.equal(j([n, -n]), `[${n},${-n}]`);
  });

  it('formats floats as nlohmann does', () => {
    assert.equal(
      j([new NixFloat(-0), new NixFloat(1e-5), new NixFloat(1), new NixFloat(1e21), new NixFloat(Infinity)]),
      '[-0.0,1e-05,1.0,1e+21,null]',
    );
  });

  it('escapes strings as nlohmann does', () => {
    assert.equal(
      j('a"b\\c\n\r\t\x01\x1f\x7f \xc3\xa9 \xe2\x82\xac/\x08\x0c'),
      '"a\\"b\\\\c\\n\\r\\t\\u0001\\u001f\x7f \xc3\xa9 \xe2\x82\xac/\\b\\f"',
    );
    assert.equal(jsonQuote('plain'), '"plain"');
  });

  it('writes output longer than its first buffer, escapes included', () => {
    // Every byte escaped (6 bytes each) in a string much longer than 4 KiB.
    const controls = '\x01'.repeat(5000);
    assert.equal(j(controls), '"' + '\\u0001'.repeat(5000) + '"');
    const mixed = 'a\n\xc3\xa9"'.repeat(3000);
    assert.equal(j([mixed, mixed]), '[' + jsonQuote(mixed) + ',' + jsonQuote(mixed) + ']');
    const many = Array.from({ length: 20000 }, (_, i): Value => i);
    assert.equal(j(many), '[' + many.join(',') + ']');
  });

  it('copies well-formed UTF-8 and reports the first ill-formed sequence', () => {
    assert.equal(j(['\n', '\xc3\xa9\xf0\x9f\x98\x80ok\x01']), '["\\n","\xc3\xa9\xf0\x9f\x98\x80ok\\u0001"]');
    const msg = (s: string): string => failure(() => j(['ok', s, 'x\xff'])).message;
    assert.equal(msg('ab\xc3'), 'JSON serialization error: [json.exception.type_error.316] incomplete UTF-8 string; last byte: 0xC3');
    assert.equal(
      msg('x\xc3\xa9\xe4\xb8\xad\xed\xa0\x80z'),
      'JSON serialization error: [json.exception.type_error.316] invalid UTF-8 byte at index 7: 0xA0',
    );
  });

  it('rejects invalid UTF-8 once everything is evaluated', () => {
    assert.equal(
      failure(() => j('_invalid UTF-8: \xff_')).message,
      'JSON serialization error: [json.exception.type_error.316] invalid UTF-8 byte at index 16: 0xFF',
    );
    assert.equal(utf8Error('ab\xc3'), 'incomplete UTF-8 string; last byte: 0xC3');
    assert.equal(utf8Error('ab\xed\xa0\x80'), 'invalid UTF-8 byte at index 3: 0xA0');
    assert.equal(utf8Error('\xc0\x80'), 'invalid UTF-8 byte at index 0: 0xC0');
    assert.equal(utf8Error('\xf4\x90\x80\x80'), 'invalid UTF-8 byte at index 1: 0x90');
    assert.equal(utf8Error('\xf0\x9f\x98\x80 ok'), null);
    // An evaluation error later in the value wins over the encoding error.
    const e = failure(() =>
      j([
        '\xff',
        lazy(() => {
          throw new ThrownError('later');
        }),
      ]),
    );
    assert.equal(e.message, 'later');
  });

  it('keeps the context of the strings', () => {
    const r = toJSON([new NixString('/nix/store/a', ['/nix/store/a']), 'x'], rt);
    assert.ok(r instanceof NixString);
    assert.deepEqual(r.context, ['/nix/store/a']);
  });

  it('copies paths to the store', () => {
    const r = toJSON(new NixPath('/tmp/t.nix'), rt, { copyPathToStore: () => '/nix/store/fxb6-t.nix' });
    assert.ok(r instanceof NixString);
    assert.equal(r.value, '"/nix/store/fxb6-t.nix"');
    assert.deepEqual(r.context, ['/nix/store/fxb6-t.nix']);
    assert.equal(failure(() => j(new NixPath('/tmp/t.nix'))).message, "cannot copy path '/tmp/t.nix' to the store: no store is available");
    assert.equal(printJSON(new NixPath('/tmp/t.nix'), rt, { copyToStore: false }), '"/tmp/t.nix"');
  });

  it('peels __toString and outPath (eval-okay-toJSON-peel)', () => {
    assert.equal(j(attrs({ outPath: 'hello' })), '"hello"');
    assert.equal(j(attrs({ outPath: 42 })), '42');
    assert.equal(j(attrs({ outPath: attrs({ outPath: 'nested' }) })), '"nested"');
    assert.equal(j(attrs({ outPath: attrs({ a: 1, b: 2 }) })), '{"a":1,"b":2}');
    assert.equal(
      j(
        attrs({
          __toString: lambda(() => 'won'),
          outPath: lazy(() => {
            throw new EvalError('unreached');
          }),
        }),
      ),
      '"won"',
    );
    assert.equal(j(attrs({ __toString: lambda(() => attrs({ outPath: 'deep' })) })), '"deep"');
    const other = attrs({ __toString: lambda(() => 'hello') });
    assert.equal(
      j(
        attrs({
          outPath: [
            '1',
            attrs({ a: 1, b: attrs({ outPath: ['p'] }) }),
            42,
            ['42'],
            attrs({ __toString: lambda((s) => (s as NixAttrs).get('other')!), other }),
          ],
        }),
      ),
      '["1",{"a":1,"b":["p"]},42,["42"],"hello"]',
    );
  });

  it('reports __toString results that are not strings', () => {
    const e = failure(() => j(attrs({ __toString: lambda(() => 42) })));
    assert.equal(e.message, '`__toString` should return a string, but got an integer: 42');
    assert.deepEqual(
      e.trace.map((t) => t.message),
      ['while using the result of the `__toString` attribute'],
    );
    const s = failure(() => j(attrs({ __toString: lambda(() => attrs({ a: 1 })) })));
    assert.equal(s.message, '`__toString` must return a string, but got a set: { a = 1; }');
    const nested = failure(() => j(attrs({ outPath: attrs({ __toString: lambda(() => 42) }) })));
    assert.deepEqual(
      nested.trace.map((t) => t.message),
      ['while using the result of the `__toString` attribute', 'while using the `outPath` attribute'],
    );
  });

  it('names where a failure happened (eval-fail-toJSON)', () => {
    const v = attrs({
      a: attrs({
        b: [
          true,
          false,
          "it's a bird",
          attrs({
            c: attrs({
              d: lazy(() => {
                throw new ThrownError('hah no');
              }),
            }),
          }),
        ],
      }),
    });
    const e = failure(() => j(v));
    assert.equal(e.message, 'hah no');
    assert.deepEqual(e.trace.map((t) => t.message).reverse(), [
      "while evaluating attribute 'a'",
      "while evaluating attribute 'b'",
      'while evaluating list element at index 3',
      "while evaluating attribute 'c'",
      "while evaluating attribute 'd'",
    ]);
  });

  it('cannot convert functions, nor thunks when not strict', () => {
    assert.equal(failure(() => j([1, lambda((x) => x)])).message, 'cannot convert a function to JSON');
    assert.equal(failure(() => j(new PrimOp('map', 2, () => null))).message, "cannot convert the built-in function 'map' to JSON");
    assert.equal(failure(() => printJSON([lazy(() => 1)], rt, { strict: false })).message, 'cannot convert a thunk to JSON');
  });

  it('fails deep values with CppNix’s call-depth error, not a JS overflow', () => {
    let list: Value = null;
    for (let i = 0; i < 100000; i++) list = attrs({ head: i, tail: list });
    const e = failure(() => j(list));
    assert.equal(e.message, 'stack overflow; max-call-depth exceeded');
    const t = e.trace.map((x) => x.message);
    assert.equal(t.length, 9999);
    assert.equal(t[0], "while evaluating attribute 'head'");
    assert.equal(t.filter((m) => m === "while evaluating attribute 'tail'").length, 9998);
    // Within the limit it works.
    let small: Value = null;
    for (let i = 0; i < 5000; i++) small = [i, small];
    assert.ok(j(small).startsWith('[4999,[4998,'));
  });
});

describe('fromJSON', () => {
  const p = (s: string): string => printValue(fromJSON(s));
  const err = (s: string): string => failure(() => fromJSON(s)).message;

  it('parses values (eval-okay-fromjson)', () => {
    assert.equal(
      p('{"b":1,"a":[3.14159, 23493,null, true  ,false, -10], "c": "x"}'),
      '{ a = [ 3.14159 23493 null true false -10 ]; b = 1; c = "x"; }',
    );
    assert.equal(p(' [ 1 , 2 ] '), '[ 1 2 ]');
    assert.equal(p('{}'), '{ }');
    assert.equal(p('[]'), '[ ]');
    assert.equal(p('\xef\xbb\xbf1'), '1');
  });

  it('keeps ints in int64, else makes floats', () => {
    assert.equal(p('9223372036854775807'), '9223372036854775807');
    assert.equal(p('-9223372036854775808'), '-9223372036854775808');
    assert.equal(p('-9223372036854775809'), '-9.22337e+18');
    assert.equal(p('18446744073709551616'), '1.84467e+19');
    assert.equal(p('-0'), '0');
    assert.equal(p('-0.0'), '-0');
    assert.equal(p('1e-400'), '0');
    assert.equal(p('1.5E+2'), '150');
    assert.equal(err('18446744073709551615'), 'unsigned json number 18446744073709551615 outside of Nix integer range');
    assert.equal(err('9223372036854775808'), 'unsigned json number 9223372036854775808 outside of Nix integer range');
    assert.equal(err('1e400'), "[json.exception.out_of_range.406] number overflow parsing '1e400'");
  });

  it('reads short ints directly and longer numbers in full', () => {
    assert.equal(
      p('[1,12,999999999999999,-999999999999999,1000000000000000,-1000000000000000,9007199254740993,-9007199254740993]'),
      '[ 1 12 999999999999999 -999999999999999 1000000000000000 -1000000000000000 9007199254740993 -9007199254740993 ]',
    );
    assert.equal(fromJSON('9007199254740993'), 9007199254740993n);
    assert.equal(p('[7e1,70.5,1E2,100000000000000e0,-0,10]'), '[ 70 70.5 100 1e+14 0 10 ]');
    // Positions after a number stay as nlohmann counts them.
    assert.equal(
      err('[123\n x]'),
      "[json.exception.parse_error.101] parse error at line 2, column 2: syntax error while parsing array - invalid literal; last read: '123<U+000A> x'; expected ']'",
    );
    assert.equal(
      err('{"a":12,"b":-7\n\n,"c":3 "d"}'),
      "[json.exception.parse_error.101] parse error at line 3, column 10: syntax error while parsing object - unexpected string literal; expected '}'",
    );
    assert.equal(
      err('[12x]'),
      "[json.exception.parse_error.101] parse error at line 1, column 4: syntax error while parsing array - invalid literal; last read: '12x'; expected ']'",
    );
  });

  it('decodes escapes and surrogate pairs to UTF-8 (eval-okay-fromjson-escapes)', () => {
    const s = fromJSON(
      '"quote \\" reverse solidus \\\\ solidus \\/ backspace \\b formfeed \\f newline \\n \\u00e9 \\u0161 \\u2192 \\ud83d\\ude00"',
    );
    assert.equal(
      s,
      'quote " reverse solidus \\ solidus / backspace \b formfeed \f newline \n \xc3\xa9 \xc5\xa1 \xe2\x86\x92 \xf0\x9f\x98\x80',
    );
  });

  it('lets the last duplicate key win', () => {
    assert.equal(p('{"a":1,"a":2}'), '{ a = 2; }');
    assert.equal(p('{"b":1,"a":2,"b":3}'), '{ a = 2; b = 3; }');
  });

  it('builds sets from sorted and unsorted keys alike', () => {
    const sorted = fromJSON('{"a":1,"b":{"x":true,"y":[]},"c":"z"}');
    assert.ok(sorted instanceof NixAttrs);
    assert.deepEqual(sorted.keys, ['a', 'b', 'c']);
    assert.equal(sorted.get('c'), 'z');
    const unsorted = fromJSON('{"c":1,"a":2,"b":3}');
    assert.ok(unsorted instanceof NixAttrs);
    assert.deepEqual(unsorted.keys, ['a', 'b', 'c']);
    assert.deepEqual(unsorted.values, [2, 3, 1]);
    // Byte order: upper case before lower case, multi-byte after ASCII.
    assert.deepEqual((fromJSON('{"\xc3\xa9":1,"b":2,"B":3}') as NixAttrs).keys, ['B', 'b', '\xc3\xa9']);
  });

  it('parses objects alike and unalike in a list (keys matched against the previous object)', () => {
    const text =
      '[{"a":1,"b":2},{"a":3,"b":4},{"a":5},{"a":6,"b":7,"c":8},{"b":1,"a":2,"b":3},{"b":4,"a":5,"b":6},' +
      '{"a\\u0041":1},{"aA":2},{"a\\"b":1},{"a\\"b":2},{"ab":1},{"a\\u0062":2},{"abc":3},{"\xc3\xa9":1},{"\xc3\xa9":2},{}]';
    assert.equal(
      p(text),
      '[ { a = 1; b = 2; } { a = 3; b = 4; } { a = 5; } { a = 6; b = 7; c = 8; } { a = 2; b = 3; } { a = 5; b = 6; } ' +
        '{ aA = 1; } { aA = 2; } { "a\\"b" = 1; } { "a\\"b" = 2; } { ab = 1; } { ab = 2; } { abc = 3; } { "\xc3\xa9" = 1; } { "\xc3\xa9" = 2; } { } ]',
    );
    // Sets of the same sorted shape share one key array.
    const [first, second] = fromJSON('[{"a":1,"b":{"c":2}},{"a":3,"b":{"c":4}}]') as NixAttrs[];
    assert.equal(first!.keys, second!.keys);
    assert.equal((first!.get('b') as NixAttrs).keys, (second!.get('b') as NixAttrs).keys);
    // An error in a key that starts like the expected one is still reported where it is.
    assert.equal(
      err('[{"a":1,"b":2},{"a":3,"b\x01":4}]'),
      "[json.exception.parse_error.101] parse error at line 1, column 25: syntax error while parsing object key - invalid string: control character U+0001 (SOH) must be escaped to \\u0001; last read: '\"b<U+0001>'; expected string literal",
    );
  });

  it('keeps strings without escapes as they are, UTF-8 included', () => {
    assert.equal(fromJSON('"plain text"'), 'plain text');
    assert.equal(fromJSON('["", "x"]') instanceof Array, true);
    assert.equal(p('["", "x"]'), '[ "" "x" ]');
    assert.equal(fromJSON('"a\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 z"'), 'a\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80 z');
    assert.equal(fromJSON('"\xc3\xa9\\n\xe4\xb8\xad\\u0041"'), '\xc3\xa9\n\xe4\xb8\xadA');
  });

  it('reports ill-formed UTF-8 after well-formed text where it is', () => {
    const prefix = '[json.exception.parse_error.101] parse error at line 1, column ';
    assert.equal(
      err('["ab\xc3\xa9\xff zz"]'),
      prefix + "7: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"ab\xc3\xa9\xff'",
    );
    assert.equal(
      err('["ab\xe4\xb8'),
      prefix + "7: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"ab\xe4\xb8'",
    );
    assert.equal(
      err('["ab\xed\xa0\x80"]'),
      prefix + "6: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"ab\xed\xa0'",
    );
  });

  it('takes only a decoded \\u0000 for a NUL', () => {
    assert.equal(fromJSON('"\\u0030\\\\u0000"'), '0\\u0000');
  });

  it('rejects NUL in strings and keys', () => {
    assert.equal(err('"a\\u0000b"'), "input string 'a\xe2\x90\x80b' cannot be represented as Nix string because it contains null bytes");
    assert.equal(
      err('{"a\\u0000b": 1}'),
      "input string 'a\xe2\x90\x80b' cannot be represented as Nix string because it contains null bytes",
    );
    assert.deepEqual(failure(() => fromJSON('"\\u0000"')).trace, []);
  });

  it('reports syntax errors as nlohmann does, under "while decoding a JSON string"', () => {
    const cases: Array<[string, string]> = [
      ['{', 'parse error at line 1, column 2: syntax error while parsing object key - unexpected end of input; expected string literal'],
      ['[1,]', "parse error at line 1, column 4: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal"],
      [
        '',
        'parse error at line 1, column 1: attempting to parse an empty input; check that your input string or stream contains the expected JSON',
      ],
      ['tru', "parse error at line 1, column 4: syntax error while parsing value - invalid literal; last read: 'tru'"],
      ['01', 'parse error at line 1, column 2: syntax error while parsing value - unexpected number literal; expected end of input'],
      [
        '1.',
        "parse error at line 1, column 3: syntax error while parsing value - invalid number; expected digit after '.'; last read: '1.'",
      ],
      [
        '"\\ud800"',
        'parse error at line 1, column 8: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: \'"\\ud800"\'',
      ],
      [
        '"\\udc00"',
        "parse error at line 1, column 7: syntax error while parsing value - invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF; last read: '\"\\udc00'",
      ],
      [
        '"\\x"',
        "parse error at line 1, column 3: syntax error while parsing value - invalid string: forbidden character after backslash; last read: '\"\\x'",
      ],
      [
        '"a\nb"',
        "parse error at line 2, column 0: syntax error while parsing value - invalid string: control character U+000A (LF) must be escaped to \\u000A or \\n; last read: '\"a<U+000A>'",
      ],
      ['{"a" 1}', "parse error at line 1, column 6: syntax error while parsing object separator - unexpected number literal; expected ':'"],
      ['[1', "parse error at line 1, column 3: syntax error while parsing array - unexpected end of input; expected ']'"],
      [
        'nulll',
        "parse error at line 1, column 5: syntax error while parsing value - invalid literal; last read: 'nulll'; expected end of input",
      ],
      ['[1, x]', "parse error at line 1, column 5: syntax error while parsing value - invalid literal; last read: '1, x'"],
      ['[1.5.3]', "parse error at line 1, column 5: syntax error while parsing array - invalid literal; last read: '1.5.'; expected ']'"],
      [
        '[-]',
        "parse error at line 1, column 3: syntax error while parsing value - invalid number; expected digit after '-'; last read: '-]'",
      ],
      [
        '"\\u12G4"',
        "parse error at line 1, column 6: syntax error while parsing value - invalid string: '\\u' must be followed by 4 hex digits; last read: '\"\\u12G'",
      ],
      [
        '"abc',
        "parse error at line 1, column 5: syntax error while parsing value - invalid string: missing closing quote; last read: '\"abc'",
      ],
      [
        '"\xff"',
        "parse error at line 1, column 2: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"\xff'",
      ],
      [
        '\xef\xbb1',
        "parse error at line 1, column 3: syntax error while parsing value - invalid BOM; must be 0xEF 0xBB 0xBF if given; last read: '\xef\xbb1'",
      ],
    ];
    for (const [text, msg] of cases) {
      const e = failure(() => fromJSON(text));
      assert.equal(e.message, `[json.exception.parse_error.101] ${msg}`, JSON.stringify(text));
      assert.deepEqual(
        e.trace.map((t) => t.message),
        ['while decoding a JSON string'],
      );
    }
  });

  it('round-trips through toJSON', () => {
    const text = '{"a":[1,-2,3.5,"x\\n\xc3\xa9",null,true,{}],"b":{"c":[]}}';
    assert.equal(j(fromJSON(text)), text);
  });

  it('parses very deep documents without overflowing', () => {
    const depth = 100000;
    const v = fromJSON('['.repeat(depth) + ']'.repeat(depth));
    let d = 0;
    let x: Value = v;
    while (Array.isArray(x) && x.length > 0) {
      x = x[0]!;
      d++;
    }
    assert.equal(d, depth - 1);
  });
});
