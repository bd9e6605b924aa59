// What pure and restricted evaluation may read: CppNix 2.26's
// AllowListSourceAccessor over its root file system, and its checkURI.
//
// A path may be read when it is an allowed prefix or below one, and also
// when it leads to one (its ancestors: `readDir` of such a folder lists only
// the entries that lead to allowed paths, as CppNix's does). Everything
// evaluation reads goes through `restrictIO`, so every lstat of a symlink
// walk is checked and the first forbidden component is the one named, as in
// CppNix: `access to absolute path '/etc' is forbidden in restricted mode`.
//
// The allowed prefixes are, in restricted mode, the search path entries
// (`-I`, NIX_PATH, `nix-path`) as given (made absolute, symlinks not
// resolved), and in both modes the store paths evaluation itself makes
// (`toFile`, `builtins.path`, `filterSource`, `"${./x}"`, fetchGit).

import { EvalError } from '../errors/error.js';
import type { FileType, IO } from './io.js';

/** Reading a path pure or restricted mode forbids (pathExists answers false instead). */
export class RestrictedPathError extends EvalError {}

/** CppNix's isValidSchemeName: a letter, then letters, digits, `+`, `-` or `.`. */
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*$/;

/**
 * Whether `uri` is allowed by `allowed-uris` (CppNix's isAllowedURI): equal
 * to a prefix, or below it at a `/` (so `https://github.co` does not allow
 * `https://github.com`), or any URI of a scheme when the prefix is just
 * `scheme:`.
 */
export function isAllowedURI(uri: string, allowedUris: readonly string[]): boolean {
  for (const prefix of allowedUris) {
    if (uri === prefix) return true;
    if (prefix === '' || uri.length <= prefix.length || !uri.startsWith(prefix)) continue;
    if (prefix.endsWith('/') || uri[prefix.length] === '/') return true;
    if (prefix.endsWith(':') && SCHEME.test(prefix.slice(0, -1))) return true;
  }
  return false;
}

/** The folders above a canonical absolute path, nearest first (`/` last); none for `/`. */
function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.lastIndexOf('/'); path !== '/' && i >= 0; i = path.lastIndexOf('/', i - 1)) {
    out.push(i === 0 ? '/' : path.slice(0, i));
    if (i === 0) break;
  }
  return out;
}

export class AllowList {
  private readonly prefixes = new Set<string>();
  /** Every ancestor of an allowed prefix: they may be looked at too. */
  private readonly ancestors = new Set<string>();

  /**
   * `pure` chooses the wording of the error: CppNix's `in pure evaluation
   * mode (use '--impure' to override)` or `in restricted mode`.
   */
  constructor(readonly pure: boolean) {}

  /** Allows `path` (canonical, absolute) and everything below it. */
  allow(path: string): void {
    if (this.prefixes.has(path)) return;
    this.prefixes.add(path);
    for (const a of ancestorsOf(path)) this.ancestors.add(a);
  }

  isAllowed(path: string): boolean {
    if (this.prefixes.has(path) || this.ancestors.has(path)) return true;
    for (const a of ancestorsOf(path)) if (this.prefixes.has(a)) return true;
    return false;
  }

  /** Fails, as CppNix does, unless `path` may be read. */
  check(path: string): void {
    if (!this.isAllowed(path)) throw this.forbidden(path);
  }

  forbidden(path: string): RestrictedPathError {
    const mode = this.pure ? "in pure evaluation mode (use '--impure' to override)" : 'in restricted mode';
    return new RestrictedPathError(`access to absolute path '${path}' is forbidden ${mode}`);
  }
}

/**
 * `io` as pure or restricted evaluation sees it: every read checked against
 * `list`, folder listings cut down to what may be read. Programs, the
 * environment and the clock pass through (the builtins decide what of them
 * code sees); nothing can be written through it.
 */
export function restrictIO(io: IO, list: AllowList): IO {
  return {
    readFile(path) {
      list.check(path);
      return io.readFile(path);
    },
    fileType(path): FileType | null {
      list.check(path);
      return io.fileType(path);
    },
    readDir(path) {
      list.check(path);
      const prefix = path === '/' ? '/' : path + '/';
      return io.readDir(path).filter(([name]) => list.isAllowed(prefix + name));
    },
    realPath(path) {
      list.check(path);
      return io.realPath(path);
    },
    readLink(path) {
      list.check(path);
      return io.readLink(path);
    },
    isExecutable(path) {
      list.check(path);
      return io.isExecutable(path);
    },
    ...(io.runProgram ? { runProgram: io.runProgram.bind(io) } : {}),
    getEnv: (name) => io.getEnv(name),
    currentTime: () => io.currentTime(),
    cwd: () => io.cwd(),
    printError: (text) => io.printError(text),
  };
}
