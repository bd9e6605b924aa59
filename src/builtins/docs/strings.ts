// Docs of the string builtins: text, regular expressions, file names and versions.

import { type BuiltinDoc, doc, ex } from './format.js';

export const stringDocs: readonly BuiltinDoc[] = [
  doc(
    'toString',
    ['value'],
    'Turns a value into a string, more liberally than interpolation does: integers and floats are written out (floats with six decimals), ' +
      '`true` becomes `"1"`, `false` and `null` the empty string, and lists the strings of their elements joined by spaces. ' +
      'Paths give their text without being copied to the store, and a set is converted through its `__toString` function or its `outPath`. ' +
      'Other sets and functions are an error. It is also a global name.',
    [
      ex('toString 42', '"42"'),
      ex('toString [ 1 "a" null true false ]', '"1 a  1 "'),
      ex('toString /tmp/x', '"/tmp/x"'),
      ex('toString { __toString = self: "custom"; }', '"custom"'),
    ],
  ),
  doc(
    'stringLength',
    ['s'],
    'The length of a string in bytes, not characters: text outside ASCII takes more than one byte per character in UTF-8. ' +
      'The argument may also be anything interpolation accepts, such as a set with `outPath`, but not a number.',
    [ex('builtins.stringLength "hello"', '5'), ex('builtins.stringLength "é"', '2')],
  ),
  doc(
    'substring',
    ['start', 'len', 's'],
    'The part of `s` that starts at byte `start` (from 0) and is at most `len` bytes long. It stops at the end of the string, so a start past ' +
      'the end gives `""`, and a negative `len` means the rest of the string; a negative `start` is an error. String context is kept.',
    [
      ex('builtins.substring 1 3 "abcdef"', '"bcd"'),
      ex('builtins.substring 4 100 "abcdef"', '"ef"'),
      ex('builtins.substring 2 (-1) "abcdef"', '"cdef"'),
    ],
  ),
  doc(
    'concatStringsSep',
    ['sep', 'list'],
    'Joins the strings of `list` with `sep` between each pair, `""` for an empty list. Elements are converted as interpolation converts them, ' +
      'so paths are copied to the store, while numbers, booleans and `null` are an error (use `toString` or `map toString` first).',
    [ex('builtins.concatStringsSep ", " [ "a" "b" "c" ]', '"a, b, c"'), ex('builtins.concatStringsSep "/" [ ]', '""')],
  ),
  doc(
    'replaceStrings',
    ['from', 'to', 's'],
    'Replaces, in `s`, each occurrence of a string of the list `from` by the string at the same position in `to`; the two lists must be ' +
      'the same length. It scans `s` once from the left, trying the patterns in list order at each position, and does not look again at text ' +
      'it has put in, so swapping two words works. An empty pattern matches at every position, both ends included.',
    [
      ex('builtins.replaceStrings [ "cat" "dog" ] [ "dog" "cat" ] "cat chases dog"', '"dog chases cat"'),
      ex('builtins.replaceStrings [ "." ] [ "-" ] "1.2.3"', '"1-2-3"'),
      ex('builtins.replaceStrings [ "" ] [ "-" ] "ab"', '"-a-b-"'),
    ],
  ),
  doc(
    'match',
    ['regex', 'str'],
    'Matches the whole of `str` against the POSIX extended regular expression `regex`. ' +
      'If it does not match, the result is `null`; if it does, a list of what each parenthesised group captured, with `null` for a group that took ' +
      'no part (so `[ ]` when there are no groups). To find a match anywhere, surround the pattern with `.*`. An invalid regex is an error.',
    [
      ex('builtins.match "([a-z]+)-([0-9]+)" "foo-42"', '[ "foo" "42" ]'),
      ex('builtins.match "[a-z]+" "foo-42"', 'null'),
      ex('builtins.match ".*(b).*" "abc"', '[ "b" ]'),
      ex('builtins.match "a(b)?c" "ac"', '[ null ]'),
    ],
  ),
  doc(
    'split',
    ['regex', 'str'],
    'Cuts `str` at every match of the POSIX extended regular expression `regex`. The result alternates between the pieces of text between the ' +
      'matches (strings, possibly empty) and, for each match, the list of what its groups captured (`null` for a group that took no part). ' +
      'A string without any match gives a list holding just that string.',
    [
      ex('builtins.split "," "a,b,c"', '[ "a" [ ] "b" [ ] "c" ]'),
      ex('builtins.split "(a)|b" "xaybz"', '[ "x" [ "a" ] "y" [ null ] "z" ]'),
      ex('builtins.split "," "abc"', '[ "abc" ]'),
    ],
  ),
  doc(
    'baseNameOf',
    ['path'],
    'The last component of a file name, after the last slash, ignoring one trailing slash; always a string. ' +
      'It works on the text alone, without looking at the file system, and a path argument is not copied to the store. It is also a global name.',
    [ex('baseNameOf "/home/alice/notes.txt"', '"notes.txt"'), ex('baseNameOf "/a/b/"', '"b"'), ex('baseNameOf ./src/main.c', '"main.c"')],
  ),
  doc(
    'dirOf',
    ['path'],
    'Everything before the last slash of a file name: the directory holding it. A path gives a path and a string a string; a name without ' +
      'a slash gives `"."`, and the root stays `/`. Only the text is looked at. It is also a global name.',
    [ex('dirOf "/a/b/c"', '"/a/b"'), ex('dirOf "file.txt"', '"."'), ex('dirOf /a/b', '/a')],
  ),
  doc(
    'parseDrvName',
    ['s'],
    'Splits a package name such as `"hello-2.12"` into its name and its version, at the first dash followed by a character that is not a letter. ' +
      'It returns `{ name; version; }`, with an empty version when there is no such dash.',
    [
      ex('builtins.parseDrvName "nix-unstable-2.4pre"', '{ name = "nix-unstable"; version = "2.4pre"; }'),
      ex('builtins.parseDrvName "hello"', '{ name = "hello"; version = ""; }'),
    ],
  ),
  doc(
    'splitVersion',
    ['s'],
    'Splits a version string into the components `compareVersions` compares: runs of digits and runs of other characters, with dots and dashes ' +
      'only separating them.',
    [ex('builtins.splitVersion "1.2.3pre4"', '[ "1" "2" "3" "pre" "4" ]'), ex('builtins.splitVersion "2.3-rc1"', '[ "2" "3" "rc" "1" ]')],
  ),
  doc(
    'compareVersions',
    ['a', 'b'],
    'Compares two version strings component by component (as `splitVersion` cuts them): -1 if `a` is older, 0 if they are the same, 1 if `a` is ' +
      'newer. Numbers compare as numbers, so `1.10` is newer than `1.9`, and a word is older than a number. A missing component is older than any ' +
      'present one, except `pre`, which makes a version older than the one without it.',
    [
      ex('builtins.compareVersions "1.10" "1.9"', '1'),
      ex('builtins.compareVersions "2.0" "2.0.1"', '-1'),
      ex('builtins.compareVersions "1.0pre1" "1.0"', '-1'),
      ex('builtins.compareVersions "2.3" "2.3"', '0'),
    ],
  ),
];
