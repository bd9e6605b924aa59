// `tsnix instantiate --help`. CppNix shows its manual page; tsnix has none,
// so it prints this summary of the flags it reads.

export const instantiateHelp = `Usage: nix-instantiate [OPTION...] [FILE...]

Evaluate Nix expressions and print the store derivations they yield (.drv
paths), or, with --eval, their values.

  --parse, --parse-only      parse and print the syntax tree
  --eval, --eval-only        evaluate and print the value
  --strict                   evaluate the value completely
  --json, --xml              print as JSON or XML (--no-location: no positions in XML)
  -E, --expr                 the arguments are expressions, not files ('-' reads stdin)
  -A, --attr PATH            select an attribute of the value (may be repeated)
  --arg NAME EXPR            pass an argument to the top-level function
  --argstr NAME STRING       pass a string argument
  --arg-from-file NAME PATH  pass a file's contents as a string argument
  --arg-from-stdin NAME      pass stdin as a string argument
  -I, --include PATH         add to the search path, before NIX_PATH and nix-path
  --find-file                print where each argument is found in the search path
  --impure                   leave pure evaluation mode
  --read-write-mode, --readonly-mode, --dry-run
  --add-root PATH, --indirect, --no-gc-warning, --repair
  -v, --verbose, --quiet, --debug, --log-format FORMAT
  --option NAME VALUE        set a configuration setting
  --NAME VALUE, --extra-NAME VALUE, --NAME, --no-NAME
                             the same, for every setting of nix.conf
  -k, -K, -j N, --max-jobs N, --cores N, --timeout N, --max-silent-time N,
  --fallback, -Q, --store URL, --eval-store URL
                             accepted; they matter for building only
  --version                  print the version
`;
