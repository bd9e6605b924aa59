// Docs of the builtins that describe builds: derivation, derivationStrict, placeholder.

import { type BuiltinDoc, doc, ex } from './format.js';

const hello = '{ name = "hello"; builder = "/bin/sh"; system = "x86_64-linux"; }';

export const derivationDocs: readonly BuiltinDoc[] = [
  doc(
    'derivation',
    ['attrs'],
    'Describes a build. `attrs` must have `name`, `system` (the platform to build on) and `builder` (the program to run, often a store path), ' +
      'and may have `args` (the builder\'s arguments) and `outputs` (the output names, `[ "out" ]` by default). ' +
      'Every other attribute is passed to the builder as an environment variable: strings as they are, numbers written out, `true` as `"1"`, ' +
      '`false` and `null` as `""`, lists as their elements joined by spaces, paths copied to the store. ' +
      'The result is `attrs` extended with `type = "derivation"`, `drvPath`, `outPath` and one attribute per output; the store paths are only ' +
      'computed when used. It is a global function, defined in Nix over `derivationStrict`, and also `builtins.derivation`.',
    [
      ex(`(derivation ${hello}).outPath`, '"/nix/store/pnwh4xsfs4j508bs9iw6bpkyc4zw6ryx-hello"'),
      ex(
        'let\n  drv = derivation {\n    name = "hello";\n    builder = "/bin/sh";\n    system = "x86_64-linux";\n    outputs = [ "out" "dev" ];\n  };\n' +
          'in [ drv.type drv.outputName drv.dev.outputName ]',
        '[ "derivation" "out" "dev" ]',
      ),
    ],
  ),
  doc(
    'derivationStrict',
    ['attrs'],
    'The primitive under `derivation`: it checks `attrs` and computes the derivation at once, returning a set with `drvPath` and the store ' +
      'path of each output under its name. In read-write mode it also writes the `.drv` file to the store. ' +
      'Code normally calls `derivation`, which adds the lazy attributes around it. A missing `name`, `builder` or `system`, or an attribute ' +
      'that cannot be made a string, is an error.',
    [
      ex(
        `builtins.derivationStrict ${hello}`,
        '{ drvPath = "/nix/store/x0sj6ynccvc1a8kxr8fifnlf7qlxw6hd-hello.drv"; out = "/nix/store/pnwh4xsfs4j508bs9iw6bpkyc4zw6ryx-hello"; }',
      ),
    ],
  ),
  doc(
    'placeholder',
    ['output'],
    'A string standing for the store path of the output called `output` of the derivation being defined, which cannot be known while ' +
      "its attributes are written. Wherever it appears in the derivation's environment or arguments, the build sees the real path instead. " +
      'It is a fixed string made from the output name, starting with a `/`.',
    [
      ex('builtins.placeholder "out"', '"/1rz4g4znpzjwh1xymhjpm42vipw92pr73vdgl6xs1hycac8kf2n9"'),
      ex('builtins.placeholder "out" == builtins.placeholder "dev"', 'false'),
    ],
  ),
];
