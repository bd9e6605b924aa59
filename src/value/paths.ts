// Path arithmetic as CppNix does it (canonPath): absolute paths with `.`,
// `..` and repeated slashes resolved lexically, no trailing slash.

export function canonicalisePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}

/** The directory part, as builtins.dirOf: `/a/b` is `/a`, `/a` is `/`. */
export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash < 0) return '.';
  if (slash === 0) return '/';
  return path.slice(0, slash);
}

/** The last component, as builtins.baseNameOf: a trailing slash is ignored. */
export function baseName(path: string): string {
  let end = path.length;
  if (end > 0 && path[end - 1] === '/') end--;
  const slash = path.lastIndexOf('/', end - 1);
  return path.slice(slash + 1, end);
}
