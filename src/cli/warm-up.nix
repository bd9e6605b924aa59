# What `npm run build` evaluates once to write the V8 code cache
# (dist/tsnix.cjs.cache, see bin/launch.cjs): the cache holds the functions
# a run compiled, so a run using the common parts of the language and its
# builtins leaves less for later runs to compile (a lib.nix-style test:
# ~3 ms less; `eval --expr 1`: ~1 ms more to load the larger cache).
let
  xs = builtins.genList (i: {
    n = i;
    s = "x${toString i}";
  }) 40;
  f = x: x.n * 2 + 1;
  s = builtins.listToAttrs (map (x: {
    name = x.s;
    value = x;
  }) xs);
in
[
  (builtins.toJSON (map f (builtins.filter (x: x.n > 3 && x.n != 7) xs)))
  (builtins.concatStringsSep "," (builtins.attrNames s))
  (s.x3.n or 0)
  (s ? x4)
  (builtins.sort (a: b: a < b) [ 3 1 2 ])
  (builtins.replaceStrings [ "a" ] [ "b" ] "aa")
  (builtins.foldl' (a: b: a + b) 0 [ 1 2 ])
  (with s; x5.n)
  (builtins.tryEval (throw "t"))
  (builtins.mapAttrs (k: v: v.n) { inherit (s) x1; })
  (builtins.substring 1 2 "abcd")
  (builtins.match "a(b)" "ab")
  (1.5 * 2)
  (let r = rec { a = 1; b = a + 1; }; in r // { c = 3; })
  (builtins.elem 2 [ 1 2 ] && !(builtins.isString 1) || false)
]
