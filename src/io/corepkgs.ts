// The files CppNix carries inside itself ("corepkgs"): `<nix/fetchurl.nix>`
// and `<nix/derivation-internal.nix>` (the Nix half of `derivation`).
//
// CppNix serves them from an in-memory file system whose paths print as
// `<nix/NAME>`, reached through the search path: a lookup `<nix/...>` that
// no search path entry satisfies lands there. tsnix does the same with an
// overlay on the IO interface: the path of a built-in file is the string
// `<nix/NAME>` itself (never an absolute path, so it cannot clash with a
// real file), and the overlay answers for those paths. Error positions in
// these files read `«nix-internal»/derivation-internal.nix:36:12`, as the
// conformance suite (newer than CppNix 2.26, which wrote
// `<nix/derivation-internal.nix>`) expects; see corepkgsOrigin.
//
// The texts are tsnix's own, written to behave as CppNix's do.

import type { FileType, IO, WritableIO } from './io.js';
import { IOError, writableIO } from './io.js';

/** The prefix and suffix of a built-in file's path. */
export const COREPKGS_PREFIX = '<nix/';

/** Whether `path` names a built-in file (or the folder of them). */
export function isCorepkgsPath(path: string): boolean {
  return path.startsWith(COREPKGS_PREFIX) && path.endsWith('>');
}

/** How positions in a built-in file name it: `«nix-internal»/NAME` (a binary string). */
export function corepkgsOrigin(path: string): string {
  return '\xc2\xabnix-internal\xc2\xbb/' + path.slice(COREPKGS_PREFIX.length, -1);
}

/** The path of a built-in file: `<nix/NAME>`. */
export function corepkgsPath(name: string): string {
  return `${COREPKGS_PREFIX}${name}>`;
}

const DERIVATION_INTERNAL = `# The Nix half of \`derivation\`. CppNix keeps the same function in a
# built-in file; this text is tsnix's own, laid out so that the positions
# errors point at are the ones CppNix reports.
#
# builtins.derivationStrict does the work: it turns the attributes into a
# store derivation and returns its path (\`drvPath\`) and one path per
# output. \`derivation\` wraps that result so that it can be used as a
# derivation in the language:
#
#   - the result is the set of attributes given, plus \`drvPath\`, \`outPath\`,
#     \`outputName\` and \`type = "derivation"\` for the first output;
#   - each output is also an attribute (\`drv.out\`, \`drv.dev\`, ...) of the
#     same shape, for its own output;
#   - \`all\` lists every output, and \`drvAttrs\` keeps the attributes as they
#     were given.
#
# Everything is lazy: nothing is computed until an attribute that needs
# derivationStrict is used, so \`drv.name\` costs nothing.
#
# The output sets share \`commonAttrs\`, so that \`drv.dev.out\` is \`drv.out\`.
#
# Only the attributes listed here are added; everything else is passed on
# to derivationStrict unchanged. \`outputs\` defaults to a single output,
# "out". derivationStrict rejects an empty list of outputs, duplicates and
# an output called "drvPath", so the names built here are distinct.
#
# (The blank lines and comments below keep the positions of \`strict\` and
# of the output sets where CppNix has them.)
#
drvAttrs@{ outputs ? [ "out" ], ... }:

let

  # The store derivation and its output paths.

  strict = derivationStrict drvAttrs;

  commonAttrs =
    drvAttrs
    // (builtins.listToAttrs outputsList)
    // {
      all = map (x: x.value) outputsList;
      inherit drvAttrs;
    };

  outputToAttrListElement = outputName: {
    name = outputName;
    value = commonAttrs // {
      outPath = strict.\${outputName};
      drvPath = strict.drvPath;
      type = "derivation";
      inherit outputName;
    };
  };

  outputsList = map outputToAttrListElement outputs;

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
    # The builtin fetcher tries each of these in turn.
    urls = [ url ];
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
  const w = writableIO(io);
  // Writes (the local store's) go to the real files; the built-in ones are never written.
  const writes: Partial<WritableIO> =
    w === null
      ? {}
      : {
          writeFile: (path, contents, mode) => w.writeFile(path, contents, mode),
          mkdir: (path, mode, recursive) => w.mkdir(path, mode, recursive),
          symlink: (target, path) => w.symlink(target, path),
          chmod: (path, mode) => w.chmod(path, mode),
          utimes: (path, atime, mtime) => w.utimes(path, atime, mtime),
          rename: (from, to) => w.rename(from, to),
          remove: (path) => w.remove(path),
          canWrite: (path) => w.canWrite(path),
        };
  return {
    ...writes,
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
    isExecutable(path) {
      return isCorepkgsPath(path) ? false : io.isExecutable(path);
    },
    ...(io.runProgram ? { runProgram: io.runProgram.bind(io) } : {}),
    getEnv: (name) => io.getEnv(name),
    currentTime: () => io.currentTime(),
    cwd: () => io.cwd(),
    printError: (text) => io.printError(text),
  };
}
