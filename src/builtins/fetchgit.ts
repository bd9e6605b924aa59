// builtins.fetchGit of a local working tree (`fetchGit ./.`, `fetchGit
// { url = ./.; submodules = true; }`), what lib.fileset.gitTracked rests on.
// As CppNix 2.26 does it:
//   - the files are those Git tracks (its index), read from the working
//     tree; untracked and ignored files, `.git` and, unless `submodules`,
//     submodules are left out; the copy is the store path `source`;
//   - a tree whose tracked files differ from HEAD (staged or not) is dirty:
//     a warning, `dirtyRev`/`dirtyShortRev`, and a zero `rev`/`revCount`;
//   - the copy is written even in read-only mode (`--eval`), into the
//     evaluator's fetch store;
//   - `lastModified` is HEAD's commit time, `narHash` the copy's NAR hash.
// Git is asked through the IO interface (`git` run as a program). Remote
// URLs, `ref` and `rev` need fetching, which tsnix does not do yet. Pure
// and restricted mode judge the input by its URL, as CppNix does
// (gitinput.ts).

import { EvalError } from '../errors/error.js';
import type { Evaluator } from '../eval.js';
import { IOError } from '../io/io.js';
import { dumpPath, NarError } from '../store/nar.js';
import { StoreError } from '../store/store.js';
import { NixAttrs } from '../value/attrs.js';
import { canonicalisePath } from '../value/paths.js';
import { stringValue, makeString, type Value } from '../value/types.js';
import { argBool, argStringNoContext, coerceArg } from './argcheck.js';
import { encodeHash } from './hash.js';
import { gitInputURL, type GitInputAttrs } from './gitinput.js';
import type { Runtime } from './runtime.js';

interface GitArgs {
  url: string;
  name: string;
  submodules: boolean;
  /** The attributes that make the input's URL (gitinput.ts). */
  input: GitInputAttrs;
  /** Given but not supported here: fetching a ref or rev. */
  needsFetch: boolean;
}

function parseArgs(rt: Runtime, arg: Value): GitArgs {
  const x = rt.force(arg);
  const out: GitArgs = { url: '', name: 'source', submodules: false, input: {}, needsFetch: false };
  if (!(x instanceof NixAttrs)) {
    out.url = stringValue(coerceArg(rt, x, 'while evaluating the first argument passed to the fetcher', false));
    return out;
  }
  let url: string | null = null;
  for (const [key, v] of x.entries()) {
    const ctx = `while evaluating the '${key}' attribute passed to builtins.fetchGit`;
    switch (key) {
      case 'url':
        url = stringValue(coerceArg(rt, v, ctx, false));
        break;
      case 'name':
        out.name = argStringNoContext(rt, v, ctx);
        break;
      case 'submodules':
        out.submodules = argBool(rt, v, ctx);
        out.input.submodules = out.submodules;
        break;
      case 'shallow':
      case 'exportIgnore':
        out.input[key] = argBool(rt, v, ctx);
        break;
      case 'allRefs':
      case 'lfs':
      case 'verifyCommit':
        argBool(rt, v, ctx);
        break;
      case 'ref':
      case 'rev':
        out.input[key] = argStringNoContext(rt, v, ctx);
        out.needsFetch = true;
        break;
      default:
        throw new EvalError(`unsupported argument '${key}' to 'fetchGit'`);
    }
  }
  if (url === null) throw new EvalError(`'url' argument required`);
  out.url = url;
  return out;
}

/** UTC `YYYYMMDDHHMMSS`, as CppNix prints `lastModifiedDate`. */
function formatDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/**
 * fetchGit, or null when the URL is not a local working tree (the caller
 * then says fetching is unsupported). As CppNix: pure mode refuses an input
 * without a `rev`, restricted mode one whose URL `allowed-uris` does not
 * allow; the working tree is read as it is (not through what restricted
 * mode lets evaluation read), and the copy may be read afterwards.
 */
export function fetchGitLocal(evaluator: Evaluator, rt: Runtime, arg: Value): Value | null {
  const args = parseArgs(rt, arg);
  const inputURL = gitInputURL(args.url, args.input);
  if (rt.settings.pure && args.input.rev === undefined) {
    throw new EvalError(`in pure evaluation mode, 'fetchGit' will not fetch unlocked input '${inputURL}'`);
  }
  evaluator.checkURI(inputURL);
  const local = args.url.startsWith('/') ? args.url : null;
  if (local === null || args.needsFetch) return null;
  const io = evaluator.hostIO;
  const dir = canonicalisePath(local);
  if (!io.runProgram) return null;
  const git = (...a: string[]): string => {
    let r: { status: number; stdout: string; stderr: string };
    try {
      r = io.runProgram!('git', ['-C', dir, ...a], dir);
    } catch (e) {
      if (e instanceof IOError) throw new EvalError(`cannot run git: ${e.message}`);
      throw e;
    }
    if (r.status !== 0) {
      throw new EvalError(`git ${a.join(' ')} failed in '${dir}': ${r.stderr.trim() || `exit status ${r.status}`}`);
    }
    return r.stdout;
  };
  if (io.fileType(dir) !== 'directory') throw new EvalError(`path '${dir}' does not exist`);
  if (io.fileType(`${dir}/.git`) === null) throw new EvalError(`'${dir}' is not a Git working tree`);

  const head = git('rev-parse', '--verify', '-q', 'HEAD^{commit}').trim();
  const dirty = git('status', '--porcelain', '-z', '--untracked-files=no').length > 0;
  // What Git tracks: the index (with submodules', when asked), gitlinks left out.
  const listing = git('ls-files', '-z', '--stage', ...(args.submodules ? ['--recurse-submodules'] : []));
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (const entry of listing.split('\0')) {
    if (entry === '') continue;
    const tab = entry.indexOf('\t');
    if (entry.startsWith('160000 ')) continue;
    const rel = entry.slice(tab + 1);
    files.add(rel);
    for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) dirs.add(rel.slice(0, i));
  }
  const keep = (path: string): boolean => {
    const rel = path.slice(dir.length + 1);
    return files.has(rel) || dirs.has(rel);
  };
  let info;
  try {
    info = evaluator.fetchStore.addToStore(args.name, { method: 'nar', dump: (v) => dumpPath(io, dir, keep, v) });
  } catch (e) {
    if (e instanceof NarError || e instanceof IOError || e instanceof StoreError) throw new EvalError(e.message).withoutPosition();
    throw e;
  }
  const lastModified = Number(git('log', '-1', '--format=%ct', head).trim());
  const revCount = dirty ? 0 : Number(git('rev-list', '--count', head).trim());
  if (dirty) evaluator.plainWarning(`Git tree '${dir}' is dirty`);
  evaluator.allowPath(info.path);
  const rev = dirty ? '0'.repeat(40) : head;
  const entries: Array<[string, Value]> = [
    ['lastModified', lastModified],
    ['lastModifiedDate', formatDate(lastModified)],
    ['narHash', encodeHash(info.narHash, 'sri', 'sha256')],
    ['outPath', makeString(info.path, [info.path])],
    ['rev', rev],
    ['revCount', revCount],
    ['shortRev', rev.slice(0, 7)],
    ['submodules', args.submodules],
  ];
  if (dirty) entries.push(['dirtyRev', `${head}-dirty`], ['dirtyShortRev', `${head.slice(0, 7)}-dirty`]);
  return NixAttrs.fromEntries(entries);
}
