// Docs of the builtins that are values rather than functions.

import { type BuiltinDoc, doc, ex } from './format.js';

export const constantDocs: readonly BuiltinDoc[] = [
  doc(
    'true',
    [],
    'The boolean true. It is also reachable without `builtins.`, and like every global it can be shadowed by a binding of the same name ' +
      '(`let true = 1; in true` is 1), which is why `builtins.true` exists.',
    [ex('builtins.true', 'true'), ex('let true = false; in builtins.true', 'true')],
  ),
  doc(
    'false',
    [],
    'The boolean false, also available as the global `false`. `builtins.false` still means false where a local binding hides the global name.',
    [ex('builtins.false || builtins.true', 'true')],
  ),
  doc(
    'null',
    [],
    'The null value, the only value of type `"null"`, also available as the global `null`. ' +
      'It marks an absent value: an optional regex group that did not take part in a match, a JSON `null`, an attribute with nothing to say.',
    [ex('builtins.null', 'null'), ex('builtins.typeOf builtins.null', '"null"')],
  ),
  doc(
    'builtins',
    [],
    'The set of all builtins, holding itself under this name too. ' +
      'Most builtins are reached only through it (`builtins.length`); a few are also global names (`map`, `toString`, `import`...). ' +
      'Testing it with `?` is the way to see whether the running Nix has a given builtin.',
    [ex('builtins ? map', 'true'), ex('builtins ? noSuchBuiltin', 'false'), ex('builtins.builtins.length [ 1 2 ]', '2')],
  ),
  doc(
    'currentSystem',
    [],
    'The platform the evaluator runs on, as a system string (`"x86_64-linux"`, `"aarch64-darwin"`...), from the `system` setting. ' +
      'In pure evaluation mode `builtins` has no such attribute, as results must not depend on the machine. ' +
      'The sandbox of the playground fixes it to `"x86_64-linux"`.',
    [ex('builtins.currentSystem', '"x86_64-linux"')],
  ),
  doc(
    'currentTime',
    [],
    'The time evaluation started, as an integer number of seconds since 1970-01-01 00:00 UTC. ' +
      'It is read once, so every use in one evaluation gives the same number. ' +
      'It is missing from `builtins` in pure evaluation mode; a sandboxed evaluation sees 0 unless told otherwise.',
    [ex('# evaluated at 2025-01-01 00:00 UTC\nbuiltins.currentTime', '1735689600')],
    'reads the clock',
  ),
  doc(
    'nixVersion',
    [],
    'The version of Nix this evaluator behaves as, as a string. ' +
      'Compare it with `builtins.compareVersions` rather than as text, since "2.9" sorts after "2.26" as a string.',
    [ex('builtins.nixVersion', '"2.26.3"'), ex('builtins.compareVersions builtins.nixVersion "2.18" >= 0', 'true')],
    'the value changes with the version',
  ),
  doc(
    'langVersion',
    [],
    'An integer naming the revision of the Nix language the evaluator accepts. ' +
      'It is bumped when the language or its builtins change in ways code may want to test for; Nix 2.26 reports 6.',
    [ex('builtins.langVersion', '6')],
  ),
  doc(
    'storeDir',
    [],
    'The directory of the Nix store, as a string: `/nix/store` unless the store is configured elsewhere (`NIX_STORE_DIR`, a `--store` URL). ' +
      'Store paths are made of it, a slash, a hash and a name.',
    [ex('builtins.storeDir', '"/nix/store"')],
  ),
  doc(
    'nixPath',
    [],
    'The search path that `<name>` lookups go through, as a list of `{ prefix; path; }` sets, from `-I` flags, the `nix-path` setting or `NIX_PATH` ' +
      '(an entry without `=` has the prefix `""`). ' +
      '`<nixpkgs>` is `builtins.findFile builtins.nixPath "nixpkgs"`. It is empty in pure evaluation mode and in a sandbox.',
    [
      ex(
        '# with -I nixpkgs=/src/nixpkgs -I /opt/nix\nbuiltins.nixPath',
        '[ { path = "/src/nixpkgs"; prefix = "nixpkgs"; } { path = "/opt/nix"; prefix = ""; } ]',
      ),
    ],
    'depends on the command line and the environment',
  ),
];
