// The URL of a fetchGit input, as CppNix 2.26 writes it (GitInputScheme's
// toURL): what restricted mode checks against `allowed-uris` and what pure
// mode's "will not fetch unlocked input" names.
//
//   fetchGit ./repo                  git+file:///abs/repo?exportIgnore=1
//   fetchGit "git@host:a/b.git"      git+ssh://git@host/a/b.git?exportIgnore=1
//   { url = "https://h/r"; ref = "main"; submodules = true; }
//                                    git+https://h/r?ref=main&submodules=1
//
// The URL given is first fixed as CppNix's fixGitURL fixes it (scp-like
// `user@host:path` is ssh, anything without `://` a file path); its scheme
// gets a `git+` prefix (but `git` itself); the query holds `rev` and `ref`
// when given and `exportIgnore`, `shallow` and `submodules` when true, in
// name order. fetchGit asks for `exportIgnore` unless it is given or
// `submodules` is true.

/** The fetchGit attributes the URL shows. */
export interface GitInputAttrs {
  ref?: string;
  rev?: string;
  submodules?: boolean;
  shallow?: boolean;
  exportIgnore?: boolean;
}

/** CppNix's fixGitURL. */
function fixGitURL(url: string): string {
  const scp = /^([^/]*)@(.*):(.*)$/s.exec(url);
  if (!url.startsWith('/') && scp !== null) return `ssh://${scp[1]}@${scp[2]}/${scp[3]}`;
  if (url.startsWith('file:')) return url;
  if (!url.includes('://')) return `file://${url}`;
  return url;
}

/** Percent-encodes what a query name or value may not hold as it is. */
function encodeQueryPart(s: string): string {
  return s.replace(/[^A-Za-z0-9\-._~!$'()*+,;:@/]/g, (c) => {
    const b = c.charCodeAt(0);
    return b < 0x100 ? `%${b.toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(c);
  });
}

/** The input URL of `fetchGit` called with `url` and the attributes `attrs`. */
export function gitInputURL(url: string, attrs: GitInputAttrs): string {
  const fixed = fixGitURL(url);
  const colon = fixed.indexOf(':');
  const scheme = fixed.slice(0, colon);
  let rest = fixed.slice(colon + 1);
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash);
    rest = rest.slice(0, hash);
  }
  const query = new Map<string, string>();
  const q = rest.indexOf('?');
  if (q >= 0) {
    for (const part of rest.slice(q + 1).split('&')) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      query.set(decodeURIComponent(eq < 0 ? part : part.slice(0, eq)), eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1)));
    }
    rest = rest.slice(0, q);
  }
  const exportIgnore = attrs.exportIgnore ?? attrs.submodules !== true;
  if (attrs.rev !== undefined) query.set('rev', attrs.rev);
  if (attrs.ref !== undefined) query.set('ref', attrs.ref);
  if (attrs.shallow === true) query.set('shallow', '1');
  if (attrs.submodules === true) query.set('submodules', '1');
  if (exportIgnore) query.set('exportIgnore', '1');
  const names = [...query.keys()].sort();
  const encoded = names.map((n) => `${encodeQueryPart(n)}=${encodeQueryPart(query.get(n)!)}`).join('&');
  return `${scheme === 'git' ? 'git' : `git+${scheme}`}:${rest}${encoded === '' ? '' : `?${encoded}`}${fragment}`;
}
