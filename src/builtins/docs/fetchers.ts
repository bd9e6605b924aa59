// Docs of the builtins that fetch sources into the store while evaluating.

import { type BuiltinDoc, doc, ex } from './format.js';

const needsFetching = 'downloads or runs git/hg, which the sandbox does not allow';

export const fetcherDocs: readonly BuiltinDoc[] = [
  doc(
    'fetchurl',
    ['args'],
    'Downloads a file during evaluation, stores it in the store and returns its store path. `args` is the URL as a string, or a set with ' +
      '`url`, optionally `sha256` or `hash` (the expected hash of the file) and `name` (by default the last part of the URL). ' +
      'Without a hash the download is cached for `tarball-ttl` seconds and is not allowed in pure evaluation mode; with one, a file already in ' +
      'the store is reused and a mismatch is an error. Unlike the `fetchurl` of Nixpkgs it works before any build, blocking evaluation meanwhile.',
    [
      ex(
        '# ./hello.txt holds "Hello\\n"\nbuiltins.fetchurl "file:///project/hello.txt"',
        '"/nix/store/cm0s2xi543zbjr7clybvcmf15h5s5skx-hello.txt"',
      ),
      ex(
        'builtins.fetchurl {\n  url = "file:///project/hello.txt";\n  sha256 = "66a045b452102c59d840ec097d59d9467e13a3f34f6494e539ffd32c1bb35f18";\n}',
        '"/nix/store/cm0s2xi543zbjr7clybvcmf15h5s5skx-hello.txt"',
      ),
    ],
    needsFetching,
  ),
  doc(
    'fetchTarball',
    ['args'],
    'Downloads an archive (tar, possibly compressed, or zip), unpacks it into the store and returns the store path of the result. ' +
      "When the archive holds a single top-level directory, the result is that directory's contents. " +
      '`args` is the URL, or a set with `url`, optionally `sha256` (the hash of the unpacked tree, any format) and `name` (`"source"` by default). ' +
      'Without `sha256` the result is cached for `tarball-ttl` seconds and pure evaluation mode refuses it. It is also a global name.',
    [
      ex(
        '# hello-1.0.tar.gz holds hello-1.0/hello.txt\nfetchTarball "file:///project/hello-1.0.tar.gz"',
        '"/nix/store/yf84wziiybi61zmmrgxp0j40myslmp67-source"',
      ),
      ex('builtins.readDir (fetchTarball "file:///project/hello-1.0.tar.gz")', '{ "hello.txt" = "regular"; }'),
      ex(
        'fetchTarball {\n  url = "file:///project/hello-1.0.tar.gz";\n  sha256 = "sha256-JT7lS6+6J8IyNr7i4qUOjU+mkK7JOL0or4MN//2E/1M=";\n}',
        '"/nix/store/yf84wziiybi61zmmrgxp0j40myslmp67-source"',
      ),
    ],
    needsFetching,
  ),
  doc(
    'fetchGit',
    ['args'],
    'Copies a commit of a Git repository into the store and describes it. `args` is the URL (or local path), or a set with `url` and optionally ' +
      '`rev` (the commit), `ref` (the branch or tag to take it from, by default the remote\'s HEAD), `name` (`"source"`), `submodules`, ' +
      '`shallow` and `allRefs` (booleans, `false` by default). The result has `outPath`, `rev`, `shortRev`, `revCount`, `lastModified` ' +
      '(seconds since 1970), `lastModifiedDate`, `narHash` and `submodules`. A local repository with uncommitted changes is copied as it is ' +
      'in the working tree, with a warning, and its `rev` is all zeros. It is also a global name.',
    [
      ex(
        '# ./repo: a clean repository with one commit\nbuiltins.attrNames (fetchGit ./repo)',
        '[ "lastModified" "lastModifiedDate" "narHash" "outPath" "rev" "revCount" "shortRev" "submodules" ]',
      ),
      ex('(fetchGit ./repo).revCount', '1'),
    ],
    needsFetching,
  ),
  doc(
    'fetchMercurial',
    ['args'],
    'Copies a revision of a Mercurial repository into the store, running `hg`. `args` is the URL (or local path), or a set with `url` and ' +
      'optionally `rev` (a revision hash, or a branch or tag name) and `name` (`"source"` by default); pure evaluation mode requires a revision ' +
      'hash. The result has `outPath`, `branch`, `rev`, `shortRev` (12 hex digits) and `revCount`. It is also a global name.',
    [
      ex(
        '# ./hg-repo: a Mercurial repository with commits on the default branch\nbuiltins.attrNames (fetchMercurial ./hg-repo)',
        '[ "branch" "outPath" "rev" "revCount" "shortRev" ]',
      ),
      ex('(fetchMercurial ./hg-repo).branch', '"default"'),
    ],
    needsFetching,
  ),
];
