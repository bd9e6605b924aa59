// Docs of the hashing builtins.

import { type BuiltinDoc, doc, ex } from './format.js';

export const hashingDocs: readonly BuiltinDoc[] = [
  doc(
    'hashString',
    ['type', 's'],
    'The hash of the bytes of `s` with the algorithm `type` (`"md5"`, `"sha1"`, `"sha256"` or `"sha512"`), as lower-case hexadecimal. ' +
      "An unknown algorithm is an error. The string's context is not needed and not kept: the result is a plain string.",
    [
      ex('builtins.hashString "sha256" "hello"', '"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"'),
      ex('builtins.hashString "md5" ""', '"d41d8cd98f00b204e9800998ecf8427e"'),
    ],
  ),
  doc(
    'hashFile',
    ['type', 'path'],
    'The hash of the contents of the file at `path`, with the algorithm `type` (`"md5"`, `"sha1"`, `"sha256"` or `"sha512"`), in hexadecimal. ' +
      'It reads the file, so it fails if the file is missing or is a directory; hashing a whole tree is what `builtins.path` does.',
    [
      ex('# ./hello.txt holds "Hello\\n"\nbuiltins.hashFile "sha1" ./hello.txt', '"1d229271928d3f9e2bb0375bd6ce5db6c6d348d9"'),
      ex('builtins.hashFile "sha256" ./hello.txt == builtins.hashString "sha256" "Hello\\n"', 'true'),
    ],
  ),
  doc(
    'convertHash',
    ['args'],
    'Rewrites a hash in another encoding. `args` has `hash`, the hash to convert (hexadecimal, Nix base-32, base-64 or SRI `algo-base64`), ' +
      '`toHashFormat`, one of `"base16"`, `"nix32"`, `"base64"` and `"sri"` (`"base32"` is an old name for `"nix32"`), and `hashAlgo`, ' +
      'the algorithm, needed unless the hash names it itself (SRI, or an `algo:` prefix). A hash of the wrong length for its algorithm is an error.',
    [
      ex(
        'builtins.convertHash {\n  hash = "1d229271928d3f9e2bb0375bd6ce5db6c6d348d9";\n  hashAlgo = "sha1";\n  toHashFormat = "sri";\n}',
        '"sha1-HSKScZKNP54rsDdb1s5dtsbTSNk="',
      ),
      ex(
        'builtins.convertHash { hash = "sha256-LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ="; toHashFormat = "nix32"; }',
        '"094qif9n4cq4fdg459qzbhg1c6wywawwaaivx0k0x8xhbyx4vwic"',
      ),
    ],
  ),
];
