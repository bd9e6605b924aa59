// The IO interface over an in-memory file tree: files, folders and symlinks
// the caller provides, and nothing else. No environment variables, a fixed
// clock, no programs, nothing written: what a sandbox (the library's
// `sandbox` option, the browser playground) gives untrusted code.
//
// Paths and contents are binary strings (one char per byte), as everywhere
// behind the IO interface; `fromText` turns JS text into that. Symlinks are
// followed as the real file system follows them: every component of a path
// but the last always, the last by readFile, readDir and realPath.

import { binaryToText, textToBinary } from '../value/binary.js';
import { type FileType, type IO, IOError } from './io.js';

/** What a path holds: file contents (a binary string), or a symlink's target. */
export type MemoryEntry = string | { contents: string; executable?: boolean } | { symlink: string };

type Node =
  | { kind: 'regular'; contents: string; executable: boolean }
  | { kind: 'symlink'; target: string }
  | { kind: 'directory'; entries: Map<string, Node> };

export interface MemoryIOOptions {
  /**
   * The tree, by absolute path (binary strings): a string is a regular
   * file's contents (`{ contents, executable: true }` for an executable
   * one), `{ symlink }` a symlink's target. The folders on the way exist;
   * `/` always does.
   */
  files?: Readonly<Record<string, MemoryEntry>>;
  /** What `currentTime` answers (seconds since the epoch); 0 by default. */
  currentTime?: number;
  /** The working directory; `/` by default. */
  cwd?: string;
  /** Where warnings and traces go; dropped by default. */
  printError?: (text: string) => void;
}

/** JS text (UTF-8) as a binary string, without Node's Buffer. */
export const fromText = textToBinary;

/** A binary string read as UTF-8: what to show of a file's contents or a printed value. */
export const toText = binaryToText;

const parts = (path: string): string[] => path.split('/').filter((p) => p !== '' && p !== '.');

export class MemoryIO implements IO {
  private readonly root: Node & { kind: 'directory' } = { kind: 'directory', entries: new Map() };
  private readonly time: number;
  private readonly dir: string;
  private readonly print: (text: string) => void;

  constructor(options: MemoryIOOptions = {}) {
    this.time = options.currentTime ?? 0;
    this.dir = options.cwd ?? '/';
    this.print = options.printError ?? ((): void => {});
    for (const [path, entry] of Object.entries(options.files ?? {})) this.add(path, entry);
  }

  private add(path: string, entry: MemoryEntry): void {
    const names = parts(path.startsWith('/') ? path : `${this.dir}/${path}`);
    const last = names.pop();
    if (last === undefined) throw new Error(`MemoryIO: '${path}' names the root folder, not a file`);
    let dir = this.root;
    for (const name of names) {
      let next = dir.entries.get(name);
      if (next === undefined) dir.entries.set(name, (next = { kind: 'directory', entries: new Map() }));
      if (next.kind !== 'directory') throw new Error(`MemoryIO: '${path}' is below a file`);
      dir = next;
    }
    const node: Node =
      typeof entry === 'string'
        ? { kind: 'regular', contents: entry, executable: false }
        : 'symlink' in entry
          ? { kind: 'symlink', target: entry.symlink }
          : { kind: 'regular', contents: entry.contents, executable: entry.executable === true };
    dir.entries.set(last, node);
  }

  /** The node at `path`, its symlinks followed (the last one only when `followLast`); null when missing. */
  private lookup(path: string, followLast: boolean): Node | null {
    const todo = parts(path);
    const stack: Array<Node & { kind: 'directory' }> = [this.root];
    let links = 0;
    while (todo.length > 0) {
      const name = todo.shift()!;
      const dir = stack[stack.length - 1]!;
      if (name === '..') {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const node = dir.entries.get(name);
      if (node === undefined) return null;
      if (node.kind === 'symlink' && (todo.length > 0 || followLast)) {
        if (++links > 40) return null;
        if (node.target.startsWith('/')) stack.length = 1;
        todo.unshift(...parts(node.target));
        continue;
      }
      if (todo.length === 0) return node;
      if (node.kind !== 'directory') return null;
      stack.push(node);
    }
    return stack[stack.length - 1]!;
  }

  readFile(path: string): string {
    const node = this.lookup(path, true);
    if (node === null) throw new IOError(`opening file '${path}': No such file or directory`);
    if (node.kind === 'directory') throw new IOError(`opening file '${path}': Is a directory`);
    return node.kind === 'regular' ? node.contents : '';
  }

  fileType(path: string): FileType | null {
    const node = this.lookup(path, false);
    return node === null ? null : node.kind;
  }

  readDir(path: string): Array<[string, FileType]> {
    const node = this.lookup(path, true);
    if (node === null) throw new IOError(`opening directory '${path}': No such file or directory`);
    if (node.kind !== 'directory') throw new IOError(`opening directory '${path}': Not a directory`);
    return [...node.entries].map(([name, n]): [string, FileType] => [name, n.kind]);
  }

  realPath(path: string): string | null {
    // Walk again, keeping the names: the path with every symlink replaced by its target.
    const todo = parts(path);
    const names: string[] = [];
    let links = 0;
    while (todo.length > 0) {
      const name = todo.shift()!;
      if (name === '..') {
        names.pop();
        continue;
      }
      const here = '/' + [...names, name].join('/');
      const node = this.lookup(here, false);
      if (node === null) return null;
      if (node.kind === 'symlink') {
        if (++links > 40) return null;
        if (node.target.startsWith('/')) names.length = 0;
        todo.unshift(...parts(node.target));
        continue;
      }
      names.push(name);
    }
    return '/' + names.join('/');
  }

  readLink(path: string): string | null {
    const node = this.lookup(path, false);
    return node !== null && node.kind === 'symlink' ? node.target : null;
  }

  isExecutable(path: string): boolean {
    const node = this.lookup(path, true);
    return node !== null && node.kind === 'regular' && node.executable;
  }

  getEnv(_name: string): string | undefined {
    return undefined;
  }

  currentTime(): number {
    return this.time;
  }

  cwd(): string {
    return this.dir;
  }

  printError(text: string): void {
    this.print(text);
  }
}
