// Expressions and what CppNix's `nix-instantiate --parse -` prints for them
// (stdout, or the error on stderr), recorded from a reference CppNix with
// base directory /base and HOME=/fake-home. Syntax errors use the token names
// of the CppNix version the conformance suite comes from.
//
// Handwritten edge cases first, then mutated snippets of the suite's files.

export const REFERENCE_CASES: [input: string, output: string][] = [
  ['1.5.3', '(1.5 0.3)'],
  ['a.1', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a.1\n             | ^"],
  ['00.5', '(0 0.5)'],
  ['1.e3', '1000'],
  ['.5', '0.5'],
  ['1.', '1'],
  [
    '0.',
    "error: syntax error, unexpected end of file, expecting identifier or 'or' or '${' or '\"'\n       at «stdin»:1:3:\n            1| 0.\n             |   ^",
  ],
  ['5.e', "error: undefined variable 'e'\n       at «stdin»:1:3:\n            1| 5.e\n             |   ^"],
  ['1e3', "error: undefined variable 'e3'\n       at «stdin»:1:2:\n            1| 1e3\n             |  ^"],
  ['0x10', "error: undefined variable 'x10'\n       at «stdin»:1:2:\n            1| 0x10\n             |  ^"],
  ['123456.5', '123456'],
  ['0.5e-3', '0.0005'],
  ['9223372036854775807', '9223372036854775807'],
  [
    '9223372036854775808',
    "error: invalid integer '9223372036854775808'\n       at «stdin»:1:1:\n            1| 9223372036854775808\n             | ^",
  ],
  ['1.5e400', "error: invalid float '1.5e400'\n       at «stdin»:1:1:\n            1| 1.5e400\n             | ^"],
  ['"a$${b}"', '"a$\\${b}"'],
  ['"a$"', '"a$"'],
  ['"$"', '"$"'],
  ['"$$"', '"$$"'],
  ['"\\$"', '"$"'],
  ['"a\\nb\\tc\\rd\\\\e\\"f\\qg"', '"a\\nb\\tc\\rd\\\\e\\"fqg"'],
  ['"a\nb"', '"a\\nb"'],
  ["''a$${b}''", '"a$\\${b}"'],
  ["''a$''", '("a" + "$")'],
  ["''''$''", '"$"'],
  ["''a'''b''", '("a" + "\'\'" + "b")'],
  ["''a''\\nb''\\${c}''", '("a" + "\\n" + "b" + "$" + "{c}")'],
  ["''  a''\\tb''", '("a" + "\\t" + "b")'],
  ["''\n  a\n    b\n  c\n''", '"a\\n  b\\nc\\n"'],
  [
    "''\n  a\n  ${x}\n  ''",
    "error: undefined variable 'x'\n       at «stdin»:3:5:\n            2|   a\n            3|   ${x}\n             |     ^\n            4|   ''",
  ],
  ["''  ''", '""'],
  ["''${x}  y''", "error: undefined variable 'x'\n       at «stdin»:1:5:\n            1| ''${x}  y''\n             |     ^"],
  [
    "'''",
    "error: syntax error, unexpected end of file, expecting indented string or '${' or end of an indented string\n       at «stdin»:1:4:\n            1| '''\n             |    ^",
  ],
  [
    "'' x'",
    "error: syntax error, unexpected end of file, expecting indented string or '${' or end of an indented string\n       at «stdin»:1:6:\n            1| '' x'\n             |      ^",
  ],
  ["''a'$b''", '("a" + "\'" + "$b")'],
  [
    "''$'",
    "error: syntax error, unexpected end of file, expecting indented string or '${' or end of an indented string\n       at «stdin»:1:5:\n            1| ''$'\n             |     ^",
  ],
  ["''\n\ttab\n  sp\n''", '"\\ttab\\n  sp\\n"'],
  ['./a/${b}/c', "error: undefined variable 'b'\n       at «stdin»:1:7:\n            1| ./a/${b}/c\n             |       ^"],
  ['./a${b}c', "error: undefined variable 'b'\n       at «stdin»:1:6:\n            1| ./a${b}c\n             |      ^"],
  ['a/${b}', "error: undefined variable 'b'\n       at «stdin»:1:5:\n            1| a/${b}\n             |     ^"],
  ['a/b/${c}', "error: undefined variable 'c'\n       at «stdin»:1:7:\n            1| a/b/${c}\n             |       ^"],
  ['~/${a}', "error: undefined variable 'a'\n       at «stdin»:1:5:\n            1| ~/${a}\n             |     ^"],
  ['~/a/${b}', "error: undefined variable 'b'\n       at «stdin»:1:7:\n            1| ~/a/${b}\n             |       ^"],
  ['/${a}', "error: undefined variable 'a'\n       at «stdin»:1:4:\n            1| /${a}\n             |    ^"],
  ['./a/', 'error: path has a trailing slash\n       at «stdin»:1:1:\n            1| ./a/\n             | ^'],
  [
    './a//b',
    "error: syntax error, unexpected end of path, expecting '${'\n       at «stdin»:1:1:\n            1| ./a//b\n             | ^",
  ],
  ['a//b', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a//b\n             | ^"],
  [
    'a/b//c',
    "error: syntax error, unexpected end of path, expecting '${'\n       at «stdin»:1:1:\n            1| a/b//c\n             | ^",
  ],
  ['./a/${b}/', 'error: path has a trailing slash\n       at «stdin»:1:9:\n            1| ./a/${b}/\n             |         ^'],
  ['./.', '/base'],
  ['.../a', '/base/.../a'],
  ['...', "error: syntax error, unexpected '...'\n       at «stdin»:1:1:\n            1| ...\n             | ^"],
  ['a.b.c or d', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a.b.c or d\n             | ^"],
  ['a.or', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a.or\n             | ^"],
  ['a.or or b', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a.or or b\n             | ^"],
  ['{ or = 1; }.or', '({ or = 1; }).or'],
  ['map or [ 1 ]', "error: undefined variable 'or'\n       at «stdin»:1:1:\n            1| map or [ 1 ]\n             | ^"],
  ['x or', "error: undefined variable 'x'\n       at «stdin»:1:1:\n            1| x or\n             | ^"],
  ['(x: x) or', "error: undefined variable 'or'\n       at «stdin»:1:1:\n            1| (x: x) or\n             | ^"],
  ['x: x or', "error: undefined variable 'or'\n       at «stdin»:1:4:\n            1| x: x or\n             |    ^"],
  [
    '{ a = 1; a = 2; }',
    "error: attribute 'a' already defined at «stdin»:1:3\n       at «stdin»:1:10:\n            1| { a = 1; a = 2; }\n             |          ^",
  ],
  ['{ a.b = 1; a.c = 2; }', '{ a = { b = 1; c = 2; }; }'],
  ['{ a.b = 1; a = { c = 2; }; }', '{ a = { b = 1; c = 2; }; }'],
  ['{ a = { c = 2; }; a.b = 1; }', '{ a = { b = 1; c = 2; }; }'],
  ['{ a = rec { c = 2; }; a.b = c; }', '{ a = rec { b = c; c = 2; }; }'],
  [
    '{ a.b = 1; a = rec { c = b; }; }',
    "error: undefined variable 'b'\n       at «stdin»:1:26:\n            1| { a.b = 1; a = rec { c = b; }; }\n             |                          ^",
  ],
  [
    '{ "a b".c = 1; "a b".c = 2; }',
    'error: attribute \'"a b".c\' already defined at «stdin»:1:3\n       at «stdin»:1:16:\n            1| { "a b".c = 1; "a b".c = 2; }\n             |                ^',
  ],
  [
    '{ a.${b}.c = 1; a.${b}.c = 2; }',
    "error: undefined variable 'b'\n       at «stdin»:1:7:\n            1| { a.${b}.c = 1; a.${b}.c = 2; }\n             |       ^",
  ],
  [
    '{ ${"a"} = 1; a = 2; }',
    'error: attribute \'a\' already defined at «stdin»:1:3\n       at «stdin»:1:15:\n            1| { ${"a"} = 1; a = 2; }\n             |               ^',
  ],
  ['{ "${"a"}" = 1; a = 2; }', '{ a = 2; "${("a")}" = 1; }'],
  [
    '{ inherit a a; }',
    "error: attribute 'a' already defined at «stdin»:1:11\n       at «stdin»:1:13:\n            1| { inherit a a; }\n             |             ^",
  ],
  [
    '{ inherit a; a = 1; }',
    "error: attribute 'a' already defined at «stdin»:1:11\n       at «stdin»:1:14:\n            1| { inherit a; a = 1; }\n             |              ^",
  ],
  [
    '{ inherit (x) a; a = 1; }',
    "error: attribute 'a' already defined at «stdin»:1:15\n       at «stdin»:1:18:\n            1| { inherit (x) a; a = 1; }\n             |                  ^",
  ],
  [
    '{ inherit ${a}; }',
    'error: dynamic attributes not allowed in inherit\n       at «stdin»:1:11:\n            1| { inherit ${a}; }\n             |           ^',
  ],
  [
    '{ inherit "a"; }',
    'error: undefined variable \'a\'\n       at «stdin»:1:11:\n            1| { inherit "a"; }\n             |           ^',
  ],
  [
    '{ inherit "${"a"}"; }',
    'error: dynamic attributes not allowed in inherit\n       at «stdin»:1:11:\n            1| { inherit "${"a"}"; }\n             |           ^',
  ],
  [
    '{ inherit (x) "${a}"; }',
    'error: dynamic attributes not allowed in inherit\n       at «stdin»:1:15:\n            1| { inherit (x) "${a}"; }\n             |               ^',
  ],
  ['let ${"a"} = 1; in a', '(let a = 1; in a)'],
  ['let "a" = 1; in a', '(let a = 1; in a)'],
  ['let a.b = 1; in a', '(let a = { b = 1; }; in a)'],
  [
    'let inherit (x) a b; c = a; in c',
    "error: undefined variable 'x'\n       at «stdin»:1:14:\n            1| let inherit (x) a b; c = a; in c\n             |              ^",
  ],
  ['let a = 1; in let inherit a; in a', '(let a = 1; in (let inherit a; in a))'],
  ['rec { a = b; b = 1; }', 'rec { a = b; b = 1; }'],
  ['{ a = b; b = 1; }', "error: undefined variable 'b'\n       at «stdin»:1:7:\n            1| { a = b; b = 1; }\n             |       ^"],
  [
    '{ x, y, x }: x',
    "error: duplicate formal function argument 'x'\n       at «stdin»:1:9:\n            1| { x, y, x }: x\n             |         ^",
  ],
  [
    '{ x, y, y, x }: x',
    "error: duplicate formal function argument 'x'\n       at «stdin»:1:12:\n            1| { x, y, y, x }: x\n             |            ^",
  ],
  [
    '{ b, a, a, b }: 1',
    "error: duplicate formal function argument 'b'\n       at «stdin»:1:12:\n            1| { b, a, a, b }: 1\n             |            ^",
  ],
  ['x@{ x }: x', "error: duplicate formal function argument 'x'\n       at «stdin»:1:1:\n            1| x@{ x }: x\n             | ^"],
  ['{ x }@x: x', "error: duplicate formal function argument 'x'\n       at «stdin»:1:1:\n            1| { x }@x: x\n             | ^"],
  ['{ x ? y, y ? x }: x', '({ x ? y, y ? x }: x)'],
  ['{ x ? z }: x', "error: undefined variable 'z'\n       at «stdin»:1:7:\n            1| { x ? z }: x\n             |       ^"],
  ['{ ... }: 1', '({ ... }: 1)'],
  ['{ }: 1', '({  }: 1)'],
  ['{ a, ... }: 1', '({ a, ... }: 1)'],
  ['{ a, }: 1', '({ a }: 1)'],
  [
    '{ , }: 1',
    "error: syntax error, unexpected ',', expecting 'inherit'\n       at «stdin»:1:3:\n            1| { , }: 1\n             |   ^",
  ],
  [
    '{ a ... }: 1',
    "error: syntax error, unexpected '...', expecting '.' or '='\n       at «stdin»:1:5:\n            1| { a ... }: 1\n             |     ^",
  ],
  [
    '{ ..., a }: 1',
    "error: syntax error, unexpected ',', expecting '}'\n       at «stdin»:1:6:\n            1| { ..., a }: 1\n             |      ^",
  ],
  ['{ a, b ? 1, ... } @ args: args', '({ a, b ? 1, ... } @ args: args)'],
  ['a @ { b }: a', '({ b } @ a: a)'],
  [
    '{ a = 1 }',
    "error: syntax error, unexpected '}', expecting ';'\n       at «stdin»:1:9:\n            1| { a = 1 }\n             |         ^",
  ],
  [
    '{ a = 1; b }',
    "error: syntax error, unexpected '}', expecting '.' or '='\n       at «stdin»:1:12:\n            1| { a = 1; b }\n             |            ^",
  ],
  [
    '{ a.b.c }',
    "error: syntax error, unexpected '}', expecting '.' or '='\n       at «stdin»:1:9:\n            1| { a.b.c }\n             |         ^",
  ],
  [
    'let a = 1 in a',
    "error: syntax error, unexpected 'in', expecting ';'\n       at «stdin»:1:11:\n            1| let a = 1 in a\n             |           ^",
  ],
  [
    'let a = 1; in',
    'error: syntax error, unexpected end of file\n       at «stdin»:1:14:\n            1| let a = 1; in\n             |              ^',
  ],
  ['let in 1', '(let in 1)'],
  ['let { a = 1; body = a; }', '(rec { a = 1; body = a; }).body'],
  ['let { }', '(rec { }).body'],
  [
    'if a then b',
    "error: syntax error, unexpected end of file, expecting 'else'\n       at «stdin»:1:12:\n            1| if a then b\n             |            ^",
  ],
  [
    'if a else b',
    "error: syntax error, unexpected 'else', expecting 'then'\n       at «stdin»:1:6:\n            1| if a else b\n             |      ^",
  ],
  [
    'assert a b',
    "error: syntax error, unexpected end of file, expecting ';'\n       at «stdin»:1:11:\n            1| assert a b\n             |           ^",
  ],
  [
    'with a b',
    "error: syntax error, unexpected end of file, expecting ';'\n       at «stdin»:1:9:\n            1| with a b\n             |         ^",
  ],
  ['a == b == c', "error: syntax error, unexpected '=='\n       at «stdin»:1:8:\n            1| a == b == c\n             |        ^"],
  ['a != b == c', "error: syntax error, unexpected '=='\n       at «stdin»:1:8:\n            1| a != b == c\n             |        ^"],
  ['a < b < c', "error: syntax error, unexpected '<'\n       at «stdin»:1:7:\n            1| a < b < c\n             |       ^"],
  ['a <= b > c', "error: syntax error, unexpected '>'\n       at «stdin»:1:8:\n            1| a <= b > c\n             |        ^"],
  ['a // b // c', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a // b // c\n             | ^"],
  ['a -> b -> c', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a -> b -> c\n             | ^"],
  ['!a && !b', "error: undefined variable 'a'\n       at «stdin»:1:2:\n            1| !a && !b\n             |  ^"],
  ['- -a', "error: undefined variable 'a'\n       at «stdin»:1:4:\n            1| - -a\n             |    ^"],
  ['-a.b', "error: undefined variable 'a'\n       at «stdin»:1:2:\n            1| -a.b\n             |  ^"],
  ['!a.b', "error: undefined variable 'a'\n       at «stdin»:1:2:\n            1| !a.b\n             |  ^"],
  ['a ? b ? c', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a ? b ? c\n             | ^"],
  ['a ? b.c.d', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a ? b.c.d\n             | ^"],
  ['a ? "b".${c}', 'error: undefined variable \'a\'\n       at «stdin»:1:1:\n            1| a ? "b".${c}\n             | ^'],
  ['a ? ${b}', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a ? ${b}\n             | ^"],
  ['a + b * c - d / e', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a + b * c - d / e\n             | ^"],
  ['a ++ b ++ c', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a ++ b ++ c\n             | ^"],
  [
    'a |> f',
    "error: experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it\n       at «stdin»:1:3:\n            1| a |> f\n             |   ^",
  ],
  [
    'f <| a',
    "error: experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it\n       at «stdin»:1:3:\n            1| f <| a\n             |   ^",
  ],
  [
    'a |> f |> g',
    "error: experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it\n       at «stdin»:1:3:\n            1| a |> f |> g\n             |   ^",
  ],
  [
    '{}: {} |> f',
    "error: experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it\n       at «stdin»:1:8:\n            1| {}: {} |> f\n             |        ^",
  ],
  ['1 2 3', '(1 2 3)'],
  ['f -1', "error: undefined variable 'f'\n       at «stdin»:1:1:\n            1| f -1\n             | ^"],
  ['f (-1)', "error: undefined variable 'f'\n       at «stdin»:1:1:\n            1| f (-1)\n             | ^"],
  ['(f a) b', "error: undefined variable 'f'\n       at «stdin»:1:2:\n            1| (f a) b\n             |  ^"],
  ['(a - b) c', "error: undefined variable 'a'\n       at «stdin»:1:2:\n            1| (a - b) c\n             |  ^"],
  ['(-a) c', "error: undefined variable 'a'\n       at «stdin»:1:3:\n            1| (-a) c\n             |   ^"],
  ['<nixpkgs> c', "error: undefined variable 'c'\n       at «stdin»:1:11:\n            1| <nixpkgs> c\n             |           ^"],
  ['(a < b) c', "error: undefined variable 'a'\n       at «stdin»:1:2:\n            1| (a < b) c\n             |  ^"],
  ['(a > b) c', "error: undefined variable 'b'\n       at «stdin»:1:6:\n            1| (a > b) c\n             |      ^"],
  ['(a <= b) c', "error: undefined variable 'b'\n       at «stdin»:1:7:\n            1| (a <= b) c\n             |       ^"],
  ['(a + b) c', "error: undefined variable 'a'\n       at «stdin»:1:2:\n            1| (a + b) c\n             |  ^"],
  ['<nixpkgs/lib>', '(__findFile __nixPath "nixpkgs/lib")'],
  ['<nixpkgs', "error: syntax error, unexpected '<'\n       at «stdin»:1:1:\n            1| <nixpkgs\n             | ^"],
  ['<>', "error: syntax error, unexpected '<'\n       at «stdin»:1:1:\n            1| <>\n             | ^"],
  ['< nixpkgs>', "error: syntax error, unexpected '<'\n       at «stdin»:1:1:\n            1| < nixpkgs>\n             | ^"],
  ['<a.b/c-d+e_f>', '(__findFile __nixPath "a.b/c-d+e_f")'],
  ['http://foo.bar/baz?x=1&y=2', '"http://foo.bar/baz?x=1&y=2"'],
  ['x:y', '"x:y"'],
  ['a:b:c', '"a:b:c"'],
  ['x: y', "error: undefined variable 'y'\n       at «stdin»:1:4:\n            1| x: y\n             |    ^"],
  ['urn:isbn:0451450523', '"urn:isbn:0451450523"'],
  ['a : b', "error: undefined variable 'b'\n       at «stdin»:1:5:\n            1| a : b\n             |     ^"],
  ['__curPos', '__curPos'],
  ['{ __curPos = 1; }.__curPos', '({ __curPos = 1; }).__curPos'],
  ['x.__curPos', "error: undefined variable 'x'\n       at «stdin»:1:1:\n            1| x.__curPos\n             | ^"],
  ['[ ]', '[ ]'],
  ['[ [ [ ] ] ]', '[ ([ ([ ]) ]) ]'],
  ['[ 1 (2) "3" ]', '[ (1) (2) ("3") ]'],
  ['[ a.b c.d or e ]', "error: undefined variable 'a'\n       at «stdin»:1:3:\n            1| [ a.b c.d or e ]\n             |   ^"],
  ['[ f x ]', "error: undefined variable 'f'\n       at «stdin»:1:3:\n            1| [ f x ]\n             |   ^"],
  ['{ a = x: y: x; }', '{ a = (x: (y: x)); }'],
  ['let f = x: y: x; in f', '(let f = (x: (y: x)); in f)'],
  ['{ a.b = x: x; }', '{ a = { b = (x: x); }; }'],
  ["a'b", "error: undefined variable 'a'b'\n       at «stdin»:1:1:\n            1| a'b\n             | ^"],
  ['a-b', "error: undefined variable 'a-b'\n       at «stdin»:1:1:\n            1| a-b\n             | ^"],
  ['a--b', "error: undefined variable 'a--b'\n       at «stdin»:1:1:\n            1| a--b\n             | ^"],
  ['a->b', "error: undefined variable 'b'\n       at «stdin»:1:4:\n            1| a->b\n             |    ^"],
  ["a'->b", "error: undefined variable 'b'\n       at «stdin»:1:5:\n            1| a'->b\n             |     ^"],
  ['_a', "error: undefined variable '_a'\n       at «stdin»:1:1:\n            1| _a\n             | ^"],
  ["x_'-y", "error: undefined variable 'x_'-y'\n       at «stdin»:1:1:\n            1| x_'-y\n             | ^"],
  ['if', 'error: syntax error, unexpected end of file\n       at «stdin»:1:3:\n            1| if\n             |   ^'],
  ['then', "error: syntax error, unexpected 'then'\n       at «stdin»:1:1:\n            1| then\n             | ^"],
  ['~', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| ~\n             | ^'],
  ['&', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| &\n             | ^'],
  ['|', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| |\n             | ^'],
  ['$', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| $\n             | ^'],
  ["'", "error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| '\n             | ^"],
  ['`', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| `\n             | ^'],
  ['\\', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| \\\n             | ^'],
  ['%', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| %\n             | ^'],
  ['^', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| ^\n             | ^'],
  ['é', 'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| é\n             | ^'],
  [
    '1 é',
    'error: syntax error, unexpected invalid token, expecting end of file\n       at «stdin»:1:3:\n            1| 1 é\n             |   ^',
  ],
  ['"é"', '"é"'],
  ['{ "é" = 1; }', '{ "é" = 1; }'],
  ['"\\é"', '"é"'],
  [
    '#comment only',
    'error: syntax error, unexpected end of file\n       at «stdin»:1:14:\n            1| #comment only\n             |              ^',
  ],
  ['/* comment */ 1', '1'],
  ['/* unterminated', "error: syntax error, unexpected '/'\n       at «stdin»:1:1:\n            1| /* unterminated\n             | ^"],
  ['/** doc */ 1', '1'],
  ['/*/ 1', "error: syntax error, unexpected '/'\n       at «stdin»:1:1:\n            1| /*/ 1\n             | ^"],
  ['1 /* a */ /* b */ + 2', '(1 + 2)'],
  ['1 # x', '1'],
  ['+ 2', "error: syntax error, unexpected '+'\n       at «stdin»:1:1:\n            1| + 2\n             | ^"],
  ['a/*b*/c', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a/*b*/c\n             | ^"],
  ['a/ *b', "error: syntax error, unexpected '*'\n       at «stdin»:1:4:\n            1| a/ *b\n             |    ^"],
  ['a/*b', "error: syntax error, unexpected '*'\n       at «stdin»:1:3:\n            1| a/*b\n             |   ^"],
  [
    'a..b',
    "error: syntax error, unexpected '.', expecting identifier or 'or' or '${' or '\"'\n       at «stdin»:1:3:\n            1| a..b\n             |   ^",
  ],
  [
    'a...b',
    "error: syntax error, unexpected '...', expecting end of file\n       at «stdin»:1:2:\n            1| a...b\n             |  ^",
  ],
  [
    'a.',
    "error: syntax error, unexpected end of file, expecting identifier or 'or' or '${' or '\"'\n       at «stdin»:1:3:\n            1| a.\n             |   ^",
  ],
  ['.a', "error: syntax error, unexpected '.'\n       at «stdin»:1:1:\n            1| .a\n             | ^"],
  [
    'a.b.',
    "error: syntax error, unexpected end of file, expecting identifier or 'or' or '${' or '\"'\n       at «stdin»:1:5:\n            1| a.b.\n             |     ^",
  ],
  [
    '"${"',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:1:5:\n            1| "${"\n             |     ^',
  ],
  ['"${}"', 'error: syntax error, unexpected \'}\'\n       at «stdin»:1:4:\n            1| "${}"\n             |    ^'],
  [
    '"${a"',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:1:6:\n            1| "${a"\n             |      ^',
  ],
  ['"}"', '"}"'],
  ['}', "error: syntax error, unexpected '}'\n       at «stdin»:1:1:\n            1| }\n             | ^"],
  ['{', "error: syntax error, unexpected end of file, expecting 'inherit'\n       at «stdin»:1:2:\n            1| {\n             |  ^"],
  [
    '{ a = 1; }}',
    "error: syntax error, unexpected '}', expecting end of file\n       at «stdin»:1:11:\n            1| { a = 1; }}\n             |           ^",
  ],
  ['${a}', "error: syntax error, unexpected '${'\n       at «stdin»:1:1:\n            1| ${a}\n             | ^"],
  ['a${b}', "error: syntax error, unexpected '${', expecting end of file\n       at «stdin»:1:2:\n            1| a${b}\n             |  ^"],
  ['a.${b}.${c}', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a.${b}.${c}\n             | ^"],
  ['a."b".c', 'error: undefined variable \'a\'\n       at «stdin»:1:1:\n            1| a."b".c\n             | ^'],
  ['a."${b}c".d', 'error: undefined variable \'a\'\n       at «stdin»:1:1:\n            1| a."${b}c".d\n             | ^'],
  ['a.${"b"}', 'error: undefined variable \'a\'\n       at «stdin»:1:1:\n            1| a.${"b"}\n             | ^'],
  ['"${a}${b}"', 'error: undefined variable \'a\'\n       at «stdin»:1:4:\n            1| "${a}${b}"\n             |    ^'],
  ['"${a}b${c}"', 'error: undefined variable \'a\'\n       at «stdin»:1:4:\n            1| "${a}b${c}"\n             |    ^'],
  ['"a${b}"', 'error: undefined variable \'b\'\n       at «stdin»:1:5:\n            1| "a${b}"\n             |     ^'],
  ['"${b}a"', 'error: undefined variable \'b\'\n       at «stdin»:1:4:\n            1| "${b}a"\n             |    ^'],
  ["''${a}${b}''", "error: undefined variable 'a'\n       at «stdin»:1:5:\n            1| ''${a}${b}''\n             |     ^"],
  ['(let a = 1; in a) 2', '((let a = 1; in a) 2)'],
  ['let a = 1; in a 2', '(let a = 1; in (a 2))'],
  ['assert true; assert false; 1', 'assert true; assert false; 1'],
  ['with a; with b; c', "error: undefined variable 'a'\n       at «stdin»:1:6:\n            1| with a; with b; c\n             |      ^"],
  ['x: y: z: x', '(x: (y: (z: x)))'],
  ['a: b: {}', '(a: (b: { }))'],
  ['({ a }: a) { a = 1; }', '(({ a }: a) { a = 1; })'],
  [
    '{ a = { b = 1; }; a = { b = 2; }; }',
    "error: attribute 'a.b' already defined at «stdin»:1:9\n       at «stdin»:1:25:\n            1| { a = { b = 1; }; a = { b = 2; }; }\n             |                         ^",
  ],
  ['{ a = { b = { c = 1; }; }; a = { b = { d = 2; }; }; }', '{ a = { b = { c = 1; d = 2; }; }; }'],
  [
    '{ a = { b = 1; }; a = { inherit b; }; }',
    "error: attribute 'a.b' already defined at «stdin»:1:9\n       at «stdin»:1:33:\n            1| { a = { b = 1; }; a = { inherit b; }; }\n             |                                 ^",
  ],
  [
    '{ a = { inherit (x) b; }; a = { inherit (y) c; }; }',
    "error: undefined variable 'x'\n       at «stdin»:1:18:\n            1| { a = { inherit (x) b; }; a = { inherit (y) c; }; }\n             |                  ^",
  ],
  ['{ a.b = 1; a.c = { d = 2; }; a.c.e = 3; }', '{ a = { b = 1; c = { d = 2; e = 3; }; }; }'],
  [
    '{ a = 1; "a" = 2; }',
    'error: attribute \'a\' already defined at «stdin»:1:3\n       at «stdin»:1:10:\n            1| { a = 1; "a" = 2; }\n             |          ^',
  ],
  [
    '{ a = 1; ${"a"} = 2; }',
    'error: attribute \'a\' already defined at «stdin»:1:3\n       at «stdin»:1:10:\n            1| { a = 1; ${"a"} = 2; }\n             |          ^',
  ],
  ['{ "" = 1; }', '{ "" = 1; }'],
  [
    '{ "" = 1; "" = 2; }',
    'error: attribute \'""\' already defined at «stdin»:1:3\n       at «stdin»:1:11:\n            1| { "" = 1; "" = 2; }\n             |           ^',
  ],
  ['{ "\\n" = 1; }.${"\\n"}', '({ "\\n" = 1; })."\\n"'],
  [
    '{ a.${b} = 1; a.${b} = 2; }',
    "error: undefined variable 'b'\n       at «stdin»:1:7:\n            1| { a.${b} = 1; a.${b} = 2; }\n             |       ^",
  ],
  [
    '{ ${a}.b = 1; ${a}.c = 2; }',
    "error: undefined variable 'a'\n       at «stdin»:1:5:\n            1| { ${a}.b = 1; ${a}.c = 2; }\n             |     ^",
  ],
  ['1 + + 2', "error: syntax error, unexpected '+'\n       at «stdin»:1:5:\n            1| 1 + + 2\n             |     ^"],
  ['1 +', 'error: syntax error, unexpected end of file\n       at «stdin»:1:4:\n            1| 1 +\n             |    ^'],
  ['* 2', "error: syntax error, unexpected '*'\n       at «stdin»:1:1:\n            1| * 2\n             | ^"],
  ['f . g', "error: undefined variable 'f'\n       at «stdin»:1:1:\n            1| f . g\n             | ^"],
  ['f.g.h', "error: undefined variable 'f'\n       at «stdin»:1:1:\n            1| f.g.h\n             | ^"],
  ['(f).g', "error: undefined variable 'f'\n       at «stdin»:1:2:\n            1| (f).g\n             |  ^"],
  ['{ a = 1; }.a.b.c', '({ a = 1; }).a.b.c'],
  ['a.b.c.d', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a.b.c.d\n             | ^"],
  ['"a".b', '("a").b'],
  ['[1 2].a', '([ (1) (2) ]).a'],
  ['1.a', "error: undefined variable 'a'\n       at «stdin»:1:3:\n            1| 1.a\n             |   ^"],
  ['1.5.a', '(1.5).a'],
  ['./a.b', '/base/a.b'],
  ['./a.b.c', '/base/a.b.c'],
  ['a.b/c', '/base/a.b/c'],
  [
    'language/operators#value-identity-optimization\nlet\n  f = x: x;\nin\n[ f ]',
    "error: syntax error, unexpected identifier, expecting '{'\n       at «stdin»:3:3:\n            2| let\n            3|   f = x: x;\n             |   ^\n            4| in",
  ],
  [
    '? fnord then builtins.fnord',
    "error: syntax error, unexpected '?'\n       at «stdin»:1:1:\n            1| ? fnord then builtins.fnord\n             | ^",
  ],
  [
    ' builtins;\n\n[\n  (any (x: x == ',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:10:\n            1|  builtins;\n             |          ^\n            2|",
  ],
  [
    ' y)\n  (as ? ',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:3:\n            1|  y)\n             |   ^\n            2|   (as ?",
  ],
  [
    'with import ./lib.nix;\n\nlet\n  str = builtins.hashString "sha256" "test";\nin\nbuiltins.zipAttrsWith (n: v: { inherit n v; }) (\n  map (n: { ( ${builtins.substring n 1 str} = n; }) (range 0 31)\n)\n',
    "error: syntax error, unexpected '(', expecting 'inherit'\n       at «stdin»:7:13:\n            6| builtins.zipAttrsWith (n: v: { inherit n v; }) (\n            7|   map (n: { ( ${builtins.substring n 1 str} = n; }) (range 0 31)\n             |             ^\n            8| )",
  ],
  [
    '1; in [ (x: x) or ]',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:2:\n            1| 1; in [ (x: x) or ]\n             |  ^",
  ],
  [' (x: x + ', 'error: syntax error, unexpected end of file\n       at «stdin»:1:10:\n            1|  (x: x +\n             |          ^'],
  ['A', "error: undefined variable 'A'\n       at «stdin»:1:1:\n            1| A\n             | ^"],
  ['q', "error: undefined variable 'q'\n       at «stdin»:1:1:\n            1| q\n             | ^"],
  [
    '# Test: Quoted URLs are always accepted even ',
    'error: syntax error, unexpected end of file\n       at «stdin»:1:46:\n            1| # Test: Quoted URLs are always accepted even\n             |                                              ^',
  ],
  [
    '"bar" else "bla"',
    'error: syntax error, unexpected \'else\', expecting end of file\n       at «stdin»:1:7:\n            1| "bar" else "bla"\n             |       ^',
  ],
  [
    'unsafeGetAttrPos',
    "error: undefined variable 'unsafeGetAttrPos'\n       at «stdin»:1:1:\n            1| unsafeGetAttrPos\n             | ^",
  ],
  [
    '1) + ((__curPosBar: __curPosBar) 2)\n',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:2:\n            1| 1) + ((__curPosBar: __curPosBar) 2)\n             |  ^\n            2|",
  ],
  [
    'false) -> true;\n1',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:6:\n            1| false) -> true;\n             |      ^\n            2| 1",
  ],
  [
    '(replaceStrings [ "oo" "oo" ] [ "u" "i" ] "foobar")\n  (',
    'error: syntax error, unexpected end of file\n       at «stdin»:2:4:\n            1| (replaceStrings [ "oo" "oo" ] [ "u" "i" ] "foobar")\n            2|   (\n             |    ^',
  ],
  [';', "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^"],
  [
    '/lib.nix;\nwith builtins',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:9:\n            1| /lib.nix;\n             |         ^\n            2| with builtins",
  ],
  ['5', '5'],
  [
    'equality\n(x: x) ',
    "error: undefined variable 'equality'\n       at «stdin»:1:1:\n            1| equality\n             | ^\n            2| (x: x)",
  ],
  [
    '\n  (concatStringsSep "" [ ])\n  (concatStringsSep "" [\n    "foo"\n    "bar"\n    "xyzzy"\n  ]',
    'error: syntax error, unexpected end of file, expecting \')\'\n       at «stdin»:7:4:\n            6|     "xyzzy"\n            7|   ]\n             |    ^',
  ],
  [
    '\n  n4 = builtins.ceil 23;\nin\nbuiltins.concatStringsSep',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:2:6:\n            1|\n            2|   n4 = builtins.ceil 23;\n             |      ^\n            3| in",
  ],
  [
    ' + ""}" = 2;\n\n  set4."${"b" + ""',
    'error: syntax error, unexpected \'+\'\n       at «stdin»:1:2:\n            1|  + ""}" = 2;\n             |  ^\n            2|',
  ],
  [
    'sub key 13;\n            foo = true;\n          }\n        ];\n  };\n\n  sort =',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:11:\n            1| sub key 13;\n             |           ^\n            2|             foo = true;",
  ],
  [
    '3; }; \n}\n',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:2:\n            1| 3; };\n             |  ^\n            2| }",
  ],
  [
    ',\n      z,\n    }:\n    x;\n\n  ellipsis =\n    {\n      x,\n      y,\n      z,\n      ...\n    }:\n    x;',
    "error: syntax error, unexpected ','\n       at «stdin»:1:1:\n            1| ,\n             | ^\n            2|       z,",
  ],
  [
    'fatal\n./test/subdir\n',
    "error: undefined variable 'fatal'\n       at «stdin»:1:1:\n            1| fatal\n             | ^\n            2| ./test/subdir",
  ],
  ['}\n).y\n', "error: syntax error, unexpected '}'\n       at «stdin»:1:1:\n            1| }\n             | ^\n            2| ).y"],
  [
    'hasAttrs = { a.b = null; } ? ${aString}.b;',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:10:\n            1| hasAttrs = { a.b = null; } ? ${aString}.b;\n             |          ^",
  ],
  [
    ' = false;\n}\n.a.b\n',
    "error: syntax error, unexpected '='\n       at «stdin»:1:2:\n            1|  = false;\n             |  ^\n            2| }",
  ],
  [
    '"xyzzy";\n\n  as = ',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:8:\n            1| "xyzzy";\n             |        ^\n            2|',
  ],
  [
    '"x" ]).y;',
    'error: syntax error, unexpected \']\', expecting end of file\n       at «stdin»:1:5:\n            1| "x" ]).y;\n             |     ^',
  ],
  [':', "error: syntax error, unexpected ':'\n       at «stdin»:1:1:\n            1| :\n             | ^"],
  [
    '# A simple comment\n"a"+ # And another\n## A double comment\n"b"+  ## And another\n# Nested # comments #\n"c"+   # and x # some # other #\n# An empty line, following here:\n\n"d"+      # and a comment not starting the line !\n\n"e"+\n/* multiline comments */\n"f" +\n/* multiline\n   comments,\n   on\n   multiple\n   lines\n*/\n"g" +\n# Small, tricky comments\n/**/ "h"+ /*/*/ "i"+ /***/ "j"+ /* /*/ "k"+ /*/* /*/ "l"+\n# Comments with an even number of ending \'*\' used to fail:\n"m"+\n/* */ /* **/ /* ***/ /* ****/ "n"+\n/* */ /** */ /*** */ /**** */ "o"+\n/** **/ /*** ***/ /**** ****/ "p"+\n/* * ** *** **** ***** */     "q"+\n# Random comments\n/* ***** ////// * / * / /* */ "r"+\n# Mixed comments\n/* # */\n"s"+\n# /* #\n"t"+\n# /* # */\n"u"+\n# /*********/\n"v"+\n## */*\n"w"+\n/*\n * Multiline, decorated comments\n * # This ain\'t a nest\'d comm\'nt\n */\n"x"+\n\'\'${/** with **/"y"\n  # real\n  /* comments\n     inside ! # */\n\n  # (and empty lines)\n\n}\'\'+          /* And a multiline comment,\n                 on the same line,\n                 after some spaces\n*/             # followed by a one-line comment\n"z"\n/* EOF */\n',
    '((((((((((((((((((((((((("a" + "b") + "c") + "d") + "e") + "f") + "g") + "h") + "i") + "j") + "k") + "l") + "m") + "n") + "o") + "p") + "q") + "r") + "s") + "t") + "u") + "v") + "w") + "x") + "y") + "z")',
  ],
  [
    'oo" then\n  1\nelse ',
    "error: syntax error, unexpected end of file, expecting '\"'\n       at «stdin»:3:6:\n            2|   1\n            3| else\n             |      ^",
  ],
  [' == [ "FOO" ', 'error: syntax error, unexpected \'==\'\n       at «stdin»:1:2:\n            1|  == [ "FOO"\n             |  ^'],
  [
    '=\n    {\n      x ? y,\n      y ? x,\n    }:\n    x + ',
    "error: syntax error, unexpected '='\n       at «stdin»:1:1:\n            1| =\n             | ^\n            2|     {",
  ],
  ['-', 'error: syntax error, unexpected end of file\n       at «stdin»:1:2:\n            1| -\n             |  ^'],
  [
    '") [\n  "but the results of applying op',
    'error: undefined variable \'but\'\n       at «stdin»:2:4:\n            1| ") [\n            2|   "but the results of applying op\n             |    ^',
  ],
  [
    '.2/gtk+-1.2.10.tar.gz\n]\n',
    "error: syntax error, unexpected ']', expecting end of file\n       at «stdin»:2:1:\n            1| .2/gtk+-1.2.10.tar.gz\n            2| ]\n             | ^\n            3|",
  ],
  [
    ' x,\n    }:\n    x ',
    "error: syntax error, unexpected ',', expecting end of file\n       at «stdin»:1:3:\n            1|  x,\n             |   ^\n            2|     }:",
  ],
  [
    '= 123; };\n    services',
    "error: syntax error, unexpected '='\n       at «stdin»:1:1:\n            1| = 123; };\n             | ^\n            2|     services",
  ],
  [
    ' "s"; }\n',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:5:\n            1|  "s"; }\n             |     ^\n            2|',
  ],
  ['https', "error: undefined variable 'https'\n       at «stdin»:1:1:\n            1| https\n             | ^"],
  [
    '\n  ]\n)\n',
    "error: syntax error, unexpected ']'\n       at «stdin»:2:3:\n            1|\n            2|   ]\n             |   ^\n            3| )",
  ],
  [
    'or null.foo or "xyzzy"\n    # Backwards compatibility test.\n    (fold or',
    'error: syntax error, unexpected \'or\'\n       at «stdin»:1:1:\n            1| or null.foo or "xyzzy"\n             | ^\n            2|     # Backwards compatibility test.',
  ],
  [' = f { x ', "error: syntax error, unexpected '='\n       at «stdin»:1:2:\n            1|  = f { x\n             |  ^"],
  [
    '${aString}".b;\n\n  selectAttrs = { a.b = true; }.a."${bString}";',
    "error: syntax error, unexpected '${'\n       at «stdin»:1:1:\n            1| ${aString}\".b;\n             | ^\n            2|",
  ],
  ['http://example.com\n', '"http://example.com"'],
  [
    'readDir ./readDir/ldir\n',
    "error: undefined variable 'readDir'\n       at «stdin»:1:1:\n            1| readDir ./readDir/ldir\n             | ^\n            2|",
  ],
  [
    ' "c"; } + f { y =',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:5:\n            1|  "c"; } + f { y =\n             |     ^',
  ],
  [
    ' This string contains all supported escapes in a JSON string, per json',
    "error: syntax error, unexpected 'in', expecting end of file\n       at «stdin»:1:45:\n            1|  This string contains all supported escapes in a JSON string, per json\n             |                                             ^",
  ],
  [')\n', "error: syntax error, unexpected ')'\n       at «stdin»:1:1:\n            1| )\n             | ^\n            2|"],
  [
    'throw "This is never ',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:1:22:\n            1| throw "This is never\n             |                      ^',
  ],
  ['foo\n', "error: undefined variable 'foo'\n       at «stdin»:1:1:\n            1| foo\n             | ^\n            2|"],
  [
    '(as ? y)\n  (as ? x.y.z)\n  (as ? ',
    "error: syntax error, unexpected end of file, expecting identifier or 'or' or '${' or '\"'\n       at «stdin»:3:9:\n            2|   (as ? x.y.z)\n            3|   (as ?\n             |         ^",
  ],
  [
    ' if n == 100000 then n else f ',
    "error: undefined variable 'n'\n       at «stdin»:1:5:\n            1|  if n == 100000 then n else f\n             |     ^",
  ],
  [
    ' "a.." == "a..";\nassert baseNameOf "a.b" == "a.b"',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:16:\n            1|  "a.." == "a..";\n             |                ^\n            2| assert baseNameOf "a.b" == "a.b"',
  ],
  [
    'Distinct but not identical functions in attribute set compare as unequal\n# See',
    "error: syntax error, unexpected 'in', expecting end of file\n       at «stdin»:1:38:\n            1| Distinct but not identical functions in attribute set compare as unequal\n             |                                      ^\n            2| # See",
  ],
  [
    ';\n\n    builtins = builtins //',
    "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2|",
  ],
  [
    'let\n  inherit\n    (builtins.trace ',
    "error: syntax error, unexpected end of file, expecting ')'\n       at «stdin»:3:21:\n            2|   inherit\n            3|     (builtins.trace\n             |                     ^",
  ],
  ['= { y = 3; z = 3;', "error: syntax error, unexpected '='\n       at «stdin»:1:1:\n            1| = { y = 3; z = 3;\n             | ^"],
  [
    ' builtins.getEnv "NO_SUCH_VAR" == "" then "bar" else "bla"',
    'error: syntax error, unexpected \'then\', expecting end of file\n       at «stdin»:1:38:\n            1|  builtins.getEnv "NO_SUCH_VAR" == "" then "bar" else "bla"\n             |                                      ^',
  ],
  [
    'Test: By default, absolute path literals are allowed\n/tmp/foo\n',
    "error: syntax error, unexpected ',', expecting end of file\n       at «stdin»:1:17:\n            1| Test: By default, absolute path literals are allowed\n             |                 ^\n            2| /tmp/foo",
  ],
  ['/latest/language/operators#equality\n', '/latest/language/operators'],
  [
    ' = builtins.currentSystem;\n      builder = "/bin/sh";\n      args = [\n        "-c"\n        "touch',
    'error: syntax error, unexpected \'=\'\n       at «stdin»:1:2:\n            1|  = builtins.currentSystem;\n             |  ^\n            2|       builder = "/bin/sh";',
  ],
  [
    '\n  }\n  // rec {\n    x = "newx";\n    bar = x;\n  ',
    "error: syntax error, unexpected '}'\n       at «stdin»:2:3:\n            1|\n            2|   }\n             |   ^\n            3|   // rec {",
  ],
  [
    'allowed\n/tmp/foo\n',
    "error: undefined variable 'allowed'\n       at «stdin»:1:1:\n            1| allowed\n             | ^\n            2| /tmp/foo",
  ],
  [
    '";\n    foo = {\n      a = "a";',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:3:15:\n            2|     foo = {\n            3|       a = "a";\n             |               ^',
  ],
  [
    '(list ++ list);\n  r = builtins.listToAttrs [\n    (asi "result" [\n      a\n      b\n    ]',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:15:\n            1| (list ++ list);\n             |               ^\n            2|   r = builtins.listToAttrs [",
  ],
  [
    '"d"; };\n\n}\n',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:4:\n            1| "d"; };\n             |    ^\n            2|',
  ],
  [
    "''",
    "error: syntax error, unexpected end of file, expecting indented string or '${' or end of an indented string\n       at «stdin»:1:3:\n            1| ''\n             |   ^",
  ],
  [
    '.*)\\\\.nix" "foobar.nix" == [ "foobar" ];',
    'error: syntax error, unexpected \'.\'\n       at «stdin»:1:1:\n            1| .*)\\\\.nix" "foobar.nix" == [ "foobar" ];\n             | ^',
  ],
  [
    '" null\n',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:2:1:\n            1| " null\n            2|\n             | ^',
  ],
  [
    ' 2 2)\n  (builtins.typeOf (builtins.add 2 2))\n  ("t',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:5:\n            1|  2 2)\n             |     ^\n            2|   (builtins.typeOf (builtins.add 2 2))",
  ],
  [
    '?dir=lib"\n',
    "error: syntax error, unexpected '?'\n       at «stdin»:1:1:\n            1| ?dir=lib\"\n             | ^\n            2|",
  ],
  [
    'pkgs_ = with pkgs; ',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:7:\n            1| pkgs_ = with pkgs;\n             |       ^",
  ],
  [
    '\n{\n  a = f;',
    "error: syntax error, unexpected end of file, expecting 'inherit'\n       at «stdin»:3:9:\n            2| {\n            3|   a = f;\n             |         ^",
  ],
  ['"', 'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:1:2:\n            1| "\n             |  ^'],
  [
    './lib.nix;\n\nlet {\n\n  body = concat [\n    "foo"\n    "bar',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:10:\n            1| ./lib.nix;\n             |          ^\n            2|",
  ],
  [
    'else\n        [\n          { key = builtins.sub key 9; }\n          {\n            key = builtins.sub key ',
    "error: syntax error, unexpected 'else'\n       at «stdin»:1:1:\n            1| else\n             | ^\n            2|         [",
  ],
  [
    "provide a foldl' that is",
    "error: undefined variable 'provide'\n       at «stdin»:1:1:\n            1| provide a foldl' that is\n             | ^",
  ],
  ['; \n}\n', "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2| }"],
  [
    '"\n  );\n  z = builtins.tryEval (throw "bla");\n}\n',
    "error: syntax error, unexpected end of file, expecting '\"'\n       at «stdin»:5:1:\n            4| }\n            5|\n             | ^",
  ],
  [
    '\n      z,\n      x,\n      y,\n    }:\n    if y ',
    "error: syntax error, unexpected ',', expecting end of file\n       at «stdin»:2:8:\n            1|\n            2|       z,\n             |        ^\n            3|       x,",
  ],
  [
    'key = 1;\n      value ',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:5:\n            1| key = 1;\n             |     ^\n            2|       value",
  ],
  [
    '";\nassert baseNameOf "a',
    'error: undefined variable \'a\'\n       at «stdin»:2:20:\n            1| ";\n            2| assert baseNameOf "a\n             |                    ^',
  ],
  [
    '\n    x:\n\n    {\n      x = 1;\n      y = x;\n    }\n  )\n  {',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:8:3:\n            7|     }\n            8|   )\n             |   ^\n            9|   {",
  ],
  [
    ' e with accent \\u00e9 2 char unicode encoded s with caron \\u0161 3 char unicode ',
    "error: syntax error, unexpected 'with', expecting end of file\n       at «stdin»:1:4:\n            1|  e with accent \\u00e9 2 char unicode encoded s with caron \\u0161 3 char unicode\n             |    ^",
  ],
  [
    '2))\n  (builtins.add 2.0 2)\n]\n',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:2:\n            1| 2))\n             |  ^\n            2|   (builtins.add 2.0 2)",
  ],
  [
    '1 + 1) ]\n  [\n    null\n    toString\n    (deepSeq "x")\n    (a: a)\n    (\n      let',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:6:\n            1| 1 + 1) ]\n             |      ^\n            2|   [",
  ],
  [
    ' (0.5 + 0.5) (2.0 + 0.5))\n  ((0.5 + 0.5) * (2.0 +',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:25:\n            1|  (0.5 + 0.5) (2.0 + 0.5))\n             |                         ^\n            2|   ((0.5 + 0.5) * (2.0 +",
  ],
  [
    'bar else "";\n\n  y = if builtins ? fnord then builtins.fnord "foo" else "',
    'error: syntax error, unexpected \'else\', expecting end of file\n       at «stdin»:1:5:\n            1| bar else "";\n             |     ^\n            2|',
  ],
  [
    ' attr;\n  t2 = attr."key 2";\n  t3 = attr ? ',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:6:\n            1|  attr;\n             |      ^\n            2|   t2 = attr."key 2";',
  ],
  ['.', "error: syntax error, unexpected '.'\n       at «stdin»:1:1:\n            1| .\n             | ^"],
  [
    '"bla");\n}\n',
    'error: syntax error, unexpected \')\', expecting end of file\n       at «stdin»:1:6:\n            1| "bla");\n             |      ^\n            2| }',
  ],
  ['a', "error: undefined variable 'a'\n       at «stdin»:1:1:\n            1| a\n             | ^"],
  [
    '\n    3\n    4\n  ])\n  (any (x: x == 1) [\n    4\n    3\n    2\n    1\n  ]',
    "error: syntax error, unexpected ']', expecting end of file\n       at «stdin»:4:3:\n            3|     4\n            4|   ])\n             |   ^\n            5|   (any (x: x == 1) [",
  ],
  [';\n}\n', "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2| }"],
  [
    '\\/ backspace \\b formfeed \\f newline \\n',
    'error: syntax error, unexpected invalid token\n       at «stdin»:1:1:\n            1| \\/ backspace \\b formfeed \\f newline \\n\n             | ^',
  ],
  [
    '{\n  bar = builtins.readFileType ./readDir/bar;\n  foo = builtins.readFileType ./readDir/foo;\n  linked',
    "error: syntax error, unexpected end of file, expecting '.' or '='\n       at «stdin»:4:9:\n            3|   foo = builtins.readFileType ./readDir/foo;\n            4|   linked\n             |         ^",
  ],
  [
    'enable = true;\n    };\n}\n',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:8:\n            1| enable = true;\n             |        ^\n            2|     };",
  ],
  ['builtins.warn "foo\\nbar" null\n', '((builtins).warn "foo\\nbar" null)'],
  [': { x, y ', "error: syntax error, unexpected ':'\n       at «stdin»:1:1:\n            1| : { x, y\n             | ^"],
  [
    '\n.y\n',
    "error: syntax error, unexpected '.'\n       at «stdin»:2:1:\n            1|\n            2| .y\n             | ^\n            3|",
  ],
  [
    '/${foo};\n  expr = ./${foo + "/bar"};\n  home = ~/${foo}',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:8:\n            1| /${foo};\n             |        ^\n            2|   expr = ./${foo + "/bar"};',
  ],
  [
    'as; with bs; a + b;\n\n  body = x + y;\n}\n',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:3:\n            1| as; with bs; a + b;\n             |   ^\n            2|",
  ],
  ['isInt', "error: undefined variable 'isInt'\n       at «stdin»:1:1:\n            1| isInt\n             | ^"],
  [
    'xyzzy"\n    as.x.y.',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:2:12:\n            1| xyzzy"\n            2|     as.x.y.\n             |            ^',
  ],
  [
    '{ ${null} = true',
    "error: syntax error, unexpected end of file, expecting ';'\n       at «stdin»:1:17:\n            1| { ${null} = true\n             |                 ^",
  ],
  [
    ' t4 == [ "key 1" ]\n',
    'error: undefined variable \'t4\'\n       at «stdin»:1:2:\n            1|  t4 == [ "key 1" ]\n             |  ^\n            2|',
  ],
  [
    'builtins.seq (builtins.tryEval foo).success builtins.seq (builtins.tryEval foo).success "done"\n',
    'error: undefined variable \'foo\'\n       at «stdin»:1:32:\n            1| builtins.seq (builtins.tryEval foo).success builtins.seq (builtins.tryEval foo).success "done"\n             |                                ^\n            2|',
  ],
  [
    'accepted\nhttp://example.com\n',
    "error: undefined variable 'accepted'\n       at «stdin»:1:1:\n            1| accepted\n             | ^\n            2| http://example.com",
  ],
  ['}\n', "error: syntax error, unexpected '}'\n       at «stdin»:1:1:\n            1| }\n             | ^\n            2|"],
  [
    ').success "done"\n',
    'error: syntax error, unexpected \')\'\n       at «stdin»:1:1:\n            1| ).success "done"\n             | ^\n            2|',
  ],
  [
    ' 23;\n}\n',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:4:\n            1|  23;\n             |    ^\n            2| }",
  ],
  [']', "error: syntax error, unexpected ']'\n       at «stdin»:1:1:\n            1| ]\n             | ^"],
  [
    ' <foobaz>).success\n',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:10:\n            1|  <foobaz>).success\n             |          ^\n            2|",
  ],
  [
    ' [\n    ""\n    "text 1"\n    "text 2"\n  ];\nin\nbuiltins.',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:5:4:\n            4|     "text 2"\n            5|   ];\n             |    ^\n            6| in',
  ],
  [
    '\n      y = as;\n    };\n  in\n  as\n) ',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:2:9:\n            1|\n            2|       y = as;\n             |         ^\n            3|     };",
  ],
  [
    '\n    {\n      key = 1;\n      value = "foo";\n    }\n    {\n      key = 2;\n      value =',
    'error: syntax error, unexpected end of file\n       at «stdin»:8:14:\n            7|       key = 2;\n            8|       value =\n             |              ^',
  ],
  [
    '= 1; }; with { x = 2; }; x\n',
    "error: syntax error, unexpected '='\n       at «stdin»:1:1:\n            1| = 1; }; with { x = 2; }; x\n             | ^\n            2|",
  ],
  [
    ' https://nix.dev/manual/nix/latest/language/operators#equality\n[ (x:',
    'error: syntax error, unexpected end of file\n       at «stdin»:2:6:\n            1|  https://nix.dev/manual/nix/latest/language/operators#equality\n            2| [ (x:\n             |      ^',
  ],
  [
    '"sha1"\n    "sha256"\n    "sha512"\n  ]\n)\n',
    'error: syntax error, unexpected \']\', expecting end of file\n       at «stdin»:4:3:\n            3|     "sha512"\n            4|   ]\n             |   ^\n            5| )',
  ],
  [
    '"sha256" (toString n))) (\n  range 0',
    'error: syntax error, unexpected \')\', expecting end of file\n       at «stdin»:1:22:\n            1| "sha256" (toString n))) (\n             |                      ^\n            2|   range 0',
  ],
  [
    ' "libXi-6.0.1";\n  src',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:15:\n            1|  "libXi-6.0.1";\n             |               ^\n            2|   src',
  ],
  ['builtins.seq 1 2\n', '((builtins).seq 1 2)'],
  ['"\\nfoo\\nbar" null\n', '("\\nfoo\\nbar" null)'],
  [
    'x"\n+ substring 0 (stringLength s) s\n+ "y"\n+ substring 3 100 s\n',
    "error: syntax error, unexpected end of file, expecting '\"'\n       at «stdin»:5:1:\n            4| + substring 3 100 s\n            5|\n             | ^",
  ],
  [
    '1;\n\n  versionTest =\n    v1: v2: expected:\n    let',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:2:\n            1| 1;\n             |  ^\n            2|",
  ],
  ['${', "error: syntax error, unexpected '${'\n       at «stdin»:1:1:\n            1| ${\n             | ^"],
  ['(', 'error: syntax error, unexpected end of file\n       at «stdin»:1:2:\n            1| (\n             |  ^'],
  [
    ' y = 3; z = 3; }; \n}\n',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:4:\n            1|  y = 3; z = 3; };\n             |    ^\n            2| }",
  ],
  [
    '" then\n  1\nelse if false then\n  2\nelse\n  3\n',
    "error: syntax error, unexpected end of file, expecting '\"'\n       at «stdin»:7:1:\n            6|   3\n            7|\n             | ^",
  ],
  [
    ' 0; }\n  { a',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:3:\n            1|  0; }\n             |   ^\n            2|   { a",
  ],
  [
    ' == x) (\n  builtins.concatLists [\n    (range 0 10)\n    (range 100 110)\n  ]\n)',
    "error: syntax error, unexpected '=='\n       at «stdin»:1:2:\n            1|  == x) (\n             |  ^\n            2|   builtins.concatLists [",
  ],
  [
    ' "" then "bar" else "bla")\n',
    'error: syntax error, unexpected \'then\', expecting end of file\n       at «stdin»:1:5:\n            1|  "" then "bar" else "bla")\n             |     ^\n            2|',
  ],
  [
    '" then\n  1\nelse if',
    "error: syntax error, unexpected end of file, expecting '\"'\n       at «stdin»:3:8:\n            2|   1\n            3| else if\n             |        ^",
  ],
  [
    'latest/language/operators#equality\n(',
    'error: syntax error, unexpected end of file\n       at «stdin»:2:2:\n            1| latest/language/operators#equality\n            2| (\n             |  ^',
  ],
  [
    ' x == 1) [',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:8:\n            1|  x == 1) [\n             |        ^",
  ],
  ['builtins', 'builtins'],
  [
    ' test. */\n\n  x = \n  # Dit is ',
    "error: syntax error, unexpected '*', expecting identifier or 'or' or '${' or '\"'\n       at «stdin»:1:8:\n            1|  test. */\n             |        ^\n            2|",
  ],
  [
    ' == drvC2)\n]\n',
    "error: syntax error, unexpected '=='\n       at «stdin»:1:2:\n            1|  == drvC2)\n             |  ^\n            2| ]",
  ],
  [';\nin\nf 0\n', "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2| in"],
  ['y + z\n', "error: undefined variable 'y'\n       at «stdin»:1:1:\n            1| y + z\n             | ^\n            2|"],
  [' let or = 1; in (x: x * 2) (x: x + 1)', '(let or = 1; in ((x: (__mul x 2)) (x: (x + 1))))'],
  [
    ' [\n    1\n    2\n    3\n    ',
    'error: syntax error, unexpected end of file\n       at «stdin»:5:5:\n            4|     3\n            5|\n             |     ^',
  ],
  [
    ').success\n',
    "error: syntax error, unexpected ')'\n       at «stdin»:1:1:\n            1| ).success\n             | ^\n            2|",
  ],
  [
    ' httpd else null;\n  db4',
    "error: syntax error, unexpected 'else', expecting end of file\n       at «stdin»:1:8:\n            1|  httpd else null;\n             |        ^\n            2|   db4",
  ],
  ['x', "error: undefined variable 'x'\n       at «stdin»:1:1:\n            1| x\n             | ^"],
  [
    ';\n  };\n\n  plainAttrs = builtins.toJSON {\n    a = 1;\n    b =',
    "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2|   };",
  ],
  [
    ';\n\n    range = range_ [];\n  */\n\n  x ',
    "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2|",
  ],
  [
    '\n    ]\n    "7"\n  ];',
    'error: syntax error, unexpected \']\'\n       at «stdin»:2:5:\n            1|\n            2|     ]\n             |     ^\n            3|     "7"',
  ],
  ['1\n', '1'],
  ['builtins.readDir ./readDir\n', '((builtins).readDir /base/readDir)'],
  [
    ' in attribute set compare as unequal\n# See https://nix.dev/manual',
    "error: syntax error, unexpected 'in'\n       at «stdin»:1:2:\n            1|  in attribute set compare as unequal\n             |  ^\n            2| # See https://nix.dev/manual",
  ],
  [
    '{\n  services.ssh = { enable = true; ',
    "error: syntax error, unexpected end of file, expecting 'inherit'\n       at «stdin»:2:35:\n            1| {\n            2|   services.ssh = { enable = true;\n             |                                   ^",
  ],
  ['\n/tmp/foo\n', '/tmp/foo'],
  [']\n)\n', "error: syntax error, unexpected ']'\n       at «stdin»:1:1:\n            1| ]\n             | ^\n            2| )"],
  [
    "lib.nix;\n\nbuiltins.foldl' (x: y: x",
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:8:\n            1| lib.nix;\n             |        ^\n            2|",
  ],
  [
    '";\n  __overrides = {\n    bar = "qux";\n  };\n}\n',
    "error: syntax error, unexpected end of file, expecting '\"'\n       at «stdin»:6:1:\n            5| }\n            6|\n             | ^",
  ],
  [' ])\n]\n', "error: syntax error, unexpected ']'\n       at «stdin»:1:2:\n            1|  ])\n             |  ^\n            2| ]"],
  [
    'a" + "b")\n  10\n  (rec {\n    ',
    "error: syntax error, unexpected end of file, expecting '\"'\n       at «stdin»:4:5:\n            3|   (rec {\n            4|\n             |     ^",
  ],
  ['}).out\n', "error: syntax error, unexpected '}'\n       at «stdin»:1:1:\n            1| }).out\n             | ^\n            2|"],
  [
    ' = true;\n  }\n)\n  true\n',
    "error: syntax error, unexpected '='\n       at «stdin»:1:2:\n            1|  = true;\n             |  ^\n            2|   }",
  ],
  [
    ' of identical function returns ',
    "error: undefined variable 'of'\n       at «stdin»:1:2:\n            1|  of identical function returns\n             |  ^",
  ],
  [
    ') (range 0 31)\n)\n',
    "error: syntax error, unexpected ')'\n       at «stdin»:1:1:\n            1| ) (range 0 31)\n             | ^\n            2| )",
  ],
  ['./lang/lang.nix\n', '/base/lang/lang.nix'],
  [
    ' ];\n  disallowedRequisites = [',
    "error: syntax error, unexpected ']'\n       at «stdin»:1:2:\n            1|  ];\n             |  ^\n            2|   disallowedRequisites = [",
  ],
  [
    ';\n    Thumb = {\n      Url = "http://www.example.com/video/5678931',
    "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2|     Thumb = {",
  ],
  ['=', "error: syntax error, unexpected '='\n       at «stdin»:1:1:\n            1| =\n             | ^"],
  [
    'c" lt)\n    (versionTest ',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:2:18:\n            1| c" lt)\n            2|     (versionTest\n             |                  ^',
  ],
  ['foo', "error: undefined variable 'foo'\n       at «stdin»:1:1:\n            1| foo\n             | ^"],
  ['builtins.isPath ~/foo\n', '((builtins).isPath /fake-home/foo)'],
  [
    " not explicit \\r's) ",
    "error: syntax error, unexpected invalid token, expecting end of file\n       at «stdin»:1:15:\n            1|  not explicit \\r's)\n             |               ^",
  ],
  [
    'path = ./.;\n    filter = path: _: baseNameOf path == ',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:6:\n            1| path = ./.;\n             |      ^\n            2|     filter = path: _: baseNameOf path ==",
  ],
  [
    '/../foo" + toString /x/y)\n+ "escape: \\"quote\\" \\n \\',
    'error: syntax error, unexpected \':\', expecting end of file\n       at «stdin»:2:10:\n            1| /../foo" + toString /x/y)\n            2| + "escape: \\"quote\\" \\n \\\n             |          ^',
  ],
  [
    '"bar";\n  };\n  pos = builtins.unsafeGetAttrPos "foo" as;\nin\n{\n  inherit (pos) ',
    'error: syntax error, unexpected \';\', expecting end of file\n       at «stdin»:1:6:\n            1| "bar";\n             |      ^\n            2|   };',
  ],
  [
    '{ x = 123; })\n  (isAttrs null)\n  (typeOf (3 * 4))\n  (typeOf ',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:13:\n            1| { x = 123; })\n             |             ^\n            2|   (isAttrs null)",
  ],
  [
    '"sha1"\n    "sha256"\n    "',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:3:6:\n            2|     "sha256"\n            3|     "\n             |      ^',
  ],
  [
    'z = 3; }; \n}\n',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:3:\n            1| z = 3; };\n             |   ^\n            2| }",
  ],
  [
    '\n    "xyzzy"\n  ])\n  (',
    'error: syntax error, unexpected \']\', expecting end of file\n       at «stdin»:3:3:\n            2|     "xyzzy"\n            3|   ])\n             |   ^\n            4|   (',
  ],
  ['nix/latest/language/operators#equality\n(x: x) == (x: x)\n', '((/base/nix/latest/language/operators (x: x)) == (x: x))'],
  [
    './foo" + toString /x/y)\n+ "escape: \\"quote\\" \\n \\\\"',
    'error: syntax error, unexpected \':\', expecting end of file\n       at «stdin»:2:10:\n            1| ./foo" + toString /x/y)\n            2| + "escape: \\"quote\\" \\n \\\\"\n             |          ^',
  ],
  [
    '""\n  ];\nassert\n  split "fo{1,2}" "fooo" == ',
    'error: syntax error, unexpected \']\', expecting end of file\n       at «stdin»:2:3:\n            1| ""\n            2|   ];\n             |   ^\n            3| assert',
  ],
  [
    ';\n      y = x;\n    }\n  )\n  { x ',
    "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2|       y = x;",
  ],
  ['#', 'error: syntax error, unexpected end of file\n       at «stdin»:1:2:\n            1| #\n             |  ^'],
  ['};\n}\n.y\n', "error: syntax error, unexpected '}'\n       at «stdin»:1:1:\n            1| };\n             | ^\n            2| }"],
  [
    'functionArgs fun);\nin\n{\n  inherit (pos) column line;\n  file = baseNameOf pos.file;\n}',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:1:17:\n            1| functionArgs fun);\n             |                 ^\n            2| in",
  ],
  [
    '}:\n\nstdenv.mkDerivation {\n  name = "libXi-6.0.1";\n  src = fetchurl',
    "error: syntax error, unexpected '}'\n       at «stdin»:1:1:\n            1| }:\n             | ^\n            2|",
  ],
  [
    'attribute sets are not printed as `«repeated�',
    'error: syntax error, unexpected invalid token, expecting end of file\n       at «stdin»:1:35:\n            1| attribute sets are not printed as `«repeated�\n             |                                   ^',
  ],
  [
    'with import ./lib.nix',
    "error: syntax error, unexpected end of file, expecting ';'\n       at «stdin»:1:13:\n            1| with import ./lib.nix\n             |             ^",
  ],
  [
    'true;\n  f = false;\n  g = [\n    1',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:5:\n            1| true;\n             |     ^\n            2|   f = false;",
  ],
  [
    ' substring 2 (sub (stringLength s) 3) s\n+ "a"\n',
    'error: undefined variable \'substring\'\n       at «stdin»:1:2:\n            1|  substring 2 (sub (stringLength s) 3) s\n             |  ^\n            2| + "a"',
  ],
  [
    '" builtins\n',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:2:1:\n            1| " builtins\n            2|\n             | ^',
  ],
  [
    '= ./dir1; }\n    ];\n  in\n  import <',
    "error: syntax error, unexpected '='\n       at «stdin»:1:1:\n            1| = ./dir1; }\n             | ^\n            2|     ];",
  ],
  [
    '])\n  (any (x: x == 1) [\n    2\n    3\n    4\n  ])\n  (any (x',
    "error: syntax error, unexpected ']'\n       at «stdin»:1:1:\n            1| ])\n             | ^\n            2|   (any (x: x == 1) [",
  ],
  [
    'self: ./dir1/a.nix; }\n',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:19:\n            1| self: ./dir1/a.nix; }\n             |                   ^\n            2|",
  ],
  [
    ';\n\nin\n\nsubstring 1 2 s\n+ "x"\n+ substring 0 (',
    "error: syntax error, unexpected ';'\n       at «stdin»:1:1:\n            1| ;\n             | ^\n            2|",
  ],
  ['assert !false && (true || false) -> true;\n1\n', 'assert (((! false) && (true || false)) -> true); 1'],
  [' + z\n', "error: syntax error, unexpected '+'\n       at «stdin»:1:2:\n            1|  + z\n             |  ^\n            2|"],
  [
    '\n      builder = "/foo";\n      system = "i686-linux";\n    }\n    // {',
    'error: syntax error, unexpected \'=\', expecting end of file\n       at «stdin»:2:15:\n            1|\n            2|       builder = "/foo";\n             |               ^\n            3|       system = "i686-linux";',
  ],
  [
    '\n    rec {\n      x = 1;\n      y = x;\n    }\n  )\n  2\n  { x = 3;',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:6:3:\n            5|     }\n            6|   )\n             |   ^\n            7|   2",
  ],
  [' + x.foo\n', "error: syntax error, unexpected '+'\n       at «stdin»:1:2:\n            1|  + x.foo\n             |  ^\n            2|"],
  [
    'f = 3;\n}\n',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:3:\n            1| f = 3;\n             |   ^\n            2| }",
  ],
  [
    'or ]);\n  cursed1 = let or = 1; in (x: ',
    "error: syntax error, unexpected 'or'\n       at «stdin»:1:1:\n            1| or ]);\n             | ^\n            2|   cursed1 = let or = 1; in (x:",
  ],
  [
    ' = true; } == { }\n',
    "error: syntax error, unexpected '='\n       at «stdin»:1:2:\n            1|  = true; } == { }\n             |  ^\n            2|",
  ],
  [
    '(sort (x: y: x.key < y.key) [\n    {\n      key = 1;\n      value',
    "error: syntax error, unexpected end of file, expecting '.' or '='\n       at «stdin»:4:12:\n            3|       key = 1;\n            4|       value\n             |            ^",
  ],
  ['(builtins.tryEval <foobaz>).success\n', '(((builtins).tryEval (__findFile __nixPath "foobaz"))).success'],
  ['services', "error: undefined variable 'services'\n       at «stdin»:1:1:\n            1| services\n             | ^"],
  [
    'fetchurl /* pkgconfig, libX11 */ }:\n\nstdenv.mkDerivation {\n  name =',
    "error: syntax error, unexpected '}', expecting end of file\n       at «stdin»:1:34:\n            1| fetchurl /* pkgconfig, libX11 */ }:\n             |                                  ^\n            2|",
  ],
  [
    ' {\n      name = "a',
    'error: syntax error, unexpected end of file, expecting \'"\'\n       at «stdin»:2:16:\n            1|  {\n            2|       name = "a\n             |                ^',
  ],
  [
    'then\n  abort "context not discarded"\nelse\n  builtins.unsafeDiscardStringContext s\n',
    'error: syntax error, unexpected \'then\'\n       at «stdin»:1:1:\n            1| then\n             | ^\n            2|   abort "context not discarded"',
  ],
  [
    ' (x: x / 2 * 2 == x) (\n  builtins.concatLists [\n    (range 0 ',
    "error: syntax error, unexpected end of file, expecting ')'\n       at «stdin»:3:14:\n            2|   builtins.concatLists [\n            3|     (range 0\n             |              ^",
  ],
  [
    'system = builtins.currentSystem;\n      builder = "/bin/sh";\n      args = ',
    'error: syntax error, unexpected \'=\', expecting end of file\n       at «stdin»:1:8:\n            1| system = builtins.currentSystem;\n             |        ^\n            2|       builder = "/bin/sh";',
  ],
  [
    "doesn't contain source location information.\nbuiltins.toXML { ",
    "error: syntax error, unexpected end of file, expecting 'inherit'\n       at «stdin»:2:18:\n            1| doesn't contain source location information.\n            2| builtins.toXML {\n             |                  ^",
  ],
  ['builtins.readDir ./readDir/ldir', '((builtins).readDir /base/readDir/ldir)'],
  [
    '0 31\n)\n',
    "error: syntax error, unexpected ')', expecting end of file\n       at «stdin»:2:1:\n            1| 0 31\n            2| )\n             | ^\n            3|",
  ],
  [
    'f = x: x;',
    "error: syntax error, unexpected '=', expecting end of file\n       at «stdin»:1:3:\n            1| f = x: x;\n             |   ^",
  ],
  [
    '1;\n      y = x;',
    "error: syntax error, unexpected ';', expecting end of file\n       at «stdin»:1:2:\n            1| 1;\n             |  ^\n            2|       y = x;",
  ],
  [
    ',\n            "Width":  200,\n            "Height": 250\n        ',
    'error: syntax error, unexpected \',\'\n       at «stdin»:1:1:\n            1| ,\n             | ^\n            2|             "Width":  200,',
  ],
];
