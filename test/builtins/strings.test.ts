// String builtins, checked against CppNix 2.26 (and, for dirOf, the upstream
// test suite). Expressions are binary strings: `\xc3\xa9` is "é" in UTF-8.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

const E_ACUTE = '\xc3\xa9'; // é
const ZHONG = '\xe4\xb8\xad'; // 中

describe('stringLength', () => {
  it('counts bytes', () => {
    assert.equal(evalNix('builtins.stringLength ""'), '0');
    assert.equal(evalNix(`builtins.stringLength "${E_ACUTE}${ZHONG}"`), '5');
    assert.equal(evalNix('builtins.stringLength "\\xff"'.replace('\\xff', '\xff')), '1');
  });

  it('coerces sets and rejects other types', () => {
    assert.equal(evalNix('builtins.stringLength { outPath = "abc"; }'), '3');
    assert.equal(evalNix('builtins.stringLength { __toString = s: "ab"; }'), '2');
    assert.equal(evalError('builtins.stringLength 1'), 'cannot coerce an integer to a string: 1');
    assert.match(evalErrorReport('builtins.stringLength { }'), /while evaluating the argument passed to builtins.stringLength/);
  });
});

describe('substring', () => {
  it('slices bytes', () => {
    assert.equal(evalNix('builtins.substring 1 2 "abcd"'), '"bc"');
    assert.equal(evalNix(`builtins.substring 0 1 "${E_ACUTE}"`), '"\xc3"');
    assert.equal(evalNix('builtins.substring 5 10 "perl"'), '""');
    assert.equal(evalNix('builtins.substring 3 0 "foobar"'), '""');
    assert.equal(evalNix('builtins.substring 0 0 ""'), '""');
  });

  it('treats a negative length as "to the end"', () => {
    assert.equal(evalNix('builtins.substring 1 (-1) "hello"'), '"ello"');
    assert.equal(evalNix('builtins.substring 0 (-9223372036854775807) "abc"'), '"abc"');
  });

  it('handles 64-bit offsets and lengths as CppNix does', () => {
    assert.equal(evalNix('builtins.substring 2 9223372036854775807 "abcdef"'), '"cdef"');
    assert.equal(evalNix('builtins.substring 1 4294967296 "hello"'), '"ello"');
    assert.equal(evalNix('builtins.substring 9223372036854775807 1 "abcdef"'), '""');
    // CppNix compares the start's low 32 bits with the size, then fails in substr.
    assert.equal(
      evalError('builtins.substring 4294967297 1 "hello"'),
      'basic_string_view::substr: __pos (which is 4294967297) > __size (which is 5)',
    );
  });

  it('rejects a negative start and bad arguments', () => {
    assert.equal(evalError('builtins.substring (-3) 3 "sometext"'), "negative start position in 'substring'");
    const report = evalErrorReport('builtins.substring { } "foo" true');
    assert.match(report, /while evaluating the first argument \(the start offset\) passed to builtins.substring/);
    assert.match(report, /expected an integer but found a set: \{ \}/);
    assert.match(
      evalErrorReport('builtins.substring 3 "foo" true'),
      /while evaluating the second argument \(the substring length\) passed to builtins.substring/,
    );
    assert.match(
      evalErrorReport('builtins.substring 0 3 { }'),
      /while evaluating the third argument \(the string\) passed to builtins.substring/,
    );
  });

  it('evaluates its offsets inside the call, with the trace of forceInt', () => {
    // The string (data, perhaps from deep recursion) is evaluated by the VM
    // before the call; start and length, as CppNix does, inside it.
    const report = evalErrorReport('builtins.substring (throw "a") 1 "x"');
    assert.match(report, /error: a/);
    assert.match(report, /while evaluating the first argument \(the start offset\)/);
    assert.match(report, /while calling the 'substring' builtin/);
  });

  it('handles deep recursion through its string argument', () => {
    assert.equal(
      evalNix('let f = n: if n == 0 then "" else builtins.substring 0 1 ("x" + f (n - 1)); in builtins.stringLength (f 4900)'),
      '1',
    );
  });

  it('keeps the context, even of an empty substring', () => {
    const s = 'builtins.appendContext "abc" { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }';
    assert.equal(evalNix(`builtins.hasContext (builtins.substring 0 0 (${s}))`), 'true');
    assert.equal(evalNix(`builtins.hasContext (builtins.substring 1 1 (${s}))`), 'true');
    assert.equal(evalNix(`builtins.hasContext (builtins.substring 9 1 (${s}))`), 'true');
  });
});

describe('replaceStrings', () => {
  it('replaces the first matching pattern at each position', () => {
    assert.equal(evalNix('builtins.replaceStrings [ "o" ] [ "a" ] "foobar"'), '"faabar"');
    assert.equal(evalNix('builtins.replaceStrings [ "oo" "a" ] [ "a" "oo" ] "foobar"'), '"faboor"');
    assert.equal(evalNix('builtins.replaceStrings [ "a" "ab" ] [ "1" "2" ] "abab"'), '"1b1b"');
    assert.equal(evalNix('builtins.replaceStrings [ "ab" "a" ] [ "2" "1" ] "abab"'), '"22"');
    assert.equal(evalNix('builtins.replaceStrings [ "aa" ] [ "b" ] "aaa"'), '"ba"');
    assert.equal(evalNix('builtins.replaceStrings [ "abc" ] [ "x" ] "ab"'), '"ab"');
    assert.equal(evalNix(`builtins.replaceStrings [ "${E_ACUTE}" ] [ "e" ] "caf${E_ACUTE}"`), '"cafe"');
  });

  it('handles empty patterns and inputs', () => {
    assert.equal(evalNix('builtins.replaceStrings [ ] [ ] "abc"'), '"abc"');
    assert.equal(evalNix('builtins.replaceStrings [ "" ] [ "X" ] "abc"'), '"XaXbXcX"');
    assert.equal(evalNix('builtins.replaceStrings [ "" ] [ "X" ] ""'), '"X"');
    assert.equal(evalNix('builtins.replaceStrings [ "" "a" ] [ "X" "Y" ] "aa"'), '"XaXaX"');
    assert.equal(evalNix('builtins.replaceStrings [ "a" "" ] [ "Y" "X" ] "aba"'), '"YXbYX"');
    assert.equal(evalNix('builtins.replaceStrings [ "x" ] [ "y" ] ""'), '""');
  });

  it('forces a replacement only when it is used', () => {
    assert.equal(evalNix('builtins.replaceStrings [ "oo" "XX" ] [ "u" (throw "unreachable") ] "foobar"'), '"fubar"');
    const report = evalErrorReport('builtins.replaceStrings [ "b" ] [ (throw "used") ] "abc"');
    assert.match(report, /while evaluating one of the replacement strings passed to builtins.replaceStrings/);
    assert.match(report, /error: used/);
  });

  it('checks its arguments in CppNix order', () => {
    assert.equal(
      evalError('builtins.replaceStrings [ 0 ] [ ] { }'),
      "'from' and 'to' arguments passed to builtins.replaceStrings have different lengths",
    );
    assert.equal(evalError('builtins.replaceStrings [ 1 ] [ "new" ] { }'), 'expected a string but found an integer: 1');
    assert.match(
      evalErrorReport('builtins.replaceStrings [ (throw "a") ] [ "x" ] "s"'),
      /while evaluating one of the strings to replace passed to builtins.replaceStrings/,
    );
    assert.match(
      evalErrorReport('builtins.replaceStrings [ "old" ] [ "new" ] { }'),
      /while evaluating the third argument passed to builtins.replaceStrings/,
    );
  });

  it('keeps the contexts of the input and of the replacements used', () => {
    const ctx = (s: string, n: string) =>
      `(builtins.appendContext "${s}" { "/nix/store/0000000000000000000000000000000${n}-x" = { path = true; }; })`;
    assert.equal(
      evalNix(`builtins.getContext (builtins.replaceStrings [ "a" "z" ] [ ${ctx('1', '1')} ${ctx('2', '2')} ] ${ctx('abc', '3')})`),
      '{ "/nix/store/00000000000000000000000000000001-x" = { path = true; }; "/nix/store/00000000000000000000000000000003-x" = { path = true; }; }',
    );
  });
});

describe('toString', () => {
  it('prints ints and returns strings as they are', () => {
    assert.equal(
      evalNix('[ (toString 0) (toString 42) (toString (-7)) (toString 9223372036854775807) ]'),
      '[ "0" "42" "-7" "9223372036854775807" ]',
    );
    assert.equal(evalNix('toString (-9223372036854775807 - 1)'), '"-9223372036854775808"');
    assert.equal(evalNix('toString "abc"'), '"abc"');
    const withContext = 'builtins.appendContext "a" { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }';
    assert.equal(evalNix(`builtins.hasContext (toString (${withContext}))`), 'true');
  });

  it('coerces the other types as CppNix does', () => {
    assert.equal(evalNix('toString [ 1 (-5) "a" 1.5 null true false ]'), '"1 -5 a 1.500000  1 "');
    assert.equal(evalNix('toString /tmp/x'), '"/tmp/x"');
    assert.equal(evalNix('toString { __toString = s: 3; }'), '"3"');
    assert.match(evalErrorReport('toString { }'), /while evaluating the first argument passed to builtins.toString/);
  });
});

describe('concatStringsSep', () => {
  it('joins', () => {
    assert.equal(evalNix('builtins.concatStringsSep ", " [ ]'), '""');
    assert.equal(evalNix('builtins.concatStringsSep ", " [ "a" ]'), '"a"');
    assert.equal(evalNix('builtins.concatStringsSep "" [ "a" "b" ]'), '"ab"');
    assert.equal(evalNix(`builtins.concatStringsSep "${E_ACUTE}" [ "a" "b" ]`), `"a${E_ACUTE}b"`);
    assert.equal(evalNix('builtins.concatStringsSep "," [ "a" { outPath = "x"; } { __toString = s: "t"; } ]'), '"a,x,t"');
  });

  it('fails as CppNix does', () => {
    assert.match(
      evalErrorReport('builtins.concatStringsSep 1 [ ]'),
      /while evaluating the first argument \(the separator string\) passed to builtins.concatStringsSep/,
    );
    assert.match(
      evalErrorReport('builtins.concatStringsSep "" 1'),
      /while evaluating the second argument \(the list of strings to concat\) passed to builtins.concatStringsSep/,
    );
    const report = evalErrorReport('builtins.concatStringsSep "" [ 1 ]');
    assert.match(report, /while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep/);
    assert.match(report, /cannot coerce an integer to a string: 1/);
    // forceList does not add its trace to an evaluation error.
    assert.doesNotMatch(evalErrorReport('builtins.concatStringsSep "" (throw "x")'), /second argument/);
  });

  it('forces unevaluated items itself, coercing the ones that are not strings', () => {
    assert.equal(evalNix('builtins.concatStringsSep "-" (builtins.genList (i: "x${toString i}") 3)'), '"x0-x1-x2"');
    assert.equal(evalNix('builtins.concatStringsSep "-" (map (x: x) [ "a" { outPath = "b"; } ])'), '"a-b"');
    const report = evalErrorReport('builtins.concatStringsSep "-" (builtins.genList (i: if i == 1 then 1 else toString i) 3)');
    assert.match(report, /while evaluating one element of the list of strings to concat passed to builtins.concatStringsSep/);
    assert.match(report, /cannot coerce an integer to a string: 1/);
    // An evaluation error in an item gets no coercion trace line.
    const thrown = evalErrorReport('builtins.concatStringsSep "" (map (x: throw "x") [ 1 ])');
    assert.match(thrown, /error: x/);
    assert.doesNotMatch(thrown, /one element of the list/);
  });

  it('keeps the separator context even for an empty list', () => {
    assert.equal(
      evalNix(
        'builtins.hasContext (builtins.concatStringsSep (builtins.appendContext "," { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }) [ ])',
      ),
      'true',
    );
  });

  it('joins long lists', () => {
    assert.equal(evalNix('builtins.stringLength (builtins.concatStringsSep "," (builtins.genList toString 100000))'), '588889');
  });
});

describe('match', () => {
  it('matches whole strings and returns the groups', () => {
    assert.equal(evalNix('builtins.match "(.*)\\\\.nix" "foobar.nix"'), '[ "foobar" ]');
    assert.equal(evalNix('builtins.match "fo*" "foobar"'), 'null');
    assert.equal(evalNix('builtins.match "" ""'), '[ ]');
    assert.equal(evalNix('builtins.match "(a)|b" "b"'), '[ null ]');
    assert.equal(evalNix('builtins.match "a{2,3}" "aaa"'), '[ ]');
  });

  it('uses POSIX classes in the C locale, on bytes', () => {
    assert.equal(evalNix('builtins.match "[[:alpha:]]+" "abcDEF"'), '[ ]');
    assert.equal(evalNix(`builtins.match "[[:alpha:]]+" "abc${E_ACUTE}"`), 'null');
    assert.equal(evalNix(`builtins.match "." "${E_ACUTE}"`), 'null');
    assert.equal(evalNix(`builtins.match ".." "${E_ACUTE}"`), '[ ]');
    assert.equal(evalNix('builtins.match "[[:space:]]+([[:upper:]]+)[[:space:]]+" "  FOO   "'), '[ "FOO" ]');
  });

  it('takes the longest alternative, as libstdc++ does', () => {
    assert.equal(evalNix('builtins.match "(a|ab)(c|bcd)(d*)" "abcd"'), '[ "a" "bcd" "" ]');
  });

  it('rejects bad patterns before looking at the string', () => {
    assert.equal(evalError('builtins.match "(.*" ""'), "invalid regular expression '(.*'");
    assert.equal(evalError('builtins.match "(" { }'), "invalid regular expression '('");
    assert.equal(evalError('builtins.match "a\\\\d" "a1"'), "invalid regular expression 'a\\d'");
    assert.match(evalErrorReport('builtins.match 1 { }'), /while evaluating the first argument passed to builtins.match/);
    assert.match(evalErrorReport('builtins.match "foo" { }'), /while evaluating the second argument passed to builtins.match/);
  });

  it('refuses a pattern with a context', () => {
    assert.equal(
      evalError('builtins.match (builtins.appendContext "a" { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }) "a"'),
      "the string 'a' is not allowed to refer to a store path (such as '00000000000000000000000000000000-x')",
    );
  });
});

describe('split', () => {
  it('interleaves the unmatched parts and the groups', () => {
    assert.equal(evalNix('builtins.split "(a)b" "abc"'), '[ "" [ "a" ] "c" ]');
    assert.equal(evalNix('builtins.split "(a)|(c)" "abc"'), '[ "" [ "a" null ] "b" [ null "c" ] "" ]');
    assert.equal(evalNix('builtins.split "x" ""'), '[ "" ]');
    assert.equal(evalNix('builtins.split "" ""'), '[ "" [ ] "" ]');
    assert.equal(evalNix('builtins.split "" "ab"'), '[ "" [ ] "a" [ ] "b" [ ] "" ]');
    assert.equal(evalNix('builtins.split "a*" "baaac"'), '[ "" [ ] "b" [ ] "" [ ] "c" [ ] "" ]');
    assert.equal(evalNix(`builtins.split "${E_ACUTE}" "a${E_ACUTE}b"`), '[ "a" [ ] "b" ]');
  });

  it('prefers the longer alternative', () => {
    assert.equal(evalNix('builtins.split "a|ab" "xabc"'), '[ "x" [ ] "c" ]');
  });

  it('returns the string itself, context and all, when nothing matches', () => {
    const s = 'builtins.appendContext "abc" { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }';
    // toJSON keeps the context of every string in the list.
    assert.equal(evalNix(`builtins.hasContext (builtins.toJSON (builtins.split "z" (${s})))`), 'true');
    assert.equal(evalNix(`builtins.hasContext (builtins.toJSON (builtins.split "b" (${s})))`), 'false');
  });

  it('fails as CppNix does', () => {
    assert.equal(evalError('builtins.split "f(o*o" "1foo2"'), "invalid regular expression 'f(o*o'");
    assert.match(evalErrorReport('builtins.split 1 { }'), /while evaluating the first argument passed to builtins.split/);
    assert.match(evalErrorReport('builtins.split (throw "x") "a"'), /while evaluating the first argument passed to builtins.split/);
  });
});

describe('baseNameOf and dirOf', () => {
  it('baseNameOf drops one trailing slash', () => {
    assert.equal(
      evalNix('map builtins.baseNameOf [ "" "/" "//" "a" "a/" "a//" "/a/b" "/a/b//" "a/b/" "///a" ]'),
      '[ "" "" "" "a" "a" "" "b" "" "b" "a" ]',
    );
    assert.equal(evalNix('builtins.baseNameOf /a/b'), '"b"');
    assert.equal(evalNix('builtins.baseNameOf { outPath = "/a/b"; }'), '"b"');
  });

  it('dirOf cuts at the last slash (the upstream suite)', () => {
    assert.equal(
      evalNix('map builtins.dirOf [ "" "filename" "a/b" "a///b" "/" "//" "///" "/a" "a/b/c/.//d" ]'),
      '[ "." "." "a" "a//" "/" "/" "//" "/" "a/b/c/./" ]',
    );
    assert.equal(evalNix('[ (builtins.dirOf /.) (builtins.dirOf /a) (builtins.dirOf /a/b) ]'), '[ / / /a ]');
  });

  it('keep the context of strings', () => {
    const s = 'builtins.appendContext "/x/y" { "/nix/store/00000000000000000000000000000000-x" = { path = true; }; }';
    assert.equal(evalNix(`builtins.hasContext (builtins.dirOf (${s}))`), 'true');
    assert.equal(evalNix(`builtins.hasContext (builtins.baseNameOf (${s}))`), 'true');
  });

  it('name themselves in errors', () => {
    assert.match(evalErrorReport('builtins.dirOf 1'), /while evaluating the first argument passed to 'builtins.dirOf'/);
    assert.match(evalErrorReport('builtins.baseNameOf 1'), /while evaluating the first argument passed to builtins.baseNameOf/);
  });
});
