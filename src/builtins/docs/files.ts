// Docs of the builtins that read files, the environment and other Nix files.

import { type BuiltinDoc, doc, ex } from './format.js';

export const fileDocs: readonly BuiltinDoc[] = [
  doc(
    'readFile',
    ['path'],
    'The contents of the file at `path` (a path, or a string holding an absolute one), as a string. ' +
      'A missing file or a directory is an error. The bytes are returned as they are, without any decoding or newline handling.',
    [ex('# ./hello.txt holds "Hello\\n"\nbuiltins.readFile ./hello.txt', '"Hello\\n"')],
  ),
  doc(
    'readDir',
    ['path'],
    'The entries of the directory at `path`, as a set from each name to its type: `"regular"`, `"directory"`, `"symlink"` or `"unknown"` ' +
      '(sockets, devices...). Symbolic links are reported as links, not followed. `.` and `..` are left out.',
    [ex('# ./src holds main.c and main.o\nbuiltins.readDir ./src', '{ "main.c" = "regular"; "main.o" = "regular"; }')],
  ),
  doc(
    'readFileType',
    ['path'],
    'The type of the file at `path`, as `readDir` names it: `"regular"`, `"directory"`, `"symlink"` (a link is not followed) or `"unknown"`. ' +
      'A missing file is an error.',
    [ex('builtins.readFileType ./hello.txt', '"regular"'), ex('builtins.readFileType ./src', '"directory"')],
  ),
  doc(
    'pathExists',
    ['path'],
    'Whether something exists at `path`, be it a file, a directory or a symbolic link. A trailing slash requires a directory. ' +
      'It is the way to test for a file before reading it, since a read of a missing file cannot be caught.',
    [ex('builtins.pathExists ./hello.txt', 'true'), ex('builtins.pathExists ./missing.txt', 'false')],
  ),
  doc(
    'toPath',
    ['s'],
    'Normalises an absolute path given as a string (removing `.` and `..` components and doubled slashes) and returns it as a string, not ' +
      'a path, despite the name. A relative path is an error. It is deprecated: to make a path from a string, append it to a path ' +
      '(`/. + "/etc"`).',
    [ex('builtins.toPath "/a/./b/../c"', '"/a/c"'), ex('builtins.toPath "a"', "error: string 'a' doesn't represent an absolute path")],
  ),
  doc(
    'getEnv',
    ['name'],
    'The value of the environment variable `name` in the evaluating process, or `""` if it is not set. ' +
      'Pure evaluation mode and the sandbox give `""` for every name, as results must not depend on the environment.',
    [
      ex('# run by a user whose home is /home/alice\nbuiltins.getEnv "HOME"', '"/home/alice"'),
      ex('builtins.getEnv "SURELY_NOT_SET"', '""'),
    ],
    'reads the environment',
  ),
  doc(
    'import',
    ['path'],
    'Evaluates the Nix file at `path` and returns its value; for a directory, the file `default.nix` in it. ' +
      'A file is read and parsed once per evaluation, however often it is imported. The imported file sees only the global names, not the ' +
      'variables around the `import`; to pass something in, have the file be a function. Also a global name; importing a store path built by ' +
      'a derivation first builds it.',
    [
      ex('# ./double.nix holds "x: x * 2"\nimport ./double.nix 21', '42'),
      ex('# ./lib/default.nix holds "{ answer = 42; }"\n(import ./lib).answer', '42'),
    ],
  ),
  doc(
    'scopedImport',
    ['scope', 'path'],
    'Like `import`, but the variables of the set `scope` are in scope in the file, before the globals, so they can also replace a global ' +
      'such as `import` itself. Unlike `import`, its results are not cached: each call reads the file again.',
    [ex('# ./greet.nix holds \'"Hello, ${name}!"\'\nscopedImport { name = "Alice"; } ./greet.nix', '"Hello, Alice!"')],
  ),
  doc(
    'findFile',
    ['searchPath', 'lookupPath'],
    'Looks up `lookupPath` (such as `"nixpkgs/lib"`) in a search path, a list of `{ prefix; path; }` sets, and returns the first existing file ' +
      'as a path. An entry matches when its prefix is the first component(s) of `lookupPath`, or is empty. `<nixpkgs/lib>` is ' +
      '`builtins.findFile builtins.nixPath "nixpkgs/lib"`. Not finding it is an error.',
    [
      ex('builtins.findFile [ { prefix = "proj"; path = "/project"; } ] "proj/hello.txt"', '/project/hello.txt'),
      ex('builtins.findFile [ ] "nixpkgs"', "error: file 'nixpkgs' was not found in the Nix search path (add it using $NIX_PATH or -I)"),
    ],
  ),
];
