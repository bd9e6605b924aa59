// A store that writes what it adds under the store folder, laid out as
// CppNix's local store lays it out: the path's tree exactly as its NAR
// describes it, files 0444 (0555 when executable), folders 0555, every
// modification time 1 (symlinks too).
//
// A path is written under a temporary name in the store folder and renamed
// into place only once complete (and canonicalised), so a failure half way
// (a filter that throws, a full disk) never leaves a path that looks valid.
// Registration in CppNix's SQLite database is not done yet: a path is
// valid here when it exists on disk, and one that exists is not rewritten.
// A store folder this process cannot write (a multi-user install, whose
// store only the daemon writes) is, until the daemon protocol exists,
// treated as the dummy store treats it: paths computed, nothing written.
//
// Files are written through the IO interface's write methods, so this has
// no Node dependency of its own.

import { type IO, IOError, type WritableIO } from '../io/io.js';
import type { NarVisitor } from './nar.js';
import { computeAddition, computeText, type PathInfo, type Store, type StoreContent } from './store.js';

/** Modification time of everything in the store (CppNix's mtimeStore). */
const STORE_MTIME = 1;

type Written = { rel: string; kind: 'file' | 'exec' | 'symlink' | 'directory' };

/** Writes NAR events as a tree at `root`, remembering what it wrote (in creation order). */
class TreeWriter implements NarVisitor {
  readonly written: Written[] = [];

  constructor(
    private readonly io: WritableIO,
    private readonly root: string,
  ) {}

  file(rel: string, contents: string, executable: boolean): void {
    this.io.writeFile(this.root + rel, contents, 0o600);
    this.written.push({ rel, kind: executable ? 'exec' : 'file' });
  }

  symlink(rel: string, target: string): void {
    this.io.symlink(target, this.root + rel);
    this.written.push({ rel, kind: 'symlink' });
  }

  enterDirectory(rel: string): void {
    this.io.mkdir(this.root + rel, 0o700);
    this.written.push({ rel, kind: 'directory' });
  }

  leaveDirectory(): void {}

  /** Read-only permissions and mtime 1, children before their folder. */
  canonicalise(root: string): void {
    for (let i = this.written.length - 1; i >= 0; i--) {
      const { rel, kind } = this.written[i]!;
      const p = root + rel;
      if (kind !== 'symlink') this.io.chmod(p, kind === 'file' ? 0o444 : 0o555);
      this.io.utimes(p, STORE_MTIME, STORE_MTIME);
    }
  }
}

/** A writer that writes nothing. */
const IGNORE: NarVisitor = { file() {}, symlink() {}, enterDirectory() {}, leaveDirectory() {} };

let counter = 0;

export class LocalStore implements Store {
  readonly kind = 'local';
  /** Whether the store folder can be written: null until the first addition asks. */
  private writable: boolean | null = null;

  constructor(
    private readonly io: IO & WritableIO,
    readonly storeDir: string,
  ) {}

  isValidPath(path: string): boolean {
    return this.io.fileType(path) !== null;
  }

  addToStore(name: string, content: StoreContent, references: readonly string[] = []): PathInfo {
    return this.write((writer) => computeAddition(this.storeDir, name, content, references, writer));
  }

  addTextToStore(name: string, text: string, references: readonly string[]): PathInfo {
    return this.write((writer) => computeText(this.storeDir, name, text, references, writer));
  }

  /** Runs `add`, which streams the content to a writer at a temporary name, then moves it into place. */
  private write(add: (writer: NarVisitor) => PathInfo): PathInfo {
    if (this.writable === null) {
      try {
        this.io.mkdir(this.storeDir, 0o755, true);
      } catch (e) {
        if (!(e instanceof IOError)) throw e;
      }
      this.writable = this.io.canWrite(this.storeDir);
    }
    if (!this.writable) return add(IGNORE);
    const temp = `${this.storeDir}/.tsnix-add-${this.io.currentTime()}-${counter++}-${Math.random().toString(36).slice(2)}`;
    const writer = new TreeWriter(this.io, temp);
    let info: PathInfo;
    try {
      info = add(writer);
      if (this.isValidPath(info.path)) {
        this.io.remove(temp);
        return info;
      }
      writer.canonicalise(temp);
      this.io.rename(temp, info.path);
    } catch (e) {
      this.io.remove(temp);
      // Another process may have added the same path meanwhile: the rename then fails, and the path is there.
      if (info! !== undefined && this.isValidPath(info.path)) return info;
      throw e;
    }
    return info;
  }
}
