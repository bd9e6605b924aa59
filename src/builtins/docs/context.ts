// Docs of the builtins that inspect and change string context: the store
// paths a string refers to, which a derivation using it depends on.

import { type BuiltinDoc, doc, ex } from './format.js';

/** A derivation the examples refer to, bound as `drv`. */
const drv = 'let drv = derivation { name = "hello"; builder = "/bin/sh"; system = "x86_64-linux"; }; in\n';
const drvPath = '/nix/store/x0sj6ynccvc1a8kxr8fifnlf7qlxw6hd-hello.drv';
const file = 'builtins.toFile "a" "x"';
const filePath = '/nix/store/12wigjpizrn8axaqxj288q1b751qmwya-a';

export const contextDocs: readonly BuiltinDoc[] = [
  doc(
    'hasContext',
    ['s'],
    'Whether the string `s` carries string context, that is, refers to store paths (sources copied to the store, derivations or their outputs) ' +
      'that a derivation using it would depend on. Strings written in the code have none; interpolating a path or a derivation adds some.',
    [ex('builtins.hasContext "plain"', 'false'), ex(`builtins.hasContext "\${${file}}/file"`, 'true')],
  ),
  doc(
    'getContext',
    ['s'],
    'The context of `s` as a set keyed by store path. Each value says how the path is used: `path = true` for a plain store path (a source, ' +
      'a file made by `toFile`), `outputs = [ ... ]` for the outputs of a derivation the string refers to, and `allOutputs = true` for a `.drv` ' +
      'file together with everything it builds.',
    [
      ex(`builtins.getContext "\${${file}}"`, `{ "${filePath}" = { path = true; }; }`),
      ex(`${drv}builtins.getContext "\${drv}"`, `{ "${drvPath}" = { outputs = [ "out" ]; }; }`),
      ex(`${drv}builtins.getContext drv.drvPath`, `{ "${drvPath}" = { allOutputs = true; }; }`),
    ],
  ),
  doc(
    'appendContext',
    ['s', 'context'],
    'The string `s` with more context added, given in the form `getContext` returns. Every key must be a store path, and one with `outputs` or ' +
      '`allOutputs` must be a `.drv` file. It is the inverse of `getContext`, for code that takes a string apart and rebuilds it.',
    [
      ex(
        `builtins.getContext (builtins.appendContext "${filePath}" { "${filePath}" = { path = true; }; })`,
        `{ "${filePath}" = { path = true; }; }`,
      ),
    ],
  ),
  doc(
    'unsafeDiscardStringContext',
    ['s'],
    'The same characters as `s` without any context. A derivation using the result no longer depends on the paths named in it, so they may be ' +
      'missing when it builds; it is meant for strings used only as names or keys, not to reach the paths.',
    [
      ex(`builtins.unsafeDiscardStringContext (${file})`, `"${filePath}"`),
      ex(`builtins.hasContext (builtins.unsafeDiscardStringContext (${file}))`, 'false'),
    ],
  ),
  doc(
    'unsafeDiscardOutputDependency',
    ['s'],
    'Turns `allOutputs` context (what a `drvPath` carries) into plain `path` context on the `.drv` file: a derivation using the result needs ' +
      'the `.drv` file itself but not what it builds. Other context is kept as it is.',
    [ex(`${drv}builtins.getContext (builtins.unsafeDiscardOutputDependency drv.drvPath)`, `{ "${drvPath}" = { path = true; }; }`)],
  ),
  doc(
    'addDrvOutputDependencies',
    ['s'],
    'The reverse of `unsafeDiscardOutputDependency`: for a string whose only context is the plain path of a `.drv` file, the same string ' +
      'depending on that derivation and all its outputs (`allOutputs`). A string with other context, or more than one path, is an error.',
    [
      ex(
        `${drv}builtins.getContext (builtins.addDrvOutputDependencies (builtins.unsafeDiscardOutputDependency drv.drvPath))`,
        `{ "${drvPath}" = { allOutputs = true; }; }`,
      ),
      ex(`builtins.addDrvOutputDependencies "\${${file}}"`, `error: path '${filePath}' is not a derivation`),
    ],
  ),
];
