// POSIX extended regular expressions as CppNix runs them (libstdc++'s
// std::regex, `extended`). Every expectation below was checked against
// CppNix 2.26 (nix-instantiate --eval), including the generated table.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegexError, compileRegex, regexMatch, regexSplit, regexTesting } from '../../src/builtins/regex.js';

type Groups = (string | null)[];
type Split = Array<string | Groups>;

/** Both paths (JS translation where allowed, and the NFA executor alone) must agree. */
function match(p: string, s: string): Groups | null {
  const a = regexMatch(p, s);
  assert.deepEqual(regexTesting.matchWithExecutor(p, s), a, `executor vs default for match ${JSON.stringify(p)}`);
  return a;
}
function split(p: string, s: string): Split {
  const a = regexSplit(p, s);
  assert.deepEqual(regexTesting.splitWithExecutor(p, s), a, `executor vs default for split ${JSON.stringify(p)}`);
  return a;
}
function invalid(p: string): void {
  assert.throws(
    () => compileRegex(p),
    (e: unknown) => e instanceof RegexError && e.kind === 'invalid' && e.message === `invalid regular expression '${p}'`,
    `expected ${JSON.stringify(p)} to be invalid`,
  );
}
function tooLarge(p: string): void {
  assert.throws(
    () => compileRegex(p),
    (e: unknown) => e instanceof RegexError && e.kind === 'too-large' && e.message === `memory limit exceeded by regular expression '${p}'`,
    `expected ${JSON.stringify(p)} to be too large`,
  );
}

describe('regexMatch', () => {
  it('matches the whole string', () => {
    assert.deepEqual(match('foobar', 'foobar'), []);
    assert.equal(match('fo*', 'foobar'), null);
    assert.equal(match('ab', 'abc'), null);
    assert.deepEqual(match('fo{1,2}', 'foo'), []);
    assert.equal(match('fo{1,2}', 'fooo'), null);
    assert.deepEqual(match('a(b)(c)', 'abc'), ['b', 'c']);
    assert.deepEqual(match('', ''), []);
    assert.equal(match('', 'a'), null);
    assert.equal(match('a', ''), null);
  });

  it('reports groups that did not take part as null', () => {
    assert.deepEqual(match('a(b)?', 'a'), [null]);
    assert.deepEqual(match('((.*)/)?([^/]*)\\.(nix|cc)', 'foobar.cc'), [null, null, 'foobar', 'cc']);
    assert.deepEqual(match('((.*)/)?([^/]*)\\.(nix|cc)', '/path/to/foobar.nix'), ['/path/to/', '/path/to', 'foobar', 'nix']);
    assert.deepEqual(match('(a){0}', ''), [null]);
    assert.deepEqual(match('()', ''), ['']);
    assert.deepEqual(match('(|a)', ''), ['']);
  });

  it('uses POSIX classes in the C locale', () => {
    assert.deepEqual(match('[[:space:]]+([^[:space:]]+)[[:space:]]+', '  foo   '), ['foo']);
    assert.equal(match('[[:space:]]+([[:upper:]]+)[[:space:]]+', '  foo   '), null);
    assert.deepEqual(match('[[:w:]]+', 'a_1'), []);
    assert.deepEqual(match('[[:d:]]+', '12'), []);
    assert.deepEqual(match('[[:s:]]+', ' \t'), []);
    assert.deepEqual(match('[[:ALPHA:]]+', 'ab'), []);
    assert.deepEqual(match('[[:Alpha:]]', 'a'), []);
    assert.deepEqual(match('[[:blank:]]+', ' \t'), []);
    assert.equal(match('[[:blank:]]', '\n'), null);
    // Bytes >= 0x80 (here UTF-8 "é" and "É") are in no class.
    assert.equal(match('[[:alpha:]]+', '\xc3\xa9'), null);
    assert.equal(match('[[:print:]]+', '\xc3\xa9'), null);
    assert.equal(match('[[:graph:]]+', '\xc3\xa9'), null);
    assert.equal(match('[[:cntrl:]]+', '\xc3\xa9'), null);
    assert.equal(match('[[:upper:]]+', '\xc3\x89'), null);
    assert.equal(match('[[:alpha:][:punct:]]+', '\xc3\xa9'), null);
  });

  it('works on bytes', () => {
    assert.equal(match('.', '\xc3\xa9'), null);
    assert.deepEqual(match('..', '\xc3\xa9'), []);
    assert.deepEqual(match('.+', '\xc3\xa9\n\r'), []); // `.` includes newlines
    assert.deepEqual(match('[^a]+', '\xc3\xa9\n'), []);
    assert.equal(match('[ -~]+', '\xc3\xa9'), null);
    assert.deepEqual(match('[\x80-\xff]+', '\xc3\xa9\xff'), []);
    // "[é-ü]" is the bytes c3, range a9-c3, bc: fine as signed chars.
    assert.deepEqual(match('[\xc3\xa9-\xc3\xbc]+', '\xc3\xa9'), []);
    // Invalid UTF-8 is just bytes.
    assert.deepEqual(match('(\xff+)(.)', '\xff\xff\xfe'), ['\xff\xff', '\xfe']);
  });

  it('handles bracket expressions as libstdc++ does', () => {
    assert.deepEqual(match('[]a]', ']'), []);
    assert.deepEqual(match('[^]a]', 'b'), []);
    assert.deepEqual(match('[]-a]+', '^]'), []);
    assert.deepEqual(match('[^]-a]+', '-'), []);
    assert.deepEqual(match('[a-]', '-'), []);
    assert.deepEqual(match('[-a]+', 'a-'), []);
    assert.deepEqual(match('[^-a]+', 'b'), []);
    assert.deepEqual(match('[a-c-]+', 'b-'), []);
    assert.deepEqual(match('[--0]', '.'), []);
    assert.deepEqual(match('[%--]', '+'), []);
    assert.deepEqual(match('[a-a]', 'a'), []);
    assert.deepEqual(match('[[:alpha:]-]+', 'a-'), []);
    assert.deepEqual(match('[[:alpha:]a-]+', '-a'), []);
    // Backslash is literal inside brackets.
    assert.deepEqual(match('[\\]', '\\'), []);
    assert.deepEqual(match('[\\n]', 'n'), []);
    assert.deepEqual(match('[\\-a]+', '\\^a'), []);
    assert.deepEqual(match('[[]', '['), []);
    assert.deepEqual(match('[a[]', '['), []);
    assert.deepEqual(match('[[a]', 'a'), []);
    // Collating elements and equivalence classes.
    assert.deepEqual(match('[[.hyphen.]]', '-'), []);
    assert.deepEqual(match('[[.a.]]', 'a'), []);
    assert.deepEqual(match('[[.space.]]', ' '), []);
    assert.deepEqual(match('[[.zero.]]', '0'), []);
    assert.deepEqual(match('[[.tab.]]', '\t'), []);
    assert.deepEqual(match('[[.vertical-line.]]', '|'), []);
    assert.deepEqual(match('[[.a.]-z]+', 'az'), []);
    assert.deepEqual(match('[[.hyphen.]-0]+', '-0'), []);
    assert.deepEqual(match('[[.period.]-0]+', './0'), []);
    assert.equal(match('[[.NUL.]]', 'a'), null);
    assert.deepEqual(match('[[=a=]]', 'A'), []);
    assert.deepEqual(match('[[=A=]]', 'a'), []);
    assert.deepEqual(match('[[=e=]]+', 'eE'), []);
    assert.deepEqual(match('[[=hyphen=]]', '-'), []);
  });

  it('treats stacked quantifiers as repetitions, never as lazy ones', () => {
    assert.deepEqual(match('a**', 'aa'), []);
    assert.deepEqual(match('a*?', 'aa'), []);
    assert.deepEqual(match('(a*?)', 'aa'), ['aa']);
    assert.deepEqual(match('a+?', ''), []);
    assert.deepEqual(match('a{01}', 'a'), []);
    assert.deepEqual(match('a{0}', ''), []);
  });

  it('anchors only at the ends of the subject', () => {
    assert.deepEqual(match('(^a)', 'a'), ['a']);
    assert.deepEqual(match('a$', 'a'), []);
    assert.deepEqual(match('$', ''), []);
    assert.equal(match('x$y', 'xy'), null);
    assert.equal(match('x^y', 'xy'), null);
    assert.deepEqual(match('^(#.*|$)', ''), ['']);
  });

  it('picks sub-matches as libstdc++ does, not POSIX leftmost-longest', () => {
    // POSIX would say ["ab", "c", "d"].
    assert.deepEqual(match('(a|ab)(c|bcd)(d*)', 'abcd'), ['a', 'bcd', '']);
    assert.deepEqual(match('(.+)+(.+)', '17.0.14+7'), ['17.0.14+', '7']);
    // A group keeps what it matched in an earlier iteration (ECMAScript would clear it).
    assert.deepEqual(match('((a)|b)+', 'ab'), ['b', 'a']);
    assert.deepEqual(match('(a|(b))+', 'ba'), ['a', 'b']);
    // A repetition may run its body on the empty string (ECMAScript would not).
    assert.deepEqual(match('(a*)*', ''), ['']);
    assert.deepEqual(match('(a*)?', ''), ['']);
  });
});

describe('regexSplit', () => {
  it('alternates unmatched text and group lists', () => {
    assert.deepEqual(split('(a)b', 'abc'), ['', ['a'], 'c']);
    assert.deepEqual(split('([ac])', 'abc'), ['', ['a'], 'b', ['c'], '']);
    assert.deepEqual(split('(a)|(c)', 'abc'), ['', ['a', null], 'b', [null, 'c'], '']);
    assert.deepEqual(split('([[:upper:]]+)', ' FOO '), [' ', ['FOO'], ' ']);
    assert.deepEqual(split('(b)', 'foobarbaz'), ['foo', ['b'], 'ar', ['b'], 'az']);
    assert.deepEqual(split('(o+)', 'oooofoooo'), ['', ['oooo'], 'f', ['oooo'], '']);
    assert.deepEqual(split('fo{1,2}', 'fooo'), ['', [], 'o']);
    assert.deepEqual(split('fo+', 'f'), ['f']);
    assert.deepEqual(split('a', ''), ['']);
    assert.deepEqual(split("[[:space:]]+|([',.!?])", 'Nix Rocks!'), ['Nix', [null], 'Rocks', ['!'], '']);
  });

  it('handles empty matches as std::sregex_iterator does', () => {
    assert.deepEqual(split('', ''), ['', [], '']);
    assert.deepEqual(split('', 'abc'), ['', [], 'a', [], 'b', [], 'c', [], '']);
    assert.deepEqual(split('x*', 'abc'), ['', [], 'a', [], 'b', [], 'c', [], '']);
    assert.deepEqual(split('b*', 'abbc'), ['', [], 'a', [], '', [], 'c', [], '']);
    assert.deepEqual(split('(b*)', 'abbc'), ['', [''], 'a', ['bb'], '', [''], 'c', [''], '']);
    assert.deepEqual(split('(|b)', 'abc'), ['', [''], 'a', ['b'], '', [''], 'c', [''], '']);
    assert.deepEqual(split('(|a)', 'aab'), ['', ['a'], '', ['a'], '', [''], 'b', [''], '']);
    assert.deepEqual(split('a*?', 'aa'), ['', [], '', [], '']);
    assert.deepEqual(split('(|a)+', 'aa'), ['', [''], '', [''], '']);
    assert.deepEqual(split('(a?)*', 'aa'), ['', [''], '', [''], '']);
  });

  it('anchors only at the ends of the whole string', () => {
    assert.deepEqual(split('^', 'abc'), ['', [], 'abc']);
    assert.deepEqual(split('$', 'abc'), ['abc', [], '']);
    assert.deepEqual(split('^a', 'aaa'), ['', [], 'aa']);
    assert.deepEqual(split('a$', 'aaa'), ['aa', [], '']);
  });

  it('prefers the longest alternative at a position, as libstdc++ in POSIX mode', () => {
    assert.deepEqual(split('a|ab', 'xabc'), ['x', [], 'c']);
    assert.deepEqual(split('a|ab|abc', 'xabcd'), ['x', [], 'd']);
    assert.deepEqual(split('(a|ab)(c|bcd)', 'abcd'), ['', ['a', 'bcd'], '']);
    assert.deepEqual(split('(a|ab)*c', 'ababc'), ['', ['ab'], '']);
    assert.deepEqual(split('(ab|a)(bc|c)?', 'abc'), ['', ['ab', 'c'], '']);
    assert.deepEqual(split('(a*)(ab)*b', 'aab'), ['', ['aa', null], '']);
    assert.deepEqual(split('(a|b)*', 'abab'), ['', ['b'], '', [null], '']);
    assert.deepEqual(split('(x|(a)|b)*', 'ab'), ['', ['b', 'a'], '', [null, null], '']);
    assert.deepEqual(split('(a)|b', 'ba'), ['', [null], '', ['a'], '']);
  });

  it('keeps separators and text of long strings (no recursion per byte)', () => {
    const big = 'ab.'.repeat(50000);
    const parts = split('\\.', big);
    assert.equal(parts.length, 100001);
    assert.equal(parts[0], 'ab');
    assert.equal(parts[parts.length - 1], '');
    // An executor-only pattern (a group inside a repetition) on a long subject.
    const m = match('((a)|b|\\.)*', big);
    assert.deepEqual(m, ['.', 'a']);
    assert.equal(match('(.*)', 'x'.repeat(200000))?.[0]?.length, 200000);
  });
});

describe('pattern syntax', () => {
  it('rejects escapes of ordinary characters and backreferences', () => {
    for (const p of ['\\/', '\\d', '\\1', '(a)\\1', '\\]', '\\}', '\\n', 'a\\']) invalid(p);
    // Special characters may be escaped.
    assert.deepEqual(match('\\.\\[\\\\\\(\\)\\*\\+\\?\\{\\|\\^\\$', '.[\\()*+?{|^$'), []);
  });

  it('rejects misplaced quantifiers and braces', () => {
    for (const p of ['*a', '^*', '$?', 'a|*b', '(*a)', 'a{', '{1}', 'a{,2}', 'a{2,1}', 'a{1', 'a{1,2', 'a{ 1}', 'a{1a}']) invalid(p);
    assert.deepEqual(match('a}', 'a}'), []);
    assert.deepEqual(match(']', ']'), []);
  });

  it('rejects bad bracket expressions', () => {
    for (const p of [
      '[z-a]',
      '[a-z-9]',
      '[a--]',
      '[]',
      '[a',
      '[[:alpha:]',
      '[[:alpha',
      '[[:foo:]]',
      '[[.a]',
      '[[.-.]]',
      '[[.0.]]',
      '[[.Space.]]',
      '[[=ab=]]',
      '[[:alpha:]-z]',
      '[a-[.z.]]',
      '[a-\xc3\xa9]',
    ]) {
      invalid(p);
    }
  });

  it('rejects unbalanced parentheses', () => {
    for (const p of ['(.*', 'f(o*o', 'a)', '(', ')', '(?:a)']) invalid(p);
  });

  it('accepts empty alternatives and groups', () => {
    assert.deepEqual(match('|', ''), []);
    assert.deepEqual(match('a||b', ''), []);
    assert.deepEqual(match('()', ''), ['']);
  });

  it("enforces libstdc++'s limit of 100000 NFA states", () => {
    assert.deepEqual(match('a{99993}', 'a'.repeat(99993)), []);
    tooLarge('a{99994}');
    tooLarge('a{1000}{1000}');
    tooLarge('a{100000}');
    assert.doesNotThrow(() => compileRegex('a{0,49996}'));
    tooLarge('a{0,49997}');
    tooLarge('a{99993,}');
    assert.doesNotThrow(() => compileRegex('^a{99992}'));
    tooLarge('^a{99993}');
    assert.equal(regexTesting.stateCount('a{5}'), 12);
    tooLarge('a{2147483647}');
    tooLarge('a{2147483647,}');
    // A count that overflows `int` is a syntax error, not a size error.
    invalid('a{2147483648}');
    invalid('a{0,2147483648}');
    invalid('a{99999999999999999999}');
  });

  it('caches compiled patterns and errors', () => {
    assert.equal(compileRegex('(x)y'), compileRegex('(x)y'));
    const e1 = (() => {
      try {
        compileRegex('(x');
      } catch (e) {
        return e;
      }
      return null;
    })();
    const e2 = (() => {
      try {
        compileRegex('(x');
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.ok(e1 instanceof RegexError);
    assert.equal(e1, e2);
  });

  it('uses the JS translation only where it agrees with libstdc++', () => {
    assert.deepEqual(regexTesting.jsPaths('\\.'), { match: true, search: true });
    assert.deepEqual(regexTesting.jsPaths("[[:space:]]+|([',.!?])"), { match: true, search: true });
    assert.deepEqual(regexTesting.jsPaths('a|ab'), { match: true, search: false });
    assert.deepEqual(regexTesting.jsPaths('(a*)*'), { match: false, search: false });
    assert.deepEqual(regexTesting.jsPaths('((a)|b)+'), { match: false, search: false });
    assert.deepEqual(regexTesting.jsPaths('(a|b)+'), { match: true, search: true });
  });
});

describe('random patterns checked against CppNix 2.26', () => {
  // [pattern, subject, builtins.match result, builtins.split result]
  const table: Array<[string, string, Groups | null, Split]> = [
    ['.*([[:digit:]x](|||[\x80-\xff]*c)+?)?||', '\xe9ba', [null, null], ['', [null, null], '', [null, null], '']],
    ['\\.[\x80-\xff]|', 'b\xe91', null, ['', [], 'b', [], '\xe9', [], '1', [], '']],
    ['.(.?b{0,1})?', '1 .bab', null, ['', [' '], '', ['b'], '', ['b'], '']],
    ['(([^a]b+?|)a||)*a', 'b...a ', null, ['b...', ['', null], ' ']],
    ['($b*)\\.', '1', null, ['1']],
    ['(cc*^|||||[[:digit:]x]{2}\xe9*a){0,1}b(b[a-c]\\.{2}|.?$)|||', 'a', null, ['', [null, null], 'a', [null, null], '']],
    ['|(\xe9a+[^]b]+)+?.?(||||)', 'c\xe9a b', null, ['', [null, ''], '', ['\xe9a ', ''], '', [null, null], '']],
    ['((\\.b+)*c*||||[]a]?[b-]?[[:space:]a])[\x80-\xff]', 'a\xe9.\xe9  ', null, ['', ['a', null], '.', ['', null], '  ']],
    [
      '.b||[ab][a-c]{1,}(b(a*\xe9+a))+?|',
      '\xe911a ',
      null,
      ['', [null, null], '\xe9', [null, null], '1', [null, null], '1', [null, null], 'a', [null, null], ' ', [null, null], ''],
    ],
    ['(($))+||', '', ['', ''], ['', ['', ''], '']],
    ['b{0,2}$(||)*', '..b', null, ['..', [''], '', [''], '']],
    ['c{0,1}b', 'b ', null, ['', [], ' ']],
    ['||', 'ccbbcb', null, ['', [], 'c', [], 'c', [], 'b', [], 'b', [], 'c', [], 'b', [], '']],
    [
      '((\\.{1,})+?[[:digit:]x])?(||||||||||||ab(|||)){0,2}',
      'a 1ac1',
      null,
      [
        '',
        [null, null, '', null],
        'a',
        [null, null, '', null],
        ' ',
        ['1', null, '', null],
        '',
        [null, null, '', null],
        'a',
        [null, null, '', null],
        'c',
        ['1', null, '', null],
        '',
        [null, null, '', null],
        '',
      ],
    ],
    ['.+', '.cb\xe9c.', [], ['', [], '']],
    ['(\\.b)?\\.', 'a', null, ['a']],
    ['a+', 'b 1b', null, ['b 1b']],
    ['.?b{2}|||', 'a\xe9aba', null, ['', [], 'a', [], '\xe9', [], 'a', [], 'b', [], 'a', [], '']],
    ['(|([^]b]{0,1}[ab]a|||)+?a+(|||ac{0,2}b*)?)[^a]a+', 'ba', ['', null, null], ['', ['', null, null], '']],
    ['[[:alpha:]]+(([ab]{2}[^]b]){0,1}aa|[b-]*[b-]*b{0,1}||\xe9[[:space:]a]b+)(\xe9+c?a?)', 'a', null, ['a']],
    ['([ab]{0,1}|||||||)+', '\xe91c', null, ['', [''], '\xe9', [''], '1', [''], 'c', [''], '']],
    [
      '((.+)*)*([[:alpha:]](b||||||||||b[ab]b{0,2}){1,})||\xe9{1,}(c$)?\\.',
      ' \xe9 bbb',
      ['', ' \xe9 bb', 'b', '', null],
      ['', ['', ' \xe9 bb', 'b', '', null], '', [null, null, null, null, null], ''],
    ],
    ['\xe9?a+?((^^)+(.$|||))', '  ', null, ['', ['', '', ''], '  ']],
    ['c*((a+?a)($$))', 'b', null, ['b']],
    ['$', 'b', null, ['b', [], '']],
    [
      '((||a[^a]*a*)|||||b{2}($)[^a]|){0,1}',
      '1bba11',
      null,
      ['', ['', '', null], '1', ['', '', null], 'b', ['', '', null], 'b', ['a11', 'a11', null], '', ['', '', null], ''],
    ],
    ['\\.+[[:alpha:]]*', '', null, ['']],
    ['(||||||[[:space:]a]a+a*||)+', '', [''], ['', [''], '']],
    ['b', ' ac..', null, [' ac..']],
    [
      '[]a]{0,1}a{2}||b{0,2}(|||||||\xe9{0,2}^(\\.a?|||)){1,}(b+)',
      'b. ',
      null,
      ['', ['', null, 'b'], '', [null, null, null], '.', [null, null, null], ' ', [null, null, null], ''],
    ],
    ['[a-c]{1,}[\x80-\xff]a*', '1cb1', null, ['1cb1']],
    ['c{2}(a|||||){0,2}', '', null, ['']],
    [
      '(([\x80-\xff]a)($|||||||[\x80-\xff]*\xe9{1,}a){0,1})\\.*|',
      'b..c',
      null,
      ['', [null, null, null], 'b', [null, null, null], '.', [null, null, null], '.', [null, null, null], 'c', [null, null, null], ''],
    ],
    ['[^a]{0,1}\xe9a{2}', '\xe9 ', null, ['\xe9 ']],
    ['c?\\.b{0,1}|||', '\xe9b', null, ['', [], '\xe9', [], 'b', [], '']],
    ['[\x80-\xff]a|((c?a\\.)?(b?)a)(($[\x80-\xff]){0,2}([[:alpha:]][]a]|){0,1}){1,}b', 'a', null, ['a']],
    ['[\x80-\xff]([a-c]{0,2}||a(|[[:alpha:]]?a{1,}b){1,}a||)?', 'baa\xe9bb', null, ['baa', ['bb', null], '']],
    ['|', 'a', null, ['', [], 'a', [], '']],
    ['||c(ba*)+[a-c]{0,2}', '', [null], ['', [null], '']],
    ['(c+b)([[:alpha:]]+(||b*a?c|a{0,1}[[:alpha:]]^||||||||[]a]^[\x80-\xff]))', '.', null, ['.']],
    ['\xe9{0,2}c{2}b||||', 'a', null, ['', [], 'a', [], '']],
    ['[\x80-\xff]{2}|||||', '\xe9', null, ['', [], '\xe9', [], '']],
    ['[a-c]{0,2}b?|\\.+b', '\xe9b', null, ['', [], '\xe9', [], '', [], '']],
    ['', '\xe9', null, ['', [], '\xe9', [], '']],
    [
      '(\xe9([[:space:]a]{2}^[a-c]+)?(a{0,2}[^]b]|c*b{0,2}^|||cc{1,}\\.))?bb||c+(|||||)+.',
      'bca',
      null,
      ['', [null, null, null, null], 'b', [null, null, null, ''], '', [null, null, null, null], ''],
    ],
    ['[[:alpha:]]', 'b', [], ['', [], '']],
    ['|||a(||b?(|\xe9+ca)+([a-c]+a+?))*$||', '', [null, null, null], ['', [null, null, null], '']],
    ['[]a]*.||a\xe9?.{1,}', ' 1b', null, ['', [], '', [], '', [], '', [], '']],
    ['(.$|){2}c?', '1a', null, ['', [''], '1', [''], '', [''], '']],
    ['|||', 'b\xe9b.', null, ['', [], 'b', [], '\xe9', [], 'b', [], '.', [], '']],
    ['(\\.c*|||[ab]*b+?a+)*(|)*', '\xe9b', null, ['', ['', ''], '\xe9', ['', ''], 'b', ['', ''], '']],
    ['b\\.+?', '1', null, ['1']],
    ['^(|c*c(|a+aa{1,})?)', 'ba', null, ['', ['', null], 'ba']],
    ['\\.', 'b', null, ['b']],
    ['($)[^a]*', 'aa', null, ['aa', [''], '']],
    ['b||', '', [], ['', [], '']],
    [
      'b{2}[ab]|||||b+?(||(.{2}\\.||.[\x80-\xff]{2}b*)[a-c]{2}[b-]*)(([^]b]*^||||||||||||)+c*|||a?b[a-c])+',
      '1..b ',
      null,
      [
        '',
        [null, null, null, null],
        '1',
        [null, null, null, null],
        '.',
        [null, null, null, null],
        '.',
        ['', null, '', ''],
        '',
        [null, null, null, null],
        ' ',
        [null, null, null, null],
        '',
      ],
    ],
    ['((b$^)c{0,1}|)*c', ' ', null, [' ']],
    ['^|||||||||', '11', null, ['', [], '1', [], '1', [], '']],
    ['(c+?[]a]+?||[a-c]?c{1,}[]a])bb{0,1}', 'b', [''], ['', [''], '']],
    ['[[:space:]a][b-][a-c]|', 'b.bcc.', null, ['', [], 'b', [], '.', [], 'b', [], 'c', [], 'c', [], '.', [], '']],
    ['\xe9*(b{2}b+\\.)b|||||b[b-]{1,}(||)+', 'bb', [null, ''], ['', [null, ''], '', [null, null], '']],
    ['[^]b]([^a]b)', '\xe9a.', null, ['\xe9a.']],
    ['[ab][[:alpha:]]{0,2}', 'ca  ', null, ['c', [], '  ']],
    [
      '|(aa[ab]+|a*(c?^|b^[\x80-\xff]{0,2}||)[^]b]*|(a+?a?[[:alpha:]]{1,}||b?c[^]b]+)[b-]?($b?||aa*c))?\\.?(.b+(a^a|)+||a?a?(|||a^b*|[b-]{0,2}$)|||||||(b?[^a]\xe9{1,}){0,2}[[:alpha:]](a**|a+\xe9?c))|||||||',
      ' c1\xe9a',
      [' c1\xe9a', '', null, null, '', null, null, null, null],
      ['', [' c1\xe9a', '', null, null, '', null, null, null, null], '', [null, null, null, null, null, null, null, null, null], ''],
    ],
    ['^', '', [], ['', [], '']],
    ['b|', ' 1aa.', null, ['', [], ' ', [], '1', [], 'a', [], 'a', [], '.', [], '']],
    ['ab\\.{2}', '\xe9 .', null, ['\xe9 .']],
    ['bb+?.+', 'b\xe9b..a', [], ['', [], '']],
    ['\xe9\\.{0,2}a', 'bba ca', null, ['bba ca']],
    [
      '|(\xe9{1,}(c[ab]{1,}){1,}(||||||b[ab]^||$b{1,}|)*)(c(||a{1,}b^)*)?a',
      '111.',
      null,
      [
        '',
        [null, null, null, null, null],
        '1',
        [null, null, null, null, null],
        '1',
        [null, null, null, null, null],
        '1',
        [null, null, null, null, null],
        '.',
        [null, null, null, null, null],
        '',
      ],
    ],
    ['()', 'b a1 c', null, ['', [''], 'b', [''], ' ', [''], 'a', [''], '1', [''], ' ', [''], 'c', [''], '']],
    ['||||', 'a1b', null, ['', [], 'a', [], '1', [], 'b', [], '']],
    [
      '(){0,1}(^(|)+?)+?',
      'acaa',
      null,
      ['', ['', '', ''], 'a', ['', null, null], 'c', ['', null, null], 'a', ['', null, null], 'a', ['', null, null], ''],
    ],
    ['.{1,}b', 'a a', null, ['a a']],
    ['acb+||', 'b.\xe9\xe9', null, ['', [], 'b', [], '.', [], '\xe9', [], '\xe9', [], '']],
    [
      '||([[:digit:]x]+?(|c+a{0,2}^|.$b|)?)?b{1,}\\.',
      'b111ca',
      null,
      [
        '',
        [null, null],
        'b',
        [null, null],
        '1',
        [null, null],
        '1',
        [null, null],
        '1',
        [null, null],
        'c',
        [null, null],
        'a',
        [null, null],
        '',
      ],
    ],
    ['b\\.', 'cacb', null, ['cacb']],
    ['[[:space:]a]+?[b-]\\.', '1\xe9 ', null, ['1\xe9 ']],
    ['[a-c]', '..1', null, ['..1']],
    ['||a+[^a](\\.*)+||||||[[:digit:]x]a[[:digit:]x]?', 'ab..bb', null, ['', [''], '', [null], 'b', [null], 'b', [null], '']],
    ['[[:digit:]x][^]b]{2}(a{0,1}){0,1}', 'acb11a', null, ['acb', [''], '']],
    ['||||||||cc?(c(\\.?)){2}', '.\xe9a', null, ['', [null, null], '.', [null, null], '\xe9', [null, null], 'a', [null, null], '']],
    ['(\\.|||)*(a($$){0,2}$)', '1.', null, ['1.']],
    [
      '|[\x80-\xff]+?.+b?|||\xe9{0,2}([^]b]a[^a]+)((\\.+)b?)',
      'a\xe9a',
      [null, null, null],
      ['', [null, null, null], '', [null, null, null], ''],
    ],
    [
      '\\.((|baa)+)+|',
      'a\xe9  a',
      null,
      ['', [null, null], 'a', [null, null], '\xe9', [null, null], ' ', [null, null], ' ', [null, null], 'a', [null, null], ''],
    ],
    [
      '((.+$)?(b{0,2})?){2}[b-]+||||[ab][ab]((\\.b+)+?[[:digit:]x]?|){0,1}',
      '1.ba',
      null,
      [
        '',
        [null, null, null, null, null],
        '1',
        [null, null, null, null, null],
        '.',
        [null, null, null, '', null],
        '',
        [null, null, null, null, null],
        '',
      ],
    ],
    ['\xe9+[ab]{2}(b+|||a?[b-]*[[:digit:]x])', '1cb.b', null, ['1cb.b']],
    ['cc', 'bc', null, ['bc']],
    ['[]a]|[a-c]+[a-c]?', '\xe9a1b.a', null, ['\xe9', [], '1', [], '.', [], '']],
    ['a*((.{2}^)+(^ab{1,}){0,2})*b{0,2}', 'b ', null, ['', [null, null, null], '', [null, null, null], ' ', [null, null, null], '']],
    ['\xe9{0,2}c((\\.{0,2})+){1,}', '. ', null, ['. ']],
    [
      '|a{1,}b[^]b]|||b+a(|\xe9+[^]b]b|||||||[[:space:]a]+b{0,2}(b^\xe9{0,2})||c(b+^)*[[:space:]a]{0,1})+?',
      'a11b ',
      null,
      [
        '',
        [null, null, null],
        'a',
        [null, null, null],
        '1',
        [null, null, null],
        '1',
        [null, null, null],
        'b',
        [null, null, null],
        ' ',
        [null, null, null],
        '',
      ],
    ],
    ['(($){0,2}|(a{2}a{0,2})$)(||)', '', ['', '', null, ''], ['', ['', '', null, ''], '']],
    ['[b-]{2}.+b|', '.abb1b', null, ['', [], '.', [], 'a', [], '', [], '']],
    ['|||||', 'a\xe9.\xe9.', null, ['', [], 'a', [], '\xe9', [], '.', [], '\xe9', [], '.', [], '']],
    [
      '(.(.{0,2}a*)**|||b*(\\.{1,}|[\x80-\xff]a[[:alpha:]])$)[b-]||||[a-c]((.{2}$)+?[[:space:]a]|){0,1}(\xe9+bb){0,2}',
      'b\xe9 b',
      ['b\xe9 ', '', null, null, null, null],
      ['', ['b\xe9 ', '', null, null, null, null], '', [null, null, null, null, null, null], ''],
    ],
    ['|[[:alpha:]](b\xe9*||||){0,2}.|||||', ' a1a', null, ['', [null], ' ', [''], '', [null], 'a', [null], '']],
    ['(a+?[[:space:]a]*())[^a]b', 'a bb', ['a ', ''], ['', ['a ', ''], '']],
    ['[]a]', '\xe91c', null, ['\xe91c']],
    ['a((a.*)[b-])(.*\\.*)?|', 'c', null, ['', [null, null, null], 'c', [null, null, null], '']],
    ['c{2}[\x80-\xff]', '.aab', null, ['.aab']],
    [
      '((aa?[^a]|||a[^a]{2}[a-c]{2}|)a[]a]{1,})+b[]a]{0,1}||||b{1,}([\x80-\xff])?(){1,}',
      'a',
      null,
      ['', [null, null, null, null], 'a', [null, null, null, null], ''],
    ],
    [
      '[[:space:]a]+?([\x80-\xff]+($\\.)|||)?b|',
      '11a',
      null,
      ['', [null, null], '1', [null, null], '1', [null, null], 'a', [null, null], ''],
    ],
    [
      '|\xe9(a+?[^]b]([b-]{1,}$))(\xe9a*$)*',
      'a   a ',
      null,
      [
        '',
        [null, null, null],
        'a',
        [null, null, null],
        ' ',
        [null, null, null],
        ' ',
        [null, null, null],
        ' ',
        [null, null, null],
        'a',
        [null, null, null],
        ' ',
        [null, null, null],
        '',
      ],
    ],
    ['([ab]+[[:space:]a]{1,}|b?b+c*)(b)|', 'ca', null, ['', [null, null], 'c', [null, null], 'a', [null, null], '']],
    ['[[:space:]a]', 'ba.ab.', null, ['b', [], '.', [], 'b.']],
    ['a?b{2}[^]b]', '', null, ['']],
    ['(|||||($c|c{0,1}ab+?)[\x80-\xff][a-c])', 'aa', null, ['', ['', null], 'a', ['', null], 'a', ['', null], '']],
    ['[^]b]', ' a', null, ['', [], '', [], '']],
    [
      '|a+?((.{0,2}.{1,}$)b(^){0,2})(||)*',
      ' c\xe9',
      null,
      ['', [null, null, null, null], ' ', [null, null, null, null], 'c', [null, null, null, null], '\xe9', [null, null, null, null], ''],
    ],
    ['||b|\xe9?aa*', '1.c .\xe9', null, ['', [], '1', [], '.', [], 'c', [], ' ', [], '.', [], '\xe9', [], '']],
    ['a{1,}[[:alpha:]]{0,1}c', 'b\xe9a', null, ['b\xe9a']],
    ['[\x80-\xff]{0,2}[[:space:]a]||', 'ca\xe91', null, ['', [], 'c', [], '', [], '\xe9', [], '1', [], '']],
    ['((|){0,1}[a-c])', 'a\xe9bb', null, ['', ['a', ''], '\xe9', ['b', ''], '', ['b', ''], '']],
    ['\xe9+?((ba)(b|\xe9+b{0,2}b{0,2}){1,}){1,}^', '\xe9a', null, ['\xe9a']],
    ['b*[^]b](a)', '.ba', null, ['.ba']],
    [
      '()|||(bb+?)(c{1,}c+)(a{0,2}a{2}$)+||||(c[[:alpha:]]*$)b(\xe9+a*[[:space:]a])',
      '.b',
      null,
      ['', ['', null, null, null, null, null], '.', ['', null, null, null, null, null], 'b', ['', null, null, null, null, null], ''],
    ],
    ['[]a](){0,2}||||||(([]a]{0,1})+?b*){0,1}$$', '', [null, null, null], ['', [null, null, null], '']],
    ['(|a(aa{0,2})+?$)a', 'bbbc', null, ['bbbc']],
    ['bb*(.[b-]||\xe9+?c*c+)*', 'c', null, ['c']],
    ['(||)', 'ba', null, ['', [''], 'b', [''], 'a', [''], '']],
    ['(a?|||||||[[:alpha:]]b\xe9)c+', 'a\xe9..a.', null, ['a\xe9..a.']],
    ['|\xe9+(a+c+(){2}|||.b()?|)+?.?', '', [null, null, null], ['', [null, null, null], '']],
    ['[b-]*a+|a{0,2}\\.+a', 'b\xe9c', null, ['b\xe9c']],
    [
      'b+?(){1,}(c*($b|||a{0,1}b?[ab]{2}){1,}|[[:space:]a]+b([^]b]a?){2})?',
      ' ac',
      null,
      ['', ['', '', '', null], ' ', ['', '', '', null], 'a', ['', 'c', '', null], '', ['', '', '', null], ''],
    ],
    ['^|||.+?($)+a|aa?a', 'b', null, ['', [null], 'b', [null], '']],
    ['c?\\.', '11a.1 ', null, ['11a', [], '1 ']],
    [
      '[[:space:]a]{1,}||||a+?(([]a]^||)[[:digit:]x]){2}[[:digit:]x]?',
      'aa\xe9b',
      null,
      ['', [null, null], '', [null, null], '\xe9', [null, null], 'b', [null, null], ''],
    ],
    [
      '((a[\x80-\xff]?)[[:space:]a])(||a()\xe9)||||||||||',
      ' ba',
      null,
      ['', [null, null, null, null], ' ', [null, null, null, null], 'b', [null, null, null, null], 'a', [null, null, null, null], ''],
    ],
    ['[ab]{1,}b', 'a ', null, ['a ']],
    [
      '(|||||||(b+.a{1,})*$()+|(|||||)(a{1,}[[:digit:]x][[:digit:]x])^){0,2}',
      '\xe9',
      null,
      ['', ['', null, null, null, null], '\xe9', ['', null, null, null, null], ''],
    ],
    [
      '.+($||||||\xe9+..){0,2}($b|||[[:alpha:]]*[^a](a*a)*|||||||(c$b{1,}|b+?b+\\.{0,1})(^)b)?',
      '\xe9ba a',
      ['', '', null, null, null],
      ['', ['', '', null, null, null], ''],
    ],
    [
      'a||||[[:alpha:]]{0,1}(^(b*bc+)+)(|){0,1}',
      'a\xe9aa1',
      null,
      [
        '',
        [null, null, null],
        '',
        [null, null, null],
        '\xe9',
        [null, null, null],
        '',
        [null, null, null],
        '',
        [null, null, null],
        '1',
        [null, null, null],
        '',
      ],
    ],
    [
      '|a{1,}c(a*([b-][^a])||(\xe9a\\.**|)b+\xe9?)|($||[[:digit:]x][[:space:]a]+(a$[]a]|||||||))*((c+b)(|b*[a-c]c)+)?',
      'a1c.',
      null,
      [
        '',
        [null, null, null, null, null, null, null, null],
        'a',
        [null, null, null, null, null, null, null, null],
        '1',
        [null, null, null, null, null, null, null, null],
        'c',
        [null, null, null, null, null, null, null, null],
        '.',
        [null, null, null, null, null, null, null, null],
        '',
      ],
    ],
    ['[]a]?||||c*(ca?|||\xe9+a*(a{1,}b||||)*)\xe9', 'a', [null, null], ['', [null, null], '', [null, null], '']],
    ['b+[b-]||((c+$){0,1}[[:space:]a])b\\.|||[[:space:]a]*\xe9[^]b]?', '', [null, null], ['', [null, null], '']],
    ['[^]b]?', 'b1a', null, ['', [], 'b', [], '', [], '', [], '']],
    ['b|||(\xe9*[a-c](||b\\.b?)|||)+[^a][a-c]{0,1}', 'aa', null, ['', [null, null], 'a', [null, null], 'a', [null, null], '']],
    ['||[^a][]a][[:digit:]x]', '', [], ['', [], '']],
    ['|c*aa?', '1aa1', null, ['', [], '1', [], '', [], '1', [], '']],
    ['b*cc', '', null, ['']],
    ['b||||||.(cc)b{2}||[[:digit:]x]*[[:space:]a][a-c]?', '', [null], ['', [null], '']],
    ['[]a]?c*c{1,}', 'acc', [], ['', [], '']],
    ['([\x80-\xff]+\\.{1,}||[[:digit:]x]+?a?([b-]$||c+c[ab]){1,})^|cc+', 'b', null, ['', ['', null], 'b']],
    ['b?', '1b', null, ['', [], '1', [], '', [], '']],
    ['(b[[:digit:]x])(||\xe9{2}[[:digit:]x]{1,}b{0,1}){1,}', '', null, ['']],
    ['a+[\x80-\xff]{2}(||(a{1,}a+)b{0,2}[ab]){1,}', 'bc\xe91bb', null, ['bc\xe91bb']],
    ['(){0,2}', 'abbb', null, ['', [''], 'a', [''], 'b', [''], 'b', [''], 'b', [''], '']],
    [
      '((a{1,}^)([]a]+b?b*)|||||||){2}b*',
      'ba ',
      null,
      ['', ['', null, null], '', ['', null, null], 'a', ['', null, null], ' ', ['', null, null], ''],
    ],
    ['b(|)*', '\xe9 ', null, ['\xe9 ']],
    ['[[:space:]a]**|||||||', 'a', [], ['', [], '', [], '']],
    ['(.+?($$|){2}){2}c+', 'a.a.bb', null, ['a.a.bb']],
    ['c?(\\.|(ba.)[b-]*(a*ba||||)?||||){0,2}|', 'aa', null, ['', ['', null, null], 'a', ['', null, null], 'a', ['', null, null], '']],
    ['[[:digit:]x]..', 'bac ', null, ['bac ']],
    ['((.+[]a]+)[\x80-\xff]|b+([[:alpha:]]$)b{2}|)?', '', ['', null, null], ['', ['', null, null], '']],
    [
      'b[^]b]||((aa)(||a+a{2}$))\\.(|(a?a{0,2}.{2}|b{0,1}a+$)b(||))+',
      '',
      [null, null, null, null, null, null],
      ['', [null, null, null, null, null, null], ''],
    ],
    ['c*^', 'b a1b', null, ['', [], 'b a1b']],
    ['|[]a]+b+(\xe9+?(b*$)b{2})+', ' b', null, ['', [null, null], ' ', [null, null], 'b', [null, null], '']],
    ['(|\xe9*a*(\xe9{0,1}b?[^a]*|))', 'c1', ['c1', 'c1'], ['', ['c1', 'c1'], '', ['', null], '']],
    ['||||||', '', [], ['', [], '']],
    ['\xe9?^(|(.$|[^a]*[\x80-\xff]+a)b[[:alpha:]])|', 'cb', null, ['', ['', null], 'c', [null, null], 'b', [null, null], '']],
    [
      '((c{0,2}\\.*)?b){0,1}\\.|',
      'aabc',
      null,
      ['', [null, null], 'a', [null, null], 'a', [null, null], 'b', [null, null], 'c', [null, null], ''],
    ],
    [
      '(([ab]{1,}a*)*b?b?||[ab]{0,1}[[:alpha:]](b|){1,})?',
      '1 b11\xe9',
      null,
      [
        '',
        ['', null, null],
        '1',
        ['', null, null],
        ' ',
        ['b', 'b', null],
        '',
        ['', null, null],
        '1',
        ['', null, null],
        '1',
        ['', null, null],
        '\xe9',
        ['', null, null],
        '',
      ],
    ],
    [
      '|||\xe9b?(|||||c(^||||b\\.{0,2}a){0,1}[^a])+?',
      '1\xe9.ac',
      null,
      ['', [null, null], '1', ['', null], '', [null, null], '.', [null, null], 'a', [null, null], 'c', [null, null], ''],
    ],
    ['(b{1,}\\.[^]b]||||||||)[a-c]{0,1}b+?', 'c.', null, ['', [''], '', [''], '.', [''], '']],
    ['b?\\.', 'ba.', null, ['ba', [], '']],
    ['a\xe9[ab]', 'cba.', null, ['cba.']],
    ['b|($[ab]||b($^|||||||)+($)|||){0,1}c*|', 'c', ['', null, null], ['', ['', null, null], '', ['', null, null], '']],
    ['\xe9+b{1,}\\.', 'c b', null, ['c b']],
    ['b{1,}', '', null, ['']],
    ['((\\.+?a|){0,1}[b-]?)b?', 'a11.', null, ['', ['a', 'a'], '', ['', ''], '1', ['', ''], '1', ['', ''], '.', ['', ''], '']],
    ['\\.{2}', 'a', null, ['a']],
    [
      '$|||((\\.$|[^]b]{2}\\.||||||||)\xe9*)((\\.))[\x80-\xff]{1,}||.*.?[^a]*',
      'a',
      [null, null, null, null],
      ['', [null, null, null, null], '', [null, null, null, null], ''],
    ],
    [
      '|||[[:alpha:]]((ab{0,1}|a+?c[ab])?($)*||||[^a](ba|||)*a?)(|||||.*.+[ab])?',
      '',
      [null, null, null, null, null],
      ['', [null, null, null, null, null], ''],
    ],
    ['|.{1,}(a|a[[:digit:]x]+a){0,2}([[:alpha:]]|||||||||||||||)', ' ', [null, ''], ['', [null, ''], '', [null, null], '']],
    ['|a*aa*', 'a1caa', null, ['', [], '', [], '1', [], 'c', [], '', [], '']],
    ['||a+?\\.a||', 'bb.\xe9a', null, ['', [], 'b', [], 'b', [], '.', [], '\xe9', [], 'a', [], '']],
    ['c+(([[:alpha:]]\\.)(|||.+?[[:space:]a]*[[:space:]a]))+', 'ca1', null, ['ca1']],
    ['((.b*)[^]b]||[[:digit:]x]?(b[^]b]b{0,1}|^)+c+)b*\xe9', '', null, ['']],
    ['b[ab]?', 'caaab', null, ['caaa', [], '']],
    ['cba?', 'abb a', null, ['abb a']],
    ['.{0,2}b{2}|', 'cb.', null, ['', [], 'c', [], 'b', [], '.', [], '']],
    ['b[[:alpha:]]+|||', '', [], ['', [], '']],
    ['bb{1,}', 'bbbb\xe9a', null, ['', [], '\xe9a']],
    ['([b-].)?b?||', '..ba', null, ['', [null], '.', [null], '.', ['ba'], '', [null], '']],
    ['((||||))+|', 'c.b1', null, ['', ['', ''], 'c', ['', ''], '.', ['', ''], 'b', ['', ''], '1', ['', ''], '']],
    ['((a?b|||b[\x80-\xff]b{0,1}){2}(|)a||||||){2}[]a]b', 'aabb \xe9', null, ['', ['', '', ''], 'b \xe9']],
    ['a(|.{1,}b+[[:alpha:]]+|||b?(||bbb|)+?a)', ' a.aab', null, [' ', ['', null], '.', ['a', ''], 'b']],
    ['(\\.a|||a*(b?^)(\\.[^a]){0,2}||\xe9*.{1,}.+)+(b?||){0,1}', '', ['', null, null, ''], ['', ['', null, null, ''], '']],
    ['(($b?)+?b|){0,1}\xe9', 'a ', null, ['a ']],
    [
      '[ab].([^]b]{0,2})|||||((.[^]b]?)b{0,2}\\.)+aa',
      'c.1cb1',
      null,
      [
        '',
        [null, null, null],
        'c',
        [null, null, null],
        '.',
        [null, null, null],
        '1',
        [null, null, null],
        'c',
        ['', null, null],
        '',
        [null, null, null],
        '',
      ],
    ],
    ['($)*||aa*[[:alpha:]]', ' 11', null, ['', [null], ' ', [null], '1', [null], '1', [''], '']],
    ['[^]b]+(([b-]a?)a{2})', 'b', null, ['b']],
    ['b{2}(\\.)', '', null, ['']],
    ['(c*[[:alpha:]]?)+?[\x80-\xff]', 'a ', null, ['a ']],
    ['|||aaa', 'ac.1', null, ['', [], 'a', [], 'c', [], '.', [], '1', [], '']],
    ['(||){0,2}b[]a]*', 'b1 ', null, ['', [''], '1 ']],
    ['\xe9+b?(\xe9(||)[[:space:]a]{2}){0,2}', '\xe9.cbb', null, ['', [null, null], '.cbb']],
    ['c((b[a-c]){0,1}a?)*b', 'b1. b', null, ['b1. b']],
    ['[a-c]((ac*||)+(a?^|||a*aa)|)+?', 'a', ['', '', ''], ['', ['', '', ''], '']],
    ['(\xe9{2}b[[:digit:]x]?)?[^a]a||||', 'b.c', null, ['', [null], 'b', [null], '.', [null], 'c', [null], '']],
    ['b(){1,}', 'a\xe9a\xe9ba', null, ['a\xe9a\xe9', [''], 'a']],
    ['[]a][^]b][b-]|', 'cb1c', null, ['', [], 'c', [], 'b', [], '1', [], 'c', [], '']],
    ['a||||||||', ' \xe9', null, ['', [], ' ', [], '\xe9', [], '']],
    ['(|||||)*.?\\.|', 'b1b a ', null, ['', [null], 'b', [null], '1', [null], 'b', [null], ' ', [null], 'a', [null], ' ', [null], '']],
    [
      '(ba{1,})*((){0,1})',
      ' 1cb ',
      null,
      ['', [null, '', ''], ' ', [null, '', ''], '1', [null, '', ''], 'c', [null, '', ''], 'b', [null, '', ''], ' ', [null, '', ''], ''],
    ],
    ['|||||c{0,2}$', 'a  ', null, ['', [], 'a', [], ' ', [], ' ', [], '']],
    ['[[:alpha:]]?(|)?', '1.c', null, ['', [''], '1', [''], '.', [''], '', [''], '']],
    ['b{2}(.[ab]||||||cc$|(a+a)$)[[:space:]a]', '..c', null, ['..c']],
    ['.+?[a-c]{1,}', 'acbba ', null, ['', [], ' ']],
    [
      '||||(b(a[[:alpha:]]|||||)?b?)*[[:space:]a](|(a\xe9?a*)\\.())',
      '',
      [null, null, null, null, null],
      ['', [null, null, null, null, null], ''],
    ],
    ['\\.{0,1}b|||||', '.aaba', null, ['', [], '.', [], 'a', [], 'a', [], '', [], 'a', [], '']],
    ['b(\\.*){1,}', ' .', null, [' .']],
    [
      '|([\x80-\xff]{2}[\x80-\xff]+\xe9{0,2}){2}.(a){1,}|c+\\.*||||([\x80-\xff]*()){2}[^]b][b-]{2}',
      '\xe9aa...',
      null,
      [
        '',
        [null, null, null, null],
        '\xe9',
        [null, null, null, null],
        'a',
        [null, null, null, null],
        'a',
        [null, null, null, null],
        '.',
        [null, null, null, null],
        '.',
        [null, null, null, null],
        '.',
        [null, null, null, null],
        '',
      ],
    ],
    [
      'b(|c([b-]|[a-c]bb+?)(\xe9a{2}b+?)|)([\x80-\xff]+[[:digit:]x])|b*()?[b-]*',
      'a',
      null,
      ['', [null, null, null, null, ''], 'a', [null, null, null, null, ''], ''],
    ],
    ['b+?||||', 'aa c', null, ['', [], 'a', [], 'a', [], ' ', [], 'c', [], '']],
    ['$\\.*||||||a?(\\.?[\x80-\xff]||b{2}(bb+?[\x80-\xff]+)c{1,})[]a]', '', [null, null], ['', [null, null], '']],
    ['((b?b{2}.{1,})[ab][\x80-\xff]*|||||||c(||||)[ab]{2})?', 'b', null, ['', ['', null, null], 'b', ['', null, null], '']],
    ['b(b||a{2}b+(aaa))b{0,2}', 'b', ['', null], ['', ['', null], '']],
    [
      'c{1,}([[:alpha:]]||(.?[[:space:]a])[b-]a|aa+\xe9|||||)?||||||||||c*(c+\\.?)\\.',
      '.a.b c',
      null,
      [
        '',
        [null, null, null],
        '.',
        [null, null, null],
        'a',
        [null, null, null],
        '.',
        [null, null, null],
        'b',
        [null, null, null],
        ' ',
        ['', null, null],
        '',
        [null, null, null],
        '',
      ],
    ],
    ['\\.+b', '..cbbb', null, ['..cbbb']],
    ['a?((b{1,}\xe9{0,1}\\.|||cc[\x80-\xff]){1,}c{0,1}([[:alpha:]][^]b]|)*)|||', '', ['', '', ''], ['', ['', '', ''], '']],
    ['$b|', '.ac', null, ['', [], '.', [], 'a', [], 'c', [], '']],
    [
      '(cc+?){0,2}(||||||){0,2}',
      ' ab.1a',
      null,
      ['', [null, ''], ' ', [null, ''], 'a', [null, ''], 'b', [null, ''], '.', [null, ''], '1', [null, ''], 'a', [null, ''], ''],
    ],
    ['([[:space:]a]\xe9)+$.?', 'bb1b \xe9', null, ['bb1b', [' \xe9'], '']],
    ['[a-c]([b-][^a]){1,}', 'c', null, ['c']],
    ['|\xe9aa*|', 'bcb\xe9', null, ['', [], 'b', [], 'c', [], 'b', [], '\xe9', [], '']],
    ['((.b|).)b||||', '\xe9b.', null, ['', ['\xe9', ''], '', [null, null], '.', [null, null], '']],
    ['[b-](|||(.{1,}[\x80-\xff])c+\\.||||||a(^b+?$|||a?.*b|)b{2}){2}', '.b1ca', null, ['.', ['', null, null], '1ca']],
    [
      '.^|b?\xe9?((ba||[[:digit:]x][[:alpha:]][[:alpha:]]{0,1})\\.)|[b-]((a{1,}.){1,}(||||||||[\x80-\xff]cc+)||(b\\.*|||||[^a]?a{0,2}a+)b\\.||([]a]bc{1,})(c*[^a]?)b+)+?',
      '\xe9 bc',
      null,
      ['\xe9 ', [null, null, '', null, null, null, null, null], 'c'],
    ],
    ['b\\.|||||a{0,2}[ab]+($b{1,}||)', '', [null], ['', [null], '']],
    ['((\\.)b?)+.*', 'bbaa1', null, ['bbaa1']],
    ['c(c{0,2}a*|a+?\\.{1,}^)+($){2}', 'b\xe9', null, ['b\xe9']],
    ['[^]b]?||||a+[\x80-\xff]?c+||b\xe9{2}a+?', 'a.bab', null, ['', [], '', [], '', [], 'b', [], '', [], 'b', [], '']],
    ['||(|||||)b{0,2}\\.*', 'aac', null, ['', [null], 'a', [null], 'a', [null], 'c', [null], '']],
    ['a{2}(c+[]a])[b-]|[[:digit:]x]a{0,1}(b$)', 'bb1.', null, ['bb1.']],
    [
      '[[:space:]a]((){0,2}(.{0,2}^||||b{1,}a^)+)?[[:digit:]x]?',
      'a\xe9aab',
      null,
      ['', ['', '', ''], '\xe9', ['', '', ''], '', ['', '', ''], 'b'],
    ],
    [
      'a|||[[:alpha:]]((.*[a-c]*$|b*b{0,2}a{0,2}||||[[:space:]a][[:digit:]x]b{2}){0,2}.[b-]?).{0,2}',
      '',
      [null, null],
      ['', [null, null], ''],
    ],
    [
      '$||([ab]$(|)+){2}(\xe9?(|)(||ab[^a]{1,}){0,1}){1,}([a-c]{0,1}b{1,})',
      'a',
      null,
      ['', [null, null, null, null, null, null], 'a', [null, null, null, null, null, null], ''],
    ],
    ['c+.', '.', null, ['.']],
    ['[\x80-\xff][a-c]*', 'b.\xe9aba', null, ['b.', [], '']],
    [
      '|(c\\.{1,})(||.(.a)+$)+?|||\xe9(|||)?[ab]',
      'a a\xe9',
      null,
      [
        '',
        [null, null, null, null],
        'a',
        [null, null, null, null],
        ' ',
        [null, null, null, null],
        'a',
        [null, null, null, null],
        '\xe9',
        [null, null, null, null],
        '',
      ],
    ],
    ['(c(c)?)(a)', 'a.', null, ['a.']],
    ['[[:digit:]x]a|||.b\\.|b{1,}(b?a)([[:digit:]x](|)*)', ' ', null, ['', [null, null, null], ' ', [null, null, null], '']],
    ['c?a|||', '.aa', null, ['', [], '.', [], '', [], '', [], '']],
    ['[^a]{0,2}[a-c]*[ab]{0,1}|[]a]{0,1}(a*)', '1', [null], ['', [null], '', [null], '']],
    [
      '|[a-c]{0,1}([\x80-\xff](c?a)+){0,1}([^a]*a+(||){1,})||||||',
      '.\xe9.aa',
      [null, null, '.\xe9.aa', ''],
      ['', [null, null, '.\xe9.aa', ''], '', [null, null, null, null], ''],
    ],
    ['a{0,2}', 'b cb', null, ['', [], 'b', [], ' ', [], 'c', [], 'b', [], '']],
    ['$||', 'a .', null, ['', [], 'a', [], ' ', [], '.', [], '']],
    [
      '([b-]+.)\\.||||',
      'abbb \xe9',
      null,
      ['', [null], 'a', [null], 'b', [null], 'b', [null], 'b', [null], ' ', [null], '\xe9', [null], ''],
    ],
    ['(c($){0,2})$', 'ba\xe9.', null, ['ba\xe9.']],
    ['c{0,2}[a-c]', 'c abcc', null, ['', [], ' ', [], '', [], '', [], '']],
    ['(|||)+?', 'c11', null, ['', [''], 'c', [''], '1', [''], '1', [''], '']],
    ['cc(\\.)', '\xe9a', null, ['\xe9a']],
    ['||||||b+[^a]+?a||||||', 'a', null, ['', [], 'a', [], '']],
    ['$([^]b]{0,2}a**\xe9)', 'bb', null, ['bb']],
    ['((b)a)*c+|ab[^]b]', 'b\xe9c.a', null, ['b\xe9', [null, null], '.a']],
    ['(($)**(||b{0,1}b\\.|||||)+||)', '', ['', '', ''], ['', ['', '', ''], '']],
    ['((^|^a{1,}).)b', 'babbb', null, ['babbb']],
  ];
  it('agree on match and split', () => {
    for (const [p, s, m, sp] of table) {
      assert.deepEqual(match(p, s), m, `match ${JSON.stringify(p)} ${JSON.stringify(s)}`);
      assert.deepEqual(split(p, s), sp, `split ${JSON.stringify(p)} ${JSON.stringify(s)}`);
    }
  });
});

describe('JS translation and executor agree', () => {
  it('on random patterns and subjects', () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >>> 8) % n;
    };
    const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
    const atom = (d: number): string => {
      const r = rnd(10);
      if (r < 4) return pick(['a', 'b', 'c', '\\.', '.']);
      if (r < 6) return pick(['[ab]', '[^a]', '[a-c]', '[[:alpha:]]', '[b-]']);
      if (r < 9 && d < 2) return '(' + alt(d + 1) + ')';
      return pick(['^', '$', 'a']);
    };
    const quant = (x: string): string => (rnd(2) === 0 || x === '^' || x === '$' ? x : x + pick(['*', '+', '?', '{2}', '{0,2}', '{1,}']));
    const seq = (d: number): string => {
      let s = '';
      for (let n = rnd(4); n > 0; n--) s += quant(atom(d));
      return s;
    };
    const alt = (d: number): string => {
      let s = seq(d);
      while (rnd(4) === 0) s += '|' + seq(d);
      return s;
    };
    let checked = 0;
    for (let k = 0; k < 1500; k++) {
      const p = alt(0);
      let subject = '';
      for (let n = rnd(8); n > 0; n--) subject += pick(['a', 'b', 'c', '.', ' ']);
      match(p, subject);
      split(p, subject);
      checked++;
    }
    assert.equal(checked, 1500);
  });
});
