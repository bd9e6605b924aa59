// Docs of the builtins that read and write data formats: JSON, TOML, XML.

import { type BuiltinDoc, doc, ex } from './format.js';

export const dataDocs: readonly BuiltinDoc[] = [
  doc(
    'fromJSON',
    ['json'],
    'Parses a JSON text into a Nix value: objects become sets, arrays lists, numbers without a fraction or exponent integers and other numbers ' +
      'floats (as is an integer too large for 64 bits), and `null`, `true`, `false` and strings what they are. ' +
      'Malformed JSON, or a number beyond the range of floats, is an error.',
    [
      ex(`builtins.fromJSON ''{"n": 10, "f": 1.5, "l": [true, null], "s": "x"}''`, '{ f = 1.5; l = [ true null ]; n = 10; s = "x"; }'),
      ex('builtins.fromJSON "[1, 1.0]"', '[ 1 1 ]'),
    ],
  ),
  doc(
    'toJSON',
    ['value'],
    'Writes a value as a compact JSON text, evaluating all of it. Sets become objects with their keys in sorted order, except that a set with ' +
      '`__toString` or `outPath` (a derivation, say) is written as that string. Paths are copied to the store and written as their store path, ' +
      'and string context is kept in the result. Functions cannot be represented and are an error.',
    [
      ex('builtins.toJSON { b = [ 1 2.5 null true ]; a = "x"; }', '"{\\"a\\":\\"x\\",\\"b\\":[1,2.5,null,true]}"'),
      ex('builtins.toJSON "line\\nbreak"', '"\\"line\\\\nbreak\\""'),
      ex('builtins.toJSON ./hello.txt', '"\\"/nix/store/lm4klvh30vg2alamqrjjyk2sg1w0yld1-hello.txt\\""'),
    ],
  ),
  doc(
    'fromTOML',
    ['toml'],
    'Parses a TOML document into a set: tables become nested sets, arrays lists, and integers, floats, booleans and strings their Nix ' +
      'counterparts. Dates and times have no Nix equivalent and are rejected, as is malformed TOML. It is also a global name.',
    [
      ex(
        'fromTOML \'\'\n  name = "demo"\n  [server]\n  port = 8080\n  hosts = ["a", "b"]\n\'\'',
        '{ name = "demo"; server = { hosts = [ "a" "b" ]; port = 8080; }; }',
      ),
      ex('fromTOML "[[item]]\\nx = 1\\n[[item]]\\nx = 2"', '{ item = [ { x = 1; } { x = 2; } ]; }'),
    ],
  ),
  doc(
    'toXML',
    ['value'],
    'Writes a value, evaluated completely, as an XML document describing it: `<int value="..." />`, `<string>`, `<list>`, `<attrs>` with ' +
      '`<attr name="...">` children, functions as `<function>` with their argument pattern, and derivations as `<derivation>`. ' +
      "The format mirrors the value's structure closely, so an XSLT stylesheet can turn it into another format.",
    [
      ex('builtins.toXML true', '"<?xml version=\'1.0\' encoding=\'utf-8\'?>\\n<expr>\\n  <bool value=\\"true\\" />\\n</expr>\\n"'),
      ex(
        'builtins.toXML { a = 1; }',
        '"<?xml version=\'1.0\' encoding=\'utf-8\'?>\\n<expr>\\n  <attrs>\\n    <attr name=\\"a\\">\\n      <int value=\\"1\\" />\\n    </attr>\\n  </attrs>\\n</expr>\\n"',
      ),
    ],
  ),
];
