// The files CppNix carries inside itself ("corepkgs"): `<nix/fetchurl.nix>`
// and `<nix/derivation-internal.nix>` (the Nix half of `derivation`).
//
// CppNix serves them from an in-memory file system whose paths print as
// `<nix/NAME>`, reached through the search path: a lookup `<nix/...>` that
// no search path entry satisfies lands there. tsnix does the same with an
// overlay on the IO interface: the path of a built-in file is the string
// `<nix/NAME>` itself (never an absolute path, so it cannot clash with a
// real file), and the overlay answers for those paths. Positions in these
// files then read `<nix/derivation-internal.nix>:5:3`, as in CppNix 2.26.
//
// The texts are tsnix's own, written to behave as CppNix's do.

import type { FileType, IO } from './io.js';
import { IOError } from './io.js';

/** The prefix and suffix of a built-in file's path. */
export const COREPKGS_PREFIX = '<nix/';

/** Whether `path` names a built-in file (or the folder of them). */
export function isCorepkgsPath(path: string): boolean {
  return path.startsWith(COREPKGS_PREFIX) && path.endsWith('>');
}

/** The path of a built-in file: `<nix/NAME>`. */
export function corepkgsPath(name: string): string {
  return `${COREPKGS_PREFIX}${name}>`;
}

const DERIVATION_INTERNAL = `# derivation: the attributes of a derivation, with one attribute set per
# output. derivationStrict does the real work (it writes the .drv file and
# returns the drvPath and one path per output); this wraps its result so that
# \`drv.out\`, \`drv.dev\`... and \`drv.all\` are the outputs, each a set with
# \`outPath\`, \`drvPath\`, \`outputName\` and \`type = "derivation"\`.
drvAttrs@{ outputs ? [ "out" ], ... }:
let
  strict = derivationStrict drvAttrs;
  outputSet = outputName: {
    name = outputName;
    value = common // {
      outPath = builtins.getAttr outputName strict;
      drvPath = strict.drvPath;
      type = "derivation";
      inherit outputName;
    };
  };
  outputsList = map outputSet outputs;
  common = drvAttrs // builtins.listToAttrs outputsList // {
    all = map (o: o.value) outputsList;
    inherit drvAttrs;
  };
in
(builtins.head outputsList).value
`;

const FETCHURL = `# <nix/fetchurl.nix>: a fixed-output derivation that Nix itself builds
# (builder "builtin:fetchurl"), downloading \`url\`. The expected hash is
# \`hash\` (SRI) or one of the legacy md5/sha1/sha256/sha512 arguments.
{
  system ? "", # not used: the builtin builder runs anywhere
  url,
  hash ? "",
  md5 ? "",
  sha1 ? "",
  sha256 ? "",
  sha512 ? "",
  outputHash ?
    if hash != "" then hash
    else if sha512 != "" then sha512
    else if sha1 != "" then sha1
    else if md5 != "" then md5
    else sha256,
  outputHashAlgo ?
    if hash != "" then ""
    else if sha512 != "" then "sha512"
    else if sha1 != "" then "sha1"
    else if md5 != "" then "md5"
    else "sha256",
  executable ? false,
  unpack ? false,
  name ? baseNameOf (toString url),
  impure ? false,
}:
derivation (
  {
    builder = "builtin:fetchurl";
    system = "builtin";
    inherit name url executable unpack;
    # Unpacked or executable results are hashed as a NAR, plain files flat.
    outputHashMode = if unpack || executable then "recursive" else "flat";
    # Proxy settings pass through to the download.
    impureEnvVars = [ "http_proxy" "https_proxy" "ftp_proxy" "all_proxy" "no_proxy" ];
    # Downloading locally beats fetching the result from a binary cache.
    preferLocalBuild = true;
  }
  // (if impure then { __impure = true; } else { inherit outputHashAlgo outputHash; })
)
`;

const FILES = new Map<string, string>([
  [corepkgsPath('derivation-internal.nix'), DERIVATION_INTERNAL],
  [corepkgsPath('fetchurl.nix'), FETCHURL],
]);

/** The folder of built-in files, `<nix/>`, as dirOf names it. */
const FOLDER = COREPKGS_PREFIX + '>';

/** `io`, with the built-in files added at their `<nix/NAME>` paths. */
export function withCorepkgs(io: IO): IO {
  return {
    readFile(path) {
      if (!isCorepkgsPath(path)) return io.readFile(path);
      const text = FILES.get(path);
      if (text === undefined) throw new IOError(`opening file '${path}': No such file or directory`);
      return text;
    },
    fileType(path): FileType | null {
      if (!isCorepkgsPath(path)) return io.fileType(path);
      return path === FOLDER ? 'directory' : FILES.has(path) ? 'regular' : null;
    },
    readDir(path) {
      if (!isCorepkgsPath(path)) return io.readDir(path);
      if (path !== FOLDER) throw new IOError(`opening directory '${path}': Not a directory`);
      return [...FILES.keys()].map((p): [string, FileType] => [p.slice(COREPKGS_PREFIX.length, -1), 'regular']);
    },
    realPath(path) {
      if (!isCorepkgsPath(path)) return io.realPath(path);
      return path === FOLDER || FILES.has(path) ? path : null;
    },
    readLink(path) {
      return isCorepkgsPath(path) ? null : io.readLink(path);
    },
    getEnv: (name) => io.getEnv(name),
    currentTime: () => io.currentTime(),
    cwd: () => io.cwd(),
  };
}
