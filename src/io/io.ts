// Everything evaluation needs from the outside world, behind one interface,
// so the same core runs on Node (real files) and in a browser (an in-memory
// tree). Paths are absolute, as binary strings; file contents are binary
// strings too (one char per byte).

export type FileType = 'regular' | 'directory' | 'symlink' | 'unknown';

/**
 * Writing files, for a store that writes what it adds (the local store).
 * An IO without these (the browser's) can only back a store that computes
 * paths. Paths are absolute binary strings, modes are Unix permission bits.
 */
export interface WritableIO {
  /** Creates (or truncates) a regular file holding `contents` (a binary string). */
  writeFile(path: string, contents: string, mode: number): void;
  /** Creates a directory; `recursive` also creates missing parents and accepts one that exists. */
  mkdir(path: string, mode: number, recursive?: boolean): void;
  /** Creates a symlink at `path` pointing to `target` (stored as it is). */
  symlink(target: string, path: string): void;
  /** Sets permission bits (never called on symlinks). */
  chmod(path: string, mode: number): void;
  /** Sets access and modification times, in seconds, without following a final symlink. */
  utimes(path: string, atime: number, mtime: number): void;
  /** Renames atomically (same file system). */
  rename(from: string, to: string): void;
  /** Whether this process may create entries in the folder at `path`. */
  canWrite(path: string): boolean;
  /** Removes a file or a whole tree, making read-only folders writable as needed; nothing when missing. */
  remove(path: string): void;
}

/** `io`'s write methods, or null when it has none. */
export function writableIO(io: IO): (IO & WritableIO) | null {
  const w = io as IO & Partial<WritableIO>;
  return w.writeFile && w.mkdir && w.symlink && w.chmod && w.utimes && w.rename && w.remove && w.canWrite ? (w as IO & WritableIO) : null;
}

export interface IO extends Partial<WritableIO> {
  /** Contents of a file, following symlinks; throws IOError when missing. */
  readFile(path: string): string;
  /** Type of the file at `path` without following a final symlink, or null if it does not exist. */
  fileType(path: string): FileType | null;
  /** Entries of a directory, with the type of each (symlinks not followed). */
  readDir(path: string): Array<[string, FileType]>;
  /** The canonical path, resolving symlinks; null when it does not exist. */
  realPath(path: string): string | null;
  /** The target of the symlink at `path`, as stored; null when it is not a symlink. */
  readLink(path: string): string | null;
  /** Whether the regular file at `path` is executable (for NAR serialisation). */
  isExecutable(path: string): boolean;
  getEnv(name: string): string | undefined;
  /** Seconds since the epoch. */
  currentTime(): number;
  /** The working directory relative paths on the command line resolve against. */
  cwd(): string;
  /**
   * Runs a program to its end (fetchGit asks `git` about a working tree):
   * its exit status and output as binary strings; absent where programs
   * cannot run (the browser). Fails with IOError when it cannot start.
   */
  runProgram?(program: string, args: readonly string[], cwd: string): { status: number; stdout: string; stderr: string };
  /** Writes diagnostics (warnings, traces: whole lines, a binary string) where the user sees them. */
  printError(text: string): void;
  /** Bytes of memory the evaluation's objects take now (for the memory limit); absent where that cannot be known. */
  memoryInUse?(): number;
  /** Frees what is garbage now, so that memoryInUse then counts only what is live. */
  collectGarbage?(): void;
  /** Bytes the process can hold before the engine fails outright (the machine's memory, the engine's heap limit). */
  memoryAvailable?(): number;
}

/** A file system failure, carrying a message in CppNix's words. */
export class IOError extends Error {}

/**
 * Where compiled files are kept from one run to the next (the bytecode
 * cache), each entry keyed by everything it was compiled from: the file's
 * path and text and a `salt` naming the rest (format, opcode table,
 * globals, parser options). Optional: an evaluator without one parses and
 * compiles every file it imports. Failing to read or write it is never an
 * error: the file is compiled as if there were no cache.
 */
export interface CodeCache {
  /** The entry stored for this file, as a binary string, or null when there is none (or a damaged one). */
  load(path: string, text: string, salt: string): string | null;
  /** Stores the entry for this file (or silently does not). */
  store(path: string, text: string, salt: string, entry: Uint8Array): void;
}
