// Docs of the builtins that put files into the Nix store or name store paths.

import { type BuiltinDoc, doc, ex } from './format.js';

export const storeDocs: readonly BuiltinDoc[] = [
  doc(
    'toFile',
    ['name', 'contents'],
    'Writes the string `contents` to a file called `name` in the store and returns its store path, a string whose context makes a derivation ' +
      'using it depend on the file. The path depends only on the name and the contents, so the same call always gives the same path. ' +
      '`contents` may mention other store paths, which become references of the file, but not outputs of derivations; `name` must be a valid ' +
      'store path name (no `/`).',
    [
      ex('builtins.toFile "hello.txt" "Hello\\n"', '"/nix/store/rkzqy2mh3pbwykibdd7pa5db4hxni8hw-hello.txt"'),
      ex('builtins.hasContext (builtins.toFile "hello.txt" "Hello\\n")', 'true'),
    ],
  ),
  doc(
    'path',
    ['args'],
    'Copies a file or directory into the store and returns its store path, with more control than interpolating a path. ' +
      '`args.path` is what to copy; optional attributes are `name` (the name in the store; by default the last component of the path), ' +
      '`filter` (a function as for `filterSource`), `recursive` (`false` to hash a single file flat, `true` by default) and `sha256`, ' +
      'the hash the copy must have (a mismatch is an error). A missing source is an error.',
    [
      ex('builtins.path { path = ./src; name = "sources"; }', '"/nix/store/jczs6rdrxy6nv6g4x35v9xllgrv7vkb5-sources"'),
      ex(
        'builtins.path { path = ./src; filter = path: type: builtins.match ".*\\\\.o" path == null; }',
        '"/nix/store/k43pqyi0sfs95pgmrjlz62qkxm9q7a4w-src"',
      ),
    ],
  ),
  doc(
    'filterSource',
    ['filter', 'path'],
    'Copies the directory `path` into the store like `"${path}"` does, but keeping only the entries for which `filter` returns `true`. ' +
      '`filter` is called with the full path of each entry (a string) and its type, as `readFileType` names it; dropping a directory drops ' +
      'everything in it. The store path depends on what is kept. `builtins.path` does the same and can also set the name.',
    [
      ex(
        '# ./src holds main.c and main.o\nbuiltins.filterSource (path: type: builtins.match ".*\\\\.o" path == null) ./src',
        '"/nix/store/k43pqyi0sfs95pgmrjlz62qkxm9q7a4w-src"',
      ),
    ],
  ),
  doc(
    'storePath',
    ['path'],
    'Takes a string naming a path inside the store that already exists, and returns it as a string with the context of that store path, ' +
      'so that derivations using it depend on it. It is how code refers to a store path obtained elsewhere. ' +
      'A path outside the store is an error, and pure evaluation mode does not allow it.',
    [
      ex(
        'builtins.getContext (builtins.storePath "/nix/store/rkzqy2mh3pbwykibdd7pa5db4hxni8hw-hello.txt")',
        '{ "/nix/store/rkzqy2mh3pbwykibdd7pa5db4hxni8hw-hello.txt" = { path = true; }; }',
      ),
      ex('builtins.storePath "/tmp/file"', "error: path '/tmp/file' is not in the Nix store"),
    ],
  ),
];
