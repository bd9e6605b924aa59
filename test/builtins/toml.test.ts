// builtins.fromTOML's parser. Expectations were checked against CppNix 2.26
// (toml11 4.x); timestamps follow the newer CppNix of the conformance suite,
// which normalises their text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TomlError, TomlFloat, parseToml, type TomlTable, type TomlValue } from '../../src/builtins/toml.js';

/** The tree as plain data: tables as sorted objects, floats as { float: n }. */
function plain(v: TomlValue): unknown {
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const k of [...v.keys()].sort()) o[k] = plain(v.get(k)!);
    return o;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof TomlFloat) return { float: v.value };
  if (typeof v === 'object') return { timestamp: v.value };
  return v;
}

function toml(text: string, timestamps = false): unknown {
  return plain(parseToml(text, { timestamps }));
}

function fails(text: string, message: string | RegExp, timestamps = false): void {
  assert.throws(
    () => parseToml(text, { timestamps }),
    (e: unknown) => {
      assert.ok(e instanceof TomlError, `not a TomlError: ${String(e)}`);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
    `expected ${JSON.stringify(text)} to fail`,
  );
}

function rejects(text: string): void {
  assert.throws(() => parseToml(text, { timestamps: true }), TomlError, `expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseToml: values', () => {
  it('parses a typical document', () => {
    const doc = [
      '# A comment',
      'title = "TOML Example"',
      '',
      '[owner]',
      'name = "Tom"',
      '',
      '[database]',
      'ports = [ 8001, 8001, 8002 ]',
      'enabled = true',
      '',
      '[servers.alpha]',
      'ip = "10.0.0.1"',
      '',
      '[[products]]',
      'name = "Hammer"',
      '[[products]]',
      '[[products]]',
      'name = "Nail"',
    ].join('\n');
    assert.deepEqual(toml(doc), {
      database: { enabled: true, ports: [8001, 8001, 8002] },
      owner: { name: 'Tom' },
      products: [{ name: 'Hammer' }, {}, { name: 'Nail' }],
      servers: { alpha: { ip: '10.0.0.1' } },
      title: 'TOML Example',
    });
    assert.deepEqual(toml(''), {});
    assert.deepEqual(toml('\n# only a comment\r\n'), {});
  });

  it('returns tables as Maps, so any key is an ordinary key', () => {
    const t: TomlTable = parseToml('__proto__ = 1\nconstructor = 2');
    assert.ok(t instanceof Map);
    assert.equal(t.get('__proto__'), 1);
    assert.equal(t.get('constructor'), 2);
  });

  it('parses integers within int64, as bigints beyond 2^53', () => {
    assert.deepEqual(toml('a = +99\nb = -17\nc = 0\nd = -0\ne = 1_000\nf = 5_349_221'), {
      a: 99,
      b: -17,
      c: 0,
      d: 0,
      e: 1000,
      f: 5349221,
    });
    assert.deepEqual(toml('h = 0xDEAD_beef\no = 0o755\nb = 0b11010110'), { h: 3735928559, o: 493, b: 214 });
    assert.deepEqual(toml('a = 9223372036854775807\nb = -9223372036854775808\nc = 9007199254740993\nd = 0x7fffffffffffffff'), {
      a: 9223372036854775807n,
      b: -9223372036854775808n,
      c: 9007199254740993n,
      d: 9223372036854775807n,
    });
    assert.equal(typeof parseToml('a = 9007199254740991').get('a'), 'number');
  });

  it('reports integer overflow exactly as CppNix', () => {
    fails(
      'attr = 9223372036854775808',
      '[error] toml::parse_dec_integer: too large integer: current max digits = 2^63\n' +
        ' --> fromTOML\n' +
        '   |\n' +
        ' 1 | attr = 9223372036854775808\n' +
        '   |                           ^-- must be < 2^63\n',
    );
    fails(
      'attr = -9223372036854775809',
      '[error] toml::parse_dec_integer: too large integer: current max digits = 2^63\n' +
        ' --> fromTOML\n' +
        '   |\n' +
        ' 1 | attr = -9223372036854775809\n' +
        '   |                            ^-- must be < 2^63\n',
    );
    fails(
      'x = 1\ny = 2\nz = 9223372036854775808\n',
      '[error] toml::parse_dec_integer: too large integer: current max digits = 2^63\n' +
        ' --> fromTOML\n' +
        '   |\n' +
        ' 3 | z = 9223372036854775808\n' +
        '   |                        ^-- must be < 2^63\n',
    );
    // Long lines are shown as a window of 30 bytes around the error.
    fails(
      'abcdefghi = 9223372036854775808',
      '[error] toml::parse_dec_integer: too large integer: current max digits = 2^63\n' +
        ' --> fromTOML\n' +
        '   |\n' +
        ' 1 | ... bcdefghi = 9223372036854775808\n' +
        '   |                                   ^-- must be < 2^63\n',
    );
    fails(
      'abcdefgh = 9223372036854775808 # this is a long comment that goes on and on',
      / 1 \| abcdefgh = 9223372036854775808 # this is a long comment that \.\.\.\n {3}\| {31}\^-- must be < 2\^63\n$/,
    );
    fails('attr = 0x8000000000000000', /^\[error\] toml::parse_hex_integer: too large integer: current max value = 2\^63\n/);
    fails('attr = 0o1000000000000000000000', /^\[error\] toml::parse_oct_integer: too large integer/);
    fails('attr = 0b' + '1'.repeat(64), /^\[error\] toml::parse_bin_integer: too large integer/);
  });

  it('keeps floats apart from integers', () => {
    assert.deepEqual(toml('a = +1.0\nb = 3.1415\nc = -0.01\nd = 5e+22\ne = 1e6\nf = -2E-2\ng = 6.626e-34\nh = 9_224_617.445_991_228_313'), {
      a: { float: 1 },
      b: { float: 3.1415 },
      c: { float: -0.01 },
      d: { float: 5e22 },
      e: { float: 1e6 },
      f: { float: -0.02 },
      g: { float: 6.626e-34 },
      h: { float: Number('9224617.445991228313') },
    });
    const t = parseToml('a = inf\nb = -inf\nc = nan\nd = -nan\ne = -0.0\nf = 1e-400\ng = 5e-324');
    assert.equal((t.get('a') as TomlFloat).value, Infinity);
    assert.equal((t.get('b') as TomlFloat).value, -Infinity);
    assert.ok(Number.isNaN((t.get('c') as TomlFloat).value));
    assert.equal((t.get('c') as TomlFloat).negative, false);
    assert.equal((t.get('d') as TomlFloat).negative, true); // Nix prints -nan
    assert.ok(Object.is((t.get('e') as TomlFloat).value, -0));
    assert.equal((t.get('f') as TomlFloat).value, 0);
    assert.equal((t.get('g') as TomlFloat).value, 5e-324);
    fails('attr = 1e400', /^\[error\] toml::parse_floating: failed to read floating point value from stream\n/);
  });

  it('parses strings into UTF-8 bytes', () => {
    assert.deepEqual(toml('str = "I\'m a string. \\"You can quote me\\". Name\\tJos\\u00E9\\nLocation\\tSF."'), {
      str: 'I\'m a string. "You can quote me". Name\tJos\xc3\xa9\nLocation\tSF.',
    });
    assert.deepEqual(toml('a = "\\b\\t\\n\\f\\r\\"\\\\\\U0001F600"'), { a: '\b\t\n\f\r"\\\xf0\x9f\x98\x80' });
    assert.deepEqual(toml("a = 'C:\\Users\\x'"), { a: 'C:\\Users\\x' });
    assert.deepEqual(toml('a = "\xc3\xa9"\n"\xca\x8e" = 1'), { a: '\xc3\xa9', '\xca\x8e': 1 });
    assert.deepEqual(toml('a = """\nmulti\nline"""'), { a: 'multi\nline' });
    assert.deepEqual(toml('a = """\r\nx\r\ny"""'), { a: 'x\r\ny' });
    assert.deepEqual(toml('a = """\\\n    trimmed \\\n    words"""'), { a: 'trimmed words' });
    assert.deepEqual(toml('a = """a \\   \n   b"""'), { a: 'a b' });
    assert.deepEqual(toml("a = '''\nraw \\n\n  text'''"), { a: 'raw \\n\n  text' });
    assert.deepEqual(toml('a = """a""""\nb = """a"""""'), { a: 'a"', b: 'a""' });
    assert.deepEqual(toml("a = '''foo'''''"), { a: "foo''" });
    assert.deepEqual(toml('a = [ "all", \'strings\', """are the same""", \'\'\'type\'\'\']'), {
      a: ['all', 'strings', 'are the same', 'type'],
    });
  });

  it('rejects bad strings', () => {
    for (const doc of [
      'a = "\\e"', // TOML 1.1 only
      'a = "\\x41"', // TOML 1.1 only
      'a = "\\a"',
      'a = "\\ud800"',
      'a = "\\U00110000"',
      'a = "\\u12"',
      'a = "\x01"',
      'a = "new\nline"',
      'a = "\xff"', // invalid UTF-8
      "a = '\xed\xa0\x80'", // a UTF-8 encoded surrogate
      'a = "unterminated',
      'a = """unterminated',
      'a = """a""""""',
      'a = """ \\ x"""',
    ]) {
      rejects(doc);
    }
    fails('a = "\\ud800"', /^\[error\] toml::parse_utf8_codepoint: \[0xD800, 0xDFFF\] is not a valid UTF-8\n/);
  });

  it('rejects null bytes as Nix does', () => {
    fails('"a\\u0000b" = 1', "error: input string 'a\xe2\x90\x80b' cannot be represented as Nix string because it contains null bytes");
    fails('k = "a\\u0000b"', "error: input string 'a\xe2\x90\x80b' cannot be represented as Nix string because it contains null bytes");
  });

  it('parses arrays and inline tables', () => {
    assert.deepEqual(toml('a = []\nb = [ [1, 2], ["a"], [] ]\nc = [1, "mixed", 2.0, true]'), {
      a: [],
      b: [[1, 2], ['a'], []],
      c: [1, 'mixed', { float: 2 }, true],
    });
    assert.deepEqual(toml('a = [\n  1, # one\n  2, # two\n]\nb = [\n]'), { a: [1, 2], b: [] });
    assert.deepEqual(toml('a = [[{ b = true }]]\nc = [ [ { d = true } ] ]\ne = [[123]]'), {
      a: [[{ b: true }]],
      c: [[{ d: true }]],
      e: [[123]],
    });
    assert.deepEqual(toml('name = { first = "Tom", last = "Preston-Werner" }\nanimal = { type.name = "pug" }\ne = {}'), {
      animal: { type: { name: 'pug' } },
      e: {},
      name: { first: 'Tom', last: 'Preston-Werner' },
    });
    assert.deepEqual(toml('a = {b.c = 1, b.d = 2}'), { a: { b: { c: 1, d: 2 } } });
    for (const doc of [
      'a = [1 2]',
      'a = [,]',
      'a = [1,,2]',
      'a = { x = 1, }',
      'a = { x = 1\n}',
      'a = {\n}',
      'a = { x = 1, x = 2 }',
      'a = {b.c = 1, b = 2}',
    ]) {
      rejects(doc);
    }
    fails('a = { b = 1, }', /^\[error\] toml::parse_inline_table: trailing comma is not allowed in TOML-v1.0.0\)\n/);
  });

  it('parses keys', () => {
    assert.deepEqual(toml('"127.0.0.1" = 1\n"character encoding" = 2\n\'quoted "value"\' = 3\n"" = 4\n1234 = 5\n-1 = 6\nabc-DEF_123 = 7'), {
      '': 4,
      '-1': 6,
      '1234': 5,
      '127.0.0.1': 1,
      'abc-DEF_123': 7,
      'character encoding': 2,
      'quoted "value"': 3,
    });
    assert.deepEqual(toml('a . b . c = 1\nsite."google.com" = true\n1.2 = 3\ntrue = 4'), {
      '1': { '2': 3 },
      a: { b: { c: 1 } },
      site: { 'google.com': true },
      true: 4,
    });
    for (const doc of [
      'a..b = 1',
      'a. = 1',
      '.a = 1',
      '= 1',
      'a',
      'a = ',
      '\xc3\xa9 = 1',
      'a = 1 b = 2',
      'a = truex',
      'a = True',
      'a = Inf',
    ]) {
      rejects(doc);
    }
  });
});

describe('parseToml: tables', () => {
  it('accepts the valid ways of defining tables', () => {
    assert.deepEqual(toml('[a.b.c]\n[ d.e.f ]\n[ g .  h  . i ]\n[ j . "\xca\x9e" . \'l\' ]'), {
      a: { b: { c: {} } },
      d: { e: { f: {} } },
      g: { h: { i: {} } },
      j: { '\xca\x9e': { l: {} } },
    });
    assert.deepEqual(toml('[a.b]\n[a]\nx = 1'), { a: { b: {}, x: 1 } });
    assert.deepEqual(toml('a.b.c = 1\n[a.b.d]\ne = 1'), { a: { b: { c: 1, d: { e: 1 } } } });
    assert.deepEqual(toml('[x]\na.b = 1\n[x.a.c]\nd = 2'), { x: { a: { b: 1, c: { d: 2 } } } });
    assert.deepEqual(toml('[[a]]\nb = 1\n[a.c]\nd = 1'), { a: [{ b: 1, c: { d: 1 } }] });
    assert.deepEqual(toml('[[a]]\n[[a.b]]\nx = 1\n[a.b.c]\ny = 1'), { a: [{ b: [{ c: { y: 1 }, x: 1 }] }] });
    assert.deepEqual(toml('[[a]]\nb.c = 1\nb.d = 2'), { a: [{ b: { c: 1, d: 2 } }] });
    assert.deepEqual(
      toml(
        '[[fruit]]\nname = "apple"\n[fruit.physical]\ncolor = "red"\n[[fruit.variety]]\nname = "red delicious"\n[[fruit]]\nname = "banana"',
      ),
      { fruit: [{ name: 'apple', physical: { color: 'red' }, variety: [{ name: 'red delicious' }] }, { name: 'banana' }] },
    );
    assert.deepEqual(toml('[a] # c\nb = 1'), { a: { b: 1 } });
  });

  it('rejects redefinitions as toml11 does', () => {
    fails('[a]\n[a]', /^\[error\] toml::insert_value: failed to insert a table, table already defined\n/);
    fails('[a.b]\n[a]\n[a]', /table already defined/);
    fails('a.b.c = 1\n[a.b]', /table already defined/);
    fails('a.b.c = 1\n[a]', /table already defined/);
    fails('[a]\nb.c = 1\n[a.b]', /table already defined/);
    fails('[a]\nb = 1\n[a.b]', /table already defined/);
    fails('[[a]]\n[a]', /table already defined/);
    fails('[a.b.c]\n[a]\nb.x = 1', /^\[error\] toml::insert_value: reopening a table using dotted keys\n/);
    fails('[a.b]\nc = 1\n[a]\nb.d = 2', /reopening a table using dotted keys/);
    fails('[[a.b]]\n[a]\nb.c = 1', /^\[error\] toml::insert_value:dotted key cannot reopen an array-of-tables\n/);
    fails('a = []\n[[a]]', /^\[error\] toml::insert_value: failed to insert an array of tables, value already exists\n/);
    fails('a = {}\n[a.b]', /^\[error\] toml::insert_value: failed to insert a value: inline table is immutable\n/);
    fails('a = {b = 1}\na.c = 2', /inline table is immutable/);
    fails('a = 1\na = 2', /^\[error\] toml::insert_value: failed to insert a value, value already exists\n/);
    fails('a.b = 1\na.b.c = 2', /value already exists/);
    for (const doc of ['[a]\n[[a]]', 'a = [1]\n[[a]]', '[]', '[[]]', '[a.]', '[ [a]]', '[a]b = 1', 'a = 1\rb = 2']) rejects(doc);
    fails('[]', /^\[error\] toml::parse_file: invalid table key\n/);
    fails('[a]b = 1', /^\[error\] toml::parse_file: newline \(or EOF\) expected\n/);
  });

  it('checks comments', () => {
    assert.deepEqual(toml('a = "x" # "y"\n# \xc3\xa9\n   # indented'), { a: 'x' });
    rejects('# \xff\na = 1');
    rejects('# \x01\na = 1');
  });
});

describe('parseToml: dates and times', () => {
  it('are an error unless timestamps are enabled', () => {
    fails('key = "value"\nodt = 1979-05-27T07:32:00Z', 'Dates and times are not supported');
    fails('a = [1979-05-27]', 'Dates and times are not supported');
    // Syntax errors anywhere come first (the document is parsed before it is converted).
    fails('a = 1979-05-27\nb = "\\e"', /^\[error\] toml::parse_basic_string/);
  });

  it('are normalised as the newer CppNix prints them', () => {
    const doc = [
      'odt1 = 1979-05-27T07:32:00Z',
      'odt2 = 1979-05-27T00:32:00-07:00',
      'odt3 = 1979-05-27T00:32:00.999999-07:00',
      'odt4 = 1979-05-27 07:32:00Z',
      'odt5 = 1979-05-27 07:32:00.1Z',
      'odt8 = 1979-05-27t07:32:00.1234z',
      'odt11 = 1979-05-27 07:32:00.1234567Z',
      'odt14 = 1979-05-27t07:32:00.1234567891Z',
      'odt15 = 1979-05-27T07:32:00+00:00',
      'odt16 = 1979-05-27T07:32:00.0001-00:00',
      'odt17 = 1979-05-27T07:32:00.000000000Z',
      'ldt1 = 1979-05-27T07:32:00',
      'ldt3 = 1979-05-27T07:32:00.12',
      'ldt10 = 1979-05-27 00:32:00.123456789',
      'ld1 = 1979-05-27',
      'lt1 = 07:32:00',
      'lt2 = 00:32:00.1',
      'lt6 = 00:32:00.12345',
      'lt11 = 00:32:00.1234567891',
      'leap = 23:59:60',
      'feb = 2000-02-29',
    ].join('\n');
    assert.deepEqual(toml(doc, true), {
      feb: { timestamp: '2000-02-29' },
      ld1: { timestamp: '1979-05-27' },
      ldt1: { timestamp: '1979-05-27T07:32:00' },
      ldt10: { timestamp: '1979-05-27T00:32:00.123456789' },
      ldt3: { timestamp: '1979-05-27T07:32:00.120' },
      leap: { timestamp: '23:59:60' },
      lt1: { timestamp: '07:32:00' },
      lt11: { timestamp: '00:32:00.123456789' },
      lt2: { timestamp: '00:32:00.100' },
      lt6: { timestamp: '00:32:00.123450' },
      odt1: { timestamp: '1979-05-27T07:32:00Z' },
      odt11: { timestamp: '1979-05-27T07:32:00.123456700Z' },
      odt14: { timestamp: '1979-05-27T07:32:00.123456789Z' },
      odt15: { timestamp: '1979-05-27T07:32:00Z' },
      odt16: { timestamp: '1979-05-27T07:32:00.000100Z' },
      odt17: { timestamp: '1979-05-27T07:32:00Z' },
      odt2: { timestamp: '1979-05-27T00:32:00-07:00' },
      odt3: { timestamp: '1979-05-27T00:32:00.999999-07:00' },
      odt4: { timestamp: '1979-05-27T07:32:00Z' },
      odt5: { timestamp: '1979-05-27T07:32:00.100Z' },
      odt8: { timestamp: '1979-05-27T07:32:00.123400Z' },
    });
    assert.deepEqual(toml('a = 1979-05-27 # c\nb = [1979-05-27, 07:32:00]\nc = {d = 1979-05-27}', true), {
      a: { timestamp: '1979-05-27' },
      b: [{ timestamp: '1979-05-27' }, { timestamp: '07:32:00' }],
      c: { d: { timestamp: '1979-05-27' } },
    });
  });

  it('are validated', () => {
    for (const doc of [
      'a = 07:32',
      'a = 1979-05-27T07:32',
      'a = 24:00:00',
      'a = 07:60:00',
      'a = 07:32:61',
      'a = 1979-5-27',
      'a = 1979-13-01',
      'a = 1979-04-31',
      'a = 1900-02-29',
      'a = 1979-05-27T7:32:00',
      'a = 1979-05-27T07:32:00+0100',
      'a = 1979-05-27T07:32:00.Z',
      'a = 1979-05-27_07:32:00',
    ]) {
      rejects(doc);
    }
    fails('a = 1979-02-30', /^\[error\] toml::parse_local_date: invalid date\.\n/, true);
    fails('a = 1979-05-27T07:32', /^\[error\] bad time: must be HH:MM:SS\.subsec\n/, true);
  });
});

describe('parseToml: numbers that are not', () => {
  it('are rejected', () => {
    for (const doc of [
      'a = 01',
      'a = 00',
      'a = 1__0',
      'a = _1',
      'a = 1_',
      'a = 0X1',
      'a = 0xg',
      'a = 0x_1',
      'a = +0x1',
      'a = -0x1',
      'a = 1.',
      'a = .5',
      'a = 1e',
      'a = 1.e5',
      'a = 1e5.5',
      'a = 1e_5',
      'a = 00.1',
      'a = 01.5',
      'a = +1e400',
    ]) {
      rejects(doc);
    }
    fails('a = 00', /^\[error\] bad integer: leading zero\n/);
    fails('a = 1_', /^\[error\] bad integer: `_` must be surrounded by digits\n/);
    fails('a = .5', /^\[error\] bad float: integer part is required before decimal point\n/);
    fails('a = -0x1', /^\[error\] toml::parse_hex_integer: invalid integer: hex_int must be like: 0xC0FFEE, 0xdead_beef\n/);
  });
});
