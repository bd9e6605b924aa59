// Everything evaluation needs from the outside world, behind one interface,
// so the same core runs on Node (real files) and in a browser (an in-memory
// tree). Paths are absolute, as binary strings; file contents are binary
// strings too (one char per byte).

export type FileType = 'regular' | 'directory' | 'symlink' | 'unknown';

export interface IO {
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
  /** Writes diagnostics (warnings, traces: whole lines, a binary string) where the user sees them. */
  printError(text: string): void;
}

/** A file system failure, carrying a message in CppNix's words. */
export class IOError extends Error {}
